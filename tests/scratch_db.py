"""A database of its own for subprocesses under test (the CLI killed mid-run, a real web
server): a SQLite file in the test's folder, or a PostgreSQL database named after the
test database, created empty and dropped by `drop()`.

`migrate()` copies a template: the test database as pytest-django has just migrated it
(`adopt_test_database`, called by conftest before any test writes to it: a SQLite file made
with the backup API, or a PostgreSQL database made with CREATE DATABASE ... TEMPLATE), or,
when no test database was made in this session, the real `smartcity migrate` run once into
a template. The migrations cost minutes of CPU and say nothing new the second time."""
import atexit
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

from django.conf import settings as django_settings


class ScratchDb:
    def __init__(self, tmp_path: Path, suffix: str = "scratch"):
        db = django_settings.DATABASES["default"]
        self.pg = db["ENGINE"].endswith("postgresql")
        self.env = {k: v for k, v in os.environ.items() if k not in ("SMARTCITY_TEST_SQLITE", "SMARTCITY_TEST_DB_NAME")}
        self.env.update(SMARTCITY_VAR_DIR=str(tmp_path / "var"), SMARTCITY_DATA_DIR=str(tmp_path / "data"),
                        DJANGO_SETTINGS_MODULE="smartcity.settings", PYTHONUNBUFFERED="1")
        if self.pg:
            import psycopg

            base = (db.get("TEST") or {}).get("NAME") or f"test_{db['NAME']}"
            self.name = f"{base}_{suffix}"[:63]
            self.template_name = f"{base}_scratch_tmpl"[:63]
            self.conninfo = dict(host=db.get("HOST") or "127.0.0.1", port=db.get("PORT") or 5432, user=db.get("USER") or "postgres",
                                 password=db.get("PASSWORD") or None)
            with psycopg.connect(dbname="postgres", autocommit=True, **self.conninfo) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{self.name}"')
                admin.execute(f'CREATE DATABASE "{self.name}"')
            auth = self.conninfo["user"] + (f":{self.conninfo['password']}" if self.conninfo["password"] else "")
            self.env["DATABASE_URL"] = f"postgres://{auth}@{self.conninfo['host']}:{self.conninfo['port']}/{self.name}"
        else:
            self.env["DATABASE_URL"] = ""
            self.path = tmp_path / "var" / "smartcity.sqlite3"

    def migrate(self, timeout=900):
        """The schema of the code under test, built by `smartcity migrate` (once per session)."""
        global _TEMPLATE
        if _TEMPLATE is None:
            if self.pg:
                import psycopg

                template = self.template_name
                with psycopg.connect(dbname="postgres", autocommit=True, **self.conninfo) as admin:
                    admin.execute(f'DROP DATABASE IF EXISTS "{template}" WITH (FORCE)')
                    admin.execute(f'CREATE DATABASE "{template}"')
                env = dict(self.env, DATABASE_URL=self.env["DATABASE_URL"].rsplit("/", 1)[0] + "/" + template)
                subprocess.run([sys.executable, "-m", "smartcity.cli", "migrate", "-v0"], env=env, capture_output=True,
                               text=True, timeout=timeout, check=True)
                conninfo = self.conninfo
                atexit.register(_drop_pg, template, conninfo)
                _TEMPLATE = template
            else:
                folder = Path(tempfile.mkdtemp(prefix="smartcity-scratch-"))
                atexit.register(shutil.rmtree, folder, True)
                env = dict(self.env, SMARTCITY_VAR_DIR=str(folder), SMARTCITY_DATA_DIR=str(folder / "data"))
                subprocess.run([sys.executable, "-m", "smartcity.cli", "migrate", "-v0"], env=env, capture_output=True,
                               text=True, timeout=timeout, check=True)
                with sqlite3.connect(folder / "smartcity.sqlite3") as conn:  # one self-contained file to copy
                    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                _TEMPLATE = folder / "smartcity.sqlite3"
        if self.pg:
            import psycopg

            with psycopg.connect(dbname="postgres", autocommit=True, **self.conninfo) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
                admin.execute(f'CREATE DATABASE "{self.name}" TEMPLATE "{_TEMPLATE}"')
        else:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with sqlite3.connect(_TEMPLATE) as src, sqlite3.connect(self.path) as dst:
                src.backup(dst)
            with sqlite3.connect(self.path) as conn:
                conn.execute("PRAGMA journal_mode=WAL")

    def cli(self, *args, check=True, timeout=300):
        return subprocess.run([sys.executable, "-m", "smartcity.cli", *args], env=self.env, capture_output=True, text=True,
                              timeout=timeout, check=check)

    def popen(self, *args):
        return subprocess.Popen([sys.executable, "-m", "smartcity.cli", *args], env=self.env, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)

    def query(self, sql):
        if self.pg:
            import psycopg

            with psycopg.connect(dbname=self.name, autocommit=True, **self.conninfo) as conn:
                return conn.execute(sql).fetchall()
        with sqlite3.connect(self.path, timeout=30) as conn:
            return conn.execute(sql).fetchall()

    def drop(self):
        if self.pg:
            import psycopg

            with psycopg.connect(dbname="postgres", autocommit=True, **self.conninfo) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


_TEMPLATE = None  # per test process: the migrated template (a path, or a PostgreSQL database name)


def adopt_test_database(connection) -> None:
    """Keep a copy of the freshly migrated test database as the scratch template (its schema
    and the rows the migrations write are what `smartcity migrate` makes)."""
    global _TEMPLATE
    if connection.vendor == "postgresql":
        import psycopg

        sd = connection.settings_dict
        template = f"{sd['NAME']}_scratch_tmpl"[:63]
        conninfo = dict(host=sd.get("HOST") or "127.0.0.1", port=sd.get("PORT") or 5432, user=sd.get("USER") or "postgres",
                        password=sd.get("PASSWORD") or None)
        connection.close()  # a template database must have no other session
        with psycopg.connect(dbname="postgres", autocommit=True, **conninfo) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{template}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{template}" TEMPLATE "{sd["NAME"]}"')
        atexit.register(_drop_pg, template, conninfo)
        _TEMPLATE = template
    elif connection.vendor == "sqlite":
        folder = Path(tempfile.mkdtemp(prefix="smartcity-scratch-"))
        atexit.register(shutil.rmtree, folder, True)
        connection.ensure_connection()
        target = sqlite3.connect(folder / "smartcity.sqlite3")
        try:
            connection.connection.backup(target)
        finally:
            target.close()
        _TEMPLATE = folder / "smartcity.sqlite3"


def _drop_pg(name, conninfo):
    try:
        import psycopg

        with psycopg.connect(dbname="postgres", autocommit=True, **conninfo) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    except Exception:  # the server may be gone at exit; the next session drops it first
        pass

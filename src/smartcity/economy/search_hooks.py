"""Keeps the SQLite search index whole: a migration that rebuilds the enterprise table
(SQLite copies it into a new table) drops the FTS triggers; after every `migrate` this
checks them and rebuilds the index when one is missing. PostgreSQL needs nothing."""
import logging

from django.db.models.signals import post_migrate

log = logging.getLogger(__name__)
TRIGGERS = ("economy_enterprise_fts_ai", "economy_enterprise_fts_ad", "economy_enterprise_fts_au")


def ensure_sqlite_fts(using: str = "default") -> bool:
    """True when the index had to be rebuilt."""
    from django.db import connections

    from smartcity.economy.migrations_support import install_sqlite_fts

    conn = connections[using]
    if conn.vendor != "sqlite":
        return False
    with conn.cursor() as c:
        c.execute("SELECT name FROM sqlite_master WHERE name IN (%s, %s, %s, %s, %s)" % tuple(["%s"] * 5),
                  ["economy_enterprise", "django_migrations", *TRIGGERS])
        names = {r[0] for r in c.fetchall()}
        if "economy_enterprise" not in names or all(t in names for t in TRIGGERS):
            return False
        if "django_migrations" not in names:  # tables made without migrations (syncdb): no index was ever wanted
            return False
        c.execute("SELECT 1 FROM django_migrations WHERE app = 'economy' AND name = '0003_search_index'")
        if c.fetchone() is None:
            return False
        install_sqlite_fts(c)
    log.warning("economy: SQLite search index rebuilt (its triggers were missing)")
    return True


def _after_migrate(sender, using="default", **kwargs):
    if getattr(sender, "label", "") == "economy":
        ensure_sqlite_fts(using)


def register() -> None:
    post_migrate.connect(_after_migrate, dispatch_uid="economy-sqlite-fts")

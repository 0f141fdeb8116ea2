"""`smartcity demo`: migrate, load reference and demo data, create demo users, serve.

Idempotent: running it again keeps what is there and adds what is missing. `--reset`
starts from an empty database.
"""
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection

from smartcity.core.seed import load_reference
from smartcity.demo.people import ensure_demo_users
from smartcity.demo.registry import loaders


class Command(BaseCommand):
    help = "Run the platform with Binh Duong demo data on 127.0.0.1:8000."

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="drop all data first")
        parser.add_argument("--no-serve", action="store_true", help="load the data and exit")
        parser.add_argument("--bind", default="127.0.0.1:8000")
        parser.add_argument("--no-simulators", action="store_true", help="do not start the live-data simulators")
        parser.add_argument("--no-worker", action="store_true", help="do not start the background worker (alerts, retention)")
        parser.add_argument("--ftp-port", type=int, default=2121, help="port of the station-file FTP server (another free one if taken)")
        parser.add_argument("--no-ftp", action="store_true", help="do not start the station-file FTP server and inbox processor")

    def handle(self, *args, **opts):
        if opts["reset"]:
            self._reset()
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Database ready: " + connection.vendor)
        summary = load_reference()
        self.stdout.write(f"Reference data: +{summary['organisations']} organisations, +{summary['admin_units']} administrative units")
        ensure_demo_users()  # first, so the loaders' records can name the people who acted
        for _order, name, loader in loaders():
            started = time.monotonic()
            result = loader()
            self.stdout.write(f"Demo data {name}: {result} ({time.monotonic() - started:.1f} s)")
        logins = ensure_demo_users()  # again: the users of organisations a loader made (BIWASE, the Centre)
        url = f"http://{opts['bind']}/"
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Binh Duong Smart City is ready at {url}"))
        self.stdout.write(f"  Admin: {url}admin/   API docs: {url}api/docs/")
        if settings.EMAIL_BACKEND.endswith("filebased.EmailBackend"):
            self.stdout.write(f"  E-mails and notices to applicants (nothing leaves): {settings.OUTBOX_DIR}/")
        self.stdout.write("  Logins (username / password / organisation and role):")
        for username, password, what in logins:
            self.stdout.write(f"    {username:<14} {password}   {what}")
        from smartcity.environment.demo import ftp_logins

        ftp_accounts = ftp_logins()
        if ftp_accounts:
            self.stdout.write("  Station FTP accounts (username / password / stations):")
            for username, password, codes in ftp_accounts:
                self.stdout.write(f"    {username:<14} {password}   {codes}")
        if opts["no_serve"]:
            return
        from smartcity.core.management.commands.serve import run_server

        if not opts["no_ftp"]:
            self._start_ftp(opts["bind"].rpartition(":")[0] or "127.0.0.1", opts["ftp_port"])
        if not opts["no_simulators"]:
            from smartcity.demo import simulators

            simulators.start_in_background(url)
        from django.db import connections

        connections.close_all()  # workers are forked: none may inherit an open connection
        if not opts["no_worker"]:
            self._start_worker()
        run_server(opts["bind"], workers=2, threads=4)

    def _start_worker(self):
        """The task worker (notifications, missing-data sweep, retention) beside the server."""
        import atexit
        import os
        import subprocess
        import sys

        env = dict(os.environ, SMARTCITY_MODE=settings.MODE, SMARTCITY_VAR_DIR=str(settings.VAR_DIR))
        worker = subprocess.Popen([sys.executable, "-m", "smartcity.cli", "worker"], env=env)
        atexit.register(worker.terminate)
        self.stdout.write(f"  Background worker started (pid {worker.pid})")

    def _start_ftp(self, host: str, port: int):
        """The station-file FTP server with its inbox processor (`smartcity ftp-server`), in its
        own process beside the web server: the simulator uploads there, the inbox stores."""
        import atexit
        import os
        import socket
        import subprocess
        import sys
        import time

        from smartcity.environment.env_simulators import ENDPOINT_ENV

        def free(p):
            with socket.socket() as s:
                try:
                    s.bind((host, p))
                except OSError:
                    return None
                return s.getsockname()[1]

        port = free(port) or free(0)
        env = dict(os.environ, SMARTCITY_MODE=settings.MODE, SMARTCITY_VAR_DIR=str(settings.VAR_DIR))
        server = subprocess.Popen([sys.executable, "-m", "smartcity.cli", "ftp-server", "--host", host, "--port", str(port)], env=env)
        atexit.register(server.terminate)
        for _ in range(100):  # until it listens (about a second)
            with socket.socket() as s:
                if s.connect_ex((host, port)) == 0:
                    break
            time.sleep(0.1)
        os.environ[ENDPOINT_ENV] = f"{host}:{port}"
        self.stdout.write(f"  Station files: ftp://{host}:{port}/ (inbox processor running; pid {server.pid})")

    def _reset(self):
        db = settings.DATABASES["default"]
        if db["ENGINE"].endswith("sqlite3"):
            connection.close()
            from pathlib import Path

            for suffix in ("", "-wal", "-shm"):
                Path(str(db["NAME"]) + suffix).unlink(missing_ok=True)
        else:
            call_command("flush", interactive=False, verbosity=0)
        self.stdout.write("Database reset.")

"""`smartcity serve`: the production web server (gunicorn) on the given address."""
import os

from django.core.management.base import BaseCommand


def run_server(bind: str, workers: int, threads: int) -> None:
    from gunicorn.app.base import BaseApplication

    from smartcity.wsgi import application

    class _App(BaseApplication):
        def load_config(self):
            self.cfg.set("bind", bind)
            self.cfg.set("workers", workers)
            self.cfg.set("threads", threads)
            self.cfg.set("timeout", 120)
            self.cfg.set("accesslog", os.environ.get("SMARTCITY_ACCESS_LOG") or None)
            self.cfg.set("limit_request_line", 8190)

        def load(self):
            return application

    _App().run()


class Command(BaseCommand):
    help = "Serve the platform with gunicorn (default 127.0.0.1:8000)."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=os.environ.get("SMARTCITY_BIND", "127.0.0.1:8000"))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "2")))
        parser.add_argument("--threads", type=int, default=4)

    def handle(self, *args, **opts):
        self.stdout.write(f"Serving on http://{opts['bind']}/")
        run_server(opts["bind"], opts["workers"], opts["threads"])

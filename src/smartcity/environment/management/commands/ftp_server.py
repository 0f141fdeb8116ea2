"""`smartcity ftp-server`: the FTP(S) server stations upload their files to, with the inbox
processor running beside it (see environment/ftp.py and docs/environment-files.md)."""
import signal
import threading

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from smartcity.environment import ftp, inbox


class Command(BaseCommand):
    help = "FTP server for station files (Circular 10/2021), with the inbox processor beside it."

    def create_parser(self, prog_name, subcommand, **kwargs):
        self.help = _("FTP server for station files (Circular 10/2021), with the inbox processor beside it.")
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1", help=_("address to listen on (default %(default)s)"))
        parser.add_argument("--port", type=int, default=2121, help=_("port to listen on (default %(default)s; 0 = any free port)"))
        parser.add_argument("--tls", action="store_true", help=_("offer explicit FTPS (AUTH TLS); needs --certfile"))
        parser.add_argument("--tls-required", action="store_true", help=_("refuse logins and transfers without TLS"))
        parser.add_argument("--certfile", metavar="FILE", help=_("PEM certificate (may hold the key too)"))
        parser.add_argument("--keyfile", metavar="FILE", help=_("PEM private key, if not in the certificate file"))
        parser.add_argument("--passive-ports", metavar="A-B", help=_("range of ports for passive data connections, e.g. 60000-60100"))
        parser.add_argument("--masquerade-address", metavar="IP", help=_("public address to announce in passive mode (behind NAT)"))
        parser.add_argument("--no-process", action="store_true", help=_("only receive files; do not run the inbox processor"))
        parser.add_argument("--interval", type=float, default=2.0, help=_("seconds between polls of the inbox (default %(default)s)"))

    def handle(self, *args, **opts):
        if (opts["tls"] or opts["tls_required"]) and not opts["certfile"]:
            raise CommandError(_("--tls needs --certfile (see docs/environment-files.md to make one)"))
        passive = None
        if opts["passive_ports"]:
            try:
                passive = ftp.parse_port_range(opts["passive_ports"])
            except ValueError as exc:
                raise CommandError(str(exc)) from None
        try:
            handle = ftp.start_server(opts["host"], opts["port"], tls=opts["tls"] or opts["tls_required"],
                                      certfile=opts["certfile"], keyfile=opts["keyfile"], tls_required=opts["tls_required"],
                                      passive_ports=passive, process=not opts["no_process"], interval=opts["interval"],
                                      masquerade_address=opts["masquerade_address"])
        except OSError as exc:
            raise CommandError(_("cannot listen on %(host)s:%(port)s: %(error)s") % {"host": opts["host"], "port": opts["port"], "error": exc}) from None
        stop = threading.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_a: stop.set())
        self.stdout.write(_("FTP server listening on %(host)s:%(port)d (%(mode)s); inbox %(inbox)s; processor %(proc)s")
                          % {"host": handle.host, "port": handle.port, "mode": "FTPS" if opts["tls"] or opts["tls_required"] else "FTP",
                             "inbox": handle.inbox, "proc": _("off") if opts["no_process"] else _("on")})
        self.stdout.flush()
        try:
            while not stop.wait(1.0) and handle.thread.is_alive():
                pass
        finally:
            handle.stop()
            if handle.watcher is not None:
                self.stdout.write(inbox.Summary.text(handle.watcher.totals))

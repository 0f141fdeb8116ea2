"""The FTP server stations upload their files to (pyftpdlib), with the inbox processor beside it.

Python API (used by `smartcity ftp-server` and by `./run demo`):

    from smartcity.environment import ftp
    handle = ftp.start_server("127.0.0.1", 0)          # port 0: the OS picks a free port
    handle.port                                        # the port it listens on
    ...  # stations (or the demo simulator, with ftplib) upload files
    handle.wait_processed(timeout=10)                  # optional: until the inbox is empty
    handle.stop()                                      # stops the server and the processor

    start_server(host="127.0.0.1", port=2121, *, tls=False, certfile=None, keyfile=None,
                 passive_ports=None, process=True, interval=2.0, settle_s=inbox.SETTLE_S,
                 inbox_root=None, masquerade_address=None) -> ServerHandle

Accounts are `environment.FtpAccount` rows: the password is checked against its Django
hash, only `active` accounts may log in, `last_login_at` is stamped on each login. Each
account is jailed in its own home `DATA_DIR/environment/inbox/<username>/`; it may list,
create (dated) folders, upload, resume and rename there, and may not delete, nor see or
reach any other account's files. With `tls=True` the server offers explicit FTPS
(`AUTH TLS`, RFC 4217) with the given certificate; plain logins stay possible unless
`tls_required=True`.

When `process` is true the inbox watcher runs in a thread of the same process: each file
is handed over as soon as pyftpdlib reports its upload complete (`on_file_received`), so it
is stored within a second or two; uploads in progress are marked busy so the polling part
never reads half a file, and an upload that breaks off is quarantined, not parsed.
"""
import logging
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.db import close_old_connections, connection
from django.utils import timezone
from pyftpdlib.authorizers import AuthenticationFailed
from pyftpdlib.handlers import FTPHandler
from pyftpdlib.servers import FTPServer

from smartcity.environment import inbox

log = logging.getLogger(__name__)

# e list, cwd; l list; r read own files; a append (resume); w store; f rename; m make folders.
# No d (delete / remove folder), no M (chmod), no T (set mtime).
STATION_PERMS = "elrawfm"


class AccountAuthorizer:
    """pyftpdlib authorizer backed by FtpAccount (password hashes, active flag, homes)."""

    read_perms = "elr"
    write_perms = "adfmwMT"

    def __init__(self, root: Path):
        self.root = Path(root).resolve()

    def _account(self, username):
        from smartcity.environment.models import FtpAccount

        close_old_connections()
        return FtpAccount.objects.filter(username=username).first()

    def validate_authentication(self, username, password, handler):
        account = self._account(username)
        if account is None or not account.active or not account.check_password(password):
            raise AuthenticationFailed("Authentication failed.")
        type(account).objects.filter(pk=account.pk).update(last_login_at=timezone.now())

    def home(self, username) -> Path:
        if not username or "/" in username or "\\" in username or username in (".", ".."):
            raise AuthenticationFailed("Authentication failed.")
        path = (self.root / username).resolve()
        if path.parent != self.root:
            raise AuthenticationFailed("Authentication failed.")
        path.mkdir(parents=True, exist_ok=True)
        return path

    def get_home_dir(self, username):
        return str(self.home(username))

    def has_user(self, username):
        return self._account(username) is not None

    def has_perm(self, username, perm, path=None):
        if perm not in STATION_PERMS:
            return False
        if path is None:
            return True
        home = str(self.home(username))
        p = str(Path(path).resolve()) if Path(path).exists() else str(path)
        return p == home or p.startswith(home + "/")

    def get_perms(self, username):
        return STATION_PERMS

    def get_msg_login(self, username):
        return "Xin chào / Welcome. Upload station files (Circular 10/2021) here."

    def get_msg_quit(self, username):
        return "Tạm biệt / Goodbye."

    def impersonate_user(self, username, password):
        pass

    def terminate_impersonation(self, username):
        pass


def _handler_class(base, watcher: inbox.Watcher | None):
    class StationHandler(base):
        """Hands completed uploads to the inbox watcher; marks uploads in progress busy."""

        banner = "Binh Duong Smart City - station file server (Circular 10/2021/TT-BTNMT)"
        permit_foreign_addresses = False

        def ftp_STOR(self, file, mode="w"):
            path = super().ftp_STOR(file, mode)
            if path and watcher is not None:
                watcher.mark_busy(path)
            return path

        def on_file_received(self, file):
            if watcher is not None:
                watcher.unmark_busy(file)
                watcher.submit(file, complete=True)

        def on_incomplete_file_received(self, file):
            if watcher is not None:
                watcher.unmark_busy(file)
                watcher.submit(file, complete=False)

        def ftp_RNTO(self, path):
            done = super().ftp_RNTO(path)
            if done and watcher is not None:  # upload-then-rename: the final name is complete
                watcher.submit(done[1], complete=True)
            return done

        def on_disconnect(self):
            connection.close()  # no-op in the single IO thread unless it used the database

    return StationHandler


@dataclass
class ServerHandle:
    host: str
    port: int
    inbox: Path
    server: FTPServer
    thread: threading.Thread
    watcher: inbox.Watcher | None = None
    watcher_thread: threading.Thread | None = None
    stop_event: threading.Event = field(default_factory=threading.Event)

    def stop(self, timeout: float = 10.0) -> None:
        """Stop accepting, close sessions, let the watcher finish its current file."""
        self.stop_event.set()
        self.thread.join(timeout)  # the serving thread closes every socket on its way out
        if self.watcher_thread is not None:
            self.watcher_thread.join(timeout)

    def wait_processed(self, timeout: float = 10.0) -> bool:
        """Until no station file is waiting in the inbox (True) or the timeout (False)."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            busy = self.watcher.busy if self.watcher else set()
            if not busy and not inbox.pending(self.inbox, settle_s=0) and (self.watcher is None or self.watcher.queue.empty()):
                return True
            time.sleep(0.05)
        return False

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def start_server(host: str = "127.0.0.1", port: int = 2121, *, tls: bool = False, certfile=None, keyfile=None,
                 tls_required: bool = False, passive_ports=None, process: bool = True, interval: float = 2.0,
                 settle_s: float = inbox.SETTLE_S, inbox_root=None, masquerade_address=None,
                 max_connections: int = 256) -> ServerHandle:
    """Start the FTP server (and, with `process`, the inbox watcher) in background threads."""
    root = Path(inbox_root).resolve() if inbox_root else inbox.inbox_dir().resolve()
    root.mkdir(parents=True, exist_ok=True)
    watcher = inbox.Watcher(root, interval, settle_s) if process else None
    if tls:
        if not certfile:
            raise ValueError("TLS needs a certificate file (certfile, and keyfile unless the key is in it)")
        from pyftpdlib.handlers import TLS_FTPHandler

        handler = _handler_class(TLS_FTPHandler, watcher)
        handler.certfile = str(certfile)
        handler.keyfile = str(keyfile) if keyfile else None
        handler.tls_control_required = tls_required
        handler.tls_data_required = tls_required
    else:
        handler = _handler_class(FTPHandler, watcher)
    handler.authorizer = AccountAuthorizer(root)
    if passive_ports:
        handler.passive_ports = list(passive_ports)
    if masquerade_address:
        handler.masquerade_address = masquerade_address
    server = FTPServer((host, port), handler)
    server.max_cons = max_connections
    server.max_cons_per_ip = max_connections
    actual = server.socket.getsockname()[1]
    stop_event = threading.Event()

    def serve():
        try:
            while not stop_event.is_set():
                server.serve_forever(timeout=0.2, blocking=False, handle_exit=False)
        finally:
            try:
                server.close_all()
            except Exception:
                pass
            connection.close()

    thread = threading.Thread(target=serve, name=f"ftp-server:{actual}", daemon=True)
    handle = ServerHandle(host, actual, root, server, thread, watcher, None, stop_event)
    if watcher is not None:
        handle.watcher_thread = threading.Thread(target=inbox.run_watcher, args=(stop_event, interval),
                                                 kwargs={"watcher": watcher}, name="ftp-inbox", daemon=True)
        handle.watcher_thread.start()
    thread.start()
    log.info("FTP server on %s:%d (%s), inbox %s", host, actual, "FTPS" if tls else "FTP", root)
    return handle


def parse_port_range(text: str) -> range:
    """'60000-60100' -> range(60000, 60101)."""
    lo, _, hi = text.partition("-")
    lo_i, hi_i = int(lo), int(hi or lo)
    if not (1 <= lo_i <= hi_i <= 65535):
        raise ValueError(f"bad port range {text!r}")
    return range(lo_i, hi_i + 1)

"""Is a service listening? One TCP probe for `smartcity check`, `./run` and the tests."""
import socket
from urllib.parse import urlparse


def tcp_probe(url: str, default_port: int, timeout: float = 1.0) -> str | None:
    """None when something accepts a connection at the URL's host and port, else the reason."""
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or default_port), timeout=timeout):
            return None
    except OSError as exc:
        return exc.strerror or str(exc)


def tcp_reachable(url: str, default_port: int, timeout: float = 1.0) -> bool:
    return tcp_probe(url, default_port, timeout) is None

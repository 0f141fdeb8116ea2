"""Live-data simulators for the demo. Each domain app registers its own; with MQTT_URL
unset they talk HTTP to the platform, with a broker configured they publish over MQTT."""
import logging
import threading
from typing import Callable

log = logging.getLogger("smartcity.demo")
_SIMULATORS: list[tuple[str, Callable[[str], None]]] = []


def register(name: str):
    def wrap(fn):
        _SIMULATORS.append((name, fn))
        return fn

    return wrap


def start_in_background(base_url: str) -> list[threading.Thread]:
    threads = []
    for name, fn in _SIMULATORS:
        t = threading.Thread(target=fn, args=(base_url,), name=f"sim-{name}", daemon=True)
        t.start()
        threads.append(t)
        log.info("simulator %s started", name)
    return threads

"""Apps register their demo-data loaders here; `smartcity demo` runs them in order."""
from typing import Callable

_LOADERS: list[tuple[int, str, Callable[[], dict]]] = []


def register(order: int, name: str):
    def wrap(fn):
        if not any(n == name for _, n, _ in _LOADERS):
            _LOADERS.append((order, name, fn))
        return fn

    return wrap


def loaders():
    return sorted(_LOADERS, key=lambda item: (item[0], item[1]))

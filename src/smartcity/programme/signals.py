"""Hooks connected when the app is ready. The roll-up part (progress of parents recomputed
when a child changes) is filled in by services/rollup.py's `connect()`."""
from importlib import import_module


def register() -> None:
    try:
        rollup = import_module("smartcity.programme.services.rollup")
    except ModuleNotFoundError:
        return
    connect = getattr(rollup, "connect", None)
    if connect:
        connect()

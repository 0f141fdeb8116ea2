"""Demo: construction permits in several states."""


def load() -> dict:
    return {}

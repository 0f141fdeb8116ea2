"""Demo data: meetings."""


def load() -> dict:
    return {}

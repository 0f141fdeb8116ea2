"""Demo data: events."""


def load() -> dict:
    return {}

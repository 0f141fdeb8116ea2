"""Demo data: reports."""


def load() -> dict:
    return {}

"""Demo data: icf."""


def load() -> dict:
    return {}

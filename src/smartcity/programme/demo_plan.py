"""Demo data: plan."""


def load() -> dict:
    return {}

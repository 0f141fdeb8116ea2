"""Demo layers (filled in by the demo part)."""


def load() -> dict:
    return {}

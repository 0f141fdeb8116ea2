"""Demo: the wards and communes formed on 1 July 2025."""


def load() -> dict:
    return {}

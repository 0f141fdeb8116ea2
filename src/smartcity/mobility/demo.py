"""Binh Duong bus network demo (filled in by the demo work)."""


def register() -> None:
    pass

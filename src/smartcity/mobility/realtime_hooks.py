"""Hub store hook: bus positions stored in the hub are matched to trips here (filled in by
the realtime work)."""


def register() -> None:
    pass

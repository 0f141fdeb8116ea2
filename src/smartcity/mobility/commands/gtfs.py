"""`smartcity mobility` sub-commands: gtfs."""


def register(sub) -> None:
    pass

"""`smartcity mobility` sub-commands: stats."""


def register(sub) -> None:
    pass

"""`smartcity mobility` sub-commands: realtime."""


def register(sub) -> None:
    pass

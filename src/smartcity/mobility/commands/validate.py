"""`smartcity mobility` sub-commands: validate."""


def register(sub) -> None:
    pass

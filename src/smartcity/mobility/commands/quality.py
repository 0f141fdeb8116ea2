"""`smartcity mobility` sub-commands: quality."""


def register(sub) -> None:
    pass

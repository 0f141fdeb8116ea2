"""`smartcity mobility` sub-commands: demo."""


def register(sub) -> None:
    pass

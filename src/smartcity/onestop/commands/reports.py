"""`smartcity onestop` verbs of the reports part."""


def register(sub) -> None:
    """Adds this part's sub-commands (filled in by its part)."""

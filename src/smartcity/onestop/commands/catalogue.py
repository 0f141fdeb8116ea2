"""`smartcity onestop` verbs of the catalogue part."""


def register(sub) -> None:
    """Adds this part's sub-commands (filled in by its part)."""

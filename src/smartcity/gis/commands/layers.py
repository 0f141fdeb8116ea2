"""`smartcity gis` verbs of the layers part."""


def register(sub) -> None:
    """Adds this part's sub-commands (filled in by its part)."""

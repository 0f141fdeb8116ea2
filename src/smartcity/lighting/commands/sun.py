"""`smartcity lighting sun` (filled by its part)."""


def register(sub) -> None:
    """Add this part's sub-commands (each sets `handler=fn(command, options)`)."""

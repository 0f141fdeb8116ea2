"""`smartcity programme` sub-commands: meetings."""


def register(sub) -> None:
    """Add this concern's parsers to `sub` (each sets handler=fn(command, options))."""

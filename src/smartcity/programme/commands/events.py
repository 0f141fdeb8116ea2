"""`smartcity programme` sub-commands: events."""


def register(sub) -> None:
    """Add this concern's parsers to `sub` (each sets handler=fn(command, options))."""

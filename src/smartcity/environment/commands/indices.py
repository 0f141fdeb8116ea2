"""(to be filled)."""


def register(sub) -> None:
    """Add this part's sub-commands."""

"""(to be filled) registrations of this part of the environment app."""


def register() -> None:
    """Called once from EnvironmentConfig.ready()."""

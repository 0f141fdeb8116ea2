"""The operations-centre wall has no entry in the public navigation: it is a staff screen.
Nothing to register yet; kept so the app has the same rooms as the others."""


def register() -> None:
    return None

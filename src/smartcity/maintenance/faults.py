"""Readable names of the fault types work orders carry. A fault type is the alert's key (a
TALQ failure of a streetlight, a smart toilet's device fault, a rule's name); the app that
raises the alert knows its faults and registers their labels here when it is ready, the way
it registers its alert evaluators. Any other code is shown as it is."""
_LABELS: dict = {}


def register(labels: dict) -> None:
    """Add {fault code: lazily translated label}."""
    _LABELS.update(labels)


def label(code: str) -> str:
    return str(_LABELS[code]) if code in _LABELS else code

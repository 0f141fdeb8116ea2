"""Readable names of the fault types work orders carry. A fault type is the alert's key:
a TALQ failure name for street lighting (TALQ Specification 2.x, failure list of the
lamp-actuator and energy-meter functions), a device fault of a smart toilet, or a rule's
name. Known codes get a translated label; any other code is shown as it is."""
from django.utils.translation import gettext_lazy as _

LABELS = {
    # TALQ failures (lighting/failures.py)
    "lampFailure": _("Lamp failure"),
    "supplyLoss": _("Supply loss"),
    "lampPowerTooHigh": _("Lamp power too high"),
    "lampPowerTooLow": _("Lamp power too low"),
    "lampUnexpectedOn": _("Lamp on by day"),
    "dimmingFailure": _("Dimming failure"),
    "highTemperature": _("High temperature"),
    "communicationFailure": _("Communication failure"),
    # smart toilets' device faults (toilets/alert_hooks.py)
    "door": _("Door fault"),
    "flush": _("Flush fault"),
    "water": _("Water supply lost"),
    "power": _("Power lost"),
}


def label(code: str) -> str:
    return str(LABELS[code]) if code in LABELS else code

"""Keeps the permit register in step with the one-stop dossiers: every save of a dossier of
a construction-permit procedure (reception, transfer, supplement, result, refusal,
withdrawal...) refreshes its permit. Other dossiers cost one cached lookup.

The refresh runs inside the lifecycle action's transaction: if the action fails, the
permit's change is rolled back with it."""
from django.db.models.signals import post_save

_SENDER = "onestop.Dossier"
_UID = "gis-permit-from-dossier"


def on_dossier_saved(sender, instance, raw=False, **kwargs):
    if raw:   # fixtures load rows as they are
        return
    from smartcity.gis.services import permits

    if permits.permit_kind(instance) is None:
        return
    permits.refresh_from_dossier(instance)


def register() -> None:
    post_save.connect(on_dossier_saved, sender=_SENDER, weak=False, dispatch_uid=_UID)
    register_checks()


def on_check_saved(sender, instance, created=False, raw=False, **kwargs):
    """A new planning check locates the permit (parcel or footprint, ward, district)."""
    if raw or not created or instance.dossier_id is None:
        return
    from smartcity.gis.services import permits

    dossier = instance.dossier
    if permits.permit_kind(dossier) is not None:
        permits.refresh_from_dossier(dossier)


def on_handoff_saved(sender, instance, created=False, raw=False, **kwargs):
    """A refusal's reasons are written on the control sheet just after the dossier is saved."""
    if raw or not created or instance.kind != "reject":
        return
    from smartcity.gis.services import permits

    dossier = instance.dossier
    if permits.permit_kind(dossier) is not None:
        permits.refresh_from_dossier(dossier)


def register_checks() -> None:
    post_save.connect(on_check_saved, sender="gis.PlanningCheck", weak=False, dispatch_uid="gis-permit-from-check")
    post_save.connect(on_handoff_saved, sender="onestop.Handoff", weak=False, dispatch_uid="gis-permit-from-handoff")

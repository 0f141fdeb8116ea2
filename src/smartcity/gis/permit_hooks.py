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
    if _nothing_to_do(instance, kwargs.get("update_fields")):
        return
    permits.refresh_from_dossier(instance)


# saves that touch only these fields change nothing in the register unless the status maps
# to another register status (a transfer, a resumed suspension, an apology)
_QUIET_FIELDS = frozenset({"current_unit", "updated_at", "status", "due_at", "original_due_at", "notes",
                           "return_channel", "returned_at"})


def _nothing_to_do(dossier, update_fields) -> bool:
    from smartcity.gis import permits as rules
    from smartcity.gis.models import Permit

    if not update_fields or not set(update_fields) <= _QUIET_FIELDS:
        return False
    current = Permit.objects.filter(dossier_id=dossier.pk).values_list("status", flat=True).first()
    if current is None:
        return False
    if "due_at" in update_fields and dossier.status != "processing" and dossier.status != "received":
        return False
    return rules.status_for_dossier(dossier.status) == current or (current in rules.FINAL and dossier.status not in
                                                                   ("result_ready", "returned", "rejected", "withdrawn"))


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

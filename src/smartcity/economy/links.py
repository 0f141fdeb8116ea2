"""Links from the shared enterprise record to records of other apps (any model: one-stop
dossiers, construction permits, monitoring stations, hub assets ...), made by hand or found
automatically: by tax code where the other record holds one (the applicant of a one-stop
dossier filed by an organisation, and the permit issued on such a dossier) and by name
for monitoring stations run by a facility. The other apps are only read."""
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from smartcity.economy import fold, taxcode
from smartcity.economy.models import Enterprise, EnterpriseLink, LinkMethod, LinkRole

# model label -> (url name, attribute giving the url argument)
URLS = {
    "onestop.dossier": ("onestop-dossier", "pk"),
    "gis.permit": ("gis-permit", "pk"),
    "environment.station": ("env-station", "code"),
}


def resolve_target(model_label: str, object_id) -> object:
    """The record named by 'app.model' and its id; ValidationError when there is none."""
    try:
        model = apps.get_model(model_label)
    except (LookupError, ValueError):
        raise ValidationError(_("Unknown record type: %(t)s") % {"t": model_label}, code="unknown_type") from None
    if model is Enterprise or model._meta.app_label == "economy":
        raise ValidationError(_("Link records of other modules."), code="invalid_type")
    try:
        return model._default_manager.get(pk=object_id)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise ValidationError(_("No %(t)s with id %(id)s.") % {"t": model._meta.verbose_name, "id": object_id}, code="not_found") from None


def link(enterprise: Enterprise, obj, role: str = LinkRole.OTHER, user=None, method: str = LinkMethod.MANUAL) -> tuple:
    """(link, created): idempotent on (enterprise, record, role)."""
    ct = ContentType.objects.get_for_model(obj)
    return EnterpriseLink.objects.get_or_create(
        enterprise=enterprise, content_type=ct, object_id=str(obj.pk), role=role,
        defaults={"method": method, "created_by": user, "label": str(obj)[:300]})


def describe(links) -> list[dict]:
    """Rows for the enterprise page and the API: type, label, url (when the record has a page)."""
    out = []
    for lk in links:
        ct = ContentType.objects.get_for_id(lk.content_type_id)
        label_lower = f"{ct.app_label}.{ct.model}"
        model = ct.model_class()
        obj = None
        if model is not None:
            obj = model._default_manager.filter(pk=lk.object_id).first()
        url = None
        if obj is not None:
            if label_lower in URLS:
                name, attr = URLS[label_lower]
                try:
                    url = reverse(name, args=[getattr(obj, attr)])
                except NoReverseMatch:
                    url = None
            elif hasattr(obj, "get_absolute_url"):
                url = obj.get_absolute_url()
        out.append({"id": lk.pk, "type": label_lower, "type_label": str(model._meta.verbose_name) if model else label_lower,
                    "object_id": lk.object_id, "label": str(obj) if obj is not None else lk.label, "exists": obj is not None,
                    "role": lk.role, "role_label": lk.get_role_display(), "method": lk.method,
                    "method_label": lk.get_method_display(), "url": url})
    return out


def match(user=None) -> dict:
    """Link records of other apps to enterprises by tax code (and stations by name).
    Idempotent; returns the number of new links per record type."""
    counts = {}
    by_code = dict(Enterprise.objects.filter(merged_into__isnull=True).values_list("tax_code", "pk"))
    enterprises = {}

    def ent(pk):
        if pk not in enterprises:
            enterprises[pk] = Enterprise.objects.get(pk=pk)
        return enterprises[pk]

    def add(key, e_pk, obj, role, method):
        _lk, created = link(ent(e_pk), obj, role, user, method)
        if created:
            counts[key] = counts.get(key, 0) + 1

    if apps.is_installed("smartcity.onestop"):
        Dossier = apps.get_model("onestop", "Dossier")
        matched = {}
        for d in Dossier.objects.filter(applicant_kind="organisation").only("pk", "code", "subject", "applicant_id_number"):
            code = taxcode.normalise(d.applicant_id_number or "")
            pk = by_code.get(code) or by_code.get(code[:10])
            if pk:
                add("onestop.dossier", pk, d, LinkRole.APPLICANT, LinkMethod.TAX_CODE)
                matched[d.pk] = pk
        if matched and apps.is_installed("smartcity.gis"):
            Permit = apps.get_model("gis", "Permit")
            for p in Permit.objects.filter(dossier_id__in=list(matched)):
                add("gis.permit", matched[p.dossier_id], p, LinkRole.PERMIT_HOLDER, LinkMethod.TAX_CODE)
    if apps.is_installed("smartcity.environment"):
        Station = apps.get_model("environment", "Station")
        stations = [s for s in Station.objects.exclude(facility="").only("pk", "code", "facility")]
        if stations:
            keys = {}
            for pk, name, short in Enterprise.objects.filter(merged_into__isnull=True).values_list("pk", "name_vi", "short_name"):
                keys.setdefault(fold.name_key(name), pk)
                if short:
                    keys.setdefault(fold.name_key(short), pk)
            for s in stations:
                pk = keys.get(fold.name_key(s.facility))
                if pk:
                    add("environment.station", pk, s, LinkRole.FACILITY, LinkMethod.NAME)
    return counts

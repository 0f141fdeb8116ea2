"""Merge two records of one enterprise: the kept record takes what the other knew and
every link to it; the other stays, unpublished and pointing to the kept one, so its
history and the merge record say what happened. Links of other apps (foreign keys to
`economy.Enterprise`, e.g. survey responses or research partners) are moved generically."""
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ForeignKey, ManyToManyField, OneToOneField
from django.utils import timezone
from django.utils.translation import gettext as _

from smartcity.economy.models import (DuplicateCandidate, DuplicateState, Enterprise, EnterpriseAccessLog,
                                      EnterpriseLink, ForeignInvestor, MergeRecord)

FILLABLE = ["name_en", "short_name", "established", "address", "unit", "former_unit", "industrial_park", "main_sector",
            "employees", "registered_capital_vnd", "invested_capital_usd", "annual_revenue_vnd", "representative",
            "contact_phone", "contact_email", "website"]
_HANDLED = {EnterpriseLink, ForeignInvestor, EnterpriseAccessLog, DuplicateCandidate, MergeRecord, Enterprise}


def snapshot(e: Enterprise) -> dict:
    out = {}
    for f in e._meta.concrete_fields:
        v = getattr(e, f.attname)
        out[f.attname] = v.isoformat() if hasattr(v, "isoformat") else (str(v) if v is not None and not isinstance(v, (int, bool, str)) else v)
    out["sectors"] = sorted(e.sectors.values_list("code", flat=True))
    out["investors"] = [{"name": i.name, "country": i.country, "capital_usd": str(i.capital_usd) if i.capital_usd is not None else None}
                        for i in e.investors.all()]
    return out


@transaction.atomic
def merge(kept: Enterprise, merged: Enterprise, user=None, note: str = "") -> MergeRecord:
    if kept.pk == merged.pk:
        raise ValidationError(_("An enterprise cannot be merged into itself."), code="same")
    kept = Enterprise.objects.select_for_update().get(pk=kept.pk)
    merged = Enterprise.objects.select_for_update().get(pk=merged.pk)
    if merged.merged_into_id or kept.merged_into_id:
        raise ValidationError(_("One of the two records is already merged."), code="already_merged")
    before = snapshot(merged)
    moved = {}
    filled = []
    for f in FILLABLE:
        field = Enterprise._meta.get_field(f)
        if getattr(kept, field.attname) in (None, "") and getattr(merged, field.attname) not in (None, ""):
            setattr(kept, field.attname, getattr(merged, field.attname))
            filled.append(f)
    if merged.foreign_invested and not kept.foreign_invested:
        kept.foreign_invested = True
        filled.append("foreign_invested")
    if merged.notes:
        kept.notes = (kept.notes + "\n" if kept.notes else "") + _("From %(code)s: %(notes)s") % {"code": merged.tax_code, "notes": merged.notes}
    moved["filled"] = filled
    kept.sectors.add(*merged.sectors.all())
    have = set(kept.investors.values_list("name", "country"))
    investors = [i for i in merged.investors.all() if (i.name, i.country) not in have]
    for i in investors:
        i.enterprise = kept
        i.save()
    moved["investors"] = len(investors)
    n = 0
    kept_links = set(kept.links.values_list("content_type_id", "object_id", "role"))
    for link in list(merged.links.all()):
        if (link.content_type_id, link.object_id, link.role) in kept_links:
            link.delete()
        else:
            link.enterprise = kept
            link.save()
            n += 1
    moved["links"] = n
    # foreign keys of other apps
    for rel in Enterprise._meta.related_objects:
        model = rel.related_model
        if model in _HANDLED or getattr(model, "_meta", None) is None or model.__name__.startswith("Historical"):
            continue
        field = rel.field
        label = f"{model._meta.label_lower}.{field.name}"
        if isinstance(field, OneToOneField):
            if not model.objects.filter(**{field.name: kept}).exists():
                count = model.objects.filter(**{field.name: merged}).update(**{field.name: kept})
                if count:
                    moved[label] = count
        elif isinstance(field, ForeignKey):
            count = 0
            for obj in model.objects.filter(**{field.name: merged}):
                setattr(obj, field.name, kept)
                obj.save(update_fields=[field.name])  # through save(): their history records the move
                count += 1
            if count:
                moved[label] = count
        elif isinstance(field, ManyToManyField):
            objs = list(model.objects.filter(**{field.name: merged}))
            for obj in objs:
                getattr(obj, field.name).add(kept)
                getattr(obj, field.name).remove(merged)
            if objs:
                moved[label] = len(objs)
    kept._change_reason = _("Merged %(code)s into this record") % {"code": merged.tax_code}
    kept.save()
    merged.merged_into = kept
    merged.published = False
    merged._change_reason = _("Merged into %(code)s") % {"code": kept.tax_code}
    merged.save()
    DuplicateCandidate.objects.filter(enterprise__in=[kept, merged], other__in=[kept, merged]).update(
        state=DuplicateState.MERGED, decided_by=user, decided_at=timezone.now())
    if note:
        moved["note"] = note
    return MergeRecord.objects.create(kept=kept, merged=merged, snapshot=before, moved=moved, by=user)

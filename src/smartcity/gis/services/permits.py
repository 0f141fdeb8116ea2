"""The construction permit register, kept in step with the one-stop dossiers.

`refresh_from_dossier` creates or updates the permit of a construction-permit dossier: its
status from the dossier's state, the art. 102 deadlines from the one-stop calendar (`due_at`,
`add_working_time`: holidays, office hours and the cut-off hour count), where it is (the
latest planning check, else the permit's parcel or drawn footprint) and the ward and former
district that hold it (`gis.units.locate`). `permit_hooks` calls it whenever a dossier is
saved, so every lifecycle action of the one-stop app moves the register too.

The register may also decide itself (`issue`, `refuse`): those follow the pure state rules
(`gis.permits.check_transition`), and a later save of the dossier never moves a decided
permit back to "under appraisal".

Who sees what: everybody sees published permits without personal data (no applicant, no
dossier code, no internal note); the owning unit (the Department of Construction) and the
coordinator see everything.
"""
from __future__ import annotations

import datetime as dt
import json
import re

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from smartcity.gis import permits as rules

LOCAL = dt.timezone(dt.timedelta(hours=7))


class PermitError(Exception):
    def __init__(self, code: str, message: str, field: str | None = None):
        super().__init__(message)
        self.code, self.message, self.field = code, message, field


# -- which dossiers are permits -----------------------------------------------------------------
def permit_kind(dossier) -> str | None:
    """The permit kind the dossier's procedure issues (construction field only). The hook
    asks on every dossier save: one small query unless the procedure is already loaded (no
    cache by id: ids are reused after a rollback, and a procedure may be renamed)."""
    from smartcity.onestop.models import Procedure

    proc = dossier._state.fields_cache.get("procedure")
    if proc is not None and "field" in proc._state.fields_cache:
        code, name, field = proc.code, proc.name_vi, proc.field.code
    else:
        row = Procedure.objects.filter(pk=dossier.procedure_id).values_list("code", "name_vi", "field__code").first()
        if row is None:
            return None
        code, name, field = row
    if field != "xay-dung":
        return None
    return rules.kind_for(code, name)


def clear_cache() -> None:
    """Nothing is cached any more; kept for callers."""


# -- helpers ------------------------------------------------------------------------------------
def _split_subject(subject: str) -> tuple[str, str]:
    """(works, address) from a dossier subject like "Cấp giấy phép ... tại thửa đất số 12, tờ
    bản đồ số 5, phường Phú Cường — Nguyễn Văn An": the applicant's name after the dash is
    personal data and is dropped."""
    text = (subject or "").split(" — ")[0].strip()
    m = re.search(r"\btại\s+(.+)$", text)
    if m:
        return text[: m.start()].strip() or text, m.group(1).strip()
    return text, ""


def _geometry(text):
    from shapely.geometry import shape

    if not text:
        return None
    try:
        value = json.loads(text) if isinstance(text, str) else text
        if value.get("type") == "Feature":
            value = value["geometry"]
        return shape(value)
    except (ValueError, TypeError, KeyError, AttributeError):
        return None


def _area_m2(geom) -> float | None:
    if geom is None or geom.is_empty:
        return None
    from shapely.ops import transform

    from smartcity.gis.planning import metric

    try:
        return float(metric(geom).area)
    except Exception:  # noqa: BLE001 - metric may take a dict; fall back to a local projection
        import math

        lat = geom.centroid.y
        scaled = transform(lambda x, y, z=None: (x * 111_320 * math.cos(math.radians(lat)), y * 110_574), geom)
        return float(scaled.area)


def locate_permit(permit) -> None:
    """Point, ward and former district from the parcel or footprint."""
    from smartcity.gis import units

    geom = _geometry(permit.footprint) or (_geometry(permit.parcel.geometry) if permit.parcel_id else None)
    if geom is not None and not geom.is_empty:
        point = geom.representative_point()
        permit.longitude, permit.latitude = round(point.x, 7), round(point.y, 7)
    if permit.longitude is not None and permit.latitude is not None:
        found = units.locate(permit.longitude, permit.latitude)
        permit.ward = found.get("ward") or permit.ward
        permit.district = found.get("district") or permit.district


def _fields(permit) -> dict:
    return {f.attname: getattr(permit, f.attname) for f in permit._meta.concrete_fields
            if f.attname not in ("id", "created_at", "updated_at")}


def _add_months(day: dt.date, months: int) -> dt.date:
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    import calendar as _cal

    return dt.date(year, month, min(day.day, _cal.monthrange(year, month)[1]))


def next_number(year: int) -> str:
    """Permit numbers run per year: "0042/2026/GPXD"."""
    from smartcity.gis.models import Permit

    last = 0
    for number in Permit.objects.filter(number__endswith=f"/{year}/GPXD").values_list("number", flat=True):
        try:
            last = max(last, int(number.split("/")[0]))
        except ValueError:
            continue
    return f"{last + 1:04d}/{year}/GPXD"


def _supplement(dossier):
    return dossier.supplements.order_by("requested_at", "pk").first() if dossier.pk else None


def apply_deadlines(permit, dossier=None) -> dict:
    """Sets `appraisal_due_at` and `decision_due_at` from the one-stop calendar; returns the
    full schedule (with the notice and refusal steps when a supplement came back)."""
    from smartcity.onestop.services import calendar

    dossier = dossier if dossier is not None else permit.dossier
    unit = dossier.owner if dossier is not None else None
    code = dossier.procedure.code if dossier is not None else ""
    limit = dossier.procedure_version.time_limit_days if dossier is not None else None
    sup = _supplement(dossier) if dossier is not None else None
    plan = rules.schedule(
        permit.received_at, total=rules.total_days(code, limit),
        due=lambda s, d: calendar.due_at(s, d, unit=unit),
        add=lambda s, d: calendar.add_working_time(s, d, unit=unit),
        between=lambda a, b: calendar.working_days_between(a, b, unit=unit),
        supplement_requested=sup.requested_at if sup else None,
        supplement_received=sup.fulfilled_at if sup else None,
        decided=permit.decided_at, status=permit.status)
    permit.appraisal_due_at = plan["appraisal"].due_at
    permit.decision_due_at = plan["decision"].due_at
    return plan


# -- keeping in step with the dossier -----------------------------------------------------------
def refresh_from_dossier(dossier, *, at=None):
    """Creates or updates the permit of a construction-permit dossier; None for any other
    dossier. Saves only when something changed (each save is a history row)."""
    from smartcity.gis.models import Permit

    kind = permit_kind(dossier)
    if kind is None:
        return None
    received = dossier.received_at or dossier.submitted_at
    if received is None:
        return None
    permit = Permit.objects.filter(dossier=dossier).first()
    created = permit is None
    if created:
        permit = Permit(dossier=dossier, kind=kind, owner=dossier.procedure_version.competent_unit)
    before = {} if created else _fields(permit)

    works, address = _split_subject(dossier.subject)
    permit.project_name = (works or dossier.procedure.name_vi)[:255]
    permit.address = (address or permit.address)[:255]
    permit.received_at = received

    target = rules.status_for_dossier(dossier.status)
    if created or not (permit.status in rules.FINAL and target in rules.OPEN):
        permit.status = target
    if permit.status == rules.ISSUED:
        permit.decided_at = permit.decided_at or dossier.result_at or dossier.closed_at or at or timezone.now()
    elif permit.status == rules.REFUSED:
        permit.decided_at = permit.decided_at or dossier.closed_at or at or timezone.now()
        reason = dossier.handoffs.filter(kind="reject").order_by("-seq").values_list("note", flat=True).first()
        if reason and not permit.note:
            permit.note = reason
    elif permit.status == rules.WITHDRAWN:
        permit.decided_at = None
    else:
        permit.decided_at = None

    check = dossier.planning_checks.order_by("-checked_at", "-pk").first() if dossier.pk else None
    if check is not None:
        permit.planning_check = check
        permit.parcel_id = check.parcel_id
        permit.footprint = check.footprint
        permit.use, permit.floors, permit.height_m, permit.coverage_pct = check.use, check.floors, check.height_m, check.coverage_pct
    if permit.ward_id is None and dossier.area_id and dossier.area.valid_from >= dt.date(2025, 7, 1):
        permit.ward = dossier.area
    _measure(permit)
    locate_permit(permit)
    apply_deadlines(permit, dossier)
    if permit.status == rules.ISSUED:
        if not permit.number:
            permit.number = next_number(permit.decided_at.astimezone(LOCAL).year)
        if permit.valid_until is None:
            permit.valid_until = _add_months(permit.decided_at.astimezone(LOCAL).date(), rules.VALID_MONTHS)
    if created or _fields(permit) != before:
        permit.save()
    return permit


def _measure(permit) -> None:
    """Building footprint = plot area x coverage; floor area = footprint x floors."""
    from decimal import Decimal

    geom = _geometry(permit.footprint) or (_geometry(permit.parcel.geometry) if permit.parcel_id else None)
    area = _area_m2(geom)
    if area and permit.coverage_pct is not None:
        foot = Decimal(str(round(area * float(permit.coverage_pct) / 100.0, 2)))
        permit.footprint_m2 = foot
        if permit.floors:
            permit.floor_area_m2 = (foot * permit.floors).quantize(Decimal("0.01"))


def sync(*, at=None) -> dict:
    """Rebuilds the register from every construction-permit dossier."""
    from smartcity.onestop.models import Dossier

    counts = {"dossiers": 0, "permits": 0}
    qs = (Dossier.objects.filter(procedure__field__code="xay-dung").select_related("procedure__field", "procedure_version", "owner", "area")
          .order_by("received_at", "pk"))
    for d in qs.iterator():
        counts["dossiers"] += 1
        with transaction.atomic():
            if refresh_from_dossier(d, at=at) is not None:
                counts["permits"] += 1
    return counts


# -- decisions in the register ------------------------------------------------------------------
def _require(user, permit):
    from django.core.exceptions import PermissionDenied

    from smartcity.core.permissions import can_change

    if not can_change(user, permit):
        raise PermissionDenied("Only the Department of Construction decides on its permits.")


def _supplements(permit) -> int:
    return permit.dossier.supplements.count() if permit.dossier_id else 0


def issue(permit, user, *, number: str = "", valid_until: dt.date | None = None, at=None):
    """Issues the permit: its number (next of the year unless given) and the date it lapses
    if works have not started (12 months by default)."""
    _require(user, permit)
    verdict = rules.check_transition(permit.status, rules.ISSUED, supplements=_supplements(permit))
    if not verdict.ok:
        raise PermitError(verdict.code, verdict.message, "status")
    at = at or timezone.now()
    day = at.astimezone(LOCAL).date()
    permit.status, permit.decided_at = rules.ISSUED, at
    permit.number = (number or "").strip()[:40] or next_number(day.year)
    permit.valid_until = valid_until or _add_months(day, rules.VALID_MONTHS)
    permit.save()
    return permit


def refuse(permit, user, reason: str, *, at=None):
    """Refuses the permit, stating the reasons (art. 102)."""
    _require(user, permit)
    verdict = rules.check_transition(permit.status, rules.REFUSED, supplements=_supplements(permit), reason=reason)
    if not verdict.ok:
        raise PermitError(verdict.code, verdict.message, "reason" if verdict.code == "reason_required" else "status")
    permit.status, permit.decided_at, permit.note = rules.REFUSED, at or timezone.now(), reason.strip()
    permit.save()
    return permit


# -- reading ------------------------------------------------------------------------------------
def is_staff(user, permit_or_owner=None) -> bool:
    """Staff of the owning unit (Department of Construction) or the coordinator."""
    from smartcity.core.models import Organisation
    from smartcity.core.permissions import is_coordinator

    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if is_coordinator(user):
        return True
    if permit_or_owner is None:
        return bool(user.organisation_id) and Organisation.objects.filter(pk=user.organisation_id, code="DOC").exists()
    owner_id = getattr(permit_or_owner, "owner_id", getattr(permit_or_owner, "pk", permit_or_owner))
    return user.organisation_id == owner_id


def visible(user):
    from smartcity.core.permissions import visible as core_visible
    from smartcity.gis.models import Permit

    qs = Permit.objects.select_related("ward", "district", "dossier", "planning_check")
    return core_visible(qs, user)


def filter_permits(qs, params):
    """Filters of the register and the API: year, status, kind, ward and district (unit id),
    ward_code and district_code, q (number, works or address), bbox=minlon,minlat,maxlon,maxlat."""
    year = (params.get("year") or "").strip()
    if year.isdigit():
        y = int(year)
        start = dt.datetime(y, 1, 1, tzinfo=LOCAL)
        qs = qs.filter(received_at__gte=start, received_at__lt=start.replace(year=y + 1))
    status = (params.get("status") or "").strip()
    if status in rules.STATUSES:
        qs = qs.filter(status=status)
    kind = (params.get("kind") or "").strip()
    if kind:
        qs = qs.filter(kind=kind)
    for key in ("ward", "district"):
        value = (params.get(key) or "").strip()
        if value.isdigit():
            qs = qs.filter(**{f"{key}_id": int(value)})
        elif value:
            raise PermitError("bad_unit", f"{key} is the id of an administrative unit; use {key}_code for its code.", key)
        code = (params.get(f"{key}_code") or "").strip()
        if code:
            qs = qs.filter(**{f"{key}__code": code})
    q = (params.get("q") or "").strip()
    if q:
        qs = qs.filter(Q(number__icontains=q) | Q(address__icontains=q) | Q(project_name__icontains=q))
    bbox = (params.get("bbox") or "").strip()
    if bbox:
        try:
            x0, y0, x1, y1 = (float(v) for v in bbox.split(","))
        except ValueError:
            raise PermitError("bad_bbox", "bbox is minlon,minlat,maxlon,maxlat.", "bbox") from None
        qs = qs.filter(longitude__gte=x0, longitude__lte=x1, latitude__gte=y0, latitude__lte=y1)
    return qs


def _unit(u) -> dict | None:
    return None if u is None else {"id": u.pk, "code": u.code, "name": u.name_vi}


def _iso(v):
    return v.isoformat() if v is not None else None


def _num(v):
    return float(v) if v is not None else None


def as_dict(permit, *, full: bool, now=None) -> dict:
    """The permit for the API, the CSV and the map popups; personal data only when `full`."""
    from smartcity.gis.models import PermitKind, PermitStatus

    out = {
        "id": permit.pk, "number": permit.number, "kind": permit.kind, "kind_label": str(PermitKind(permit.kind).label),
        "status": permit.status, "status_label": str(PermitStatus(permit.status).label),
        "works": permit.project_name, "address": permit.address,
        "longitude": permit.longitude, "latitude": permit.latitude,
        "ward": _unit(permit.ward), "district": _unit(permit.district),
        "use": permit.use, "floors": permit.floors, "height_m": _num(permit.height_m),
        "footprint_m2": _num(permit.footprint_m2), "floor_area_m2": _num(permit.floor_area_m2),
        "coverage_pct": _num(permit.coverage_pct),
        "received_at": _iso(permit.received_at), "appraisal_due_at": _iso(permit.appraisal_due_at),
        "decision_due_at": _iso(permit.decision_due_at), "decided_at": _iso(permit.decided_at),
        "valid_until": _iso(permit.valid_until),
        "planning_result": permit.planning_check.result if permit.planning_check_id else None,
        "timeliness": decision_timeliness(permit, now),
    }
    if full:
        d = permit.dossier
        out.update({"dossier": d.code if d else None, "dossier_id": permit.dossier_id,
                    "applicant": d.applicant_name if d else None, "note": permit.note,
                    "planning_check_id": permit.planning_check_id})
    return out


def decision_timeliness(permit, now=None) -> str:
    return rules.timeliness(permit.decided_at if permit.status in rules.DECIDED else None, permit.decision_due_at,
                            now or timezone.now(), LOCAL) if permit.status != rules.WITHDRAWN else ""


def geojson(permits, *, full: bool) -> dict:
    now = timezone.now()
    feats = []
    for p in permits:
        if p.longitude is None or p.latitude is None:
            continue
        props = as_dict(p, full=full, now=now)
        feats.append({"type": "Feature", "id": p.pk, "geometry": {"type": "Point", "coordinates": [p.longitude, p.latitude]},
                      "properties": props})
    return {"type": "FeatureCollection", "features": feats}


def deadlines(permit, now=None) -> list[dict]:
    """The art. 102 steps of the permit with their due moments and lateness."""
    now = now or timezone.now()
    plan = apply_deadlines(permit)
    out = []
    for key in ("appraisal", "notice", "refusal", "decision"):
        d = plan.get(key)
        if d is None or not d.applies:
            continue
        step = rules.STEP.get(key)
        done = d.done_at
        if permit.status == rules.WITHDRAWN:
            state = ""
        else:
            state = rules.timeliness(done, d.due_at, now, LOCAL)
        out.append({"key": key, "name_vi": step.name_vi if step else "Quyết định cấp hoặc không cấp giấy phép",
                    "name_en": step.name_en if step else "Decision on the permit",
                    "days": step.days if step else None, "due_at": d.due_at, "done_at": done, "state": state})
    out.append({"stopped_days": plan["stopped_days"]})
    return out


# -- statistics ---------------------------------------------------------------------------------
def stats(year: int, user=None) -> dict:
    """Yearly statistics per new ward/commune and per former district: received, issued,
    refused, withdrawn, in progress, on-time rate, median working days, floor area."""
    from smartcity.onestop.services import calendar

    start = dt.datetime(year, 1, 1, tzinfo=LOCAL)
    qs = visible(user).filter(received_at__gte=start, received_at__lt=start.replace(year=year + 1))
    rows_ward, rows_district, rows_all, names = [], [], [], {}
    for p in qs:
        days = None
        on_time = None
        if p.status in rules.DECIDED and p.decided_at:
            days = round(calendar.working_days_between(p.received_at, p.decided_at), 2)
            on_time = p.decision_due_at is None or p.decided_at <= p.decision_due_at
        area = float(p.floor_area_m2 or 0)
        for group, unit, bucket in (("ward", p.ward, rows_ward), ("district", p.district, rows_district), ("all", None, rows_all)):
            key = unit.pk if unit else None
            if unit:
                names[(group, key)] = (unit.code, unit.name_vi)
            bucket.append(rules.StatRow(group=key, status=p.status, decided_on_time=on_time, working_days=days, floor_area_m2=area))

    def table(group, rows):
        out = []
        for key, fig in rules.group_summaries(rows).items():
            code, name = names.get((group, key), ("", ""))
            out.append({"id": key, "code": code, "name": name or None, **fig})
        out.sort(key=lambda r: (r["id"] is None, -r["received"], r["name"] or ""))
        return out

    return {"year": year, "total": rules.summarise(rows_all), "wards": table("ward", rows_ward),
            "districts": table("district", rows_district)}


def years(user=None) -> list[int]:
    qs = visible(user).values_list("received_at", flat=True)
    found = {v.astimezone(LOCAL).year for v in qs.order_by().distinct()[:5000]} if qs.exists() else set()
    return sorted(found or {timezone.now().astimezone(LOCAL).year}, reverse=True)

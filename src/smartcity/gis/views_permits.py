"""Pages of the construction permit register: the map and table (/gis/giay-phep/, with CSV
and Excel export), one permit with its art. 102 deadlines (/gis/giay-phep/<id>/), and the
yearly statistics per new ward/commune and per former district (/gis/giay-phep/thong-ke/).
Public visitors see published permits without personal data; the Department of
Construction sees everything."""
import csv
import io

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from smartcity.gis import permits as rules
from smartcity.gis.models import PermitKind, PermitStatus
from smartcity.gis.services import permits as service

TABLE_LIMIT = 300
MAP_LIMIT = 20000


def _options(user):
    from smartcity.core.models import AdministrativeUnit

    qs = service.visible(user)
    ward_ids = set(qs.exclude(ward=None).values_list("ward_id", flat=True).distinct())
    district_ids = set(qs.exclude(district=None).values_list("district_id", flat=True).distinct())
    return {
        "years": service.years(user),
        "statuses": [(s, PermitStatus(s).label, rules.COLOURS[s]) for s in rules.STATUSES],
        "kinds": PermitKind.choices,
        "wards": AdministrativeUnit.objects.filter(pk__in=ward_ids).order_by("name_vi"),
        "districts": AdministrativeUnit.objects.filter(pk__in=district_ids).order_by("name_vi"),
    }


def _boundaries():
    """Outlines of the former districts when no tile server is configured."""
    from smartcity.core import reference as ref
    from smartcity.core.models import AdminLevel, AdministrativeUnit

    out = []
    for u in AdministrativeUnit.objects.filter(level=AdminLevel.DISTRICT, valid_from__lt=ref.FIRST_DAY_NEW, geometry__isnull=False):
        out.append({"type": "Feature", "geometry": u.geometry, "properties": {"name": u.name_vi}})
    return {"type": "FeatureCollection", "features": out}


EXPORT_COLUMNS = [("number", "Permit number"), ("status_label", "Status"), ("kind_label", "Kind"), ("works", "Works"),
                  ("address", "Address"), ("ward", "Ward or commune"), ("district", "Former district"),
                  ("received_at", "Received at"), ("decision_due_at", "Decision due"), ("decided_at", "Decided at"),
                  ("timeliness", "Timeliness"), ("valid_until", "Valid until"), ("floors", "Floors"),
                  ("floor_area_m2", "Total floor area (m²)"), ("longitude", "Longitude"), ("latitude", "Latitude")]
STAFF_COLUMNS = [("dossier", "Dossier"), ("applicant", "Applicant")]


def _cell(row, key):
    value = row.get(key)
    if isinstance(value, dict):
        return value.get("name") or ""
    return "" if value is None else value


def _export(permits, full, fmt):
    cols = EXPORT_COLUMNS + (STAFF_COLUMNS if full else [])
    now = timezone.now()
    rows = [service.as_dict(p, full=full, now=now) for p in permits]
    header = [_(label) for _k, label in cols]
    stamp = timezone.localtime(now).strftime("%Y%m%d")
    if fmt == "xlsx":
        from openpyxl import Workbook
        from openpyxl.styles import Font

        wb = Workbook()
        ws = wb.active
        ws.title = _("Permits")[:31]
        ws.append(header)
        for c in ws[1]:
            c.font = Font(bold=True)
        for r in rows:
            ws.append([_cell(r, k) for k, _label in cols])
        buf = io.BytesIO()
        wb.save(buf)
        resp = HttpResponse(buf.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        resp["Content-Disposition"] = f'attachment; filename="giay-phep-xay-dung-{stamp}.xlsx"'
        return resp
    out = io.StringIO()
    out.write("\ufeff")  # Excel opens UTF-8 with a BOM
    w = csv.writer(out)
    w.writerow(header)
    for r in rows:
        w.writerow([_cell(r, k) for k, _label in cols])
    resp = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    resp["Content-Disposition"] = f'attachment; filename="giay-phep-xay-dung-{stamp}.csv"'
    return resp


def permit_list(request):
    user = request.user
    full = service.is_staff(user)
    try:
        qs = service.filter_permits(service.visible(user), request.GET)
    except service.PermitError:
        qs = service.visible(user).none()
    qs = qs.order_by("-received_at", "pk")
    fmt = request.GET.get("export")
    if fmt in ("csv", "xlsx"):
        return _export(qs, full, fmt)
    now = timezone.now()
    points = [{"id": p["id"], "lon": p["longitude"], "lat": p["latitude"], "s": p["status"], "n": p["number"],
               "w": p["works"], "a": p["address"], "st": p["status_label"]}
              for p in (service.as_dict(x, full=False, now=now) for x in qs.exclude(longitude=None)[:MAP_LIMIT])]
    total = qs.count()
    rows = list(qs[:TABLE_LIMIT])
    for p in rows:
        p.timeliness_state = service.decision_timeliness(p, now)
    query = request.GET.copy()
    query.pop("export", None)
    return render(request, "gis/permits.html", {
        "rows": rows, "total": total, "shown": len(rows), "full": full, "points": points,
        "colours": rules.COLOURS, "filters": request.GET, "options": _options(user), "query": query.urlencode(),
        "tiles": getattr(settings, "SMARTCITY_MAP_TILES", ""), "attribution": getattr(settings, "SMARTCITY_MAP_ATTRIBUTION", ""),
        "boundaries": _boundaries() if not getattr(settings, "SMARTCITY_MAP_TILES", "") else None,
    })


def permit_detail(request, pk):
    user = request.user
    permit = service.visible(user).filter(pk=pk).first()
    if permit is None:
        raise Http404(_("No such permit."))
    full = service.is_staff(user, permit)
    now = timezone.now()
    steps = service.deadlines(permit, now)
    stopped = steps.pop()["stopped_days"]
    evidence = None
    if full and permit.planning_check_id and permit.planning_check.document_id:
        evidence = permit.planning_check.document
    return render(request, "gis/permits_detail.html", {
        "p": permit, "full": full, "steps": steps, "stopped": stopped, "evidence": evidence,
        "timeliness": service.decision_timeliness(permit, now), "colour": rules.COLOURS[permit.status],
    })


# -- statistics ---------------------------------------------------------------------------------
def _bars(rows, width=720, bar_h=18, gap=8, x0=230):
    """Stacked horizontal bars per unit (issued, refused, in progress, withdrawn), like the
    one-stop report charts: plain SVG computed here."""
    rows = [r for r in rows if r["received"]]
    top = max((r["received"] for r in rows), default=0)
    span = width - x0 - 60
    bars = []
    for i, r in enumerate(rows):
        y = 10 + i * (bar_h + gap)
        x = x0
        parts = []
        for key, status in (("issued", rules.ISSUED), ("refused", rules.REFUSED), ("in_progress", rules.APPRAISAL),
                            ("withdrawn", rules.WITHDRAWN)):
            n = r[key]
            if not n:
                continue
            w = round(span * n / top, 1) if top else 0
            parts.append({"x": x, "w": w, "n": n, "colour": rules.COLOURS[status], "key": key})
            x += w
        label = r["name"] or _("not located")
        bars.append({"y": y, "ty": y + bar_h - 5, "label": label[:32], "full": label, "parts": parts, "end": round(x + 6, 1),
                     "value": r["received"], "code": r["code"] or "none"})
    return {"w": width, "h": 20 + len(bars) * (bar_h + gap), "x0": x0, "bar_h": bar_h, "bars": bars}


def permit_stats(request):
    user = request.user
    years = service.years(user)
    try:
        year = int(request.GET.get("year") or years[0])
    except ValueError:
        year = years[0]
    data = service.stats(year, user)
    return render(request, "gis/permits_stats.html", {
        "data": data, "year": year, "years": sorted(set(years) | {year}, reverse=True),
        "ward_chart": _bars(data["wards"]), "district_chart": _bars(data["districts"]),
        "colours": rules.COLOURS,
    })

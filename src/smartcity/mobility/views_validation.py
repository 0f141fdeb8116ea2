"""The validation report page of a GTFS feed version: each notice code stored at import
(MobilityData's codes) with its severity, description, count and sample rows, a bar chart
of counts by severity, and the same report as JSON (`?format=json`, report.json shape).

Readable by logged-in users who may read the feed (published, or of their organisation)."""
import re

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from smartcity.core.permissions import visible
from smartcity.mobility.gtfs import notices as N
from smartcity.mobility.models import Feed, ValidationNotice

COLOURS = {N.ERROR: "#c0392b", N.WARNING: "#d68910", N.INFO: "#2471a3"}


def _labels() -> dict[str, str]:
    return {N.ERROR: _("Errors"), N.WARNING: _("Warnings"), N.INFO: _("Information")}


def _badges() -> dict[str, str]:
    return {N.ERROR: _("Error"), N.WARNING: _("Warning"), N.INFO: _("Info")}


def stored_report(feed: Feed, rows: list[ValidationNotice]) -> dict:
    """The stored notices of a version as a report.json-shaped document."""
    counts = {s: sum(n.count for n in rows if n.severity == s) for s in N.SEVERITIES}
    files = feed.files or {}
    return {
        "summary": {
            "validatorVersion": "smartcity-gtfs",
            "validatedAt": feed.validated_at.isoformat() if feed.validated_at else None,
            "gtfsInput": feed.source_name,
            "feed": {"id": feed.pk, "name": feed.name, "version": feed.version, "owner": feed.owner.code,
                     "status": feed.status, "sha256": feed.sha256},
            "feedServiceWindowStart": feed.start_date.isoformat() if feed.start_date else "",
            "feedServiceWindowEnd": feed.end_date.isoformat() if feed.end_date else "",
            "files": sorted(files),
            "counts": {label: (files.get(f"{name}.txt") or {}).get("rows", 0) for label, name in (
                ("Agencies", "agency"), ("Routes", "routes"), ("Trips", "trips"), ("Stops", "stops"),
                ("Shapes", "shapes"))},
            "noticeCounts": counts,
        },
        "notices": [{"code": n.code, "severity": n.severity, "totalNotices": n.count,
                     "sampleNotices": list(n.samples or [])} for n in rows],
    }


def _cell(value) -> str:
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    if value is None:
        return "–"
    return str(value)


def _sample_table(samples: list[dict]) -> tuple[list[str], list[list[str]]]:
    columns: list[str] = []
    for s in samples:
        for k in s:
            if k not in columns:
                columns.append(k)
    return columns, [[_cell(s.get(c)) for c in columns] for s in samples]


def _bars(counts: dict[str, int], w=420, h=170, pad=26) -> dict:
    """SVG geometry of the notice counts by severity (our own small bar chart)."""
    top = max(counts.values()) or 1
    labels, slot = _labels(), (w - 2 * pad) / len(N.SEVERITIES)
    bars = []
    for k, sev in enumerate(N.SEVERITIES):
        n = counts[sev]
        bh = 0 if not n else max(2.0, (h - 2 * pad) * n / top)
        x = pad + k * slot + slot * 0.2
        bars.append({"severity": sev, "label": labels[sev], "n": n, "x": round(x, 1), "w": round(slot * 0.6, 1),
                     "y": round(h - pad - bh, 1), "h": round(bh, 1), "cx": round(x + slot * 0.3, 1),
                     "ty": round(h - pad - bh - 5, 1), "colour": COLOURS[sev]})
    return {"w": w, "h": h, "base": h - pad, "label_y": h - 8, "bars": bars}


@login_required
def feed_validation(request, pk):
    feed = get_object_or_404(visible(Feed.objects.select_related("owner"), request.user), pk=pk)
    rows = sorted(ValidationNotice.objects.filter(feed=feed), key=lambda n: N.sort_key(n.code, n.severity))
    report = stored_report(feed, rows)
    if request.GET.get("format") == "json":
        resp = JsonResponse(report, json_dumps_params={"ensure_ascii": False, "indent": 2})
        slug = re.sub(r"[^A-Za-z0-9_.-]+", "-", feed.name).strip("-") or "feed"
        resp["Content-Disposition"] = f'attachment; filename="{slug}-v{feed.version}-validation.json"'
        return resp
    labels, badges = _labels(), _badges()
    notices = []
    for n in rows:
        columns, samples = _sample_table(list(n.samples or []))
        notices.append({"code": n.code, "severity": n.severity, "severity_label": badges.get(n.severity, n.severity),
                        "count": n.count, "description": _(N.description(n.code)), "columns": columns,
                        "samples": samples, "colour": COLOURS.get(n.severity, "#555")})
    counts = report["summary"]["noticeCounts"]
    return render(request, "mobility/feed_validation.html", {
        "feed": feed, "notices": notices, "chart": _bars(counts),
        "stats": [(s, labels[s], counts[s], COLOURS[s]) for s in N.SEVERITIES],
        "codes": len(rows), "blocking": counts[N.ERROR] > 0,
    })

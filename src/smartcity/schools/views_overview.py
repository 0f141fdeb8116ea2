"""Province overview (home of the module) and the report of a school year: KPIs, charts by
district and by area, a map of schools coloured by result; the report as a page, Excel and
PDF. Readable by anyone: drafts and submissions count only for those allowed to see them."""
from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from smartcity.schools import charts, report, scoring, services
from smartcity.schools.models import Assessment, State


def _year(request, year: str | None = None) -> str:
    year = year or request.GET.get("year") or services.current_school_year()
    try:
        scoring.parse_school_year(year)
    except scoring.ScoreError:
        raise Http404 from None
    return year


def _english() -> bool:
    return (get_language() or "vi").startswith("en")


def map_points(data) -> list[dict]:
    pass_total = data["set"].pass_total if data["set"] else 80.0
    labels = {s.value: str(s.label) for s in State}
    out = []
    for r in data["rows"]:
        s = r["school"]
        if s.latitude is None:
            continue
        if r["recognised"] is True:
            colour = "recognised"
        elif r["recognised"] is False:
            colour = "not_yet"
        elif r["state"]:
            colour = "in_progress"
        else:
            colour = "none"
        out.append({"code": s.code, "name": s.name, "lat": s.latitude, "lon": s.longitude, "district": s.district_name,
                    "ward": s.unit.name if s.unit_id else "", "pupils": s.pupils, "colour": colour,
                    "state": labels.get(r["state"], _("Not started")) if r["state"] else _("Not started"),
                    "total": r["total"], "band": scoring.band(r["total"], pass_total),
                    "url": f"/schools/s/{s.code}/"})
    return out


def _default_year(request) -> str:
    """The present school year for those who see drafts; for the public the latest year with
    published results (the present one shows nothing public until decisions are made)."""
    current = services.current_school_year()
    if services.sees_all(request.user) or services.member_school_ids(request.user):
        return current
    latest = Assessment.objects.filter(published=True).order_by("-school_year").values_list("school_year", flat=True).first()
    return latest or current


def overview(request):
    year = _year(request, None if request.GET.get("year") else _default_year(request))
    data = services.year_rows(year, request.user)
    years = services.school_years()
    groups = data["groups"]
    short = [charts.short(g.name, 16) for g in groups]
    district_chart = charts.bars(
        [d["district"] for d in data["districts"]],
        [(_("Mean total (%)"), [d["mean_total"] for d in data["districts"]]),
         (_("Share recognised (%)"), [d["share_recognised"] for d in data["districts"]])],
        unit="%", width=760, height=280, title=_("By district (former), %(year)s") % {"year": year})
    # province means by area, this year and the previous ones
    trend_series = []
    for y in years[-3:]:
        d = data if y == year else services.year_rows(y, request.user)
        trend_series.append((y, [scoring.mean_or_none(r["groups"].get(g.code) for r in d["rows"] if r["groups"]) for g in groups]))
    area_chart = charts.bars(short, trend_series, unit="%", width=760, height=280,
                             title=_("Mean score by area, year over year"))
    legend = {"recognised": _("Recognised"), "not_yet": _("Not yet recognised"), "in_progress": _("Assessment in progress"),
              "none": _("Not started")}
    cfg = {"schools": map_points(data), "tiles": settings.SMARTCITY_MAP_TILES,
           "attribution": getattr(settings, "SMARTCITY_MAP_ATTRIBUTION", ""), "legend": legend,
           "labels": {"total": _("Score"), "pupils": _("Pupils"), "open": _("Open the school's page")}}
    if not settings.SMARTCITY_MAP_TILES:
        from smartcity.hub.views import _context_units

        cfg["units"] = _context_units()
    return render(request, "schools/overview.html", {
        "year": year, "years": years, "data": data, "district_chart": district_chart, "area_chart": area_chart,
        "cfg": cfg, "legend": legend, "may_edit": services.sees_all(request.user),
        "my_schools": services.member_school_ids(request.user)})


def report_page(request, year):
    year = _year(request, year)
    data = services.year_rows(year, request.user)
    return render(request, "schools/report.html", {"year": year, "years": services.school_years(), "data": data,
                                                   "header": report.header(data)})


def report_xlsx(request, year):
    year = _year(request, year)
    body = report.xlsx(services.year_rows(year, request.user))
    resp = HttpResponse(body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    resp["Content-Disposition"] = f'attachment; filename="truong-tieu-hoc-tien-tien-hien-dai-{year}.xlsx"'
    return resp


def report_pdf(request, year):
    year = _year(request, year)
    body = report.pdf(services.year_rows(year, request.user))
    resp = HttpResponse(body, content_type="application/pdf")
    resp["Content-Disposition"] = f'attachment; filename="truong-tieu-hoc-tien-tien-hien-dai-{year}.pdf"'
    return resp

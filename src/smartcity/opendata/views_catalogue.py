"""Public pages of the catalogue: the home page with search (diacritics-insensitive) and
facets (publisher, theme, format, licence), and the dataset page with its resources,
previews (the first rows of a table, a small map of a GeoJSON file), download counts and
links to the DCAT and CKAN representations."""
from itertools import islice

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from smartcity.core.models import Organisation
from smartcity.opendata import services
from smartcity.opendata.links import download_url
from smartcity.opendata.models import Format, Licence, Theme

PREVIEW_ROWS = 10
# page parameter -> facet of services.search
PARAMS = (("publisher", "organization"), ("theme", "groups"), ("format", "res_format"), ("licence", "license_id"))


def _english() -> bool:
    return (get_language() or "vi").startswith("en")


def _facet_labels() -> dict:
    orgs = {o.code.lower(): (o.name_en if _english() and o.name_en else o.name_vi) for o in Organisation.objects.all()}
    return {"organization": orgs, "groups": {c.lower(): str(label) for c, label in Theme.choices},
            "res_format": {c: str(label) for c, label in Format.choices},
            "license_id": {lic.code: lic.title for lic in Licence.objects.all()}}


def home(request):
    q = (request.GET.get("q") or "").strip()
    chosen = {param: [v for v in request.GET.getlist(param) if v] for param, _facet in PARAMS}
    filters = {facet: chosen[param] for param, facet in PARAMS if chosen[param]}
    items = services.search(q, filters, request.GET.get("sort") or "title asc")
    counts = services.facets(items, [f for _p, f in PARAMS])
    labels = _facet_labels()
    titles = {"publisher": _("Publisher"), "theme": _("Theme"), "format": _("Format"), "licence": _("Licence")}
    facets = []
    for param, facet in PARAMS:
        options = [{"value": v, "label": labels[facet].get(v, v), "count": n, "chosen": v in chosen[param]}
                   for v, n in sorted(counts[facet].items(), key=lambda kv: (-kv[1], kv[0]))]
        facets.append({"param": param, "title": titles[param], "options": options})
    totals = services.download_totals()
    for ds in items:
        ds.download_total = sum(totals.get(r.pk, 0) for r in ds.resources.all())
        ds.formats = sorted({r.format for r in ds.resources.all()})
    return render(request, "opendata/home.html", {
        "items": items, "q": q, "facets": facets, "chosen": chosen, "count": len(items),
        "total": services.published().count(),
    })


def dataset(request, slug):
    ds = services.published().filter(slug=slug).first()
    if ds is None:
        raise Http404
    resources = list(ds.resources.all())
    totals = services.download_totals([r.pk for r in resources])
    preview = None
    geo = None
    for r in resources:
        r.download_total = totals.get(r.pk, 0)
        r.href = download_url(r)
        if preview is None and r.tabular:
            try:
                fields, rows = services.records(r)
                preview = {"resource": r, "fields": [f.id for f in fields],
                           "rows": [[row.get(f.id) for f in fields] for row in islice(rows, PREVIEW_ROWS)]}
            except services.NotGenerated:
                pass
        if geo is None and r.format == "GeoJSON" and r.generator:
            geo = r
    map_data = None
    if geo is not None:
        from smartcity.environment.views_public import _context_units

        map_data = {"url": reverse("opendata-preview-geojson", args=[geo.uuid]), "tiles": settings.SMARTCITY_MAP_TILES,
                    "attribution": getattr(settings, "SMARTCITY_MAP_ATTRIBUTION", ""), "units": _context_units()}
    return render(request, "opendata/dataset.html", {
        "ds": ds, "resources": resources, "preview": preview, "map_data": map_data, "geo": geo,
        "download_total": sum(totals.values()),
        "ckan_url": reverse("api-opendata-ckan-action", args=["package_show"]) + f"?id={ds.slug}",
        "ttl_url": reverse("api-opendata-dataset-ttl", args=[ds.slug]),
        "jsonld_url": reverse("api-opendata-dataset-jsonld", args=[ds.slug]),
        "landing": ds.landing_page,
    })

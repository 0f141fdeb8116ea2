"""The catalogue in DCAT-AP under /api/opendata/ (route names `api-opendata-...`):

    GET catalog                 content negotiation: text/turtle or application/ld+json (default)
    GET catalog.ttl | .jsonld   the whole catalogue, explicit format
    GET datasets                JSON list of published datasets (CKAN package dicts)
    GET datasets/<slug>         one dataset, negotiated; .ttl / .jsonld explicit
    GET resources/<uuid>        one distribution (CKAN resource dict)
    GET organizations/<code>    one publisher (CKAN organization dict)

Only published datasets appear; rate limits and keys as for the CKAN API.
"""
import hashlib

from django.http import HttpResponse, JsonResponse
from django.urls import path

from smartcity.core.api.errors import json_error
from smartcity.opendata import dcat, services
from smartcity.opendata.access import guarded
from smartcity.opendata.api.ckan import _base, org_dict, package_dict, resource_dict
from smartcity.opendata.models import Dataset, Resource

TYPES = {"ttl": "text/turtle; charset=utf-8", "jsonld": "application/ld+json; charset=utf-8"}


def negotiate(request, explicit: str | None = None) -> str:
    if explicit:
        return explicit
    fmt = (request.GET.get("format") or "").lower()
    if fmt in ("ttl", "turtle"):
        return "ttl"
    if fmt in ("jsonld", "json-ld"):
        return "jsonld"
    accept = request.META.get("HTTP_ACCEPT", "")
    if "text/turtle" in accept or "application/x-turtle" in accept:
        return "ttl"
    return "jsonld"


def _rdf(graph, fmt: str, name: str) -> HttpResponse:
    response = HttpResponse(dcat.serialise(graph, fmt), content_type=TYPES[fmt])
    response["Content-Disposition"] = f'inline; filename="{name}.{fmt}"'
    response["Vary"] = "Accept"
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _catalogue_text(base: str, fmt: str) -> str:
    """The serialised catalogue, kept in the cache for 5 minutes under a key that changes
    with any dataset or file change (harvesters fetch it often; a build takes ~0.2 s)."""
    from django.core.cache import cache
    from django.db.models import Count, Max

    agg = Dataset.objects.filter(published=True).aggregate(n=Count("id"), d=Max("updated_at"), r=Max("resources__last_modified"),
                                                            c=Max("resources__created_at"))
    key = "opendata:dcat:" + hashlib.sha256(f"{base}|{fmt}|{agg}".encode()).hexdigest()[:32]
    text = cache.get(key)
    if text is None:
        text = dcat.serialise(dcat.catalogue_graph(list(services.published().order_by("slug")), base), fmt)
        cache.set(key, text, timeout=300)
    return text


@guarded()
def catalog(request, fmt=None):
    fmt = negotiate(request, fmt)
    response = HttpResponse(_catalogue_text(_base(request), fmt), content_type=TYPES[fmt])
    response["Content-Disposition"] = f'inline; filename="catalog.{fmt}"'
    response["Vary"] = "Accept"
    response["Access-Control-Allow-Origin"] = "*"
    return response


@guarded()
def dataset(request, slug, fmt=None):
    ds = services.published().filter(slug=slug).first()
    if ds is None:
        return json_error(404, "not_found", "No published dataset has this name.")
    fmt = negotiate(request, fmt)
    return _rdf(dcat.dataset_graph(ds, _base(request)), fmt, slug)


@guarded()
def dataset_list(request):
    base = _base(request)
    items = list(services.published().order_by("slug"))
    return JsonResponse({"count": len(items), "results": [package_dict(d, base) for d in items]}, json_dumps_params={"ensure_ascii": False})


@guarded()
def resource(request, uuid):
    r = Resource.objects.select_related("dataset").filter(uuid=uuid, dataset__published=True).first()
    if r is None:
        return json_error(404, "not_found", "No published resource has this id.")
    return JsonResponse(resource_dict(r, r.dataset, _base(request), services.download_totals([r.pk])), json_dumps_params={"ensure_ascii": False})


@guarded()
def organization(request, code):
    ds = services.published().filter(owner__code__iexact=code)
    first = ds.first()
    if first is None:
        return json_error(404, "not_found", "This organisation publishes no dataset.")
    return JsonResponse(org_dict(first.owner, ds.count()), json_dumps_params={"ensure_ascii": False})


urlpatterns = [
    path("catalog", catalog, name="api-opendata-catalog"),
    path("catalog.ttl", catalog, {"fmt": "ttl"}, name="api-opendata-catalog-ttl"),
    path("catalog.jsonld", catalog, {"fmt": "jsonld"}, name="api-opendata-catalog-jsonld"),
    path("datasets", dataset_list, name="api-opendata-datasets"),
    path("datasets/<slug:slug>.ttl", dataset, {"fmt": "ttl"}, name="api-opendata-dataset-ttl"),
    path("datasets/<slug:slug>.jsonld", dataset, {"fmt": "jsonld"}, name="api-opendata-dataset-jsonld"),
    path("datasets/<slug:slug>", dataset, name="api-opendata-dataset"),
    path("resources/<uuid:uuid>", resource, name="api-opendata-resource"),
    path("organizations/<str:code>", organization, name="api-opendata-organization"),
]

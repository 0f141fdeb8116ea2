"""CKAN's action API (2.9/2.10 shapes) under /api/3/action/, so CKAN clients (ckanapi,
CKAN harvesters, DCAT harvesters) read the catalogue unchanged.

Every answer is `{"help", "success", "result"}`; errors are `{"help", "success": false,
"error": {"__type", "message"}}` with CKAN's statuses: 400 unknown action or bad JSON,
403 Authorization Error (bad or revoked key), 404 Not Found Error, 409 Validation Error,
429 when over the rate limit (with Retry-After). GET (query string) and POST (JSON or form)
both work. Read-only: write actions answer 403.
"""
from __future__ import annotations

import json

from django.http import JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from smartcity.opendata import ckanquery, services
from smartcity.opendata.access import ckan_error, guarded, help_url
from smartcity.opendata.links import absolute, download_url
from smartcity.opendata.models import Dataset, Resource

CKAN_VERSION = "2.10.4"


class ActionError(Exception):
    def __init__(self, status: int, kind: str, message: str = "", **fields):
        super().__init__(message)
        self.status, self.kind, self.message, self.fields = status, kind, message, fields


def not_found(what: str) -> ActionError:
    return ActionError(404, "Not Found Error", f"Not found: {what}")


def invalid(**fields) -> ActionError:
    return ActionError(409, "Validation Error", "", **fields)


def _base(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _iso(value) -> str | None:
    return value.replace(tzinfo=None).isoformat() if value else None


# -- dictionaries ------------------------------------------------------------------------------------
def org_dict(org, count: int | None = None) -> dict:
    out = {"id": org.code.lower(), "name": org.code.lower(), "title": org.name_vi, "display_name": org.name_vi,
           "title_en": org.name_en, "description": org.plan_role, "image_url": "", "created": None, "is_organization": True,
           "approval_status": "approved", "state": "active", "type": "organization"}
    if count is not None:
        out["package_count"] = count
    return out


def resource_dict(r: Resource, ds: Dataset, base: str, totals: dict) -> dict:
    return {"id": str(r.uuid), "package_id": str(ds.uuid), "name": r.title_vi, "name_en": r.title_en, "description": r.description,
            "format": r.format, "mimetype": r.media_type, "url": absolute(base, download_url(r)), "size": r.byte_size,
            "last_modified": _iso(r.last_modified), "created": _iso(r.created_at), "metadata_modified": _iso(r.last_modified or r.created_at),
            "position": r.position, "state": "active", "url_type": "upload" if r.generator else None, "hash": "",
            "datastore_active": r.tabular, "downloads": totals.get(r.pk, 0), "cache_url": None, "resource_type": None}


def package_dict(ds: Dataset, base: str, totals: dict | None = None) -> dict:
    resources = list(ds.resources.all())
    totals = services.download_totals([r.pk for r in resources]) if totals is None else totals
    tags = [{"id": t, "name": t, "display_name": t, "state": "active", "vocabulary_id": None} for t in ds.keywords or []]
    extras = {"theme": f"http://publications.europa.eu/resource/authority/data-theme/{ds.theme}", "frequency": ds.frequency,
              "spatial_text": ds.spatial, "temporal_start": ds.temporal_start.isoformat() if ds.temporal_start else "",
              "temporal_end": ds.temporal_end.isoformat() if ds.temporal_end else "", "title_en": ds.title_en,
              "notes_en": ds.description_en, "language": "vi,en", "issued": _iso(ds.issued) or "",
              "modified": _iso(ds.modified) or "", "contact_name": ds.contact_name, "contact_email": ds.contact_email,
              "dcat_turtle": f"{base}/api/opendata/datasets/{ds.slug}.ttl", "dcat_jsonld": f"{base}/api/opendata/datasets/{ds.slug}.jsonld"}
    return {
        "id": str(ds.uuid), "name": ds.slug, "title": ds.title_vi, "notes": ds.description_vi, "type": "dataset", "state": "active",
        "private": False, "author": ds.owner.name_vi, "author_email": ds.owner.email or None,
        "maintainer": ds.contact_name or ds.owner.name_vi, "maintainer_email": ds.contact_email or ds.owner.email or None,
        "license_id": ds.licence.code, "license_title": ds.licence.title, "license_url": ds.licence.url, "isopen": ds.licence.open,
        "metadata_created": _iso(ds.created_at), "metadata_modified": _iso(ds.updated_at), "url": ds.landing_page and absolute(base, ds.landing_page),
        "version": None, "owner_org": ds.owner.code.lower(), "organization": org_dict(ds.owner),
        "num_resources": len(resources), "num_tags": len(tags), "tags": tags,
        "groups": [{"name": ds.theme.lower(), "title": ds.get_theme_display(), "display_name": ds.get_theme_display()}],
        "resources": [resource_dict(r, ds, base, totals) for r in resources],
        "extras": [{"key": k, "value": v} for k, v in extras.items()],
        "relationships_as_object": [], "relationships_as_subject": [],
    }


# -- parameters ---------------------------------------------------------------------------------------
def params(request) -> dict:
    if request.method == "POST":
        if request.content_type == "application/json" or request.body[:1] in (b"{", b"["):
            try:
                data = json.loads(request.body or b"{}")
            except ValueError:
                raise ActionError(400, "Bad Request", "Bad request - JSON Error: the body is not valid JSON") from None
            if not isinstance(data, dict):
                raise ActionError(400, "Bad Request", "Bad request - JSON Error: not a JSON object")
            return data
        return {k: request.POST.get(k) for k in request.POST}
    return {k: request.GET.get(k) for k in request.GET}


def _int(data, name, default, low, high):
    try:
        return ckanquery.bounded_int(data.get(name), default, low, high)
    except (TypeError, ValueError):
        raise invalid(**{name: ["Invalid integer"]}) from None


def _json_value(value, name):
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            raise invalid(**{name: ["Cannot parse JSON"]}) from None
    return value


def _bool(value) -> bool:
    return value is True or str(value).lower() in ("true", "1", "yes", "on")


# -- actions -----------------------------------------------------------------------------------------
def package_list(request, data):
    """Names of the published datasets (limit, offset)."""
    limit = data.get("limit")
    names = [d.slug for d in services.published().order_by("slug")]
    offset = _int(data, "offset", 0, 0, 10 ** 9)
    return names[offset:offset + _int(data, "limit", len(names), 0, 10 ** 9)] if limit or offset else names


def _find_dataset(key) -> Dataset:
    if not key:
        raise invalid(id=["Missing value"])
    qs = services.published()
    ds = qs.filter(slug=str(key)).first()
    if ds is None:
        try:
            ds = qs.filter(uuid=str(key)).first()
        except Exception:  # noqa: BLE001 - not a UUID
            ds = None
    if ds is None:
        raise not_found("Dataset")
    return ds


def package_show(request, data):
    """One published dataset by id (UUID) or name."""
    return package_dict(_find_dataset(data.get("id") or data.get("name_or_id")), _base(request))


def package_search(request, data):
    """Search: q, fq (organization:, tags:, res_format:, license_id:, groups:), rows, start, sort, facet.field."""
    words, filters = ckanquery.parse(data.get("q") or "")
    fq = data.get("fq") or ""
    if isinstance(fq, list):
        fq = " ".join(fq)
    more_words, fq_fields = ckanquery.parse(fq)
    for k, v in fq_fields.items():
        filters.setdefault(k, []).extend(v)
    names = filters.pop("name", None)
    rows = _int(data, "rows", 10, 0, 1000)
    start = _int(data, "start", 0, 0, 10 ** 9)
    sort = data.get("sort") or "score desc, metadata_modified desc"
    items = services.search(" ".join(words + more_words), filters, sort)
    if names:
        items = [d for d in items if d.slug in names]
    facet_fields = _json_value(data.get("facet.field"), "facet.field") or []
    if not isinstance(facet_fields, list):
        raise invalid(**{"facet.field": ["Must be a list"]})
    limit = _int(data, "facet.limit", 50, -1, 10 ** 6)
    found = services.facets(items, [f for f in facet_fields if f in services.FACETS])
    search_facets = {}
    for name, counts in found.items():
        ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        if limit >= 0:
            ordered = ordered[:limit]
        search_facets[name] = {"title": name, "items": [{"name": k, "display_name": k, "count": n} for k, n in ordered]}
    base = _base(request)
    page = items[start:start + rows]
    totals = services.download_totals([r.pk for d in page for r in d.resources.all()])
    return {"count": len(items), "sort": sort, "results": [package_dict(d, base, totals) for d in page],
            "facets": {k: dict(v) for k, v in found.items()}, "search_facets": search_facets}


def resource_show(request, data):
    """One resource of a published dataset by id."""
    key = data.get("id")
    if not key:
        raise invalid(id=["Missing value"])
    try:
        r = Resource.objects.select_related("dataset").filter(uuid=str(key), dataset__published=True).first()
    except Exception:  # noqa: BLE001 - not a UUID
        r = None
    if r is None:
        raise not_found("Resource")
    return resource_dict(r, r.dataset, _base(request), services.download_totals([r.pk]))


def _org_counts() -> dict:
    counts = {}
    for ds in services.published():
        counts[ds.owner] = counts.get(ds.owner, 0) + 1
    return counts


def organization_list(request, data):
    """Publishers of published datasets (all_fields, sort)."""
    counts = _org_counts()
    orgs = sorted(counts, key=lambda o: o.code)
    sort = (data.get("sort") or "name asc").lower()
    if sort.startswith("package_count"):
        orgs.sort(key=lambda o: counts[o], reverse="desc" in sort)
    elif "desc" in sort:
        orgs.reverse()
    if _bool(data.get("all_fields")):
        return [org_dict(o, counts[o]) for o in orgs]
    return [o.code.lower() for o in orgs]


def organization_show(request, data):
    """One publisher by name (include_datasets)."""
    key = str(data.get("id") or "").lower()
    if not key:
        raise invalid(id=["Missing value"])
    counts = _org_counts()
    org = next((o for o in counts if o.code.lower() == key), None)
    if org is None:
        raise not_found("Organization")
    out = org_dict(org, counts[org])
    if _bool(data.get("include_datasets", False)):
        base = _base(request)
        out["packages"] = [package_dict(d, base) for d in services.published().filter(owner=org).order_by("slug")]
    return out


def tag_list(request, data):
    """Keywords of the published datasets (query)."""
    tags = sorted({t for d in services.published() for t in d.keywords or []}, key=str.lower)
    query = (data.get("query") or "").lower()
    if query:
        tags = [t for t in tags if query in t.lower()]
    return tags


def status_show(request, data):
    """Site and API version."""
    return {"site_title": "Dữ liệu mở Thành phố thông minh Bình Dương", "site_description": "Binh Duong Smart City open data",
            "site_url": _base(request), "ckan_version": CKAN_VERSION, "error_emails_to": None, "locale_default": "vi",
            "extensions": ["datastore", "dcat"]}


def license_list(request, data):
    """Licences of the catalogue."""
    return [{"id": lic.code, "title": lic.title, "url": lic.url, "od_conformance": "approved" if lic.open else "not reviewed",
             "status": "active"} for lic in services.ensure_licences().values()]


def datastore_search(request, data):
    """Rows of a tabular resource: resource_id, q, filters, limit, offset, fields, sort."""
    key = data.get("resource_id") or data.get("id")
    if not key:
        raise invalid(resource_id=["Missing value"])
    try:
        r = Resource.objects.select_related("dataset").filter(uuid=str(key), dataset__published=True, tabular=True).first()
    except Exception:  # noqa: BLE001
        r = None
    if r is None:
        raise ActionError(404, "Not Found Error", f'Resource "{key}" was not found.')
    limit = _int(data, "limit", 100, 0, 32000)
    offset = _int(data, "offset", 0, 0, 10 ** 9)
    filters = _json_value(data.get("filters"), "filters") or {}
    if not isinstance(filters, dict):
        raise invalid(filters=["Must be a JSON object"])
    fields = data.get("fields")
    if isinstance(fields, str):
        fields = [f.strip() for f in fields.split(",") if f.strip()]
    q = data.get("q") or ""
    if isinstance(q, dict):  # field-specific full text: treat as filters on those fields
        q = " ".join(str(v) for v in q.values())
    try:
        page = services.datastore_page(r, q=q, filters=filters, limit=limit, offset=offset, fields=fields,
                                       sort=data.get("sort") or "")
    except ValueError as exc:
        names = exc.args[0] if exc.args else []
        raise invalid(fields=[f'field "{n}" not in table' for n in names]) from None
    except services.NotGenerated:
        raise ActionError(404, "Not Found Error", f'Resource "{key}" was not found.') from None
    start = f"/api/3/action/datastore_search?resource_id={r.uuid}"
    out = {"resource_id": str(r.uuid), "fields": page["fields"], "records": page["records"], "limit": limit, "offset": offset,
           "total": page["total"], "records_format": "objects", "include_total": True,
           "_links": {"start": start, "next": f"{start}&offset={offset + limit}"}, "total_was_estimated": False}
    if data.get("filters"):
        out["filters"] = filters
    if q:
        out["q"] = q
    return out


def help_show(request, data):
    name = data.get("name") or ""
    fn = ACTIONS.get(name)
    if fn is None:
        raise not_found("Action")
    return f"{name}: see docs/opendata.md (CKAN {CKAN_VERSION} action API, read-only subset)." + (
        f" {fn.__doc__.strip()}" if fn.__doc__ else "")


ACTIONS = {f.__name__: f for f in (help_show, package_list, package_show, package_search, resource_show, organization_list,
                                     organization_show, tag_list, status_show, license_list, datastore_search)}
WRITE_PREFIXES = ("_create", "_update", "_patch", "_delete", "_purge", "_upsert")


@csrf_exempt
@guarded("ckan")
def action(request, action: str):
    if request.method not in ("GET", "POST"):
        return ckan_error(405, "Bad Request", "Bad request - use GET or POST", action)
    fn = ACTIONS.get(action)
    if fn is None:
        if action.endswith(WRITE_PREFIXES):
            return ckan_error(403, "Authorization Error", f"Access denied: the open data catalogue is read-only ({action}).", action)
        return JsonResponse({"help": help_url(), "success": False,
                             "error": {"__type": "Bad Request", "message": f"Bad request - Action name not known: {action}"}}, status=400)
    try:
        result = fn(request, params(request))
    except ActionError as exc:
        if exc.kind == "Validation Error":
            body = {"__type": exc.kind, **exc.fields}
            if exc.message:
                body["message"] = exc.message
            return JsonResponse({"help": help_url(action), "success": False, "error": body}, status=exc.status)
        return ckan_error(exc.status, exc.kind, exc.message, action)
    response = JsonResponse({"help": help_url(action), "success": True, "result": result}, json_dumps_params={"ensure_ascii": False},
                            safe=False)
    response["Access-Control-Allow-Origin"] = "*"
    return response


ckan_urlpatterns = [path("<str:action>", action, name="api-opendata-ckan-action")]
# CKAN serves the action API at /api/action/ too, where ckanapi's RemoteCKAN calls it by
# default; the same view without a route name (the names stay unique to /api/3/action/).
ckan_unversioned_urlpatterns = [path("<str:action>", action)]

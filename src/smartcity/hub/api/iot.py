"""FIWARE IoT Agent southbound over HTTP, so existing FIWARE devices post unchanged:

    POST /iot/d?k=<key>&i=<device_id>      UltraLight 2.0 body, e.g. t|32.6|h|34.4
    GET  /iot/d?k=<key>&i=<device_id>&d=t|32.6|h|34.4   (UltraLight in the query, as the agent allows)
    POST /iot/json?k=<key>&i=<device_id>   JSON body, e.g. {"t": 32.6, "h": 34.4} or a list of them

`k` is a device (or personal) token, also accepted as `Authorization: Bearer`; `i` is the
asset id. An optional `t` parameter gives the time of readings that carry none (otherwise
the arrival time). Short keys map through the asset's or its type's attribute map.
Answers are those of POST /api/hub/observations (200/207/422 after commit) and errors have
the platform's shape.
"""
import time

from django.conf import settings
from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt

from smartcity.hub import formats
from smartcity.hub.api.ingest import fail, ingest_records, json_response
from smartcity.hub.auth import principal_for_request


def _southbound(request, fmt: str, payload) -> HttpResponse:
    principal = principal_for_request(request)
    if principal is None:
        return fail(401, "invalid_token", "send a valid device key as ?k=<key> (or Authorization: Bearer <key>)")
    device = (request.GET.get("i") or "").strip()
    if not device:
        return fail(400, "missing_device", "name the device (asset id) as ?i=<device_id>")
    limit = getattr(settings, "HUB_MAX_BODY_BYTES", 32 * 1024 * 1024)
    if int(request.META.get("CONTENT_LENGTH") or 0) > limit:
        return fail(413, "payload_too_large", f"the body is larger than {limit} bytes")
    if payload is None:
        payload = request.body
    if len(payload) > limit:
        return fail(413, "payload_too_large", f"the body is larger than {limit} bytes")
    default_time = request.GET.get("t") or int(time.time())
    try:
        records = formats.parse_body(fmt, payload, device, default_time)
    except formats.FormatError as exc:
        return fail(exc.status, exc.code, exc.message)
    body, status = ingest_records(principal, records)
    return json_response(body, status)


def _not_allowed(allowed: str) -> HttpResponse:
    response = fail(405, "method_not_allowed", f"use {allowed}")
    response["Allow"] = allowed
    return response


@csrf_exempt
def ultralight(request):
    """UltraLight 2.0 measures in the body (POST) or in `d` (GET)."""
    if request.method not in ("GET", "POST"):
        return _not_allowed("GET, POST")
    if request.method == "GET":
        data = request.GET.get("d")
        if data is None:
            return fail(400, "missing_data", "send the measures as ?d=t|32.6|h|34.4 or POST them as text/plain")
        return _southbound(request, formats.FORMAT_UL, data)
    return _southbound(request, formats.FORMAT_UL, None)


@csrf_exempt
def json_measures(request):
    """FIWARE IoT Agent JSON measures."""
    if request.method != "POST":
        return _not_allowed("POST")
    ctype = (request.content_type or "").lower()
    if ctype not in ("application/json", "application/ld+json", "text/plain", ""):
        return fail(415, "unsupported_media_type", f"send application/json, not {ctype}")
    return _southbound(request, formats.FORMAT_JSON, None)

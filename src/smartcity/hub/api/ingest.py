"""POST /api/hub/observations: batches of readings over HTTP, JSON or CSV.

The answer comes after the commit: 200 when every row was accepted, 207 when some rows
were rejected (listed one by one), 422 when none was. Nothing is stored from a body that
cannot be read at all (400, 413, 415) or from a caller without a valid token (401).
"""
import csv
import io

import orjson
from django.conf import settings
from django.db import transaction
from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from smartcity.core.api.errors import problem
from smartcity.hub.auth import principal_for_request
from smartcity.hub.ingest import Normaliser
from smartcity.hub.store import store

CSV_COLUMNS = ("asset", "quantity", "unit", "time", "value", "status")


def json_response(body: dict, status: int) -> HttpResponse:
    return HttpResponse(orjson.dumps(body), status=status, content_type="application/json")


def fail(status: int, code: str, detail: str, errors=None) -> HttpResponse:
    return json_response(problem(status, code, detail, errors), status)


class BadBody(Exception):
    def __init__(self, status, code, detail):
        super().__init__(detail)
        self.status, self.code, self.detail = status, code, detail


def parse_csv(text: str) -> list[dict]:
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise BadBody(400, "empty_body", "the CSV body is empty") from None
    missing = {"time", "value"} - set(header)
    if missing or not ({"asset", "quantity"} <= set(header) or "datastream" in header):
        raise BadBody(400, "bad_csv_header", f"the CSV header must name asset,quantity,time,value (or datastream,time,value); got {','.join(header)}")
    rows = []
    for line in reader:
        if not line:
            continue
        rec = {k: v for k, v in zip(header, line) if v != ""}
        if "datastream" in rec:
            try:
                rec["datastream"] = int(rec["datastream"])
            except ValueError:
                pass
        rows.append(rec)
    return rows


def read_body(request) -> list:
    limit = getattr(settings, "HUB_MAX_BODY_BYTES", 32 * 1024 * 1024)
    length = int(request.META.get("CONTENT_LENGTH") or 0)
    if length > limit:
        raise BadBody(413, "payload_too_large", f"the body is {length} bytes; the limit is {limit}")
    body = request.body
    if len(body) > limit:
        raise BadBody(413, "payload_too_large", f"the body is larger than {limit} bytes")
    ctype = (request.content_type or "").lower()
    if ctype in ("application/json", "application/ld+json", ""):
        try:
            data = orjson.loads(body)
        except orjson.JSONDecodeError as exc:
            raise BadBody(400, "malformed_json", f"the body is not valid JSON: {exc}") from None
        if isinstance(data, dict):
            if "observations" in data:
                data = data["observations"]
            elif "values" in data or "value" in data:
                data = [data]
        if not isinstance(data, list):
            raise BadBody(400, "bad_body", "send a list of rows or {\"observations\": [...]}")
        return data
    if ctype in ("text/csv", "application/csv"):
        try:
            return parse_csv(body.decode("utf-8"))
        except UnicodeDecodeError:
            raise BadBody(400, "bad_encoding", "CSV must be UTF-8") from None
    raise BadBody(415, "unsupported_media_type", f"send application/json or text/csv, not {ctype}")


def ingest_records(principal, records) -> tuple[dict, int]:
    """Validate and store a batch; returns (body, HTTP status). Shared by the HTTP paths."""
    max_rows = getattr(settings, "HUB_MAX_ROWS", 100_000)
    if len(records) > max_rows:
        return problem(413, "too_many_rows", f"{len(records)} rows; the limit is {max_rows} per request"), 413
    with transaction.atomic():
        normaliser = Normaliser(principal)
        readings, errors = normaliser.rows(records)
        result = store(readings, source=principal.label)
    body = {**result.as_dict(), "rejected": len(errors), "errors": errors}
    if errors and not readings:
        body.update(problem(422, "all_rows_rejected", "no row was accepted", errors))
        return body, 422
    return body, (207 if errors else 200)


@csrf_exempt
@require_POST
def post_observations(request):
    principal = principal_for_request(request)
    if principal is None:
        return fail(401, "invalid_token", "send a valid device or personal token: Authorization: Bearer <token>")
    try:
        records = read_body(request)
    except BadBody as bad:
        return fail(bad.status, bad.code, bad.detail)
    body, status = ingest_records(principal, records)
    return json_response(body, status)

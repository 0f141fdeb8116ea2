"""One error shape for the whole API, so clients can branch on `code`:

    {"status": 403, "code": "permission_denied", "detail": "...", "errors": [...]}

`errors` lists field problems as {"field", "code", "message"} (and "index" for rows).
"""
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, JsonResponse
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler


def _flatten(detail, field_path=""):
    out = []
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = f"{field_path}.{key}" if field_path else str(key)
            out.extend(_flatten(value, "" if key == "non_field_errors" else name))
    elif isinstance(detail, list):
        for i, value in enumerate(detail):
            if isinstance(value, (dict, list)):
                out.extend(_flatten(value, f"{field_path}[{i}]"))
            else:
                out.extend(_flatten(value, field_path))
    else:
        out.append({"field": field_path or None, "code": getattr(detail, "code", "invalid"), "message": str(detail)})
    return out


def problem(status_code: int, code: str, detail: str, errors=None, **extra) -> dict:
    body = {"status": status_code, "code": code, "detail": detail, "errors": errors or []}
    body.update(extra)
    return body


def exception_handler(exc, context):
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        body = problem(response.status_code, "validation_error", "The request has invalid fields.", _flatten(exc.detail))
    else:
        detail = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
        code = getattr(detail, "code", None) or getattr(exc, "default_code", "error")
        body = problem(response.status_code, str(code), str(detail))
    response.data = body
    return response


def json_error(status_code: int, code: str, detail: str, errors=None, **extra) -> JsonResponse:
    """For plain Django views on hot paths that do not go through DRF."""
    return JsonResponse(problem(status_code, code, detail, errors, **extra), status=status_code, json_dumps_params={"ensure_ascii": False})


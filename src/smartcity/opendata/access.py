"""Who calls the open data API and how often: API keys and rate limits.

A key comes in the `X-CKAN-API-Key` header or in `Authorization` (bare, as CKAN clients
send it, or after `Bearer`/`Token`). Open data keys (`od_...`) and the platform's personal
tokens (`sc_...`) both count. A key that is unknown or revoked is refused (403), never
silently downgraded. Counters live in Django's cache (local memory, or Redis in
production), one fixed window per client: anonymous callers by IP address, keyed callers
by key.
"""
import functools
import time

from django.conf import settings
from django.core.cache import cache
from django.http import JsonResponse

from smartcity.opendata.ratelimit_math import retry_after, window_start

PERIOD_S = 60


def limits() -> tuple[int, int]:
    return (int(getattr(settings, "OPENDATA_RATE_ANON", 60)), int(getattr(settings, "OPENDATA_RATE_KEY", 600)))


class Refused(Exception):
    pass


def key_from_request(request) -> str | None:
    key = request.META.get("HTTP_X_CKAN_API_KEY", "").strip()
    if key:
        return key
    parts = request.META.get("HTTP_AUTHORIZATION", "").split()
    if len(parts) == 1:
        return parts[0]
    if len(parts) == 2 and parts[0].lower() in ("bearer", "token"):
        return parts[1]
    return None


def identify(request):
    """(client id, limit, user or None); raises Refused for a bad key."""
    from smartcity.core.auth import touch_last_used
    from smartcity.core.tokens import hash_key
    from smartcity.opendata.models import ApiKey

    anon, keyed = limits()
    key = key_from_request(request)
    if key:
        if key.startswith("sc_"):
            from smartcity.core.auth import user_for_key

            user, token = user_for_key(key)
            if user is None:
                raise Refused("The API key is invalid or revoked.")
            return f"sc:{token.pk}", keyed, user
        record = ApiKey.objects.select_related("user").filter(key_hash=hash_key(key)).first()
        if record is None or not record.active or not record.user.is_active:
            raise Refused("The API key is invalid or revoked.")
        touch_last_used(record)
        return f"od:{record.pk}", keyed, record.user
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}", keyed, user
    return f"ip:{request.META.get('REMOTE_ADDR', '')}", anon, None


def hit(client: str, limit: int, now: float | None = None) -> tuple[bool, int, int]:
    """Count one request; (allowed, used, seconds until the window ends)."""
    now = time.time() if now is None else now
    start = window_start(now, PERIOD_S)
    key = f"opendata:rl:{client}:{start}"
    cache.add(key, 0, timeout=PERIOD_S + 5)
    try:
        used = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=PERIOD_S + 5)
        used = 1
    return used <= limit, used, retry_after(now, PERIOD_S)


def ckan_error(status: int, kind: str, message: str, action: str = "") -> JsonResponse:
    return JsonResponse({"help": help_url(action), "success": False, "error": {"__type": kind, "message": message}}, status=status,
                        json_dumps_params={"ensure_ascii": False})


def help_url(action: str = "") -> str:
    base = getattr(settings, "SMARTCITY_BASE_URL", "")
    return f"{base}/api/3/action/help_show?name={action}" if action else f"{base}/api/3/action/help_show"


def guarded(shape: str = "problem"):
    """Refuse bad keys and over-limit callers before the view runs; the answer uses the
    CKAN error shape on CKAN routes and the platform's one shape elsewhere."""
    from smartcity.core.api.errors import json_error

    def wrap(view):
        @functools.wraps(view)
        def inner(request, *args, **kwargs):
            action = kwargs.get("action", "")
            try:
                client, limit, user = identify(request)
            except Refused as exc:
                if shape == "ckan":
                    return ckan_error(403, "Authorization Error", str(exc), action)
                return json_error(403, "invalid_api_key", str(exc))
            ok, used, wait = hit(client, limit)
            if not ok:
                message = f"Rate limit exceeded: {limit} requests per {PERIOD_S} s. Retry after {wait} s."
                response = (ckan_error(429, "Rate Limit Error", message, action) if shape == "ckan"
                            else json_error(429, "throttled", message))
                response["Retry-After"] = str(wait)
            else:
                request.opendata_user = user
                response = view(request, *args, **kwargs)
            response["RateLimit-Limit"] = str(limit)
            response["RateLimit-Remaining"] = str(max(0, limit - used))
            response["RateLimit-Reset"] = str(wait)
            return response
        return inner
    return wrap

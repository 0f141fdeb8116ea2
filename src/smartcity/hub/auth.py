"""Who is calling a device endpoint: a device token (dv_...) or a personal token (sc_...)."""
from smartcity.core.auth import touch_last_used, user_for_key
from smartcity.core.tokens import hash_key, key_from_header
from smartcity.hub.ingest import Principal
from smartcity.hub.models import DeviceToken


def principal_for_key(key: str | None) -> Principal | None:
    if not key:
        return None
    if key.startswith("dv_"):
        token = DeviceToken.objects.filter(key_hash=hash_key(key), revoked_at__isnull=True).first()
        if token is None:
            return None
        touch_last_used(token)
        return Principal.for_token(token)
    if key.startswith("sc_"):
        user, _token = user_for_key(key)
        return Principal.for_user(user) if user is not None else None
    return None


def principal_for_request(request) -> Principal | None:
    key = key_from_header(request.META.get("HTTP_AUTHORIZATION", ""))
    if key is None:
        key = request.GET.get("k") if request.path.startswith("/iot/") else None  # FIWARE IoT Agent style
    return principal_for_key(key)

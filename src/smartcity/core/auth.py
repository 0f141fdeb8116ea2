"""API authentication by personal token (Authorization: Bearer sc_...)."""
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from smartcity.core.models import ApiToken
from smartcity.core.tokens import hash_key, key_from_header


def user_for_key(key: str):
    token = ApiToken.objects.select_related("user", "user__organisation").filter(key_hash=hash_key(key)).first()
    if token is None or not token.active or not token.user.is_active:
        return None, None
    touch_last_used(token)
    return token.user, token


def touch_last_used(token) -> None:
    """Stamp a token (personal or device) as used; advisory, so at most once a minute to
    keep authenticated reads and ingestion free of a write per request."""
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        type(token).objects.filter(pk=token.pk).update(last_used_at=now)


class ApiTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = request.META.get("HTTP_AUTHORIZATION", "")
        key = key_from_header(header)
        if key is None or not key.startswith("sc_"):
            return None  # not ours: device tokens and sessions are handled elsewhere
        user, token = user_for_key(key)
        if user is None:
            raise exceptions.AuthenticationFailed(_("The token is invalid, expired or revoked."), code="invalid_token")
        return user, token

    def authenticate_header(self, request):
        return 'Bearer realm="api"'

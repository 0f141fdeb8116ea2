"""Caching of the website's public pages.

A public page is the same for every visitor in a language, so its rendered body is kept in
the cache under (language, host and path with query, content token) for `timeout` seconds and
answered with an ETag (and Last-Modified): a browser that already has it gets a 304.

The content token is one small aggregate query over the articles (the newest change, how
many there are, how many are live now), looked at no more than once a second per process.
Saving, publishing or deleting an article, or the moment a scheduled one comes due, changes
it, so every page that may show articles is invalidated in every web process within that
second, even with the per-process memory cache (no cross-process message is needed); the
process that saved drops its token at once (signals in apps.py).
Pages built only from other modules' data (the overview's cards) expire by `timeout`.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import time
from functools import wraps

from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.http import http_date
from django.utils.translation import get_language

PREFIX = "portal.page"


TOKEN_TTL_S = 1.0  # how long a web process trusts its last look at the articles
_token: dict = {}


def forget_token(**_kwargs) -> None:
    """Drop this process's token (an article was saved here; tests: time has passed)."""
    _token.clear()


def content_token() -> tuple[str, float | None]:
    """(token, last change as a timestamp) of the articles the public may see: one small
    query, at most once a second per process (a change saved in this process is seen at
    once through `forget_token`; other processes see it within TOKEN_TTL_S)."""
    now_mono = time.monotonic()
    if _token and now_mono - _token["at"] < TOKEN_TTL_S:
        return _token["value"]
    from django.db import connection

    from smartcity.portal.models import Article

    table = connection.ops.quote_name(Article._meta.db_table)
    now = timezone.now()
    live = "status = %s AND published = %s AND publish_at <= %s"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MAX(updated_at), COUNT(*), SUM(CASE WHEN {live} THEN 1 ELSE 0 END), "
                       f"MAX(CASE WHEN {live} THEN publish_at END) FROM {table}",
                       ["published", True, now, "published", True, now])
        changed, n, n_live, newest = cursor.fetchone()
    changed, newest = (_aware(v) for v in (changed, newest))
    last = max([d for d in (changed, newest) if d is not None], default=None)
    raw = f"{changed.timestamp() if changed else 0}:{n}:{n_live or 0}"
    value = (hashlib.md5(raw.encode()).hexdigest()[:12], (last.timestamp() if last else None))
    _token.update(at=now_mono, value=value)
    return value


def _aware(value):
    """SQLite hands back text or naive datetimes from raw SQL; PostgreSQL aware ones."""
    if value is None:
        return None
    if isinstance(value, str):
        value = parse_datetime(value)
    if timezone.is_naive(value):
        value = timezone.make_aware(value, dt.timezone.utc)
    return value


def page_key(request, token: str) -> str:
    path = hashlib.md5(f"{request.get_host()}{request.get_full_path()}".encode()).hexdigest()  # feeds carry absolute links
    return f"{PREFIX}:{get_language() or 'vi'}:{token}:{path}"


def _answer(request, body: bytes, content_type: str, etag: str, last: float | None, max_age: int) -> HttpResponse:
    if etag in [t.strip() for t in request.headers.get("If-None-Match", "").split(",")]:
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(body, content_type=content_type)
    response["ETag"] = etag
    if last:
        response["Last-Modified"] = http_date(last)
    response["Cache-Control"] = f"public, max-age={max_age}"
    response["Vary"] = "Cookie, Accept-Language"
    response["X-Portal-Cache"] = getattr(request, "_portal_cache", "miss")
    return response


def cached_page(timeout: int = 300, max_age: int = 30):
    """Serve a GET view's HTML from the cache (see the module docstring)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method not in ("GET", "HEAD"):
                return view(request, *args, **kwargs)
            token, last = content_token()
            key = page_key(request, token)
            hit = cache.get(key)
            if hit is not None:
                request._portal_cache = "hit"
                return _answer(request, *hit[:4], max_age)
            response = view(request, *args, **kwargs)
            if response.status_code != 200 or getattr(response, "streaming", False) or response.cookies:
                return response
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            body = response.content
            etag = '"' + hashlib.md5(body).hexdigest() + '"'
            entry = (body, response["Content-Type"], etag, last, max_age)
            cache.set(key, entry, timeout)
            return _answer(request, *entry[:4], max_age)

        return wrapped

    return decorator


class CacheHitMiddleware:
    """Answers a cached public page before the session, locale, CSRF and authentication
    middleware run: a hit is the same for every visitor in a language, and under 50
    concurrent visitors those layers were most of a hit's cost. A miss, a write, the staff
    pages and anything outside /portal/ go down the normal stack (the view's `cached_page`
    fills the cache there with the same key)."""

    SKIP = ("/portal/quan-tri/",)

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if request.method in ("GET", "HEAD") and path.startswith("/portal/") and not path.startswith(self.SKIP):
            response = self._hit(request)
            if response is not None:
                return response
        return self.get_response(request)

    def _hit(self, request):
        from django.utils import translation

        from smartcity.core.middleware import request_language

        lang = request_language(request)  # the same choice the locale middleware makes for the view
        with translation.override(lang):
            token, _last = content_token()
            hit = cache.get(page_key(request, token))
        if hit is None:
            return None
        request._portal_cache = "hit-early"
        response = _answer(request, *hit[:4], hit[4])
        response["Content-Language"] = lang
        response["X-Frame-Options"] = "DENY"
        return response


def clear() -> None:
    """Forget every cached page of this process's cache (tests; the token does it otherwise)."""
    if hasattr(cache, "delete_pattern"):
        cache.delete_pattern(f"{PREFIX}:*")
    else:
        cache.clear()

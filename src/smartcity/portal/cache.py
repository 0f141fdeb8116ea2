"""Caching of the website's public pages.

A public page is the same for every visitor in a language, so its rendered body is kept in
the cache under (language, path with query, content token) for `timeout` seconds and
answered with an ETag (and Last-Modified): a browser that already has it gets a 304.

The content token is one cheap aggregate over the articles (the newest change, how many are
live now). Saving, publishing or deleting an article, or the moment a scheduled one comes
due, changes it, so every page that may show articles is invalidated at once, in every web
process, even with the per-process memory cache (no cross-process message is needed).
Pages built only from other modules' data (the overview's cards) expire by `timeout`.
"""
from __future__ import annotations

import hashlib
from functools import wraps

from django.core.cache import cache
from django.db.models import Count, Max
from django.http import HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.http import http_date
from django.utils.translation import get_language

PREFIX = "portal.page"


def content_token() -> tuple[str, float | None]:
    """(token, last change as a timestamp) of the articles the public may see."""
    from smartcity.portal.models import Article

    now = timezone.now()
    agg = Article.objects.aggregate(changed=Max("updated_at"), n=Count("id"))
    live = Article.objects.live(now).aggregate(n=Count("id"), newest=Max("publish_at"))
    changed = agg["changed"]
    last = max([d for d in (changed, live["newest"]) if d is not None], default=None)
    raw = f"{changed.timestamp() if changed else 0}:{agg['n']}:{live['n']}"
    return hashlib.md5(raw.encode()).hexdigest()[:12], (last.timestamp() if last else None)


def page_key(request, token: str) -> str:
    path = hashlib.md5(request.get_full_path().encode()).hexdigest()
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
                return _answer(request, *hit, max_age)
            response = view(request, *args, **kwargs)
            if response.status_code != 200 or getattr(response, "streaming", False) or response.cookies:
                return response
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            body = response.content
            etag = '"' + hashlib.md5(body).hexdigest() + '"'
            entry = (body, response["Content-Type"], etag, last)
            cache.set(key, entry, timeout)
            return _answer(request, *entry, max_age)

        return wrapped

    return decorator


def clear() -> None:
    """Forget every cached page of this process's cache (tests; the token does it otherwise)."""
    if hasattr(cache, "delete_pattern"):
        cache.delete_pattern(f"{PREFIX}:*")
    else:
        cache.clear()

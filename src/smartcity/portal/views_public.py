"""The public website under /portal/ (no login): the live city overview, the programme
explained, news and articles with their feeds, images and the site search. Every HTML page
goes through `cache.cached_page` (see portal/cache.py)."""
from __future__ import annotations

import hashlib
import json
import re

from django.core.paginator import Paginator
from django.db.models import Avg, Count
from django.http import Http404, HttpResponse, HttpResponseNotModified
from django.shortcuts import get_object_or_404, render
from django.utils.dateparse import parse_datetime
from django.utils.http import http_date
from django.utils.translation import gettext as _

from smartcity.portal.cache import cached_page
from smartcity.portal.models import Article, ArticleImage, Category
from smartcity.portal.overview import OVERVIEW_MAX_AGE, map_points, overview
from smartcity.portal.search import search as site_search

PAGE_SIZE = 9
REFRESH_S = 60


def _json(request, data: dict, max_age: int) -> HttpResponse:
    body = json.dumps(data, ensure_ascii=False, default=str).encode()
    etag = '"' + hashlib.md5(body).hexdigest() + '"'
    if etag in [t.strip() for t in request.headers.get("If-None-Match", "").split(",")]:
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(body, content_type="application/json")
    response["ETag"] = etag
    response["Cache-Control"] = f"public, max-age={max_age}"
    response["Vary"] = "Cookie, Accept-Language"
    return response


@cached_page(timeout=OVERVIEW_MAX_AGE, max_age=OVERVIEW_MAX_AGE)
def home(request):
    latest = list(Article.objects.live().select_related("category").prefetch_related("images")[:3])
    data = overview()
    at = parse_datetime(data["at"]) if data.get("at") else None
    return render(request, "portal/home.html", {"overview": data, "at": at, "latest": latest, "refresh_s": REFRESH_S, "nav": "home"})


def overview_json(request):
    """/portal/api/overview.json: the cards' data, refreshed by the home page every minute."""
    return _json(request, {**overview(), "refresh_s": REFRESH_S}, OVERVIEW_MAX_AGE)


def map_json(request):
    return _json(request, map_points(), 60)


def _p_number(ref: str) -> int:
    m = re.match(r"P(\d+)$", ref or "")
    return int(m.group(1)) if m else 99


def programme_data() -> dict:
    from smartcity.core.models import Helix, Organisation
    from smartcity.programme.models import Event, IcfApplication, Item, Plan
    from smartcity.programme.services.dashboard import public_summary

    plan = Plan.objects.filter(published=True).order_by("-issued_on", "code").first()
    summary = public_summary(plan) if plan else None
    refs = []
    if plan:
        rows = (Item.objects.filter(plan=plan, published=True).exclude(reference="").select_related("owner")
                .order_by("position"))
        by_ref: dict[str, list] = {}
        for item in rows:
            by_ref.setdefault(item.reference, []).append(item)
        for ref in sorted(by_ref, key=_p_number):
            items = by_ref[ref]
            head = items[0]
            refs.append({"ref": ref, "number": head.number, "title": head.title, "lead": head.owner,
                         "url_pk": head.pk, "progress": round(sum(i.progress for i in items) / len(items)),
                         "count": len(items)})
    helices = []
    orgs = Organisation.objects.order_by("kind", "code")
    for key, label in Helix.choices:
        members = [o for o in orgs if o.helix == key]
        if members:
            helices.append({"key": key, "label": label, "organisations": members})
    events = list(Event.objects.filter(published=True).order_by("-starts_on")[:8])
    icf = list(IcfApplication.objects.filter(published=True).order_by("year"))
    return {"plan": plan, "summary": summary, "refs": refs, "helices": helices, "events": events, "icf": icf,
            "progress": Item.objects.filter(plan=plan, published=True).aggregate(avg=Avg("progress"), n=Count("id"))
            if plan else None}


@cached_page(timeout=300)
def programme(request):
    return render(request, "portal/programme.html", {**programme_data(), "nav": "programme"})


@cached_page(timeout=300)
def news(request):
    categories = list(Category.objects.filter(published=True).annotate(n=Count("articles")))
    qs = Article.objects.live().select_related("category").prefetch_related("images")
    current = None
    slug = request.GET.get("category", "").strip()
    if slug:
        current = next((c for c in categories if c.slug == slug), None)
        if current is None:
            raise Http404(_("No such category."))
        qs = qs.filter(category=current)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "portal/news.html", {"page": page, "categories": categories, "current": current, "nav": "news"})


@cached_page(timeout=300)
def article(request, slug):
    item = get_object_or_404(Article.objects.live().select_related("category", "owner").prefetch_related("images"), slug=slug)
    related = list(Article.objects.live().filter(category=item.category).exclude(pk=item.pk)[:3])
    return render(request, "portal/article.html", {"article": item, "related": related, "nav": "news"})


def image(request, pk, size):
    """An article's image or thumbnail; only images of live articles, cached a day."""
    if size not in ("full", "thumb"):
        raise Http404
    img = get_object_or_404(ArticleImage.objects.select_related("article"), pk=pk)
    if not img.article.is_live and not _may_preview(request):
        raise Http404
    etag = f'"img-{img.pk}-{size}-{int(img.created_at.timestamp())}"'
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponseNotModified()
    else:
        data = bytes(img.thumb if size == "thumb" else img.data)
        response = HttpResponse(data, content_type="image/jpeg" if size == "thumb" else img.content_type)
    response["ETag"] = etag
    response["Last-Modified"] = http_date(img.created_at.timestamp())
    response["Cache-Control"] = "public, max-age=86400" if img.article.is_live else "private, no-store"
    return response


def _may_preview(request) -> bool:
    from smartcity.portal.services import can_edit

    return can_edit(request.user)


@cached_page(timeout=300)
def search_page(request):
    q = request.GET.get("q", "").strip()[:200]
    return render(request, "portal/search.html", {"q": q, "result": site_search(q) if q else None})

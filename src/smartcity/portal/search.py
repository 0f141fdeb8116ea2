"""Site search across articles, programme items, open datasets and the public module pages.

Vietnamese first and diacritics-insensitive: the query and every text are folded with the
plan tree's `fold` (the one the open data catalogue also uses), so "chat luong khong khi"
finds "Chất lượng không khí". Every word of the query must appear (AND). Articles and
datasets keep a folded `search_text` column and are filtered in the database; the
programme items and module pages are a few hundred short texts, folded once per process
and language and kept for five minutes.
"""
from __future__ import annotations

import time

from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language, gettext as _

from smartcity.opendata.text import terms as query_terms
from smartcity.core.text import fold

_INDEX: dict[str, tuple[float, list[dict]]] = {}
INDEX_TTL_S = 300
LIMIT = 20


def _static_index() -> list[dict]:
    """Programme items and module pages: [{kind, title, summary, url, text}]."""
    from smartcity.core.modules import all_modules
    from smartcity.programme.models import Item

    lang = get_language() or "vi"
    hit = _INDEX.get(lang)
    if hit and time.monotonic() - hit[0] < INDEX_TTL_S:
        return hit[1]
    rows = []
    for m in all_modules():
        try:
            url = reverse(m.url_name)
        except NoReverseMatch:
            continue
        rows.append({"kind": "page", "kind_label": _("Module page"), "title": str(m.label), "summary": str(m.description),
                     "url": url, "text": fold(f"{m.label} {m.description} {m.key} {' '.join(m.plan_items)}")})
    for label, name in ((_("The programme explained"), "portal-programme"), (_("News and articles"), "portal-news")):
        rows.append({"kind": "page", "kind_label": _("Website page"), "title": str(label), "summary": "",
                     "url": reverse(name), "text": fold(str(label))})
    items = Item.objects.filter(published=True, plan__published=True).only(
        "pk", "number", "title_vi", "title_en", "text_vi", "text_en", "reference")
    for i in items:
        rows.append({"kind": "item", "kind_label": _("Programme item"), "title": f"{i.number} {i.title}",
                     "summary": (i.text or "")[:240], "url": reverse("programme-item", args=[i.pk]),
                     "text": fold(" ".join([i.number, i.reference, i.title_vi, i.title_en, i.text_vi, i.text_en]))})
    _INDEX[lang] = (time.monotonic(), rows)
    return rows


def search(query: str) -> dict:
    """{"query", "terms", "groups": [{"kind", "label", "results": [...]}], "total"}."""
    from smartcity.opendata.models import Dataset
    from smartcity.portal.models import Article

    words = query_terms(query or "")
    groups = []
    if words:
        articles = Article.objects.live().select_related("category")
        datasets = Dataset.objects.filter(published=True)
        for w in words:
            articles = articles.filter(search_text__contains=w)
            datasets = datasets.filter(search_text__contains=w)
        groups.append({"kind": "article", "label": _("News and articles"), "results": [
            {"title": a.title, "summary": a.summary, "url": reverse("portal-article", args=[a.slug]),
             "meta": a.category.name} for a in articles[:LIMIT]]})
        static = [r for r in _static_index() if all(w in r["text"] for w in words)]
        groups.append({"kind": "item", "label": _("Programme items"),
                       "results": [r for r in static if r["kind"] == "item"][:LIMIT]})
        groups.append({"kind": "dataset", "label": _("Open datasets"), "results": [
            {"title": d.title, "summary": d.description[:240], "url": reverse("opendata-dataset", args=[d.slug])}
            for d in datasets.order_by("slug")[:LIMIT]]})
        groups.append({"kind": "page", "label": _("Pages"), "results": [r for r in static if r["kind"] == "page"][:LIMIT]})
    total = sum(len(g["results"]) for g in groups)
    return {"query": query or "", "terms": words, "groups": [g for g in groups if g["results"]], "total": total}

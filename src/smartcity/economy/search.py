"""Search and filters of enterprises, one function for the list page, the API and exports.

Words are matched against `search_text` (names, short name, tax code and address, folded:
lower case, no diacritics), every word at the start of a word somewhere in the text. The column is indexed for
substring search: a trigram GIN index on PostgreSQL (pg_trgm, used by LIKE '%w%'), an FTS5
table with the trigram tokenizer on SQLite (kept by triggers, migration 0003). A query of
digits is a tax code prefix, answered by the unique index on `tax_code`."""
import json
import re

from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL

from smartcity.economy import fold, vsic
from smartcity.economy.models import Enterprise, EnterpriseStatus, LegalForm, Sector, SizeClass

TAX_PREFIX = re.compile(r"^\d{3,10}(-\d{0,3})?$")
FTS_TABLE = "economy_enterprise_fts"


def _sqlite_fts_ready() -> bool:
    if connection.vendor != "sqlite":
        return False
    ready = getattr(connection, "_economy_fts", None)
    if ready is None:
        with connection.cursor() as c:
            c.execute("SELECT 1 FROM sqlite_master WHERE name = %s", [FTS_TABLE])
            ready = c.fetchone() is not None
        connection._economy_fts = ready
    return ready


def _contains_all(qs, words: list[str], scan: bool = False):
    """Every word at the start of a word of the folded text ("minh pha" finds "Minh Phát",
    "an phu" finds phường An Phú but not Tân Phú): each is matched with the space before it,
    which the stored text has before every word. `scan`: the other filters already narrow
    the rows to a few thousand (a park, a ward), so reading their text is cheaper than the
    index's list of every match in the province (a given name matches tens of thousands)."""
    starts = [" " + w for w in words]
    if _sqlite_fts_ready() and not scan:
        indexed = [w for w in starts if len(w) >= 3]  # the trigram table needs 3 characters
        if indexed:
            match = " AND ".join(f'"{w}"' for w in indexed)
            qs = qs.filter(pk__in=RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [match]))
        for w in starts:
            if len(w) < 3:
                qs = qs.filter(search_text__contains=w)
        return qs
    for w in starts:
        qs = qs.filter(search_text__contains=w)
    return qs


def search(qs, q: str, scan: bool = False):
    """Enterprises of `qs` that match the text typed by a person (diacritics and case ignored).

    Several words are looked up first as typed, one after the other ("minh phat" finds
    "Minh Phát" but not "Phát Đạt Minh Long"): a phrase is selective, so the index answers
    it fast and the list is what the person meant. When the phrase is nowhere (words typed
    in another order), every word anywhere in the text counts."""
    q = (q or "").strip()
    if not q:
        return qs
    compact = q.replace(" ", "")
    if TAX_PREFIX.match(compact):
        upper = compact[:-1] + chr(ord(compact[-1]) + 1)
        return qs.filter(tax_code__gte=compact, tax_code__lt=upper)
    words = fold.fold(q).split()[:8]
    if not words:
        return qs.none()
    if len(words) > 1:
        phrased = _contains_all(qs, [" ".join(words)], scan)
        ids = _few_ids(phrased)
        if ids is None:
            return phrased
        if ids:
            return _by_ids(qs, ids)
    matched = _contains_all(qs, sorted(set(words), key=len, reverse=True), scan)
    ids = _few_ids(matched)
    if ids is None:
        return matched
    return _by_ids(qs, ids) if ids else qs.none()


def _few_ids(matched) -> list | None:
    """The ids of a search's matches when they are few (most searches), else None.

    Read once, they answer the list's count and page by id. Otherwise each of those would
    repeat the text match, and with the page's ORDER BY name LIMIT 25 the planner walks the
    name index hoping to meet 25 matches early (PostgreSQL guesses a LIKE's selectivity from
    the pattern's length, not from statistics), reading most of the table when the matches
    sit together in the alphabet."""
    ids = list(matched.order_by().values_list("pk", flat=True)[:FEW + 1])
    return ids if len(ids) <= FEW else None


def _by_ids(qs, ids: list):
    """`qs` restricted to ids passed as one parameter (an array; JSON on SQLite): a list of
    a thousand parameters costs more to send and plan than the lookups themselves."""
    if connection.vendor == "postgresql":
        return qs.filter(pk__in=RawSQL("SELECT unnest(%s::bigint[])", (ids,)))
    if connection.vendor == "sqlite":
        return qs.filter(pk__in=RawSQL("SELECT value FROM json_each(%s)", (json.dumps(ids),)))
    return qs.filter(pk__in=ids)


FEW = 2000  # matches read as ids; above this the text match stays in the list's queries


def by_name(qs, used: dict):
    """The list's order (name, then id), one place for the page, the API and the benchmark."""
    return qs.order_by("name_vi", "pk")


FILTERS = ("search", "sector", "park", "unit", "former_unit", "legal_form", "status", "size", "foreign", "country", "owner")


def apply_filters(qs, params) -> tuple:
    """Apply the list's filters from a query dict; returns (queryset, the filters used).
    Unknown values of choice filters are ignored, not errors, on pages; the API checks them."""
    used = {}
    get = (lambda k: (params.get(k) or "").strip())
    if v := get("sector"):
        v = v.upper() if v[:1].isalpha() else v
        used["sector"] = v
        if v.isalpha():
            qs = qs.filter(sector_section=v[:1])
        else:  # the codes under a prefix, then the enterprise index on main_sector
            qs = qs.filter(main_sector_id__in=list(Sector.objects.filter(code__startswith=v).values_list("pk", flat=True)))
    if v := get("park"):
        used["park"] = v
        qs = qs.filter(industrial_park__isnull=True) if v == "none" else qs.filter(industrial_park__code=v)
    if v := get("unit"):
        used["unit"] = v
        qs = qs.filter(unit__code=v)
    if v := get("former_unit"):
        used["former_unit"] = v
        qs = qs.filter(former_unit__code=v)
    if (v := get("legal_form")) and v in LegalForm.values:
        used["legal_form"] = v
        qs = qs.filter(legal_form=v)
    if (v := get("status")) and v in EnterpriseStatus.values:
        used["status"] = v
        qs = qs.filter(status=v)
    if (v := get("size")) and v in SizeClass.values:
        used["size"] = v
        qs = qs.filter(size_class=v)
    if (v := get("foreign").lower()) in ("true", "1", "yes", "false", "0", "no"):
        used["foreign"] = v in ("true", "1", "yes")
        qs = qs.filter(foreign_invested=used["foreign"])
    if v := get("country"):
        used["country"] = v.upper()[:2]
        qs = qs.filter(pk__in=Enterprise.investors.rel.related_model.objects.filter(country=used["country"]).values("enterprise_id"))
    if v := get("owner"):
        used["owner"] = v
        qs = qs.filter(owner__code=v)
    if v := get("search"):
        used["search"] = v
        narrow = ("park" in used and used["park"] != "none") or "unit" in used
        qs = search(qs, v, scan=narrow)
    return qs, used


def sector_choices():
    """(value, label) for the sector filter: sections, then divisions under their section."""
    out = []
    divisions = {}
    for d, s, vi, en in vsic.DIVISIONS:
        divisions.setdefault(s, []).append((d, vi, en))
    for s, vi, en in vsic.SECTIONS:
        out.append((s, vi, en, 1))
        for d, dvi, den in divisions.get(s, []):
            out.append((d, dvi, den, 2))
    return out


def invalid_filters(params) -> list[dict]:
    """Errors of the API's choice filters ({field, code, message}), in English keys."""
    errors = []
    checks = {"legal_form": LegalForm.values, "status": EnterpriseStatus.values, "size": SizeClass.values}
    for key, allowed in checks.items():
        v = (params.get(key) or "").strip()
        if v and v not in allowed:
            errors.append({"field": key, "code": "invalid_choice", "allowed": list(allowed)})
    v = (params.get("foreign") or "").strip().lower()
    if v and v not in ("true", "1", "yes", "false", "0", "no"):
        errors.append({"field": "foreign", "code": "invalid", "allowed": ["true", "false"]})
    v = (params.get("sector") or "").strip()
    if v and not (re.fullmatch(r"[A-Ua-u]", v) or re.fullmatch(r"\d{2,5}", v)):
        errors.append({"field": "sector", "code": "invalid", "allowed": ["A-U", "2-5 digits"]})
    return errors


__all__ = ["search", "apply_filters", "by_name", "FILTERS", "Q"]

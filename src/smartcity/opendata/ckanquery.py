"""Parsing CKAN's package_search parameters (no Django import).

CKAN passes `q` and `fq` to Solr. We accept the subset CKAN clients and harvesters use
(CKAN 2.9/2.10 API guide, "package_search"): `*:*` for all, free words, and `field:value`
or `field:"quoted value"` terms, each optionally prefixed with `+`; `sort` as
"field asc|desc" items separated by commas; `rows` 0..1000 (default 10) and `start`.
"""
import re

_TERM = re.compile(r'\+?([A-Za-z_][\w.]*):("([^"]*)"|\S+)|("([^"]*)")|(\S+)')
ALIASES = {"organization": "organization", "owner_org": "organization", "tags": "tags", "res_format": "res_format",
           "license_id": "license_id", "groups": "groups", "name": "name"}


def parse(text: str) -> tuple[list[str], dict[str, list[str]]]:
    """(free words, {field: [values]}) of a q or fq string."""
    words, fields = [], {}
    if not text or text.strip() in ("*:*", "*"):
        return words, fields
    for m in _TERM.finditer(text):
        if m.group(1):
            name = m.group(1)
            value = m.group(3) if m.group(3) is not None else m.group(2)
            if value == "*":
                continue
            if name in ("text", "q"):
                words.append(value)
            else:
                fields.setdefault(ALIASES.get(name, name), []).append(value)
        else:
            words.append(m.group(5) if m.group(5) is not None else m.group(6))
    return [w.lstrip("+") for w in words if w.lstrip("+")], fields


def bounded_int(value, default: int, low: int, high: int) -> int:
    """An integer parameter; ValueError when not a whole number."""
    if value in (None, ""):
        return default
    n = int(value)
    return max(low, min(high, n))

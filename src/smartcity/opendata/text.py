"""Text folding for diacritics-insensitive search (no Django import).

Vietnamese letters decompose under Unicode NFD (Unicode Standard Annex #15) into a base
letter and combining marks, which are dropped; "đ/Đ" has no decomposition and maps to "d"
by hand. "Bình Dương" and "binh duong" then fold to the same text.
"""
import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    text = unicodedata.normalize("NFD", text or "").replace("đ", "d").replace("Đ", "D")
    text = "".join(c for c in text if not unicodedata.combining(c))
    return _SPACES.sub(" ", text.lower()).strip()


def terms(query: str) -> list[str]:
    """The folded words of a search box query, each to be found (AND)."""
    return [t for t in fold(query).replace('"', " ").split(" ") if t]

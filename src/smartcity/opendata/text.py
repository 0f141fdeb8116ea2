"""Text folding for diacritics-insensitive search (no Django import): the platform's
`core.text.fold` (lower case, no diacritics, 'đ' -> 'd', spaces collapsed), so the catalogue
and every other page fold text the same way; plus the search box's terms."""
from smartcity.core.text import fold

__all__ = ["fold", "terms"]


def terms(query: str) -> list[str]:
    """The folded words of a search box query, each to be found (AND)."""
    return [t for t in fold(query).replace('"', " ").split(" ") if t]

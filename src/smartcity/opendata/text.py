"""Text folding for diacritics-insensitive search (no Django import): the plan tree's
`fold` (lower case, no diacritics, 'đ' -> 'd', spaces collapsed), so the catalogue and the
plan pages fold text the same way; plus the search box's terms."""
from smartcity.programme.services.items_tree import fold

__all__ = ["fold", "terms"]


def terms(query: str) -> list[str]:
    """The folded words of a search box query, each to be found (AND)."""
    return [t for t in fold(query).replace('"', " ").split(" ") if t]

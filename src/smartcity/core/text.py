"""Vietnamese text without its diacritics, one definition for every search of the platform
(no Django import). A person types "thu dau mot" on a keyboard without Vietnamese input and
must find "Thủ Dầu Một": both sides of every comparison go through `fold`.

Unicode NFD separates base letters from their combining marks (tones, breve, circumflex,
horn), which are dropped; 'đ'/'Đ' is a letter of its own (U+0111/U+0110), mapped by hand."""
import re
import unicodedata

_D = str.maketrans({"đ": "d", "Đ": "D"})
_NON_WORD = re.compile(r"[^0-9a-z]+")


def strip_marks(text) -> str:
    """The text without diacritics, case kept: 'Thủ Dầu Một' -> 'Thu Dau Mot' (English
    labels and codes made from Vietnamese names)."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", str(text).translate(_D))
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def fold(text) -> str:
    """Lower case, no diacritics, spaces collapsed: 'Giao thông  Đô thị' -> 'giao thong do thi'."""
    return " ".join(strip_marks(text).lower().split())


def fold_words(text) -> str:
    """`fold` keeping words only (punctuation becomes a space): 'Lô B4, KCN VSIP-I' ->
    'lo b4 kcn vsip i'; for stored search columns matched word by word."""
    return " ".join(_NON_WORD.sub(" ", fold(text)).split())


def matches(query: str, *texts: str) -> bool:
    """Every word of the query appears (folded) in one of the texts."""
    words = fold(query).split()
    if not words:
        return True
    haystack = " ".join(fold(t) for t in texts if t)
    return all(w in haystack for w in words)

"""Text folded for search: lower case, no Vietnamese diacritics ('đ' -> 'd'), words only.

"Thủ Dầu Một" and "thu dau mot" fold to the same text, so a search typed on a keyboard
without Vietnamese input finds the record. Unicode NFD separates base letters from their
combining marks (tones, breve, circumflex, horn), which are dropped; 'đ'/'Đ' is a letter
of its own in Unicode (U+0111) and is mapped by hand. No Django import.
"""
import re
import unicodedata

_NON_WORD = re.compile(r"[^0-9a-z]+")


def fold(text) -> str:
    if not text:
        return ""
    s = str(text).replace("đ", "d").replace("Đ", "D")
    s = unicodedata.normalize("NFD", s)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    return " ".join(_NON_WORD.sub(" ", s).split())


def search_text(*parts) -> str:
    """The folded text of several fields, one space apart (the stored `search_text`)."""
    return " ".join(f for f in (fold(p) for p in parts) if f)


_LEGAL_WORDS = ("cong ty", "tnhh", "co phan", "mot thanh vien", "hai thanh vien tro len", "mtv", "doanh nghiep tu nhan",
                "trach nhiem huu han", "co ltd", "company limited", "limited", "ltd", "corporation", "corp", "jsc", "inc",
                "viet nam", "vietnam")


def name_key(name) -> str:
    """A name without its legal-form words, for spotting duplicates ('Công ty TNHH Gỗ Minh
    Phát' and 'CTY TNHH MTV GO MINH PHAT' give 'go minh phat')."""
    s = f" {fold(name)} "
    s = s.replace(" cty ", " cong ty ")
    for w in _LEGAL_WORDS:
        s = s.replace(f" {w} ", " ")
    return " ".join(s.split())

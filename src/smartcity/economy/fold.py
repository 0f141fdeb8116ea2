"""The enterprise register's search text: the platform's folding keeping words only
(lower case, no Vietnamese diacritics, 'đ' -> 'd', punctuation as spaces), the searchable
address and the name key for spotting duplicates. No Django import.
"""
import re

from smartcity.core.text import fold_words


def fold(text) -> str:
    """The platform's folding keeping words only (`core.text.fold_words`)."""
    return fold_words(text)


def search_text(*parts) -> str:
    """The folded text of several fields, one space apart and one space first (the stored
    `search_text`): every word then follows a space, and a search word matched with a space
    before it starts a word."""
    text = " ".join(f for f in (fold(p) for p in parts) if f)
    return " " + text if text else ""


# The province (or, since 1 July 2025, the city it belongs to) ends nearly every address
# of the register: it says nothing about which enterprise is meant, and its letters make
# every trigram index candidate match ("anh duong" shares all but one trigram with
# "binh duong"), so it is left out of the searchable address.
_PROVINCE_TAIL = re.compile(r"(?: (?:tinh binh duong|thanh pho ho chi minh|tp ho chi minh|tp hcm|tphcm|viet nam|vietnam))+$")


def address_text(address) -> str:
    """The folded address without the province or city at its end."""
    return _PROVINCE_TAIL.sub("", " " + fold(address)).strip()


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

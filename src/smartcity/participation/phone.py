"""Vietnamese mobile numbers to E.164, with no Django import (pure, testable alone).

Accepted: 0xxxxxxxxx, +84xxxxxxxxx or 84xxxxxxxxx, with spaces, dots or dashes. Nationally
a mobile number has 10 digits and, since the 2018 renumbering (11-digit 01x numbers moved
to 03x/05x/07x/08x), starts with 03, 05, 07, 08 or 09. Landlines (02x) are refused: a code
cannot be sent to them by SMS."""
from __future__ import annotations

MOBILE_PREFIXES = ("3", "5", "7", "8", "9")  # the digit after the national 0
SEPARATORS = " .-"


class PhoneError(ValueError):
    """`reason` is one of: empty, bad_characters, not_vietnamese, wrong_length, not_mobile."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def normalise(raw: str | None) -> str:
    """The number as +84 followed by 9 digits, or PhoneError with the reason."""
    text = (raw or "").strip()
    if not text:
        raise PhoneError("empty")
    plus = text.startswith("+")
    digits = "".join(ch for ch in (text[1:] if plus else text) if ch not in SEPARATORS)
    if not digits.isascii() or not digits.isdigit():
        raise PhoneError("bad_characters")
    if plus or (digits.startswith("84") and len(digits) == 11):
        if not digits.startswith("84"):
            raise PhoneError("not_vietnamese")
        national = digits[2:]
    elif digits.startswith("0"):
        national = digits[1:]
    else:
        raise PhoneError("not_vietnamese")
    if len(national) != 9:
        raise PhoneError("wrong_length")
    if national[0] not in MOBILE_PREFIXES:
        raise PhoneError("not_mobile")
    return "+84" + national

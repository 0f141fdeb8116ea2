"""Vietnamese tax codes (mã số thuế, MST) of enterprises: structure and check digit.

Source: Circular 105/2020/TT-BTC of the Ministry of Finance on tax registration, Article 5
("Cấu trúc mã số thuế"): N1N2 N3N4N5N6N7N8N9 N10 - N11N12N13, where N1-N9 is the number
given by the tax registration system, N10 the check digit and N11-N13 (001-999) the
number of a dependent unit (branch, representative office) of the enterprise whose
10-digit code comes first. The check digit is computed from the first nine digits with
the weights 31, 29, 23, 19, 17, 13, 7, 5, 3: check = 10 - (sum mod 11); a sum whose rest
is 0 would give 10, and such numbers are never issued. Verified on published codes:
Becamex IDC 3700145020, Vinamilk 0300588569, FPT 0101248141, Viettel 0100109106.

No Django import: the form, the import, the API and the demo use the same function.
"""
from dataclasses import dataclass

WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)


@dataclass(frozen=True)
class Check:
    valid: bool
    code: str  # normalised code when valid, the input otherwise
    reason: str = ""  # machine code: empty, 'empty', 'format', 'length', 'check_digit', 'unit_number'
    message: str = ""  # English sentence (views translate by reason)
    is_branch: bool = False

    @property
    def parent(self) -> str:
        return self.code[:10]


def check_digit(first9: str) -> int | None:
    """The tenth digit for nine digits, or None when the number cannot be issued."""
    if len(first9) != 9 or not first9.isdigit():
        raise ValueError("nine digits expected")
    rest = sum(int(d) * w for d, w in zip(first9, WEIGHTS)) % 11
    return None if rest == 0 else 10 - rest


def make(first9: str) -> str | None:
    """A full 10-digit code from nine digits (None when no check digit exists)."""
    d = check_digit(first9)
    return None if d is None else f"{first9}{d}"


def normalise(raw) -> str:
    """Spaces, dots and a different dash removed; '3700145020 - 001' -> '3700145020-001'.
    A 13-digit run is read as a branch code."""
    s = "" if raw is None else str(raw).strip()
    if s.endswith(".0") and s[:-2].isdigit():  # a number cell of a spreadsheet
        s = s[:-2]
    for ch in (" ", ".", "\u00a0"):
        s = s.replace(ch, "")
    for dash in ("\u2013", "\u2014", "_", "/"):
        s = s.replace(dash, "-")
    if len(s) == 13 and s.isdigit():
        s = f"{s[:10]}-{s[10:]}"
    if len(s) == 9 and s.isdigit():  # a leading zero lost by a spreadsheet
        s = "0" + s
    return s


REASONS = {
    "empty": "The tax code is empty.",
    "format": "A tax code has 10 digits, or 10 digits, a dash and 3 digits for a branch.",
    "length": "A tax code has 10 digits (13 with a branch number).",
    "check_digit": "The check digit (10th digit) does not match the first nine digits.",
    "unit_number": "A branch number runs from 001 to 999.",
}


def _fail(raw, reason):
    return Check(False, str(raw or ""), reason, REASONS[reason])


def validate(raw) -> Check:
    """Check a tax code and say why it fails (see REASONS)."""
    s = normalise(raw)
    if not s:
        return _fail(raw, "empty")
    main, sep, unit = s.partition("-")
    if not main.isdigit() or (sep and not unit.isdigit()):
        return _fail(raw, "format")
    if len(main) != 10 or (sep and len(unit) != 3):
        return _fail(raw, "length")
    expected = check_digit(main[:9])
    if expected is None or int(main[9]) != expected:
        return _fail(raw, "check_digit")
    if sep and unit == "000":
        return _fail(raw, "unit_number")
    return Check(True, s, is_branch=bool(sep))


def is_valid(raw) -> bool:
    return validate(raw).valid

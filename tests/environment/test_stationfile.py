"""The station-file parser (Circular 10/2021 layout, environment.md §1): every leniency of
form and every rejection of meaning. Pure: no database."""
import time
from datetime import datetime, timezone

import pytest

from smartcity.environment import stationfile as sf

EXAMPLE = ("pH\t7.21\t-\t20250115103000\t00\n"
           "COD\t45.3\tmg/L\t20250115103000\t00\n"
           "TSS\t12.0\tmg/L\t20250115103000\t00\n"
           "Temp\t29.4\toC\t20250115103000\t00\n"
           "Flow\t85.2\tm3/h\t20250115103000\t01\n")
T = int(datetime(2025, 1, 15, 3, 30, tzinfo=timezone.utc).timestamp())  # 10:30 in Binh Duong (UTC+7)


def test_the_example_of_the_domain_notes():
    p = sf.parse_text(EXAMPLE)
    assert [(x.parameter, x.value, x.unit, x.t, x.status) for x in p.lines] == [
        ("pH", 7.21, "", T, sf.MEASURING), ("COD", 45.3, "mg/L", T, sf.MEASURING), ("TSS", 12.0, "mg/L", T, sf.MEASURING),
        ("Temp", 29.4, "oC", T, sf.MEASURING), ("Flow", 85.2, "m3/h", T, sf.CALIBRATING)]
    assert p.errors == [] and p.notes == [] and [x.number for x in p.lines] == [1, 2, 3, 4, 5]


@pytest.mark.parametrize("name, code, parts", [
    ("BD_KCNSONGTHAN_NT01_20250115103000.txt", "BD_KCNSONGTHAN_NT01", ("BD", "KCNSONGTHAN", "NT01")),
    ("BD_KCN_VSIP_II_KT02_20250115103000.TXT", "BD_KCN_VSIP_II_KT02", ("BD", "KCN_VSIP_II", "KT02")),  # `_` inside the code
    ("/inbox/songthan/2025/01/15/BD_KCNSONGTHAN_NT01_20250115103000.txt", "BD_KCNSONGTHAN_NT01", ("BD", "KCNSONGTHAN", "NT01")),
    ("TDM01_20250115103000.txt", "TDM01", ("", "", "TDM01")),
])
def test_file_names(name, code, parts):
    n = sf.parse_name(name)
    assert (n.code, (n.province, n.facility, n.station), n.t, n.stamp) == (code, parts, T, "20250115103000")


@pytest.mark.parametrize("name", [
    "BD_KCNSONGTHAN_NT01.txt",  # no timestamp
    "BD_KCNSONGTHAN_NT01_2025011510300.txt",  # 13 digits
    "BD_KCNSONGTHAN_NT01_20250230103000.txt",  # 30 February
    "BD_KCNSONGTHAN_NT01_20250115103000.csv",
    "_20250115103000.txt", "___20250115103000.txt",  # no code
])
def test_bad_file_names_are_refused_with_a_code(name):
    with pytest.raises(sf.BadFileName) as exc:
        sf.parse_name(name)
    assert exc.value.code == sf.BAD_NAME and name.rsplit("/", 1)[-1] in exc.value.reason


def test_lenient_in_form():
    text = ("\ufeffpH 7,21 - 20250115103000 00\r\n"  # BOM, spaces, decimal comma, CRLF
            "\r\n   \r\n"  # blank lines
            "COD\t45.3\tMG/L\t20250115103000\t00   \r\n"  # upper-case unit, trailing spaces
            "Nhiet do  29,4\toC 20250115103000 00\r"  # a name with a space, mixed separators, CR alone
            "TSS\t\t12\tmg/l\t20250115103000\t00\n"  # a doubled TAB
            "Flow\t85.2\tm3/h\t20250115103000\t1\n"  # status without its leading zero
            "DO\t-0.5e1\tmg/L\t20250115103000\t02")  # exponent, sign, no final newline
    p = sf.parse_bytes(text.encode("utf-8"))
    assert p.errors == [] and p.notes == []
    assert [(x.number, x.parameter, x.value, x.unit, x.status) for x in p.lines] == [
        (1, "pH", 7.21, "", 0), (4, "COD", 45.3, "MG/L", 0), (5, "Nhiet do", 29.4, "oC", 0), (6, "TSS", 12.0, "mg/l", 0),
        (7, "Flow", 85.2, "m3/h", 1), (8, "DO", -5.0, "mg/L", 2)]
    assert all(x.t == T for x in p.lines)


@pytest.mark.parametrize("line, field, code", [
    ("pH\t7.21\t-\t20250115103000", "line", sf.FIELD_COUNT),
    ("pH\t7.21\t-\t20250115103000\t00\textra\tmore", "line", sf.FIELD_COUNT),
    ("pH 7.21", "line", sf.FIELD_COUNT),
    ("\t7.21\t-\t20250115103000\t00", "parameter", sf.EMPTY_PARAMETER),
    ("COD\tabc\tmg/L\t20250115103000\t00", "value", sf.BAD_NUMBER),
    ("COD\t1.234,5\tmg/L\t20250115103000\t00", "value", sf.BAD_NUMBER),  # grouping marks are ambiguous
    ("COD\t1,2,3\tmg/L\t20250115103000\t00", "value", sf.BAD_NUMBER),
    ("COD\tNaN\tmg/L\t20250115103000\t00", "value", sf.BAD_NUMBER),
    ("COD\tinf\tmg/L\t20250115103000\t00", "value", sf.BAD_NUMBER),
    ("COD\t1e999\tmg/L\t20250115103000\t00", "value", sf.BAD_NUMBER),
    ("COD\t45\tmg/L\t20251315103000\t00", "time", sf.BAD_TIME),  # month 13
    ("COD\t45\tmg/L\t20250115250000\t00", "time", sf.BAD_TIME),  # hour 25
    ("COD\t45\tmg/L\t2025-01-15 10:30\t00", "time", sf.BAD_TIME),
    ("COD\t45\tmg/L\t2025-01-15T10:30\t00", "time", sf.BAD_TIME),
    ("COD\t45\tmg/L\t202501151030\t00", "time", sf.BAD_TIME),
])
def test_strict_in_meaning_each_bad_line_has_a_code_and_a_reason(line, field, code):
    p = sf.parse_text("pH\t7.2\t-\t20250115103000\t00\n" + line + "\n")
    assert len(p.lines) == 1 and len(p.errors) == 1
    e = p.errors[0]
    assert (e.number, e.field, e.code) == (2, field, code) and e.reason and e.raw == line
    assert e.as_dict()["line"] == 2


def test_unknown_status_is_kept_and_flagged():
    p = sf.parse_text("COD\t45\tmg/L\t20250115103000\t07\nTSS\t12\tmg/L\t20250115103000\tXX\n")
    assert [(x.parameter, x.status, x.status_code) for x in p.lines] == [("COD", sf.UNKNOWN, "07"), ("TSS", sf.UNKNOWN, "XX")]
    assert p.errors == [] and [(n.number, n.code, n.field) for n in p.notes] == [(1, sf.UNKNOWN_STATUS, "status"), (2, sf.UNKNOWN_STATUS, "status")]


def test_not_utf8_costs_one_line_and_nul_bytes_are_refused():
    data = "pH\t7.2\t-\t20250115103000\t00\n".encode() + b"Nhi\xeat do\t29\toC\t20250115103000\t00\n" + b"X\x00\t1\t-\t20250115103000\t00\n"
    p = sf.parse_bytes(data)
    assert [x.parameter for x in p.lines] == ["pH"]
    assert [(e.number, e.code) for e in p.errors] == [(2, sf.NOT_UTF8), (3, sf.NOT_UTF8)]


def test_the_same_parameter_twice_keeps_the_first():
    p = sf.parse_text("COD\t45\tmg/L\t20250115103000\t00\ncod\t50\tmg/L\t20250115103000\t00\nCOD\t47\tmg/L\t20250115103500\t00\n")
    assert [(x.number, x.value) for x in p.lines] == [(1, 45.0), (3, 47.0)]
    assert [(e.number, e.code) for e in p.errors] == [(2, sf.DUPLICATE_LINE)] and "line 1" in p.errors[0].reason


def test_empty_and_blank_files_have_no_line():
    for data in (b"", b"\xef\xbb\xbf", b"\r\n\n  \n"):
        p = sf.parse_bytes(data)
        assert p.total == 0


def test_fast_enough_for_a_day_of_the_network():
    """35 stations x 288 files x 6 lines: the parser must be a small part of the 60 s budget."""
    text = "".join(f"P{i}\t{i}.5\tmg/L\t20250115103000\t00\r\n" for i in range(6)).encode()
    started = time.perf_counter()
    for _ in range(35 * 288):
        sf.parse_bytes(text)
    assert time.perf_counter() - started < 3.0  # about 0.2 s on the development machine

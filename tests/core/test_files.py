"""One check for every document attached in the programme: extension and first bytes agree,
size within the limit, text is UTF-8 without markup; downloads are never rendered inline."""
import pytest

from smartcity.core import files

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"
DOCX = b"PK\x03\x04\x14\x00\x06\x00"


@pytest.mark.parametrize("name, head, size, expected", [
    ("bao-cao-thang-5.pdf", PDF, 1000, ("application/pdf", None)),
    ("Kế hoạch chi tiết.DOCX", DOCX, 5000, (files.TYPES["docx"][0], None)),
    ("so-lieu.csv", "Chỉ tiêu;Giá trị\nTrạm quan trắc;3\n".encode(), 40, (files.TYPES["csv"][0], None)),
    ("trang-web.pdf", b"<!DOCTYPE html><html>", 100, (None, "content_mismatch")),
    ("ghi-chu.txt", b"<script>alert(1)</script>", 30, (None, "content_mismatch")),
    ("nhi-phan.txt", b"\x00\x01\x02", 3, (None, "content_mismatch")),
    ("windows-1258.txt", b"Tr\xe1m quan tr\xe9c kh\xf4ng kh\xed", 25, (None, "content_mismatch")),
    ("chuong-trinh.exe", b"MZ\x90\x00", 100, (None, "type_not_allowed")),
    ("khong-duoi", PDF, 100, (None, "type_not_allowed")),
    ("rong.pdf", b"", 0, (None, "empty")),
    ("lon.pdf", PDF, files.MAX_BYTES + 1, (None, "too_large")),
])
def test_sniff(name, head, size, expected):
    assert files.sniff(name, head, size) == expected


def test_allowed_subset_and_cut_utf8():
    assert files.sniff("so-lieu.csv", b"a;b\n", 4, allowed=("pdf",)) == (None, "type_not_allowed")
    text = "Thủ Dầu Một".encode()
    assert files.sniff("ten.txt", text[:-1], 100)[1] is None  # the sample ends inside "ộ"
    assert files.content_type_of("a/b/c.XLSX") == files.TYPES["xlsx"][0]
    assert files.content_type_of("tap-tin.bin") == "application/octet-stream"

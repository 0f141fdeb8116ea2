"""Pure modules: tax code check digit (Circular 105/2020/TT-BTC), folding for search,
size class (Decree 80/2021/NĐ-CP), the VSIC 2018 tables."""
import random

import pytest

from smartcity.economy import fold, sizeclass, taxcode, vsic


@pytest.mark.parametrize("code", ["3700145020", "0300588569", "0101248141", "0100109106"])
def test_published_tax_codes_are_valid(code):
    # Becamex IDC, Vinamilk, FPT, Viettel: codes printed on their invoices and registrations
    assert taxcode.validate(code).valid


def test_check_digit_properties():
    rng = random.Random(7)
    for _ in range(500):
        first9 = f"{rng.randrange(10**9):09d}"
        code = taxcode.make(first9)
        if code is None:  # the weighted sum is a multiple of 11: such numbers are never issued
            assert sum(int(d) * w for d, w in zip(first9, taxcode.WEIGHTS)) % 11 == 0
            continue
        assert taxcode.validate(code).valid
        wrong = code[:9] + str((int(code[9]) + 1) % 10)
        assert taxcode.validate(wrong).reason == "check_digit"  # any other tenth digit fails
    # any single changed digit among the first nine is caught (weights are not multiples of 11)
    code = "3700145020"
    for i in range(9):
        for d in "0123456789":
            if d != code[i]:
                assert not taxcode.validate(code[:i] + d + code[i + 1:]).valid


def test_reasons_and_branches():
    assert taxcode.validate("").reason == "empty"
    assert taxcode.validate("37001A5020").reason == "format"
    assert taxcode.validate("37001450").reason == "length"
    assert taxcode.validate("3700145021").reason == "check_digit"
    assert taxcode.validate("3700145020-000").reason == "unit_number"
    branch = taxcode.validate("3700145020 - 001")
    assert branch.valid and branch.code == "3700145020-001" and branch.is_branch and branch.parent == "3700145020"
    assert taxcode.validate("3700145020001").code == "3700145020-001"
    assert taxcode.validate(300588569).code == "0300588569"  # a spreadsheet cell that lost its leading zero
    assert "check digit" in taxcode.validate("3700145021").message


def test_fold_ignores_diacritics_case_and_d():
    assert fold.fold("Thủ Dầu Một") == "thu dau mot"
    assert fold.fold("ĐƯỜNG Đồng Khởi, P. Tân Định") == "duong dong khoi p tan dinh"
    assert fold.fold("Nguyễn Thị Ngọc Hân") == fold.fold("NGUYEN THI NGOC HAN")
    assert fold.name_key("CTY TNHH MTV GỖ MINH PHÁT") == fold.name_key("Công ty TNHH Gỗ Minh Phát") == "go minh phat"


def test_address_text_leaves_out_the_province_at_the_end():
    assert fold.address_text("Lô C2, KCN Mỹ Phước 3, phường Thới Hòa, Thành phố Hồ Chí Minh") == "lo c2 kcn my phuoc 3 phuong thoi hoa"
    assert fold.address_text("Số 5, phường Phú Cường, TP. Thủ Dầu Một, tỉnh Bình Dương, Việt Nam") == "so 5 phuong phu cuong tp thu dau mot"
    assert fold.address_text("Số 251 Đại lộ Bình Dương") == "so 251 dai lo binh duong"  # a street, not the province
    assert fold.address_text("") == ""


def test_size_class_by_decree_80():
    bn = sizeclass.BN
    assert sizeclass.size_class(8, 2 * bn, None, "C") == "micro"
    assert sizeclass.size_class(8, 5 * bn, 5 * bn, "C") == "small"  # micro needs revenue or capital <= 3 bn
    assert sizeclass.size_class(80, None, 15 * bn, "C") == "small"
    assert sizeclass.size_class(80, None, 30 * bn, "C") == "medium"  # industry: small capital <= 20 bn
    assert sizeclass.size_class(45, None, 30 * bn, "G") == "small"  # services: small capital <= 50 bn
    assert sizeclass.size_class(150, 100 * bn, None, "C") == "medium"
    assert sizeclass.size_class(150, 100 * bn, None, "G") == "large"  # services: medium stops at 100 people
    assert sizeclass.size_class(250, None, None, "C") == "large"
    assert sizeclass.size_class(None, bn, bn, "C") is None


def test_vsic_tables():
    assert [s[0] for s in vsic.SECTIONS] == list("ABCDEFGHIJKLMNOPQRSTU")
    assert len(vsic.DIVISIONS) == 88 and len({d[0] for d in vsic.DIVISIONS}) == 88
    assert vsic.section_of("31001") == "C" and vsic.section_of("52109") == "H" and vsic.section_of("0125") == "A"
    codes = {c for c, *_ in vsic.all_codes()}
    assert all(p is None or p in codes for _c, _l, _v, _e, p in vsic.all_codes())

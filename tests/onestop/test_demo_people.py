"""The invented applicants of the one-stop demo: realistic Vietnamese formats, deterministic."""
import re
from collections import Counter

from smartcity.core.reference import NEW_UNITS
from smartcity.onestop import demo_people
from smartcity.onestop.demo_people import People, tax_check_digit

VIETNAMESE = set("ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ")
PREFIXES = {p for p, _w in demo_people.MOBILE_PREFIXES}


def test_same_seed_same_people_other_seed_others():
    first = [People(11).applicant().as_dict() for _ in range(1)]
    a, b, c = People(11), People(11), People(12)
    run_a = [a.applicant().as_dict() for _ in range(50)]
    assert run_a == [b.applicant().as_dict() for _ in range(50)]
    assert run_a[0] == first[0]
    assert run_a != [c.applicant().as_dict() for _ in range(50)]


def test_citizens_have_plausible_ids_phones_and_addresses():
    people = People(3, today_year=2026)
    citizens = [people.citizen() for _ in range(400)]
    wards = {name for name, _kind in NEW_UNITS}
    ids = [c.id_number for c in citizens]
    assert len(set(ids)) == len(ids)  # unique
    for c in citizens:
        assert re.fullmatch(r"074\d{9}", c.id_number), c.id_number
        century, year = int(c.id_number[3]), int(c.id_number[4:6])
        assert century in (0, 1, 2, 3)
        assert century % 2 == (1 if c.sex == "F" else 0)  # even digits for men, odd for women
        assert (1900 if century < 2 else 2000) + year == c.birth_year
        assert 18 <= 2026 - c.birth_year <= 80
        assert len(c.phone) == 10 and c.phone[:3] in PREFIXES and c.phone.isdigit()
        assert c.ward in wards and f" {c.ward}, Thành phố Hồ Chí Minh" in c.address
        assert c.address.startswith(("Số ", "Tổ "))
        parts = c.name.split()
        assert 3 <= len(parts) <= 4 and all(p[0].isupper() for p in parts)
        if c.email:
            assert re.fullmatch(r"[a-z0-9.]+@[a-z.]+", c.email)  # no diacritics in e-mail addresses
    assert {c.sex for c in citizens} == {"M", "F"}
    # women mostly carry "Thị" or another female middle name, men "Văn"...
    assert sum(" Thị " in c.name for c in citizens if c.sex == "F") > 0.3 * sum(c.sex == "F" for c in citizens)
    assert not any(" Thị " in c.name for c in citizens if c.sex == "M")
    assert sum(bool(set(c.name.lower()) & VIETNAMESE) for c in citizens) > 0.9 * len(citizens)
    families = Counter(c.name.split()[0] for c in citizens)
    assert families.most_common(1)[0][0] == "Nguyễn"
    assert 0.2 < sum(bool(c.email) for c in citizens) / len(citizens) < 0.7
    assert len({c.ward for c in citizens}) > 20  # spread over the province


def test_organisations_have_valid_tax_codes():
    people = People(5)
    orgs = [people.organisation() for _ in range(200)]
    assert tax_check_digit("010010910") == 6  # a published enterprise code, 0100109106
    for o in orgs:
        assert o.kind == "organisation"
        assert re.fullmatch(r"370[0-3]\d{6}", o.id_number), o.id_number
        assert int(o.id_number[9]) == tax_check_digit(o.id_number[:9])
        assert o.name.startswith(("Công ty TNHH", "Công ty Cổ phần", "Doanh nghiệp tư nhân", "Hợp tác xã", "Hộ kinh doanh"))
        assert o.representative and len(o.representative.split()) >= 3
    assert len({o.name for o in orgs}) > 100
    mixer = People(9)
    mix = Counter(mixer.applicant().kind for _ in range(500))
    assert 0.1 < mix["organisation"] / 500 < 0.3


def test_as_dict_is_the_intake_contract():
    d = People(1).applicant().as_dict()
    assert set(d) == {"kind", "name", "id_number", "phone", "email", "address"}

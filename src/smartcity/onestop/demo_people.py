"""Invented applicants for the one-stop demo and benchmark: Vietnamese citizens and
organisations of Binh Duong, deterministic for a seed. Pure (no Django): the names and
numbers follow the real formats, but every person and company is made up.

Formats used (why the numbers look the way they do):
- Citizen ID (CCCD, Decree 137/2015/NĐ-CP and Circular 07/2016/TT-BCA, kept by the
  Identification Law 2023): 12 digits = 3-digit province of birth registration (Binh Duong
  074) + 1 digit century and sex (0 male / 1 female born 1900-1999, 2 / 3 born 2000-2099)
  + 2 digits of the birth year + 6 random digits.
- Mobile numbers: 10 digits with the operators' prefixes in use since the 2018 change
  (Viettel 086/096-098/032-039, MobiFone 089/090/093/070/076-079, VinaPhone
  088/091/094/081-085, Vietnamobile 092/056/058, Gmobile 099/059).
- Enterprise tax code: 10 digits; the province's range starts with 37 (Binh Duong), the
  numbers issued so far run from 3700... to 3703...; the tenth digit is the check digit (weights 31, 29, 23, 19, 17, 13, 7, 5, 3; mod 11).
- Addresses: since 1 July 2025 Binh Duong's 36 wards and communes belong to Ho Chi Minh
  City with no district level (Resolution 1685/NQ-UBTVQH15), so an address is
  "house, street, quarter, ward, Thành phố Hồ Chí Minh". Streets are grouped by the
  former district (core.reference.OLD_DISTRICTS) the ward was formed from.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field

from smartcity.core.reference import NEW_UNITS, OLD_DISTRICTS, ascii_name

# -- names ---------------------------------------------------------------------------------------
# family names with rough weights (Nguyễn about 38 %; Huỳnh and Võ common in the south)
FAMILY = [("Nguyễn", 38), ("Trần", 11), ("Lê", 9), ("Phạm", 6), ("Huỳnh", 5), ("Hoàng", 2), ("Võ", 4), ("Phan", 4),
          ("Trương", 2), ("Đặng", 2), ("Bùi", 2), ("Đỗ", 2), ("Hồ", 2), ("Ngô", 2), ("Dương", 1), ("Lý", 1), ("Đinh", 1),
          ("Châu", 1), ("Lâm", 1), ("Tạ", 1), ("Mai", 1), ("Cao", 1), ("Vũ", 1), ("Đoàn", 1)]
MIDDLE_MALE = [("Văn", 40), ("Hữu", 8), ("Minh", 10), ("Quốc", 7), ("Thanh", 6), ("Hoàng", 6), ("Công", 5), ("Tấn", 5),
               ("Đức", 5), ("Gia", 4), ("Trọng", 3), ("Ngọc", 3), ("Anh", 3), ("Phước", 2), ("Thành", 3)]
MIDDLE_FEMALE = [("Thị", 45), ("Ngọc", 10), ("Thu", 6), ("Thanh", 6), ("Mỹ", 5), ("Kim", 5), ("Bảo", 4), ("Hồng", 4),
                 ("Phương", 4), ("Minh", 4), ("Thùy", 4), ("Khánh", 3)]
GIVEN_MALE = ["Hùng", "Dũng", "Tuấn", "Minh", "Phúc", "Long", "Khang", "Tài", "Lộc", "Thịnh", "Hải", "Nam", "Sơn", "Trung",
              "Hiếu", "Nghĩa", "Quang", "Thắng", "Khoa", "Bảo", "Duy", "Đạt", "Huy", "Tâm", "Trí", "Vinh", "Phong", "Cường",
              "Hoàng", "Nhân", "Thiện", "Tú", "Lợi", "Phát", "Hậu", "Toàn", "Quý", "Kiệt", "An", "Định"]
GIVEN_FEMALE = ["Lan", "Hương", "Linh", "Trang", "Thảo", "Ngọc", "Hà", "Vy", "Nhung", "Hạnh", "Mai", "Hoa", "Yến",
                "Oanh", "Diễm", "Thủy", "Trinh", "Nhi", "Uyên", "Giang", "Hằng", "Tuyết", "Phượng", "Loan", "Dung",
                "Ngân", "Trâm", "Thư", "Quyên", "Vân", "Châu", "Hiền", "My", "Tiên", "Duyên", "Nga", "Kiều", "Xuân"]

# -- phones --------------------------------------------------------------------------------------
MOBILE_PREFIXES = [  # (prefix, weight): Viettel, MobiFone, VinaPhone, Vietnamobile, Gmobile
    *[(p, 5) for p in ("086", "096", "097", "098")], *[(f"03{d}", 3) for d in range(2, 10)],
    *[(p, 4) for p in ("089", "090", "093")], *[(p, 2) for p in ("070", "076", "077", "078", "079")],
    *[(p, 4) for p in ("088", "091", "094")], *[(f"08{d}", 2) for d in range(1, 6)],
    ("092", 1), ("056", 1), ("058", 1), ("099", 1), ("059", 1),
]
EMAIL_DOMAINS = [("gmail.com", 70), ("yahoo.com", 10), ("yahoo.com.vn", 6), ("outlook.com", 6), ("icloud.com", 5), ("hotmail.com", 3)]

# -- places --------------------------------------------------------------------------------------
# the wards and communes of NEW_UNITS grouped by the former district they were formed from, in
# the order NEW_UNITS lists them; weights follow the population (Thuận An, Dĩ An, Thủ Dầu Một first)
_GROUPS = [("Thủ Dầu Một", 5, 18), ("Bến Cát", 6, 12), ("Tân Uyên", 5, 11), ("Dĩ An", 3, 17), ("Thuận An", 5, 22),
           ("Bàu Bàng", 2, 3), ("Dầu Tiếng", 4, 4), ("Phú Giáo", 4, 3), ("Bắc Tân Uyên", 2, 3)]
STREETS = {  # former district -> streets and roads (names as written on the street signs)
    "Thủ Dầu Một": ["Yersin", "Cách Mạng Tháng Tám", "Bạch Đằng", "Đinh Bộ Lĩnh", "Ngô Quyền", "Văn Công Khai", "Phú Lợi",
                    "Huỳnh Văn Lũy", "Lê Hồng Phong", "Hùng Vương", "Đại lộ Bình Dương", "Nguyễn Văn Cừ", "Hồ Văn Cống",
                    "Trần Văn Ơn", "Lê Lợi", "Võ Văn Kiệt", "Mỹ Phước - Tân Vạn"],
    "Bến Cát": ["Quốc lộ 13", "Hùng Vương", "Đường 30 Tháng 4", "ĐT 741", "ĐT 744", "Mỹ Phước - Tân Vạn", "Nguyễn Văn Thành"],
    "Tân Uyên": ["ĐT 746", "ĐT 747", "ĐT 742", "Đường 30 Tháng 4", "Nguyễn Khuyến", "Mỹ Phước - Tân Vạn", "Huỳnh Văn Nghệ"],
    "Dĩ An": ["Nguyễn An Ninh", "Trần Hưng Đạo", "Lý Thường Kiệt", "ĐT 743", "Quốc lộ 1K", "Mỹ Phước - Tân Vạn",
              "Nguyễn Thị Minh Khai", "Cô Bắc", "Đông Minh"],
    "Thuận An": ["Đại lộ Bình Dương", "Nguyễn Văn Tiết", "Thủ Khoa Huân", "Phan Đình Phùng", "Châu Văn Tiếp", "ĐT 743",
                 "Mỹ Phước - Tân Vạn", "Đại lộ Độc Lập", "Hữu Nghị", "Nguyễn Du", "Gia Long", "Cách Mạng Tháng Tám"],
    "Bàu Bàng": ["Quốc lộ 13", "ĐT 749C", "Đường số 7"],
    "Dầu Tiếng": ["ĐT 744", "ĐT 748", "ĐT 749A", "Hùng Vương", "Độc Lập"],
    "Phú Giáo": ["ĐT 741", "Độc Lập", "ĐT 750", "Trần Quang Diệu"],
    "Bắc Tân Uyên": ["ĐT 746", "ĐT 741", "ĐT 742"],
}
CITY = "Thành phố Hồ Chí Minh"


def _check_groups():
    names = [d[1] for d in OLD_DISTRICTS]
    assert sum(n for _g, n, _w in _GROUPS) == len(NEW_UNITS) and all(g in names for g, _n, _w in _GROUPS)


_check_groups()


def _units():
    """[(ward/commune name, type 'Phường'/'Xã', former district, weight)] over NEW_UNITS."""
    out, i = [], 0
    for district, n, weight in _GROUPS:
        for name, kind in NEW_UNITS[i:i + n]:
            out.append((name, kind, district, weight / n))
        i += n
    return out


UNITS = _units()

# -- organisations -------------------------------------------------------------------------------
ORG_FORMS = [("Công ty TNHH", 50), ("Công ty TNHH MTV", 12), ("Công ty Cổ phần", 20), ("Doanh nghiệp tư nhân", 6),
             ("Hợp tác xã", 2), ("Hộ kinh doanh", 10)]
ORG_TRADES = ["Thương mại Dịch vụ", "Sản xuất", "Xây dựng", "Cơ khí", "Chế biến Gỗ", "Bao bì", "Dệt may", "Nội thất",
              "Vận tải", "Điện tử", "Thực phẩm", "Vật liệu Xây dựng", "Đầu tư Bất động sản", "Gốm sứ", "Nhựa", "Logistics"]
ORG_WORDS = ["Phú Thịnh", "Tân Phát", "Minh Long", "Hưng Thịnh", "Thành Công", "An Khang", "Phước Lộc", "Việt Hưng",
             "Sao Mai", "Hoàng Gia", "Thuận Phát", "Đông Á", "Nam Tiến", "Bình An", "Kim Ngân", "Gia Bảo", "Tâm Đức",
             "Trường Thịnh", "Vạn Lợi", "Hòa Bình", "Lộc Phát", "Thiên Ân", "Quang Minh", "Phúc Khang", "Nhật Tân"]
ORG_SUFFIX = ["", "", "", " Bình Dương", " Việt Nam", " Miền Nam", " Sài Gòn"]


@dataclass
class Applicant:
    """One invented applicant; `as_dict()` is the dict the intake service takes."""

    kind: str  # "citizen" | "organisation"
    name: str
    id_number: str
    phone: str
    email: str
    address: str
    ward: str  # the ward or commune of the address (NEW_UNITS name)
    district: str  # the former district it belongs to
    sex: str = ""  # "M" / "F" for citizens
    birth_year: int | None = None
    representative: str = ""  # for organisations: the person who files
    extra: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"kind": self.kind, "name": self.name, "id_number": self.id_number, "phone": self.phone,
                "email": self.email, "address": self.address}


def _weighted(rng: random.Random, pairs):
    items, weights = zip(*pairs)
    return rng.choices(items, weights=weights)[0]


def citizen_id(rng: random.Random, birth_year: int, female: bool, province: str = "074") -> str:
    century = (birth_year // 100) - 19  # 1900s -> 0, 2000s -> 1, 2100s -> 2
    digit = century * 2 + (1 if female else 0)
    return f"{province}{digit}{birth_year % 100:02d}{rng.randrange(10**6):06d}"


def mobile(rng: random.Random) -> str:
    return _weighted(rng, MOBILE_PREFIXES) + f"{rng.randrange(10**7):07d}"


_TAX_WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)


def tax_check_digit(first9: str) -> int | None:
    """The tenth digit of an enterprise tax code, or None if these nine digits have none."""
    check = 10 - sum(int(d) * w for d, w in zip(first9, _TAX_WEIGHTS)) % 11
    return None if check == 10 else check


def tax_code(rng: random.Random) -> str:
    while True:
        first9 = f"370{rng.randint(0, 3)}{rng.randrange(10**5):05d}"  # 3700... to 3703...: the range issued so far
        check = tax_check_digit(first9)
        if check is not None:
            return first9 + str(check)


def full_name(rng: random.Random, female: bool) -> str:
    family = _weighted(rng, FAMILY)
    middle = _weighted(rng, MIDDLE_FEMALE if female else MIDDLE_MALE)
    given = rng.choice(GIVEN_FEMALE if female else GIVEN_MALE)
    if rng.random() < 0.12:  # a second middle name, e.g. Nguyễn Thị Ngọc Hân
        extra = _weighted(rng, MIDDLE_FEMALE[1:] if female else MIDDLE_MALE[1:])
        if extra not in (middle, given):
            middle = f"{middle} {extra}"
    return f"{family} {middle} {given}"


def pick_unit(rng: random.Random, district: str | None = None):
    units = [u for u in UNITS if district is None or u[2] == district]
    return rng.choices(units, weights=[u[3] for u in units])[0]


def address(rng: random.Random, ward: str | None = None) -> tuple[str, str, str]:
    """(address, ward name, former district); e.g. 'Số 45/3 đường Nguyễn Văn Tiết, khu phố
    Bình Đức 2, phường Lái Thiêu, Thành phố Hồ Chí Minh'."""
    if ward:
        unit = next(u for u in UNITS if u[0] == ward)
    else:
        unit = pick_unit(rng)
    name, kind, district, _w = unit
    street = rng.choice(STREETS[district])
    house = str(rng.randint(1, 350))
    if rng.random() < 0.35:
        house += f"/{rng.randint(1, 40)}"
        if rng.random() < 0.2:
            house += rng.choice("ABC")
    if kind == "Xã":
        hamlet = f"ấp {rng.randint(1, 9)}" if rng.random() < 0.7 else f"ấp {rng.choice(['Bến Tranh', 'Cây Sắn', 'Đồng Sổ', 'Suối Tre', 'Bà Phái', 'Long Điền'])}"
        line = f"Số {house} {_street(street)}, {hamlet}, xã {name}" if rng.random() < 0.5 else f"Tổ {rng.randint(1, 12)}, {hamlet}, xã {name}"
    else:
        quarter = f"khu phố {rng.randint(1, 12)}"
        line = f"Số {house} {_street(street)}, {quarter}, phường {name}"
    return f"{line}, {CITY}", name, district


def _street(street: str) -> str:
    """'Yersin' -> 'đường Yersin'; roads with their own kind keep it ('Quốc lộ 13', 'ĐT 743', 'Đại lộ ...')."""
    if street.startswith(("Quốc lộ", "ĐT ", "Đại lộ", "Đường ")):
        return street
    return f"đường {street}"


def email_for(rng: random.Random, name: str, year: int | None = None) -> str:
    parts = ascii_name(name).lower().split()
    style = rng.randrange(4)
    if style == 0:
        local = "".join(parts)
    elif style == 1:
        local = parts[-1] + "".join(p[0] for p in parts[:-1])
    elif style == 2:
        local = ".".join([parts[-1], parts[0]])
    else:
        local = "".join(parts[-2:])
    if year and rng.random() < 0.6:
        local += f"{year % 100:02d}"
    elif rng.random() < 0.3:
        local += str(rng.randint(1, 999))
    return f"{local}@{_weighted(rng, EMAIL_DOMAINS)}"


SHOPS = ["Tạp hóa", "Cơm tấm", "Sửa xe", "Điện máy", "Cà phê", "Vật liệu xây dựng", "Tiệm may", "Nhà thuốc", "Tiệm bánh"]


def company_name(rng: random.Random) -> tuple[str, str]:
    """(full name, its distinctive part), e.g. ('Công ty TNHH Cơ khí Tân Phát Bình Dương', 'Tân Phát')."""
    form = _weighted(rng, ORG_FORMS)
    words = rng.choice(ORG_WORDS)
    if form == "Hộ kinh doanh":
        return f"{form} {rng.choice(SHOPS)} {words}", words
    if form == "Hợp tác xã":
        return f"{form} Nông nghiệp {words}", words
    return f"{form} {rng.choice(ORG_TRADES)} {words}{rng.choice(ORG_SUFFIX)}", words


class People:
    """A seeded stream of invented applicants: `citizen()`, `organisation()`, `applicant()`.

    The same seed yields the same sequence, so the demo stays stable across runs."""

    def __init__(self, seed: int = 2025, *, today_year: int = 2026):
        self.rng = random.Random(seed)
        self.today_year = today_year
        self._ids: set[str] = set()

    def _unique(self, make) -> str:
        while True:
            value = make()
            if value not in self._ids:
                self._ids.add(value)
                return value

    def citizen(self, *, female: bool | None = None, ward: str | None = None, email_share: float = 0.45) -> Applicant:
        rng = self.rng
        female = rng.random() < 0.5 if female is None else female
        # adults 18-80, most between 25 and 55
        age = max(18, min(80, int(rng.gauss(40, 12))))
        year = self.today_year - age
        name = full_name(rng, female)
        id_number = self._unique(lambda: citizen_id(rng, year, female))
        line, ward_name, district = address(rng, ward)
        email = email_for(rng, name, year) if rng.random() < email_share else ""
        return Applicant("citizen", name, id_number, mobile(rng), email, line, ward_name, district,
                         sex="F" if female else "M", birth_year=year)

    def organisation(self, *, ward: str | None = None) -> Applicant:
        rng = self.rng
        name, words = company_name(rng)
        code = self._unique(lambda: tax_code(rng))
        line, ward_name, district = address(rng, ward)
        rep_female = rng.random() < 0.45
        rep = full_name(rng, rep_female)
        slug = ascii_name(words).lower().replace(" ", "")
        email = f"{rng.choice(['ketoan', 'info', 'phaply', 'hanhchinh'])}.{slug}@gmail.com" if rng.random() < 0.8 else ""
        return Applicant("organisation", name, code, mobile(rng), email, line, ward_name, district, representative=rep)

    def applicant(self, organisation_share: float = 0.2, **kwargs) -> Applicant:
        if self.rng.random() < organisation_share:
            return self.organisation(**kwargs)
        return self.citizen(**kwargs)

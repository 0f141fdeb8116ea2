"""Invented enterprises of Binh Duong, deterministic for a seed: realistic Vietnamese names
(and English names with investors for foreign-invested ones), valid tax codes generated
with the check digit, sectors weighted like the province's economy (furniture, garments,
footwear, electronics, food, logistics). Pure (no Django); the demo and the search
benchmark (`bench/economy_search.py`) build their records from it. Every company is
made up; only the formats are real."""
from __future__ import annotations

import random

from smartcity.economy import taxcode
from smartcity.economy.demo_parks import PARKS
from smartcity.onestop.demo_people import STREETS, UNITS, full_name, mobile

# VSIC code, weight, Vietnamese trade words, English trade words, employees (median), capital bn VND (median)
SECTORS = [
    ("31001", 10, ["Gỗ", "Nội thất", "Đồ gỗ"], ["Furniture", "Wood Products"], 260, 40),
    ("3100", 4, ["Nội thất", "Trang trí Nội thất"], ["Furniture", "Interior"], 120, 20),
    ("1629", 4, ["Chế biến Gỗ", "Mây tre"], ["Wood", "Timber"], 90, 12),
    ("1610", 2, ["Gỗ xẻ", "Lâm sản"], ["Timber", "Lumber"], 60, 8),
    ("1410", 11, ["May mặc", "May", "Thời trang"], ["Garment", "Apparel", "Fashion"], 450, 30),
    ("1311", 2, ["Sợi", "Dệt sợi"], ["Yarn", "Spinning"], 300, 60),
    ("1312", 2, ["Dệt", "Dệt nhuộm"], ["Textile", "Weaving"], 250, 50),
    ("1520", 8, ["Giày da", "Giày", "Da giày"], ["Footwear", "Shoes"], 900, 60),
    ("1512", 2, ["Túi xách", "Va li"], ["Bags", "Luggage"], 300, 25),
    ("2610", 5, ["Linh kiện Điện tử", "Điện tử"], ["Electronics", "Electronic Components"], 500, 120),
    ("2620", 1, ["Thiết bị Tin học"], ["Computer Products"], 300, 100),
    ("2640", 2, ["Điện tử Dân dụng"], ["Consumer Electronics"], 350, 90),
    ("2732", 2, ["Dây cáp điện", "Cáp điện"], ["Cable", "Wire"], 200, 60),
    ("2740", 1, ["Thiết bị Chiếu sáng", "Đèn"], ["Lighting"], 120, 20),
    ("2750", 1, ["Điện gia dụng"], ["Home Appliances"], 250, 50),
    ("10102", 2, ["Thực phẩm", "Chế biến Thịt"], ["Foods", "Meat Processing"], 150, 30),
    ("1030", 1, ["Nông sản", "Rau quả"], ["Agro Products", "Fruit"], 100, 15),
    ("1050", 1, ["Sữa"], ["Dairy"], 200, 80),
    ("1071", 1, ["Bánh kẹo", "Thực phẩm"], ["Confectionery", "Bakery"], 180, 25),
    ("1079", 2, ["Thực phẩm", "Gia vị"], ["Foods"], 120, 20),
    ("1080", 2, ["Thức ăn Chăn nuôi"], ["Feed", "Animal Nutrition"], 150, 80),
    ("1104", 1, ["Nước giải khát", "Đồ uống"], ["Beverage", "Drinks"], 200, 60),
    ("2220", 4, ["Nhựa", "Bao bì Nhựa"], ["Plastic", "Plastics"], 150, 30),
    ("2211", 1, ["Cao su", "Săm lốp"], ["Rubber", "Tyre"], 400, 150),
    ("2511", 3, ["Kết cấu Thép", "Cơ khí"], ["Steel Structure", "Engineering"], 120, 25),
    ("2592", 3, ["Cơ khí Chính xác", "Gia công Cơ khí"], ["Precision", "Metal Works"], 90, 15),
    ("2410", 1, ["Thép"], ["Steel"], 300, 200),
    ("1702", 3, ["Bao bì", "Giấy"], ["Packaging", "Paper"], 120, 25),
    ("1811", 1, ["In ấn", "In Bao bì"], ["Printing"], 60, 8),
    ("2022", 1, ["Sơn"], ["Paint", "Coatings"], 80, 30),
    ("2023", 1, ["Hóa mỹ phẩm"], ["Cosmetics", "Chemicals"], 100, 25),
    ("2930", 2, ["Phụ tùng Ô tô", "Linh kiện Xe"], ["Auto Parts"], 300, 80),
    ("3091", 1, ["Xe máy", "Phụ tùng Xe máy"], ["Motorcycle Parts"], 250, 60),
    ("2819", 1, ["Máy móc", "Thiết bị Công nghiệp"], ["Machinery"], 100, 30),
    ("52109", 3, ["Kho vận", "Logistics"], ["Logistics", "Warehousing"], 80, 40),
    ("52101", 1, ["Kho ngoại quan", "Logistics"], ["Logistics", "Bonded Warehouse"], 60, 30),
    ("5229", 1, ["Giao nhận", "Logistics"], ["Logistics", "Forwarding"], 40, 5),
    ("4933", 2, ["Vận tải", "Vận tải Hàng hóa"], ["Transport", "Trucking"], 50, 6),
    ("46599", 3, ["Thiết bị Công nghiệp", "Máy móc Thiết bị"], ["Equipment", "Machinery Trading"], 20, 5),
    ("4610", 1, ["Thương mại", "Xuất nhập khẩu"], ["Trading", "Import Export"], 12, 3),
    ("4663", 1, ["Vật liệu Xây dựng"], ["Building Materials"], 25, 6),
    ("4711", 1, ["Thương mại Dịch vụ", "Siêu thị"], ["Retail", "Mart"], 30, 5),
    ("4101", 1, ["Xây dựng", "Đầu tư Xây dựng"], ["Construction", "Builders"], 60, 15),
    ("4290", 1, ["Xây dựng Hạ tầng", "Công trình"], ["Infrastructure", "Civil Works"], 80, 25),
    ("2395", 1, ["Bê tông", "Vật liệu Xây dựng"], ["Concrete"], 100, 40),
    ("6810", 1, ["Bất động sản", "Đầu tư Địa ốc"], ["Real Estate", "Property"], 25, 50),
    ("6201", 1, ["Phần mềm", "Công nghệ"], ["Software", "Technology"], 30, 3),
    ("5610", 1, ["Nhà hàng", "Ẩm thực"], ["Restaurant", "Food Service"], 25, 2),
    ("0125", 1, ["Cao su", "Nông nghiệp"], ["Rubber Plantation"], 60, 20),
    ("0146", 1, ["Chăn nuôi", "Trang trại"], ["Farm", "Poultry"], 40, 10),
    ("3821", 1, ["Môi trường", "Xử lý Chất thải"], ["Environment", "Waste"], 80, 30),
    ("7110", 1, ["Tư vấn Thiết kế", "Kiến trúc"], ["Engineering Consultants"], 20, 2),
]

WORDS = ["Phú Thịnh", "Tân Phát", "Minh Long", "Hưng Thịnh", "Thành Công", "An Khang", "Phước Lộc", "Việt Hưng", "Sao Mai",
         "Hoàng Gia", "Thuận Phát", "Đông Á", "Nam Tiến", "Bình An", "Kim Ngân", "Gia Bảo", "Tâm Đức", "Trường Thịnh",
         "Vạn Lợi", "Hòa Bình", "Lộc Phát", "Thiên Ân", "Quang Minh", "Phúc Khang", "Nhật Tân", "Minh Phát", "Đại Phát",
         "Kim Long", "Hải Đăng", "Sông Bé", "Chánh Nghĩa", "Gia Phú", "Hồng Phúc", "Bảo Long", "Đức Thành", "Tín Nghĩa",
         "Phát Đạt", "Thịnh Vượng", "An Phú", "Tân Uyên", "Lái Thiêu", "Mỹ Phước", "Tân Vĩnh Hiệp", "Bình Minh", "Sài Gòn Xanh",
         "Trí Việt", "Hưng Phát", "Phú Cường", "Khánh Bình", "Thái Bình Dương", "Đồng Tiến", "Nam Phương", "Tân Thành",
         "Phước Thịnh", "Ánh Dương", "Hoàng Phát", "Đăng Khoa", "Vĩnh Phú", "Thanh Tùng", "Hiệp Thành"]
SUFFIX = ["", "", "", "", " Bình Dương", " Việt Nam", " Miền Nam", " Sài Gòn", " Đông Nam Á"]
FORMS = [("llc1", "Công ty TNHH MTV", 28), ("llc2", "Công ty TNHH", 40), ("jsc", "Công ty Cổ phần", 22),
         ("private", "Doanh nghiệp tư nhân", 6), ("cooperative", "Hợp tác xã", 1), ("partnership", "Công ty Hợp danh", 1),
         ("branch", "Chi nhánh Công ty TNHH", 2)]

# country, share of foreign-invested enterprises, brand stems, English company endings, Vietnamese rendering suffix
INVESTORS = [
    ("TW", 24, ["Chen Feng", "Fu Yuan", "Tai Sheng", "Hsin Yi", "Kuo Yang", "Lien Hwa", "Pou Hsing", "Shun Tak", "Chang Hong",
                "Ming Da", "Yuan Cheng", "Sheng Hua"], ["Co., Ltd.", "Industrial Co., Ltd.", "Enterprise Co., Ltd."]),
    ("KR", 20, ["Daesung", "Hanil", "Seowon", "Jinwoo", "Kumho Tech", "Samyang Vina", "Dongjin", "Sungwoo", "Hyosan", "Daeyang",
                "Youngil", "Namsun"], ["Vina Co., Ltd.", "Vietnam Co., Ltd.", "Co., Ltd."]),
    ("JP", 18, ["Katsura", "Hoshino", "Sanwa Seiki", "Mitsuwa", "Kyoei", "Nakagawa", "Tokai Denshi", "Yamabiko", "Shinwa",
                "Asahi Kogyo", "Fujikawa", "Marubeni Seiko"], ["Vietnam Co., Ltd.", "Manufacturing Vietnam Co., Ltd."]),
    ("SG", 12, ["Straits", "Lion Peak", "Merlion Logistics", "Temasek Pack", "Orchid Bay", "Raffles Tech", "Keppel Vale",
                "Jurong Precision"], ["Vietnam Pte. Ltd.", "(Vietnam) Co., Ltd."]),
    ("CN", 14, ["Jinhua", "Xinda", "Hengli", "Sunrise Ocean", "Huafeng", "Zhongtai", "Long Sheng", "Tianyu", "Baoli", "Golden Dragon"],
     ["Vietnam Co., Ltd.", "Industry (Vietnam) Co., Ltd."]),
    ("US", 5, ["Pacific Crest", "Lakeview", "Summit Ridge", "Bluewater", "Redwood", "Liberty Home"], ["Vietnam LLC", "Vietnam Co., Ltd."]),
    ("HK", 4, ["Kowloon Bay", "Victoria Harbour", "Golden Harvest Pack"], ["Vietnam Co., Ltd."]),
    ("MY", 2, ["Selangor", "Penang Precision"], ["Vietnam Sdn. Bhd.", "Vietnam Co., Ltd."]),
    ("TH", 2, ["Siam Pack", "Chao Phraya"], ["Vietnam Co., Ltd."]),
    ("DE", 1, ["Rheinwerk", "Schwarzwald Holz"], ["Vietnam GmbH", "Vietnam Co., Ltd."]),
]
STATUS = [("active", 92), ("suspended", 4), ("dissolving", 2), ("dissolved", 2)]


def _w(rng, pairs):
    items, weights = zip(*pairs)
    return rng.choices(items, weights=weights)[0]


def new_tax_code(rng: random.Random, used: set, branch: bool = False) -> str:
    while True:
        first9 = f"370{rng.randint(0, 3)}{rng.randrange(10**5):05d}"
        code = taxcode.make(first9)
        if code and code not in used:
            if branch:
                code = f"{code}-{rng.randint(1, 12):03d}"
            used.add(code)
            return code


def _lognormal(rng, median, sigma=0.9, low=1):
    import math

    return max(low, int(round(math.exp(rng.gauss(math.log(median), sigma)))))


def _park_address(rng, park) -> str:
    return (f"Lô {rng.choice('ABCDEFGHK')}{rng.randint(1, 30)}, đường số {rng.randint(1, 25)}, {park[1]}, "
            f"{'xã' if park[4] in ('Bàu Bàng', 'Bắc Tân Uyên') else 'phường'} {park[4]}, Thành phố Hồ Chí Minh")


def _street_address(rng, unit) -> str:
    name, kind, district, _wt = unit
    street = rng.choice(STREETS[district])
    street = street if street.split()[0] in ("Quốc", "ĐT", "Đại", "Đường", "Mỹ") else f"đường {street}"
    where = f"xã {name}" if kind == "Xã" else f"phường {name}"
    return f"Số {rng.randint(1, 350)}{'/' + str(rng.randint(1, 40)) if rng.random() < 0.3 else ''} {street}, {where}, Thành phố Hồ Chí Minh"


def enterprises(n: int, seed: int = 2018, used: set | None = None):
    """Yield n dicts: tax_code, name_vi, name_en, short_name, legal_form, status, established (y, m, d), address,
    unit (ward name), former_unit (district name), park (code or None), sector (VSIC code), employees,
    registered_capital_vnd, invested_capital_usd, annual_revenue_vnd, foreign_invested, investors [(name, country,
    capital_usd, share)], representative, phone, email, website."""
    rng = random.Random(seed)
    used = used if used is not None else set()
    names = set()
    sector_pairs = [(s, s[1]) for s in SECTORS]
    park_weights = [(p, max(5, p[7] / 4)) for p in PARKS]
    for i in range(n):
        code, _weight, vi_words, en_words, emp_median, cap_median = _w(rng, sector_pairs)
        manufacturing = code[:2].isdigit() and 10 <= int(code[:2]) <= 33
        fdi = rng.random() < (0.30 if manufacturing else 0.08)
        in_park = rng.random() < (0.85 if fdi else (0.35 if manufacturing else 0.08))
        park = _w(rng, park_weights) if in_park else None
        if park is not None:
            unit = next(u for u in UNITS if u[0] == park[4])
        else:
            unit = rng.choices(UNITS, weights=[u[3] for u in UNITS])[0]
        investors = []
        if fdi:
            country, _share, stems, endings = _w(rng, [(x, x[1]) for x in INVESTORS])
            stem = rng.choice(stems)
            trade_en = rng.choice(en_words)
            name_en = f"{stem} {trade_en} {rng.choice(endings)}"
            k = 2
            while name_en in names:
                name_en = f"{stem} {trade_en} {k} {rng.choice(endings)}"
                k += 1
            names.add(name_en)
            base = name_en.rsplit(" Co., Ltd.", 1)[0].replace(" Pte. Ltd.", "").replace(" LLC", "").replace(" GmbH", "").replace(" Sdn. Bhd.", "")
            form = "llc1" if rng.random() < 0.75 else "llc2"
            name_vi = f"Công ty TNHH {base}".replace("(Vietnam)", "Việt Nam").replace("Vietnam", "Việt Nam")
            short = stem.split()[0].upper()[:12] + (" VN" if "Vietnam" in name_en else "")
            employees = _lognormal(rng, emp_median * 1.8, 0.8, 10)
            invested_usd = _lognormal(rng, cap_median * 1.6 * 1_000_000 / 25, 0.9, 200_000) // 10_000 * 10_000
            capital_vnd = invested_usd * rng.choice([6, 8, 10]) * 1000 // 1_000_000 * 1_000_000  # part of it as charter capital
            share = 100 if rng.random() < 0.7 else rng.choice([51, 60, 70, 80, 90])
            holding = rng.choice(["Holdings", "Group", "Industrial", "International"])
            investors.append((f"{stem} {holding} {'Co., Ltd.' if country != 'US' else 'Inc.'}", country,
                              invested_usd * share // 100, share))
            if share < 100 and rng.random() < 0.3:
                c2, _s2, stems2, _e2 = _w(rng, [(x, x[1]) for x in INVESTORS])
                investors.append((f"{rng.choice(stems2)} Investment Co., Ltd.", c2, invested_usd * (100 - share) // 100, 100 - share))
        else:
            form_code, form_vi, _fw = _w(rng, [(f, f[2]) for f in FORMS])
            form = form_code
            trade = rng.choice(vi_words)
            for _attempt in range(20):
                brand = rng.choice(WORDS) + rng.choice(SUFFIX)
                name_vi = f"{form_vi} {trade} {brand}"
                if name_vi not in names:
                    break
            else:
                name_vi = f"{form_vi} {trade} {brand} {i}"
            names.add(name_vi)
            name_en = ""
            if form in ("jsc", "llc2") and rng.random() < 0.35:
                from smartcity.core.reference import ascii_name

                name_en = f"{ascii_name(brand.strip())} {rng.choice(en_words)} {'Joint Stock Company' if form == 'jsc' else 'Company Limited'}"
            short = ""
            if rng.random() < 0.4:
                from smartcity.core.reference import ascii_name

                short = "".join(w[0] for w in ascii_name(brand).split()).upper() + " " + ascii_name(trade).split()[0].upper()
            employees = _lognormal(rng, max(3, emp_median * 0.45), 1.0, 1)
            invested_usd = None
            capital_vnd = _lognormal(rng, cap_median * 0.4, 1.0, 1) * 1_000_000_000 // 10 * 10
        revenue = int(employees * rng.uniform(0.25, 1.6) * 1_000_000_000 // 1_000_000 * 1_000_000) if rng.random() < 0.7 else None
        year = rng.choice(range(1996, 2025)) if not park else max(park[11], rng.choice(range(1996, 2025)))
        female = rng.random() < 0.4
        rep = full_name(rng, female) if not fdi or rng.random() < 0.3 else rng.choice(
            ["Tanaka Hiroshi", "Kim Min-jun", "Lee Seung-ho", "Chen Wei-Ming", "Lin Chih-Hao", "Tan Boon Keng", "Wang Jian",
             "Michael Carter", "Park Ji-hoon", "Sato Kenji", "Huang Li-Wen", "Lim Wei Liang"])
        slug = "".join(ch for ch in (name_en or "").lower() if ch.isalnum())[:18]
        yield {
            "tax_code": new_tax_code(rng, used, branch=(form == "branch")),
            "name_vi": name_vi, "name_en": name_en, "short_name": short, "legal_form": form, "status": _w(rng, STATUS),
            "established": (year, rng.randint(1, 12), rng.randint(1, 28)),
            "address": _park_address(rng, park) if park else _street_address(rng, unit),
            "unit": unit[0], "former_unit": unit[2], "park": park[0] if park else None, "sector": code,
            "employees": employees, "registered_capital_vnd": capital_vnd, "invested_capital_usd": invested_usd,
            "annual_revenue_vnd": revenue, "foreign_invested": fdi, "investors": investors, "representative": rep,
            "phone": f"0274 {rng.randint(3500000, 3899999)}" if rng.random() < 0.6 else mobile(rng),
            "email": f"info@{slug}.com.vn" if slug else f"lienhe{rng.randint(100, 99999)}@gmail.com",
            "website": f"https://{slug}.com.vn" if slug and rng.random() < 0.5 else "",
        }

"""Fixtures of the survey tests: a few enterprises of known sector, size, park and foreign
investment; a questionnaire with one question of each kind; a published campaign."""
from datetime import timedelta

import pytest
from django.utils import timezone

SCALE = {"min": 1, "max": 5, "labels": [{"value": 1, "vi": "Rất không hài lòng", "en": "Very dissatisfied"},
                                        {"value": 5, "vi": "Rất hài lòng", "en": "Very satisfied"}]}

DEFINITION = {"sections": [
    {"key": "chung", "title_vi": "Thông tin chung", "title_en": "General", "questions": [
        {"key": "outlook", "kind": "single", "required": True, "text_vi": "Kế hoạch kinh doanh 2026-2028?", "text_en": "Business plan?",
         "options": [{"value": "expand", "vi": "Mở rộng", "en": "Expand"}, {"value": "keep", "vi": "Giữ nguyên", "en": "Keep"},
                     {"value": "reduce", "vi": "Thu hẹp", "en": "Reduce"}]},
        {"key": "where", "kind": "single", "required": True, "text_vi": "Mở rộng ở đâu?", "text_en": "Where?",
         "show_if": {"question": "outlook", "values": ["expand"]},
         "options": [{"value": "same", "vi": "Tại chỗ", "en": "Same site"}, {"value": "north", "vi": "Phía Bắc tỉnh", "en": "North"}]},
        {"key": "hires", "kind": "number", "required": False, "min": 0, "max": 5000, "text_vi": "Số lao động dự kiến tuyển", "text_en": "Hires"},
    ]},
    {"key": "kho_khan", "title_vi": "Khó khăn", "title_en": "Difficulties", "questions": [
        {"key": "difficulties", "kind": "multi", "required": True, "other": True, "max_choices": 3,
         "text_vi": "Ba khó khăn lớn nhất?", "text_en": "Three biggest difficulties?",
         "options": [{"value": "land", "vi": "Mặt bằng", "en": "Land"}, {"value": "labour", "vi": "Lao động có tay nghề", "en": "Skilled labour"},
                     {"value": "logistics", "vi": "Logistics", "en": "Logistics"}, {"value": "procedures", "vi": "Thủ tục hành chính", "en": "Procedures"}]},
        {"key": "procedures", "kind": "scale", "required": True, "text_vi": "Hài lòng với thủ tục hành chính", "text_en": "Satisfaction with procedures",
         "scale": SCALE},
        {"key": "infra", "kind": "matrix", "required": True, "text_vi": "Hạ tầng khu công nghiệp", "text_en": "Park infrastructure",
         "scale": SCALE, "rows": [{"value": "power", "vi": "Cấp điện", "en": "Power"}, {"value": "water", "vi": "Cấp nước", "en": "Water"}]},
        {"key": "note", "kind": "text", "required": False, "max_length": 200, "text_vi": "Kiến nghị", "text_en": "Proposals"},
    ]},
]}

GOOD = {"outlook": "keep", "difficulties": ["labour"], "procedures": 4, "infra": {"power": 3, "water": 4}}


@pytest.fixture
def definition():
    import copy

    return copy.deepcopy(DEFINITION)


@pytest.fixture
def enterprises(reference):
    """Six enterprises: (name, VSIC class, employees, park, FDI) chosen so that each size class
    and both sector groups appear; returns them in creation order."""
    from smartcity.core.models import Organisation
    from smartcity.economy.models import Enterprise, IndustrialPark, Sector

    dpi = Organisation.objects.get(code="DPI")
    c = Sector.objects.create(code="C", level=1, name_vi="Công nghiệp chế biến, chế tạo", name_en="Manufacturing")
    c14 = Sector.objects.create(code="14", level=2, name_vi="Sản xuất trang phục", name_en="Wearing apparel", parent=c)
    c1410 = Sector.objects.create(code="1410", level=4, name_vi="May trang phục", name_en="Apparel", parent=c14)
    g = Sector.objects.create(code="G", level=1, name_vi="Bán buôn và bán lẻ", name_en="Wholesale and retail trade")
    g46 = Sector.objects.create(code="46", level=2, name_vi="Bán buôn", name_en="Wholesale", parent=g)
    vsip = IndustrialPark.objects.create(owner=dpi, code="vsip-1", name_vi="KCN Việt Nam - Singapore", name_en="VSIP I")
    mp = IndustrialPark.objects.create(owner=dpi, code="my-phuoc-3", name_vi="KCN Mỹ Phước 3", name_en="My Phuoc 3")
    rows = [("Công ty TNHH May mặc Phú Cường", c1410, 850, vsip, True),        # C large FDI vsip
            ("Công ty TNHH Giày da Tân Uyên", c1410, 150, mp, False),           # C medium my-phuoc-3
            ("Công ty TNHH Cơ khí Bến Cát", c14, 60, vsip, False),              # C small vsip
            ("Công ty TNHH Thương mại Lái Thiêu", g46, 8, None, False),         # G micro
            ("Công ty CP Phân phối Dĩ An", g46, 70, None, True),                # G medium (services: 50 < 70 <= 100) FDI
            ("Công ty TNHH Logistics Sóng Thần", g46, 45, mp, False)]           # G small my-phuoc-3
    out = []
    for i, (name, sector, employees, park, fdi) in enumerate(rows):
        out.append(Enterprise.objects.create(owner=dpi, tax_code=f"370{i:07d}", name_vi=name, main_sector=sector, employees=employees,
                                             industrial_park=park, foreign_invested=fdi, contact_email=f"lienhe{i}@dn.example.vn" if i != 3 else ""))
    return out


@pytest.fixture
def dpi_user(make_user):
    return make_user("dpi.thao", "DPI", "editor", first_name="Thảo", last_name="Nguyễn Thị")


@pytest.fixture
def dost_user(make_user):
    return make_user("dost.khoa", "DOST", "editor")


@pytest.fixture
def make_campaign(reference):
    from smartcity.core.models import Organisation
    from smartcity.surveys import services
    from smartcity.surveys.models import Campaign

    def make(definition=None, code="dpi-nhu-cau-2026", open_link=False, **extra):
        import copy

        dpi = Organisation.objects.get(code="DPI")
        q = services.create_questionnaire(dpi, code, "Khảo sát nhu cầu doanh nghiệp 2026", "Enterprise needs survey 2026",
                                          definition=copy.deepcopy(definition or DEFINITION))
        version = services.publish(q.latest())
        now = timezone.now()
        fields = dict(opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=20))
        fields.update(extra)
        return Campaign.objects.create(owner=dpi, version=version, title_vi="Khảo sát nhu cầu doanh nghiệp 2026",
                                       title_en="Enterprise needs survey 2026", open_link=open_link, **fields)

    return make

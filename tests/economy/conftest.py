"""Fixtures of the economy tests: VSIC loaded, a few parks and enterprises built in bulk,
users of DPI (owner department), DOST (another government body), TDMU (academia) and the
Smart City Office."""
from datetime import date
from decimal import Decimal

import pytest


@pytest.fixture
def vsic(reference):
    from smartcity.economy.services import load_vsic

    load_vsic()


@pytest.fixture
def register(vsic):
    """Three parks and eight enterprises of Binh Duong (invented, valid tax codes)."""
    from smartcity.core.models import AdministrativeUnit, Organisation
    from smartcity.economy import taxcode
    from smartcity.economy.models import Enterprise, ForeignInvestor, IndustrialPark, Sector
    from smartcity.economy.services import bulk_create_enterprises

    dpi = Organisation.objects.get(code="DPI")
    new = {u.name_vi: u for u in AdministrativeUnit.objects.filter(valid_to__isnull=True, level="commune")}
    old = {u.name_vi: u for u in AdministrativeUnit.objects.filter(level="district")}
    parks = {}
    for code, name, ward, area, leasable, leased, lat, lon in [
            ("vsip-1", "KCN Việt Nam – Singapore (VSIP I)", "Bình Hòa", 500, 360, 360, 10.9295, 106.7105),
            ("my-phuoc-3", "KCN Mỹ Phước 3", "Thới Hòa", 978, 620, 585, 11.123, 106.578),
            ("song-than-1", "KCN Sóng Thần 1", "Dĩ An", 180, 130, 130, 10.9005, 106.756)]:
        parks[code] = IndustrialPark.objects.create(owner=dpi, code=code, name_vi=name, unit=new[ward], area_ha=Decimal(area),
                                                    leasable_ha=Decimal(leasable), leased_ha=Decimal(leased), latitude=lat, longitude=lon)
    sectors = {s.code: s for s in Sector.objects.all()}
    codes = iter(c for c in (taxcode.make(f"370{i:06d}") for i in range(100200, 101200)) if c)
    rows = [
        ("Công ty TNHH Gỗ Minh Phát", "", "Số 12 đường Yersin, phường Thủ Dầu Một, Thành phố Hồ Chí Minh", "Thủ Dầu Một", "Thủ Dầu Một", None, "31001", 320, 45, False),
        ("Công ty Cổ phần May mặc Đông Á", "Dong A Garment Joint Stock Company", "Số 5 Đại lộ Bình Dương, phường Lái Thiêu, Thành phố Hồ Chí Minh", "Lái Thiêu", "Thuận An", None, "1410", 850, 60, False),
        ("Công ty TNHH Katsura Electronics Việt Nam", "Katsura Electronics Vietnam Co., Ltd.", "Lô B4, đường số 3, KCN Việt Nam – Singapore (VSIP I), phường Bình Hòa, Thành phố Hồ Chí Minh", "Bình Hòa", "Thuận An", "vsip-1", "2610", 1200, 600, True),
        ("Công ty TNHH Daesung Footwear Vina", "Daesung Footwear Vina Co., Ltd.", "Lô C2, KCN Mỹ Phước 3, phường Thới Hòa, Thành phố Hồ Chí Minh", "Thới Hòa", "Bến Cát", "my-phuoc-3", "1520", 3400, 900, True),
        ("Công ty TNHH MTV Kho vận Sóng Thần", "", "Lô D1, KCN Sóng Thần 1, phường Dĩ An, Thành phố Hồ Chí Minh", "Dĩ An", "Dĩ An", "song-than-1", "52109", 45, 12, False),
        ("Doanh nghiệp tư nhân Thực phẩm Phú Lợi", "", "Số 80 đường Phú Lợi, phường Phú Lợi, Thành phố Hồ Chí Minh", "Phú Lợi", "Thủ Dầu Một", None, "1079", 8, 2, False),
        ("Công ty TNHH Straits Logistics Vietnam", "Straits Logistics Vietnam Pte. Ltd.", "Lô A7, KCN Việt Nam – Singapore (VSIP I), phường Bình Hòa, Thành phố Hồ Chí Minh", "Bình Hòa", "Thuận An", "vsip-1", "52101", 120, 250, True),
        ("Công ty TNHH Nhựa Đức Thành", "", "Số 7 đường ĐT 743, phường Đông Hòa, Thành phố Hồ Chí Minh", "Đông Hòa", "Dĩ An", None, "2220", 60, 15, False),
    ]
    objs = []
    for name, name_en, address, ward, district, park, sector, emp, cap_bn, fdi in rows:
        objs.append(Enterprise(owner=dpi, tax_code=next(codes), name_vi=name, name_en=name_en, address=address, unit=new[ward],
                               former_unit=old[district], industrial_park=parks.get(park), main_sector=sectors[sector],
                               employees=emp, registered_capital_vnd=Decimal(cap_bn * 1_000_000_000), foreign_invested=fdi,
                               invested_capital_usd=Decimal(cap_bn * 40_000) if fdi else None, established=date(2010, 5, 1),
                               representative="Nguyễn Văn Hùng", contact_phone="0274 3822 123", contact_email="info@example.vn",
                               notes="Đã làm việc với Sở về mở rộng nhà xưởng" if name.startswith("Công ty TNHH Gỗ") else ""))
    created = bulk_create_enterprises(objs)
    by_name = {e.name_vi: e for e in created}
    ForeignInvestor.objects.create(enterprise=by_name["Công ty TNHH Katsura Electronics Việt Nam"], name="Katsura Holdings Co., Ltd.", country="JP", capital_usd=24_000_000, share_pct=100)
    ForeignInvestor.objects.create(enterprise=by_name["Công ty TNHH Daesung Footwear Vina"], name="Daesung Group Co., Ltd.", country="KR", capital_usd=36_000_000, share_pct=100)
    ForeignInvestor.objects.create(enterprise=by_name["Công ty TNHH Straits Logistics Vietnam"], name="Straits Holdings Pte. Ltd.", country="SG", capital_usd=10_000_000, share_pct=100)
    for e in created:
        e.sectors.add(e.main_sector)
    return {"dpi": dpi, "parks": parks, "by_name": by_name, "codes": codes}


@pytest.fixture
def users(make_user):
    return {
        "dpi": make_user("dpi.thao", "DPI", "editor"),
        "dpi_viewer": make_user("dpi.xem", "DPI", "viewer"),
        "dost": make_user("dost.khoa", "DOST", "editor"),
        "tdmu": make_user("tdmu.long", "TDMU", "editor"),
        "sco": make_user("vptptm.huong", "VPTPTM", "manager"),
    }

"""Shared fixtures of the permit register tests (imported by the test_permits_* modules): own
unit geometries (two wards formed on 1 July 2025 inside the former Thủ Dầu Một, one ward in
the former Dĩ An), a parcel layer with one parcel in each, and the house-permit procedure."""
import datetime as dt
import json

import pytest

from smartcity.core import reference as ref

LOCAL = dt.timezone(dt.timedelta(hours=7))


def box(x0, y0, x1, y1):
    return {"type": "Polygon", "coordinates": [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]]}


def local(*args):
    return dt.datetime(*args, tzinfo=LOCAL)


@pytest.fixture
def units(reference):
    from smartcity.core.models import AdministrativeUnit
    from smartcity.gis import units as gis_units

    AdministrativeUnit.objects.update(geometry=None)
    gis_units.invalidate()
    get = AdministrativeUnit.objects.get
    tdm = get(code="718", valid_from=ref.BEFORE_2025)
    di_an = get(code="724", valid_from=ref.BEFORE_2025)
    phu_loi = get(code=ref.new_unit_code("Phú Lợi"), valid_from=ref.FIRST_DAY_NEW)
    chanh_hiep = get(code=ref.new_unit_code("Chánh Hiệp"), valid_from=ref.FIRST_DAY_NEW)
    dong_hoa = get(code=ref.new_unit_code("Đông Hòa"), valid_from=ref.FIRST_DAY_NEW)
    tdm.geometry = box(106.60, 10.95, 106.72, 11.06)
    phu_loi.geometry = box(106.66, 10.96, 106.70, 11.00)
    chanh_hiep.geometry = box(106.62, 10.96, 106.66, 11.00)
    di_an.geometry = box(106.72, 10.85, 106.82, 10.95)
    dong_hoa.geometry = box(106.75, 10.88, 106.80, 10.93)
    for unit in (tdm, di_an, phu_loi, chanh_hiep, dong_hoa):
        unit.save()
    return {"tdm": tdm, "di_an": di_an, "phu_loi": phu_loi, "chanh_hiep": chanh_hiep, "dong_hoa": dong_hoa}


@pytest.fixture
def parcels(make_layer, add_feature, units):
    layer = make_layer("thua-dat-kiem-thu", kind="parcel")
    return {
        "phu_loi": add_feature(layer, "PL-1", box(106.680, 10.980, 106.6802, 10.9804), so_to=5, so_thua=12),
        "chanh_hiep": add_feature(layer, "CH-1", box(106.640, 10.970, 106.6402, 10.9704), so_to=7, so_thua=31),
        "dong_hoa": add_feature(layer, "DH-1", box(106.770, 10.900, 106.7702, 10.9004), so_to=9, so_thua=4),
    }


@pytest.fixture
def house(reference):
    from smartcity.gis.services import permits

    from tests.onestop.factories import make_procedures

    permits.clear_cache()
    return make_procedures()["house"]


def put_on_parcel(permit, parcel, *, floors=3, coverage="70"):
    """Places a permit on a parcel as a planning check would (footprint, floors, coverage)."""
    from decimal import Decimal

    from smartcity.gis.services import permits

    permit.parcel = parcel
    permit.footprint = parcel.geometry if isinstance(parcel.geometry, str) else json.dumps(parcel.geometry)
    permit.floors, permit.coverage_pct = floors, Decimal(coverage)
    permits._measure(permit)
    permits.locate_permit(permit)
    permit.save()
    return permit

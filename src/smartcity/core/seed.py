"""Load the reference data (organisations, administrative units). Idempotent."""
from django.db import transaction

from smartcity.core import reference as ref
from smartcity.core.models import AdminLevel, AdministrativeUnit, Organisation


@transaction.atomic
def load_reference() -> dict:
    created = {"organisations": 0, "admin_units": 0}
    by_code = {}
    for code, abbr, name_vi, name_en, kind, helix, parent, coordinator, role in ref.ORGANISATIONS:
        org, was_created = Organisation.objects.get_or_create(
            code=code,
            defaults=dict(abbreviation=abbr, name_vi=name_vi, name_en=name_en, kind=kind, helix=helix,
                          parent=by_code.get(parent), is_coordinator=coordinator, plan_role=role),
        )
        by_code[code] = org
        created["organisations"] += was_created

    def unit(code, valid_from, **fields):
        obj, was_created = AdministrativeUnit.objects.get_or_create(code=code, valid_from=valid_from, defaults=fields)
        created["admin_units"] += was_created
        return obj

    province = unit("74", ref.BEFORE_2025, name_vi="Bình Dương", name_en="Binh Duong", level=AdminLevel.PROVINCE,
                    unit_type="Tỉnh", valid_to=ref.LAST_DAY_OLD, latitude=11.1, longitude=106.65,
                    legal_basis="Nghị quyết 202/2025/QH15: hợp nhất vào Thành phố Hồ Chí Minh từ 01/07/2025")
    for code, name_vi, name_en, unit_type, lat, lon in ref.OLD_DISTRICTS:
        unit(code, ref.BEFORE_2025, name_vi=name_vi, name_en=name_en, level=AdminLevel.DISTRICT, unit_type=unit_type,
                        parent=province, valid_to=ref.LAST_DAY_OLD, latitude=lat, longitude=lon,
                        legal_basis="Cấp huyện chấm dứt hoạt động từ 01/07/2025")
        org_code = "UBND-" + ref.ascii_name(name_vi).upper().replace(" ", "")
        if org_code not in by_code:
            org, was_created = Organisation.objects.get_or_create(
                code=org_code,
                defaults=dict(abbreviation=f"UBND {name_vi}", name_vi=f"Ủy ban nhân dân {unit_type.lower()} {name_vi}",
                              name_en=f"{name_en} People's Committee", kind="district", helix="government",
                              parent=by_code.get("PPC"), plan_role="Đơn vị nhận kế hoạch; báo cáo tiến độ"),
            )
            created["organisations"] += was_created
            by_code[org_code] = org
    hcmc = unit("79", ref.FIRST_DAY_NEW, name_vi="Thành phố Hồ Chí Minh", name_en="Ho Chi Minh City", level=AdminLevel.PROVINCE,
                unit_type="Thành phố", latitude=10.78, longitude=106.70, legal_basis="Nghị quyết 202/2025/QH15")
    for name_vi, unit_type in ref.NEW_UNITS:
        unit(ref.new_unit_code(name_vi), ref.FIRST_DAY_NEW, name_vi=name_vi, name_en=ref.ascii_name(name_vi),
             level=AdminLevel.COMMUNE, unit_type=unit_type, parent=hcmc, official_code=False,
             legal_basis="Nghị quyết 1685/NQ-UBTVQH15, hiệu lực từ 01/07/2025")
    return created

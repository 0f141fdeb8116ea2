"""Load the reference data (organisations, administrative units). Idempotent.

Reads what is stored once per table and creates only what is missing, in bulk (with its
history rows): it runs at every demo load and in most tests' setup, where one query per
record cost more than the rest of the test."""
from django.db import transaction

from smartcity.core import reference as ref
from smartcity.core.models import AdminLevel, AdministrativeUnit, Organisation


class _Creator:
    """Queues missing rows of one model and writes them in bulk; a row whose parent is
    still queued flushes the queue first, so every parent has its id."""

    def __init__(self, model, existing: dict, key):
        self.model, self.existing, self.key, self.queue, self.created = model, existing, key, [], 0

    def get(self, obj):
        k = self.key(obj)
        if k in self.existing:
            return self.existing[k]
        parent = getattr(obj, "parent", None)
        if parent is not None and parent.pk is None:
            self.flush()
            obj.parent = parent  # re-assign so the id just given to the parent is taken
        self.queue.append(obj)
        self.existing[k] = obj
        return obj

    def flush(self):
        if not self.queue:
            return
        self.model.objects.bulk_create(self.queue)
        if any(o.pk is None for o in self.queue):  # a backend that returns no ids from bulk inserts
            stored = {self.key(o): o for o in self.model.objects.all()}
            for o in self.queue:
                o.pk = stored[self.key(o)].pk
        self.model.history.bulk_history_create(self.queue)
        self.created += len(self.queue)
        self.queue = []


@transaction.atomic
def load_reference() -> dict:
    orgs = _Creator(Organisation, {o.code: o for o in Organisation.objects.all()}, lambda o: o.code)
    units = _Creator(AdministrativeUnit, {(u.code, u.valid_from): u for u in AdministrativeUnit.objects.all()},
                     lambda u: (u.code, u.valid_from))
    by_code = {}
    for code, abbr, name_vi, name_en, kind, helix, parent, coordinator, role in ref.ORGANISATIONS:
        by_code[code] = orgs.get(Organisation(code=code, abbreviation=abbr, name_vi=name_vi, name_en=name_en, kind=kind,
                                              helix=helix, parent=by_code.get(parent), is_coordinator=coordinator,
                                              plan_role=role))

    def unit(code, valid_from, **fields):
        return units.get(AdministrativeUnit(code=code, valid_from=valid_from, **fields))

    province = unit("74", ref.BEFORE_2025, name_vi="Bình Dương", name_en="Binh Duong", level=AdminLevel.PROVINCE,
                    unit_type="Tỉnh", valid_to=ref.LAST_DAY_OLD, latitude=11.1, longitude=106.65,
                    legal_basis="Nghị quyết 202/2025/QH15: hợp nhất vào Thành phố Hồ Chí Minh từ 01/07/2025")
    for code, name_vi, name_en, unit_type, lat, lon in ref.OLD_DISTRICTS:
        unit(code, ref.BEFORE_2025, name_vi=name_vi, name_en=name_en, level=AdminLevel.DISTRICT, unit_type=unit_type,
             parent=province, valid_to=ref.LAST_DAY_OLD, latitude=lat, longitude=lon,
             legal_basis="Cấp huyện chấm dứt hoạt động từ 01/07/2025")
        org_code = "UBND-" + ref.ascii_name(name_vi).upper().replace(" ", "")
        if org_code not in by_code:
            by_code[org_code] = orgs.get(Organisation(
                code=org_code, abbreviation=f"UBND {name_vi}", name_vi=f"Ủy ban nhân dân {unit_type.lower()} {name_vi}",
                name_en=f"{name_en} People's Committee", kind="district", helix="government",
                parent=by_code.get("PPC"), plan_role="Đơn vị nhận kế hoạch; báo cáo tiến độ"))
    hcmc = unit("79", ref.FIRST_DAY_NEW, name_vi="Thành phố Hồ Chí Minh", name_en="Ho Chi Minh City", level=AdminLevel.PROVINCE,
                unit_type="Thành phố", latitude=10.78, longitude=106.70, legal_basis="Nghị quyết 202/2025/QH15")
    for name_vi, unit_type in ref.NEW_UNITS:
        unit(ref.new_unit_code(name_vi), ref.FIRST_DAY_NEW, name_vi=name_vi, name_en=ref.ascii_name(name_vi),
             level=AdminLevel.COMMUNE, unit_type=unit_type, parent=hcmc, official_code=False,
             legal_basis="Nghị quyết 1685/NQ-UBTVQH15, hiệu lực từ 01/07/2025")
    orgs.flush()
    units.flush()
    return {"organisations": orgs.created, "admin_units": units.created}

"""Domain operations of the enterprise register that are not search, access, import,
merge, export, statistics or links (those have their own modules)."""
from django.db import transaction

from smartcity.economy import vsic
from smartcity.economy.models import Enterprise, Sector


@transaction.atomic
def load_vsic() -> dict:
    """Write the VSIC 2018 codes of `economy.vsic` that are missing (one read, bulk writes
    per level so parents get their ids first); names of existing codes are refreshed."""
    existing = {s.code: s for s in Sector.objects.all()}
    created, updated = 0, []
    rows = vsic.all_codes()
    for level in sorted({r[1] for r in rows}):
        new = []
        for code, lvl, vi, en, parent in rows:
            if lvl != level:
                continue
            s = existing.get(code)
            parent_obj = existing.get(parent) if parent else None
            if s is None:
                s = Sector(code=code, level=lvl, name_vi=vi, name_en=en, parent=parent_obj)
                new.append(s)
            elif (s.name_vi, s.name_en, s.parent_id) != (vi, en, parent_obj.pk if parent_obj else None):
                s.name_vi, s.name_en, s.parent = vi, en, parent_obj
                updated.append(s)
        if new:
            Sector.objects.bulk_create(new)
            if any(s.pk is None for s in new):
                ids = dict(Sector.objects.filter(code__in=[s.code for s in new]).values_list("code", "pk"))
                for s in new:
                    s.pk = ids[s.code]
            Sector.history.bulk_history_create(new)
            for s in new:
                existing[s.code] = s
            created += len(new)
    if updated:
        Sector.objects.bulk_update(updated, ["name_vi", "name_en", "parent"])
    return {"created": created, "updated": len(updated)}


def sectors_by_code() -> dict:
    return {s.code: s for s in Sector.objects.all()}


def bulk_create_enterprises(objs: list, sector_codes: dict | None = None, batch_size: int = 2000) -> list:
    """Create many enterprises at once with their derived columns (search text, section,
    size class) and history rows; `sector_codes` maps main_sector_id -> code."""
    codes = sector_codes or dict(Sector.objects.values_list("pk", "code"))
    for e in objs:
        e.prepare(codes.get(e.main_sector_id) if e.main_sector_id else "")
    created = Enterprise.objects.bulk_create(objs, batch_size=batch_size)
    if any(e.pk is None for e in created):
        ids = dict(Enterprise.objects.filter(tax_code__in=[e.tax_code for e in created]).values_list("tax_code", "pk"))
        for e in created:
            e.pk = ids[e.tax_code]
    Enterprise.history.bulk_history_create(created, batch_size=batch_size)
    return created


def refresh_derived(qs=None) -> int:
    """Recompute search text, section and size class (after a change of the folding rules)."""
    codes = dict(Sector.objects.values_list("pk", "code"))
    rows = list((qs if qs is not None else Enterprise.objects.all()))
    for e in rows:
        e.prepare(codes.get(e.main_sector_id, ""))
    Enterprise.objects.bulk_update(rows, ["tax_code", "search_text", "sector_section", "size_class"], batch_size=2000)
    return len(rows)

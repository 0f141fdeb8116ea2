"""Loads the demo register: VSIC 2018, the industrial parks of Binh Duong, ~1,500 invented
enterprises (bulk writes), the organisations that filed one-stop dossiers and run
monitoring stations (so links are found by tax code and name), a few duplicate pairs for
the review page and some reads in the access log. Idempotent: a second run adds nothing."""
import random
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from smartcity.core.models import AdministrativeUnit, Organisation, User
from smartcity.economy import demo_data, fold, links, services, taxcode
from smartcity.economy.demo_parks import INFRASTRUCTURE, PARKS
from smartcity.economy.models import (DuplicateCandidate, Enterprise, EnterpriseAccessLog, ForeignInvestor, IndustrialPark,
                                      Sector)

N_ENTERPRISES = 1500
SEED = 2018


def _units():
    new = {u.name_vi: u for u in AdministrativeUnit.objects.filter(valid_to__isnull=True, level="commune")}
    old = {u.name_vi: u for u in AdministrativeUnit.objects.filter(level="district")}
    return new, old


def load_parks(dpi, new_units) -> int:
    boards = {o.code: o for o in Organisation.objects.filter(code__in=["BQLKCN", "VSIPMB"])}
    existing = set(IndustrialPark.objects.values_list("code", flat=True))
    rows = []
    for (code, vi, en, _district, ward, area, leasable, leased, lat, lon, developer, year, board) in PARKS:
        if code in existing:
            continue
        rows.append(IndustrialPark(
            owner=dpi, code=code, name_vi=vi, name_en=en, unit=new_units.get(ward), developer=developer,
            address=f"{'Xã' if ward in ('Bàu Bàng', 'Bắc Tân Uyên') else 'Phường'} {ward}, Thành phố Hồ Chí Minh",
            management_board=boards.get(board), established=date(year, 6, 1), area_ha=Decimal(area),
            leasable_ha=Decimal(leasable), leased_ha=Decimal(leased), latitude=lat, longitude=lon,
            infrastructure=INFRASTRUCTURE.format(water=int(area * 40), ww=int(area * 25))))
    IndustrialPark.objects.bulk_create(rows)
    if rows:
        IndustrialPark.history.bulk_history_create(list(IndustrialPark.objects.filter(code__in=[r.code for r in rows])))
    return len(rows)


def _build(d: dict, dpi, sectors, parks, new_units, old_units) -> Enterprise:
    y, m, day = d["established"]
    return Enterprise(
        owner=dpi, tax_code=d["tax_code"], name_vi=d["name_vi"], name_en=d["name_en"], short_name=d["short_name"],
        legal_form=d["legal_form"], status=d["status"], established=date(y, m, day), address=d["address"],
        unit=new_units.get(d["unit"]), former_unit=old_units.get(d["former_unit"]), industrial_park=parks.get(d["park"]),
        main_sector=sectors.get(d["sector"]), employees=d["employees"], registered_capital_vnd=d["registered_capital_vnd"],
        invested_capital_usd=d["invested_capital_usd"], annual_revenue_vnd=d["annual_revenue_vnd"],
        foreign_invested=d["foreign_invested"], representative=d["representative"], contact_phone=d["phone"],
        contact_email=d["email"], website=d["website"])


def _write(items: list[tuple[Enterprise, dict]], sectors) -> int:
    if not items:
        return 0
    codes = {s.pk: s.code for s in sectors.values()}
    created = services.bulk_create_enterprises([e for e, _d in items], codes)
    Through = Enterprise.sectors.through
    Through.objects.bulk_create([Through(enterprise_id=e.pk, sector_id=e.main_sector_id) for e in created if e.main_sector_id],
                                batch_size=2000)
    investors = [ForeignInvestor(enterprise_id=e.pk, name=n, country=c, capital_usd=Decimal(cap), share_pct=Decimal(share))
                 for e, d in zip(created, [d for _e, d in items]) for (n, c, cap, share) in d["investors"]]
    ForeignInvestor.objects.bulk_create(investors, batch_size=2000)
    if investors:
        ForeignInvestor.history.bulk_history_create(investors, batch_size=2000)
    return len(created)


def _applicants(existing: set) -> list[tuple]:
    """(tax code, name, address) of organisations that filed one-stop dossiers (read only)."""
    from django.apps import apps

    if not apps.is_installed("smartcity.onestop"):
        return []
    Dossier = apps.get_model("onestop", "Dossier")
    out, seen = [], set(existing)
    for d in Dossier.objects.filter(applicant_kind="organisation").only("applicant_name", "applicant_id_number", "applicant_address"):
        check = taxcode.validate(d.applicant_id_number or "")
        if check.valid and check.code not in seen and not d.applicant_name.startswith("Hộ kinh doanh"):
            seen.add(check.code)
            out.append((check.code, d.applicant_name, d.applicant_address or ""))
    return out


def _facilities(names: set) -> list[str]:
    from django.apps import apps

    if not apps.is_installed("smartcity.environment"):
        return []
    Station = apps.get_model("environment", "Station")
    return sorted({f for f in Station.objects.exclude(facility="").values_list("facility", flat=True) if fold.name_key(f) not in names})


def load() -> dict:
    counts = {"sectors": services.load_vsic()["created"]}
    dpi = Organisation.objects.get(code="DPI")
    new_units, old_units = _units()
    counts["parks"] = load_parks(dpi, new_units)
    parks = {p.code: p for p in IndustrialPark.objects.all()}
    sectors = {s.code: s for s in Sector.objects.all()}
    existing = set(Enterprise.objects.values_list("tax_code", flat=True))
    rows = list(demo_data.enterprises(N_ENTERPRISES, SEED))  # the same records every run: existing ones are skipped
    items = [(_build(d, dpi, sectors, parks, new_units, old_units), d) for d in rows if d["tax_code"] not in existing]
    # a few records typed twice by districts before the shared register (same name, other tax code)
    rng = random.Random(SEED)
    twins = []
    for e, d in rng.sample(items, min(6, len(items))) if len(items) > 100 else []:  # first run only
        twin = dict(d, tax_code=demo_data.new_tax_code(rng, existing | {x.tax_code for x, _ in items}), investors=[],
                    name_vi=e.name_vi.replace("Công ty TNHH MTV", "CÔNG TY TNHH MỘT THÀNH VIÊN").upper() if rng.random() < 0.5
                    else fold.fold(e.name_vi).title(), employees=None, website="", email="")
        twins.append((_build(twin, dpi, sectors, parks, new_units, old_units), twin))
    counts["enterprises"] = _write(items + twins, sectors)
    # organisations known from one-stop dossiers and station operators
    known = _applicants(existing | {e.tax_code for e, _ in items + twins})
    names = {fold.name_key(n) for n in Enterprise.objects.values_list("name_vi", flat=True)}
    extra = []
    for i, (code, name, address) in enumerate(known):
        d = next(demo_data.enterprises(1, SEED + 1000 + i, used=set()))
        d.update(tax_code=code, name_vi=name, name_en="", address=address or d["address"], foreign_invested=False, investors=[],
                 invested_capital_usd=None, legal_form="jsc" if "Cổ phần" in name else ("cooperative" if name.startswith("Hợp tác xã") else "llc2"))
        extra.append((_build(d, dpi, sectors, parks, new_units, old_units), d))
    used = existing | {e.tax_code for e, _ in items + twins + extra}
    for i, name in enumerate(_facilities(names)):
        d = next(demo_data.enterprises(1, SEED + 5000 + i, used=used))
        d.update(name_vi=name, name_en="", foreign_invested=False, investors=[], invested_capital_usd=None)
        extra.append((_build(d, dpi, sectors, parks, new_units, old_units), d))
    counts["from_other_modules"] = _write(extra, sectors)
    if twins:
        by_code = dict(Enterprise.objects.filter(tax_code__in=[t.tax_code for t, _ in twins] + [e.tax_code for e, _ in items])
                       .values_list("tax_code", "pk"))
        originals = {fold.name_key(e.name_vi): by_code[e.tax_code] for e, _ in items}
        dups = [DuplicateCandidate(enterprise_id=by_code[t.tax_code], other_id=originals[fold.name_key(t.name_vi)],
                                   reason="name", score=80)
                for t, _ in twins if fold.name_key(t.name_vi) in originals]
        DuplicateCandidate.objects.bulk_create(dups, ignore_conflicts=True)
        counts["duplicates"] = len(dups)
    counts["links"] = sum(links.match().values())
    counts["access_log"] = _access_log()
    return counts


def _access_log() -> int:
    """Some reads of restricted fields by the demo's government users (last two weeks)."""
    if EnterpriseAccessLog.objects.exists():
        return 0
    users = list(User.objects.filter(username__in=["dpi.thao", "vptptm.huong", "dost.khoa", "doet.hanh"]))
    if not users:  # the demo logins come after the loaders: staff of the one-stop demo read the register meanwhile
        users = list(User.objects.filter(organisation__helix="government").select_related("organisation").order_by("username")[:6])
    ids = list(Enterprise.objects.order_by("pk").values_list("pk", flat=True)[:400])
    if not users or not ids:
        return 0
    rng = random.Random(SEED)
    now = timezone.now()
    rows = []
    for _i in range(120):
        u = rng.choice(users)
        rows.append(EnterpriseAccessLog(user=u, organisation_id=u.organisation_id, at=now - timedelta(minutes=rng.randint(10, 20000)),
                                        enterprise_id=rng.choice(ids), field_group="owner" if u.organisation and u.organisation.code in ("DPI", "VPTPTM") and rng.random() < 0.5 else "government",
                                        channel=rng.choice(["page", "page", "api", "export"]), path="/economy/enterprises/"))
    EnterpriseAccessLog.objects.bulk_create(rows)
    return len(rows)

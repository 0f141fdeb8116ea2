"""Demo: construction permits in several states.

* The one-stop demo's construction-permit dossiers already have their permits (the hook makes
  them as the dossiers move); those without a place are put on a demo parcel
  (`thua-dat-mau`), so they show on the map and count in their ward and former district.
* More house-permit dossiers from 2024 to now are played through the one-stop services
  (reception, transfer to the Department of Construction, the planning check through
  `gis.services.planning.check_dossier` with its evidence PDF, then a request to complete,
  a result, a refusal or a withdrawal), so that every state is on the map and the
  statistics have bars in several wards.

Idempotent: the extra dossiers carry DEMO_NOTE and are made once; parcels are given only to
permits without a place. Seeded: the same data every time.
"""
import datetime as dt
import random

DEMO_NOTE = "Hồ sơ cấp phép xây dựng mẫu (demo GIS)"
SEED = 972
LOCAL = dt.timezone(dt.timedelta(hours=7))
PLAN = {2024: 10, 2025: 14, 2026: 16}   # extra dossiers per year
CHECK_EVERY = 4   # one extra dossier in four gets the full planning check with its evidence PDF (~1 s each)
FATES = ["issued"] * 9 + ["refused"] * 2 + ["withdrawn"] + ["supplement_issued"] * 2
OPEN_FATES = ["appraisal", "appraisal", "supplement"]
REFUSALS = ["Vị trí xây dựng không phù hợp quy hoạch chi tiết 1/500 đã được phê duyệt (lấn chỉ giới đường đỏ).",
            "Chiều cao công trình vượt tầng cao tối đa của khu vực theo quy hoạch phân khu.",
            "Hồ sơ bổ sung vẫn chưa đáp ứng: thiếu bản vẽ kết cấu móng và cam kết an toàn công trình liền kề."]
SUPPLEMENTS = ["Bản vẽ mặt cắt công trình chưa thể hiện chiều cao tầng",
               "Bản sao giấy chứng nhận quyền sử dụng đất chưa chứng thực"]
HOUSE = {"ODT": ("residential", (2, 5)), "TMD": ("commercial", (3, 6))}
STREETS = {"PC": "đường Yersin", "CN": "đường Huỳnh Văn Lũy", "HT": "đường Lê Hồng Phong", "HP": "đường Hùng Vương",
           "DA": "đường Nguyễn An Ninh", "LT": "đường Châu Văn Tiếp"}


def load() -> dict:
    from smartcity.gis.models import Feature, Permit

    parcels = list(Feature.objects.filter(layer__key="thua-dat-mau", properties__loai_dat__in=list(HOUSE))
                   .order_by("fid").only("id", "fid", "geometry", "properties", "layer_id"))
    if not parcels:
        return {}
    rng = random.Random(SEED)
    rng.shuffle(parcels)
    used = set(Permit.objects.exclude(parcel=None).values_list("parcel_id", flat=True))
    free = [p for p in parcels if p.pk not in used]
    counts = {"dossiers": _play(rng, free)}
    counts["placed"] = _place_existing(rng, free)
    counts["permits"] = Permit.objects.count()
    return counts


def _params(rng, parcel):
    use, (lo, hi) = HOUSE.get(parcel.properties.get("loai_dat"), HOUSE["ODT"])
    floors = rng.randint(lo, hi)
    return {"use": use, "floors": floors, "height_m": f"{floors * 3.6 + 1.2:.1f}", "coverage_pct": str(rng.choice((60, 70, 75, 80)))}


def _place_existing(rng, free) -> int:
    """Permits of the one-stop demo without a place: on a free parcel, as the applicant drew it."""
    from decimal import Decimal

    from smartcity.gis.models import Permit
    from smartcity.gis.services import permits as service

    n = 0
    for permit in Permit.objects.filter(parcel=None, footprint="").exclude(dossier=None).order_by("received_at", "pk"):
        if not free:
            break
        parcel = free.pop()
        p = _params(rng, parcel)
        permit.parcel, permit.footprint = parcel, parcel.geometry
        permit.use, permit.floors, permit.height_m, permit.coverage_pct = p["use"], p["floors"], Decimal(p["height_m"]), Decimal(p["coverage_pct"])
        if not permit.address:
            permit.address = _address(parcel)
        service._measure(permit)
        service.locate_permit(permit)
        permit.save()
        n += 1
    return n


def _address(parcel) -> str:
    props = parcel.properties
    street = STREETS.get(parcel.fid.split("-")[0], "")
    return (f"thửa đất số {props.get('so_thua')}, tờ bản đồ số {props.get('so_to')}"
            + (f", {street}" if street else "") + f", phường {props.get('phuong', '')}")


def _moments(rng, year, now, n, calendar):
    """n working-day mornings of `year`, not later than ~1 working day before now."""
    start = dt.date(year, 1, 3)
    end = min(dt.date(year, 12, 20), (now - dt.timedelta(days=2)).date())
    out = []
    for _ in range(n * 20):
        if len(out) == n or end <= start:
            break
        day = start + dt.timedelta(days=rng.randrange((end - start).days + 1))
        if calendar.is_working_day(day):
            out.append(dt.datetime.combine(day, dt.time(rng.choice((7, 8, 9, 10)), rng.choice((35, 50, 5, 20))), tzinfo=LOCAL))
    return sorted(out)


def _play(rng, free) -> int:
    from django.utils import timezone

    from smartcity.onestop.demo_dossiers import _staff_users
    from smartcity.onestop.demo_people import People
    from smartcity.onestop.models import Dossier, Procedure
    from smartcity.onestop.services import calendar, catalogue

    if Dossier.objects.filter(notes=DEMO_NOTE).exists():
        return 0
    proc = Procedure.objects.filter(code="1.009972").first()
    if proc is None:
        return 0
    now = timezone.now().astimezone(LOCAL)
    calendar.ensure_years(*range(2024, now.year + 2))
    staff = _staff_users()
    people = People(SEED, today_year=now.year)
    made = 0
    for year, n in PLAN.items():
        if year > now.year:
            continue
        moments = _moments(rng, year, now, n, calendar)
        for i, at in enumerate(moments):
            if not free:
                return made
            recent = calendar.working_days_between(at, now) < 25
            fate = rng.choice(OPEN_FATES) if recent else (FATES[i % len(FATES)])
            try:
                version = catalogue.version_in_force(proc, at.date())
            except Exception:  # noqa: BLE001 - no version that day: skip it
                continue
            checked = made % CHECK_EVERY == 0
            if _story(rng, version, at, now, fate, free.pop() if checked else None, staff, people):
                made += 1
    return made


class _Site:
    """An address for a dossier placed on its parcel later (`_place_existing`)."""

    def __init__(self, fid, props):
        self.fid, self.properties = fid, props


def free_site(rng):
    prefix, ward = rng.choice([("PC", "Phú Cường"), ("CN", "Chánh Nghĩa"), ("HT", "Hiệp Thành"), ("HP", "Hòa Phú"),
                               ("DA", "Dĩ An"), ("LT", "Lái Thiêu")])
    return _Site(f"{prefix}-0", {"so_thua": rng.randint(1, 100), "so_to": rng.randint(11, 70), "phuong": ward})


def _receive_before_2025(version, applicant, subject, user, at):
    """A dossier received under the 2018 rules (the version since retired): the counter's
    intake refuses retired versions, so the row is written as the intake would have then."""
    from smartcity.onestop.models import Channel, Dossier, DossierStatus, StepKind
    from smartcity.onestop.services import calendar, intake, lifecycle

    unit = version.receiving_unit
    due = calendar.due_at(at, version.time_limit_days, unit=unit)
    d = Dossier.objects.create(
        owner=unit, code=intake.next_code(unit, at), procedure_version=version, procedure=version.procedure,
        rule_set=version.rule_set, channel=Channel.COUNTER, status=DossierStatus.RECEIVED, current_unit=unit,
        subject=subject, received_at=at, received_by=user if getattr(user, "pk", None) else None,
        due_at=due, original_due_at=due, **intake.applicant_fields(applicant))
    lifecycle.add_handoff(d, kind=StepKind.RECEIVE, from_unit=None, to_unit=unit, by=user, at=at,
                          step_due_at=lifecycle.step_due(d, unit, at))
    return d


def _story(rng, version, at, now, fate, parcel, staff, people) -> bool:
    from smartcity.gis.services.planning import check_dossier
    from smartcity.onestop.models import Dossier
    from smartcity.onestop.services import calendar, intake, lifecycle

    doc = version.competent_unit
    recv = version.receiving_unit
    officer = (staff.get(doc.code) or [None])[0]
    clerk = rng.choice(staff.get(recv.code) or staff.get(doc.code) or [None])
    if officer is None:
        return False
    applicant = people.citizen()
    site = parcel or free_site(rng)
    subject = f"{version.name_vi} tại {_address(site)} — {applicant.name}"

    def step(start, days):
        t = calendar.add_working_time(start, days, unit=recv)
        return t if t < now else None

    if version.status == "in_force":
        d = intake.receive_at_counter(version=version, applicant=applicant.as_dict(), subject=subject, user=clerk, at=at)
    else:
        d = _receive_before_2025(version, applicant.as_dict(), subject, clerk, at)
    Dossier.objects.filter(pk=d.pk).update(notes=DEMO_NOTE)
    t = at
    if d.current_unit_id != doc.pk:
        t = step(t, 0.3)
        if t is None:
            return True
        d = lifecycle.transfer(d, doc, clerk, at=t)
    t = step(t, rng.uniform(0.5, 2.0))
    if t is None:
        return True
    if parcel is not None:
        check_dossier(d, parcel=parcel, user=officer, at=t, **_params(rng, parcel))
    if fate == "appraisal":
        return True
    if fate in ("supplement", "supplement_issued"):
        t = step(t, rng.uniform(0.5, 3))
        if t is None:
            return True
        lifecycle.request_supplement(d, officer, SUPPLEMENTS[: rng.randint(1, 2)],
                                     reason="Hồ sơ chưa đầy đủ theo Điều 95 Luật Xây dựng.", at=t)
        if fate == "supplement":
            return True
        t = t + dt.timedelta(days=rng.randint(4, 12))
        if t >= now:
            return True
        d = lifecycle.supplement_received(d, clerk, at=t)
    if fate == "withdrawn":
        t = step(t, rng.uniform(0.5, 3))
        if t is not None:
            lifecycle.withdraw(d, clerk, "Chủ đầu tư có đơn xin rút hồ sơ để điều chỉnh thiết kế.", at=t)
        return True
    if fate == "refused":
        t = step(t, rng.uniform(2, 9))
        if t is not None:
            lifecycle.reject(d, officer, rng.choice(REFUSALS), at=t)
        return True
    # issued: most on time, some after the appointment
    t = step(t, rng.uniform(4, 11) if rng.random() < 0.85 else rng.uniform(14, 18))
    if t is None:
        return True
    d = lifecycle.result_ready(d, officer, "Giấy phép xây dựng nhà ở riêng lẻ", at=t)
    t = step(t, rng.uniform(0.2, 1.5))
    if t is not None:
        lifecycle.return_result(d, clerk, at=t)
    return True

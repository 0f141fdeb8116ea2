"""Demo: a realistic flow of dossiers at the provincial Public Administration Service Centre
from 1 July 2025 (Decree 118/2025 in force) to today, made through the real services with
`at=` timestamps, so hand-offs, clock stops, apologies, notifications (log sender) and
surveys are exactly what staff would have produced.

Size: COUNT (700) dossiers, not the 1,500 first planned: each costs ~50 ms of CPU in the
services (intake, hand-offs with history rows, calendar, notices), and the demo must load
in under ~40 s; `load(count)` takes any number (the test uses 60).

Shape (seeded, the same every time for the same day):
- volume on working days only (the calendar), more on Mondays and in the morning, a bump
  before Tết and at the end of the year; procedures by a skewed popularity (business
  registration, land, house permits first);
- channels: counter, online (growing from about a quarter to well over half) and post;
- fates: most finished on time; ~8 % late: the unit holding the dossier runs over its step
  (the last transfer's hand-off is late) and issues an apology with a new appointment
  before the due date; some supplements (the clock stops), a few refusals, suspensions
  and withdrawals; consultations between two units where the procedure plans one;
  recent dossiers still open, and a handful overdue right now with no apology yet (the
  daily task drafts them);
- results returned at the counter, online or by post; ~60 % answer the SIPAS survey
  (link or counter kiosk), about 85 % satisfied overall, the Department of Natural
  Resources and Environment's procedures below the 80 % target.

Idempotent: demo dossiers carry `notes = DEMO_NOTE`; when one exists nothing is created.
"""
import datetime as dt
import random
from bisect import bisect
from itertools import accumulate
from zoneinfo import ZoneInfo

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
START = dt.date(2025, 7, 1)  # the provincial service centre opens (Decree 118/2025/NĐ-CP)
COUNT = 700  # the services cost ~50 ms of CPU per dossier: 1,500 would take 75 s, over the 40 s budget
SEED = 2025
DEMO_NOTE = "Hồ sơ dữ liệu mẫu (demo)"

ONLINE_FROM, ONLINE_TO = 0.25, 0.62  # share of online submissions at START and today
POST_SHARE = 0.03
LATE_SHARE = 0.08
SUPPLEMENT_SHARE = 0.06
REJECT_SHARE = 0.02
SUSPEND_SHARE = 0.02
WITHDRAW_SHARE = 0.005
SURVEY_SHARE = 0.60
STALLED = 5  # open dossiers left overdue right now
SATISFIED = 0.93  # chance a satisfaction answer is 4 or 5 in an ordinary dossier
SATISFIED_LOW = {"DONRE": 0.72}  # competent units whose procedures score below the 80 % target
SATISFIED_LATE = 0.65  # ... after a late result

POPULARITY = {  # procedure code -> relative volume (others 1)
    "2.001610": 14, "2.001612": 6, "2.002035": 12, "1.004227": 16, "1.009972": 12, "1.009974": 4, "1.009975": 3,
    "1.002861": 9, "1.002859": 3, "1.005092": 6, "1.001818": 5, "1.004269": 6, "2.001823": 3, "1.009645": 2,
    "1.010727": 2, "1.010728": 1.5, "1.009986": 3,
}
ORGANISATION_FIELDS = {"thanh-lap-doanh-nghiep", "dau-tu", "moi-truong", "khoa-hoc-cong-nghe", "an-toan-buc-xa", "xuat-ban-in",
                       "thong-tin-dien-tu", "hoi-to-chuc-phi-chinh-phu", "ngoai-vu", "tai-nguyen-nuoc", "duong-bo"}
SEASON = {1: 1.25, 2: 0.7, 3: 1.0, 4: 0.95, 5: 1.0, 6: 1.0, 7: 1.05, 8: 1.05, 9: 1.0, 10: 1.05, 11: 1.1, 12: 1.25}
HOURS = [(7, 30, 4), (8, 0, 9), (8, 30, 10), (9, 0, 10), (9, 30, 8), (10, 0, 7), (10, 30, 5), (11, 0, 3),
         (13, 0, 3), (13, 30, 5), (14, 0, 6), (14, 30, 5), (15, 0, 4), (15, 30, 3), (16, 0, 2), (16, 30, 1)]

# username, given name, family and middle names, organisation: the staff who act in the demo
STAFF = [
    ("ttpvhcc.ngoclan", "Lan", "Nguyễn Thị Ngọc", "TTPVHCC"),
    ("ttpvhcc.minhtuan", "Tuấn", "Trần Minh", "TTPVHCC"),
    ("ttpvhcc.thuha", "Hà", "Lê Thu", "TTPVHCC"),
    ("doc.quockhanh", "Khánh", "Phạm Quốc", "DOC"),
    ("donre.hoanganh", "Anh", "Võ Hoàng", "DONRE"),
    ("dpi.thanhtam", "Tâm", "Huỳnh Thanh", "DPI"),
    ("dot.vanhau", "Hậu", "Đặng Văn", "DOT"),
    ("doet.myduyen", "Duyên", "Bùi Mỹ", "DOET"),
    ("doha.kimoanh", "Oanh", "Đỗ Kim", "DOHA"),
    ("dost.ducthinh", "Thịnh", "Ngô Đức", "DOST"),
    ("dic.baongoc", "Ngọc", "Dương Bảo", "DIC"),
    ("dofa.giahuy", "Huy", "Lý Gia", "DOFA"),
]

SUPPLEMENT_ITEMS = {
    "xay-dung": ["Bản vẽ mặt cắt công trình chưa thể hiện chiều cao tầng", "Bản sao giấy chứng nhận quyền sử dụng đất chưa chứng thực"],
    "dat-dai": ["Hợp đồng chuyển nhượng chưa được công chứng", "Thiếu tờ khai lệ phí trước bạ"],
    "thanh-lap-doanh-nghiep": ["Điều lệ công ty thiếu chữ ký của thành viên", "Thiếu bản sao giấy tờ pháp lý của người đại diện theo pháp luật"],
}
SUPPLEMENT_DEFAULT = ["Đơn đề nghị chưa ghi đầy đủ thông tin người liên hệ", "Thiếu bản sao giấy tờ tùy thân của người nộp hồ sơ"]
REJECT_REASONS = {
    "xay-dung": "Vị trí xây dựng không phù hợp quy hoạch chi tiết 1/500 đã được phê duyệt.",
    "dat-dai": "Thửa đất đang có tranh chấp, đã có đơn được Ủy ban nhân dân phường thụ lý.",
}
REJECT_DEFAULT = "Hồ sơ không đáp ứng điều kiện theo quy định của thủ tục hành chính."
LATE_REASONS = [
    "Cần kiểm tra thực địa bổ sung do hiện trạng khác với bản vẽ nộp kèm hồ sơ.",
    "Chờ ý kiến của cơ quan phối hợp về hiện trạng sử dụng đất.",
    "Khối lượng hồ sơ tăng đột biến trong tháng, đơn vị đã bố trí thêm cán bộ thẩm định.",
    "Lãnh đạo đơn vị đi công tác, chưa ký được kết quả đúng hẹn.",
]
CONSULT_QUESTIONS = {
    "DONRE": "Đề nghị cho ý kiến về tình trạng pháp lý và mục đích sử dụng của thửa đất đề nghị cấp phép.",
    "DOC": "Đề nghị cho ý kiến về sự phù hợp với quy hoạch xây dựng tại vị trí dự án.",
    "DOST": "Đề nghị cho ý kiến về lĩnh vực hoạt động khoa học và công nghệ của tổ chức.",
}
CONSULT_ANSWER = "Thống nhất với đề xuất của đơn vị chủ trì; không có ý kiến khác."


def _staff_users() -> dict:
    """{organisation code: [users]}: demo staff (no password: they act, they do not log in)."""
    from smartcity.core.models import Organisation, Role, User

    orgs = {o.code: o for o in Organisation.objects.filter(code__in={s[3] for s in STAFF})}
    out: dict = {}
    for username, first, last, org_code in STAFF:
        if org_code not in orgs:
            continue
        user, created = User.objects.get_or_create(username=username, defaults={
            "first_name": first, "last_name": last, "organisation": orgs[org_code], "role": Role.EDITOR, "email": f"{username}@binhduong.gov.vn"})
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        out.setdefault(org_code, []).append(user)
    return out


def _working_days(start: dt.date, end: dt.date, is_working) -> list[dt.date]:
    out, day = [], start
    while day <= end:
        if is_working(day):
            out.append(day)
        day += dt.timedelta(days=1)
    return out


def _subject(rng, version, applicant) -> str:
    field = version.procedure.field.code
    if field in ("xay-dung", "dat-dai"):
        kind = "xã" if f", xã {applicant.ward}," in applicant.address else "phường"
        return (f"{version.name_vi} tại thửa đất số {rng.randint(12, 980)}, tờ bản đồ số {rng.randint(1, 85)}, "
                f"{kind} {applicant.ward} — {applicant.name}")
    return f"{version.name_vi} — {applicant.name}"


class _Stop(Exception):
    """The next step would happen after now: the dossier stays where it is."""


class _Run:
    """Plays one dossier's story through the services, never past `now`."""

    def __init__(self, ctx, rng):
        self.ctx, self.rng = ctx, rng

    def at(self, when):
        if when > self.ctx["now"]:
            raise _Stop
        return when

    def add(self, start, days, unit=None):
        from smartcity.onestop.services import calendar

        return calendar.add_working_time(start, round(max(days, 0.02), 3), unit=unit)

    def later(self, start, calendar_days):
        """`calendar_days` later, moved to the next working minute (people come during office hours)."""
        return self.add(start + dt.timedelta(days=calendar_days), 0.03)


def _answers(rng, qn, *, p_satisfied, late, apology, trips, online) -> dict:
    """Raw answers to the questionnaire in force, consistent with what happened."""
    answers = {}
    for q in qn.questions:
        if q.role == "satisfaction":
            if not q.required and rng.random() < 0.35:
                continue
            good = rng.random() < p_satisfied
            answers[q.key] = rng.choice((4, 5, 5) if good else (1, 2, 3, 3)) if len(qn.scale) == 5 else (3 if good else rng.choice((1, 2)))
        elif q.role == "expectation":
            if rng.random() < 0.4:
                answers[q.key] = rng.sample(q.values(), k=min(len(q.values()), rng.randint(1, 2)))
        elif q.kind == "number":
            answers[q.key] = trips
        elif q.key == "e4_on_time":
            if "yes" in q.values():  # the older questionnaire asks yes/no
                answers[q.key] = "no" if late else "yes"
            else:
                answers[q.key] = "late" if late else ("early" if rng.random() < 0.4 else "on_time")
        elif q.key == "e4_apology":
            answers[q.key] = ("yes" if apology else "no") if late else "not_late"
        elif q.key == "e1_info_source":
            answers[q.key] = "portal" if online else rng.choice(("board", "staff", "staff", "other"))
        elif q.key in ("e2_extra_documents", "e3_extra_money"):
            answers[q.key] = "yes" if rng.random() < 0.02 else "no"
        elif q.key == "e5_gave_feedback":
            answers[q.key] = "yes" if rng.random() < 0.05 else "no"
        elif q.key == "e5_handled":
            answers[q.key] = "yes" if answers.get("e5_gave_feedback") == "yes" else "not_applicable"
        elif q.key == "e2_fees_as_posted":
            answers[q.key] = "yes"
        elif q.options:
            values = q.values()
            answers[q.key] = values[0] if rng.random() < 0.9 else rng.choice(values)
    return answers


def load(count: int | None = None, *, now: dt.datetime | None = None, seed: int = SEED) -> dict:
    """Create the demo dossiers (about `count`, default COUNT) unless they exist; returns counts."""
    from django.db import transaction
    from django.utils import timezone

    from smartcity.core.models import AdministrativeUnit, Organisation
    from smartcity.core.reference import FIRST_DAY_NEW, new_unit_code
    from smartcity.onestop.demo_people import People
    from smartcity.onestop.models import Dossier, ProcedureVersion, VersionStatus
    from smartcity.onestop.services import calendar, catalogue

    if Dossier.objects.filter(notes=DEMO_NOTE).exists():
        return {"dossiers": 0}
    if count is None:  # SMARTCITY_DEMO_DOSSIERS lets the demo's own tests load a small flow
        import os

        count = int(os.environ.get("SMARTCITY_DEMO_DOSSIERS") or COUNT)
    now = (now or timezone.now()).astimezone(LOCAL)
    today = now.date()
    catalogue.load_catalogue()
    calendar.ensure_years(*range(START.year, today.year + 2))
    staff = _staff_users()
    versions = [v for v in ProcedureVersion.objects.filter(status=VersionStatus.IN_FORCE, valid_from__lte=START)
                .select_related("procedure__field", "receiving_unit", "competent_unit").order_by("procedure__code")]
    if not versions or not staff:
        return {"dossiers": 0}
    units = {o.code: o for o in Organisation.objects.all()}
    areas = {a.code: a for a in AdministrativeUnit.objects.filter(valid_from=FIRST_DAY_NEW)}
    rng = random.Random(seed)
    people = People(seed, today_year=today.year)

    days = _working_days(START, today, calendar.is_working_day)
    weights = [SEASON[d.month] * (1.4 if d.weekday() == 0 else 0.85 if d.weekday() == 4 else 0.6 if d.weekday() >= 5 else 1.0)
               for d in days]
    day_cum = list(accumulate(weights))
    v_cum = list(accumulate(POPULARITY.get(v.procedure.code, 1.0) for v in versions))
    hour_cum = list(accumulate(w for _h, _m, w in HOURS))
    plan = []
    for _ in range(count):
        day = days[bisect(day_cum, rng.random() * day_cum[-1])]
        h, m, _w = HOURS[bisect(hour_cum, rng.random() * hour_cum[-1])]
        if day.weekday() == 0 and rng.random() < 0.3:  # Monday mornings: the weekend's queue
            h, m = rng.choice(((7, 30), (8, 0), (8, 30), (9, 0)))
        at = dt.datetime.combine(day, dt.time(h, m), tzinfo=LOCAL) + dt.timedelta(seconds=rng.randrange(1800))
        plan.append((at, versions[bisect(v_cum, rng.random() * v_cum[-1])]))
    plan.sort(key=lambda p: p[0])
    plan = [(at, v) for at, v in plan if at < now - dt.timedelta(minutes=5)]
    fates = _fates(rng, len(plan))

    ctx = {"now": now, "staff": staff, "units": units, "counts": {}}
    counts = ctx["counts"]
    with transaction.atomic():
        for (at, version), fate in zip(plan, fates):
            applicant = _applicant(rng, people, version)
            _story(ctx, random.Random(rng.random()), at, version, applicant, areas.get(new_unit_code(applicant.ward)), fate)
        _overdue_now(ctx, rng, versions, people, areas)
    total = Dossier.objects.filter(notes=DEMO_NOTE)
    counts["dossiers"] = total.count()
    counts["staff"] = sum(len(v) for v in staff.values())
    return dict(sorted(counts.items()))


def _fates(rng, n: int) -> list[str]:
    """Exactly the shares of each fate (rounded), in a seeded random order."""
    fates = []
    for name, share in (("late", LATE_SHARE), ("supplement", SUPPLEMENT_SHARE), ("reject", REJECT_SHARE),
                        ("suspend", SUSPEND_SHARE), ("withdraw", WITHDRAW_SHARE)):
        fates += [name] * round(n * share)
    fates += ["normal"] * max(0, n - len(fates))
    rng.shuffle(fates)
    return fates[:n]


def _applicant(rng, people, version):
    org = version.procedure.field.code in ORGANISATION_FIELDS and rng.random() < 0.85
    return people.organisation() if org else people.citizen()


def _overdue_now(ctx, rng, versions, people, areas):
    """STALLED dossiers received long enough ago that their appointment has passed by now,
    handed to the competent unit, which has not acted: the overdue list is not empty, and
    the daily task has apologies to draft."""
    from smartcity.core.reference import new_unit_code
    from smartcity.onestop.services import calendar, intake, lifecycle

    now, staff = ctx["now"], ctx["staff"]
    short = [v for v in versions if v.time_limit_days <= 10] or versions
    for _ in range(STALLED):
        version = rng.choice(short)
        back = float(version.time_limit_days) + rng.uniform(0.6, 4)
        start = now.replace(hour=rng.choice((8, 9, 10, 14)), minute=rng.choice((5, 20, 35, 50)), second=0, microsecond=0)
        while calendar.working_days_between(start, now) < back or not calendar.is_working_day(start.date()):
            start -= dt.timedelta(days=1)
        applicant = _applicant(rng, people, version)
        clerk = rng.choice(staff.get(version.receiving_unit.code) or [None])
        d = intake.receive_at_counter(version=version, applicant=applicant.as_dict(), subject=_subject(rng, version, applicant),
                                      user=clerk, area=areas.get(new_unit_code(applicant.ward)), at=start)
        Dossier = type(d)
        Dossier.objects.filter(pk=d.pk).update(notes=DEMO_NOTE)
        lifecycle.transfer(d, version.competent_unit, clerk, at=calendar.add_working_time(start, 0.3))
        _bump(ctx, "counter")
        _bump(ctx, "overdue_now" if d.due_at < now else "open")


def _bump(ctx, key, n=1):
    ctx["counts"][key] = ctx["counts"].get(key, 0) + n


def _story(ctx, rng, at, version, applicant, area, fate):
    """One dossier from intake to its survey answer (or as far as it got by now)."""
    from smartcity.onestop import sipas
    from smartcity.onestop.models import Dossier, OnlineLevel, SurveyInvitation
    from smartcity.onestop.services import calendar, intake, lifecycle, surveys

    run = _Run(ctx, rng)
    now, staff, units = ctx["now"], ctx["staff"], ctx["units"]
    recv = version.receiving_unit
    comp = version.competent_unit
    clerk = rng.choice(staff.get(recv.code) or [None])
    officer = rng.choice(staff.get(comp.code) or [clerk])
    progress = (at.date() - START).days / max(1, (now.date() - START).days)
    online_share = ONLINE_FROM + (ONLINE_TO - ONLINE_FROM) * progress
    if version.online_level == OnlineLevel.FULL:
        online_share = min(0.9, online_share + 0.15)
    roll = rng.random()
    channel = "online" if version.online_level != OnlineLevel.NONE and roll < online_share else (
        "post" if roll > 1 - POST_SHARE else "counter")
    subject = _subject(rng, version, applicant)
    a = applicant.as_dict()

    try:
        if channel == "online":
            d = intake.submit_online(version=version, applicant=a, subject=subject, area=area, at=at)
            Dossier.objects.filter(pk=d.pk).update(notes=DEMO_NOTE)
            _bump(ctx, "online")
            t = run.at(run.add(at, rng.uniform(0.05, 0.6), recv))
            d = intake.accept_online(d, clerk, at=t)
        else:
            d = intake.receive_at_counter(version=version, applicant=a, subject=subject, user=clerk, area=area, at=at)
            Dossier.objects.filter(pk=d.pk).update(notes=DEMO_NOTE, **({"channel": "post"} if channel == "post" else {}))
            d.channel = channel
            _bump(ctx, channel)
            t = at
        steps = version.steps or []
        inner = [s for s in steps[1:-1] if s.get("unit") != recv.code] or [{"key": "process", "unit": comp.code,
                                                                              "days": float(version.time_limit_days) - 1}]
        first_days = float(steps[0]["days"]) if steps else 0.5
        t = run.at(run.add(t, first_days * rng.uniform(0.15, 0.9), recv))
        if fate == "withdraw":
            lifecycle.withdraw(d, clerk, "Người nộp hồ sơ có đơn xin rút hồ sơ để điều chỉnh nội dung đề nghị.", at=t)
            _bump(ctx, "withdrawn")
            return
        holder_code = inner[0]["unit"]
        holder = units.get(holder_code, comp)
        d = lifecycle.transfer(d, holder, clerk, at=t)
        late_step = len(inner) - 1 if fate == "late" else None
        for i, step in enumerate(inner):
            unit = units.get(step["unit"], comp)
            days = float(step.get("days") or 1)
            actor = rng.choice(staff.get(unit.code) or [officer])
            if step.get("key") == "consult" and unit.pk != d.current_unit_id:
                asker = rng.choice(staff.get(d.current_unit.code) or [officer])
                c = lifecycle.consult(d, unit, CONSULT_QUESTIONS.get(unit.code, CONSULT_ANSWER), asker, days, at=t)
                _bump(ctx, "consultations")
                t = run.at(run.add(t, days * rng.uniform(0.3, 0.95), unit))
                lifecycle.answer_consultation(c, actor, CONSULT_ANSWER, at=t)
                d.refresh_from_db()
                continue
            if unit.pk != d.current_unit_id:
                d = lifecycle.transfer(d, unit, rng.choice(staff.get(d.current_unit.code) or [officer]), at=t)
            if i == 0 and fate == "supplement":
                t = run.at(run.add(t, rng.uniform(0.2, min(2.0, days * 0.5)), unit))
                items = SUPPLEMENT_ITEMS.get(version.procedure.field.code, SUPPLEMENT_DEFAULT)
                lifecycle.request_supplement(d, actor, items[: rng.randint(1, len(items))],
                                             reason="Hồ sơ chưa đầy đủ theo danh mục thành phần hồ sơ.", at=t)
                _bump(ctx, "supplements")
                t = run.at(run.later(t, rng.uniform(2, 12)))
                d = lifecycle.supplement_received(d, clerk, at=t)
            if i == 0 and fate == "reject":
                t = run.at(run.add(t, days * rng.uniform(0.3, 0.9), unit))
                lifecycle.reject(d, actor, REJECT_REASONS.get(version.procedure.field.code, REJECT_DEFAULT), at=t)
                _bump(ctx, "rejected")
                return
            if i == 0 and fate == "suspend":
                t = run.at(run.add(t, rng.uniform(0.3, max(0.4, days * 0.4)), unit))
                lifecycle.suspend(d, actor, "Chờ kết quả xác minh của cơ quan có thẩm quyền về nguồn gốc giấy tờ.", at=t)
                _bump(ctx, "suspensions")
                t = run.at(run.later(t, rng.uniform(4, 20)))
                d = lifecycle.resume(d, actor, at=t)
            if i == late_step:
                # the holding unit runs over: it apologises before the appointment passes
                left = calendar.working_days_between(t, d.due_at, unit=unit)
                apology_at = run.at(run.add(t, max(0.05, left * rng.uniform(0.4, 0.85)), unit))
                extension = rng.choice((2, 3, 3, 5))
                new_due = calendar.add_working_time(d.due_at, extension, unit=unit).replace(second=0, microsecond=0)
                lifecycle.issue_apology(d, actor, rng.choice(LATE_REASONS), new_due, at=apology_at)
                _bump(ctx, "apologies")
                d.refresh_from_db()
                beyond = rng.random() < 0.15
                t = run.at(run.add(d.original_due_at, extension * rng.uniform(0.2, 0.9), unit) if not beyond
                           else run.add(new_due, rng.uniform(0.2, 1.5), unit))
                continue
            t = run.at(run.add(t, days * rng.uniform(0.3, 0.97), unit))
        holder_user = rng.choice(staff.get(d.current_unit.code) or [officer])
        d = lifecycle.result_ready(d, holder_user, version.result_vi or "Đã có kết quả giải quyết", at=t)
        _bump(ctx, "results")
        late = bool(d.original_due_at and d.result_at > d.original_due_at)
        t = run.at(run.add(t, rng.uniform(0.05, 1.5) if rng.random() < 0.8 else rng.uniform(1.5, 4), recv))
        ret_channel = "online" if channel == "online" and version.online_level == OnlineLevel.FULL else (
            "post" if channel == "post" or rng.random() < 0.04 else "counter")
        d = lifecycle.return_result(d, clerk, channel=ret_channel, at=t)
        _bump(ctx, "returned")
        if rng.random() >= SURVEY_SHARE:
            return
        answered = t + dt.timedelta(minutes=rng.randint(3, 20)) if ret_channel == "counter" and rng.random() < 0.5 else \
            t + dt.timedelta(hours=rng.uniform(1, 72))
        if answered > now:
            return
        invitation = SurveyInvitation.objects.get(dossier=d)
        qn = sipas.QUESTIONNAIRES[sipas.version_on(answered.date())]
        p = SATISFIED_LOW.get(comp.code, SATISFIED)
        if late:
            p = min(p, SATISFIED_LATE)
        trips = 0 if channel == "online" and ret_channel == "online" else (1 if channel == "online" else 2) + (fate == "supplement")
        answers = _answers(rng, qn, p_satisfied=p, late=late, apology=d.apologies.exists(), trips=trips, online=channel == "online")
        kiosk = ret_channel == "counter" and answered - t < dt.timedelta(hours=1)
        surveys.record_response(invitation, answers, channel="kiosk" if kiosk else "link", at=answered,
                                comment=_comment(rng, p, late))
        _bump(ctx, "survey_answers")
    except _Stop:
        _bump(ctx, "open")


def _comment(rng, p, late) -> str:
    if rng.random() > 0.15:
        return ""
    if late:
        return rng.choice(["Hồ sơ trễ hẹn nhưng có thư xin lỗi và hẹn lại rõ ràng.", "Mong rút ngắn thời gian thẩm định."])
    if p < 0.8:
        return rng.choice(["Phải đi lại nhiều lần để bổ sung giấy tờ.", "Thời gian chờ tại quầy còn lâu."])
    return rng.choice(["Cán bộ hướng dẫn nhiệt tình, chu đáo.", "Nộp trực tuyến rất thuận tiện.", "Trả kết quả sớm hơn hẹn."])

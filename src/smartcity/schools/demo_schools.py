"""Demo data of the advanced-modern primary schools programme (Department of Education and
Training): 30 public primary schools across the wards and communes of the former Binh Duong
province, the criteria sets of the two past school years (2024-2025, 2025-2026: the same
criteria) and the present one (2026-2027: digital transformation added), the assessments of the two past years (evaluated and decided, with
a steady improvement) and the present year partly done (drafts, submissions, a few
evaluations), and one school user (the vice-principal of Phú Hòa 1 primary school).

Values are a pure function of (school, criterion, year) through a seeded random generator,
so loading twice gives the same data; a second load adds nothing."""
from __future__ import annotations

import hashlib
import random
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone

from smartcity.core.models import AdministrativeUnit, Organisation, Role
from smartcity.core.reference import new_unit_code
from smartcity.schools import scoring
from smartcity.schools.models import (
    OWNER_CODE,
    Action,
    Assessment,
    AssessmentEvent,
    CriteriaGroup,
    CriteriaSet,
    Criterion,
    CriterionScore,
    Evidence,
    School,
    SchoolMembership,
    SetStatus,
    State,
)

SCHOOL_USER = ("thphuhoa1.tuyet", "Tuyết", "Nguyễn Thị Ánh")  # vice-principal of Phú Hòa 1 primary school
SCHOOL_USER_SCHOOL = "th-phu-hoa-1"


def years() -> tuple[str, str, str]:
    """The two past school years and the present one (2024-2025 .. 2026-2027 in 2026-2027)."""
    now = scoring.school_year_of(timezone.localdate())
    start = int(now[:4])
    return f"{start - 2}-{start - 1}", f"{start - 1}-{start}", now

# code, name (without "Trường Tiểu học"), ward or commune (2025 map), former district code, lat, lon, pupils, joined
SCHOOLS = [
    ("th-phu-hoa-1", "Phú Hòa 1", "Phú Lợi", "718", 10.98722, 106.67021, 2150, 2018),
    ("th-phu-hoa-2", "Phú Hòa 2", "Phú Lợi", "718", 10.99054, 106.68177, 1720, 2019),
    ("th-chanh-nghia", "Chánh Nghĩa", "Thủ Dầu Một", "718", 10.96912, 106.65983, 1980, 2018),
    ("th-nguyen-du-tdm", "Nguyễn Du", "Thủ Dầu Một", "718", 10.97951, 106.65302, 1640, 2019),
    ("th-dinh-hoa", "Định Hòa", "Chánh Hiệp", "718", 11.02618, 106.66207, 2380, 2018),
    ("th-hiep-thanh", "Hiệp Thành", "Thủ Dầu Một", "718", 10.99903, 106.65748, 1450, 2020),
    ("th-phu-my", "Phú Mỹ", "Bình Dương", "718", 11.00804, 106.69752, 2240, 2019),
    ("th-tuong-binh-hiep", "Tương Bình Hiệp", "Chánh Hiệp", "718", 11.01784, 106.64051, 1120, 2021),
    ("th-tan-an", "Tân An", "Phú An", "718", 11.02621, 106.61703, 960, 2022),
    ("th-lai-thieu", "Lái Thiêu", "Lái Thiêu", "725", 10.90521, 106.69853, 2460, 2018),
    ("th-binh-nham", "Bình Nhâm", "Lái Thiêu", "725", 10.91683, 106.69254, 1380, 2020),
    ("th-binh-hoa", "Bình Hòa", "Bình Hòa", "725", 10.89853, 106.72948, 2290, 2019),
    ("th-an-phu", "An Phú", "An Phú", "725", 10.94652, 106.74203, 2410, 2019),
    ("th-thuan-giao", "Thuận Giao", "Thuận Giao", "725", 10.95748, 106.71702, 2350, 2020),
    ("th-hung-dinh", "Hưng Định", "Thuận An", "725", 10.93847, 106.69751, 1260, 2021),
    ("th-di-an", "Dĩ An", "Dĩ An", "724", 10.90483, 106.76718, 2180, 2018),
    ("th-tan-dong-hiep", "Tân Đông Hiệp", "Tân Đông Hiệp", "724", 10.91852, 106.75884, 2270, 2018),
    ("th-tan-binh-da", "Tân Bình", "Tân Đông Hiệp", "724", 10.93398, 106.77052, 1540, 2020),
    ("th-dong-hoa", "Đông Hòa", "Đông Hòa", "724", 10.88624, 106.78403, 2050, 2019),
    ("th-kim-dong-da", "Kim Đồng", "Dĩ An", "724", 10.90951, 106.77302, 1830, 2021),
    ("th-my-phuoc", "Mỹ Phước", "Bến Cát", "721", 11.15503, 106.59551, 2120, 2019),
    ("th-thoi-hoa", "Thới Hòa", "Thới Hòa", "721", 11.10597, 106.63198, 1760, 2020),
    ("th-chanh-phu-hoa", "Chánh Phú Hòa", "Chánh Phú Hòa", "721", 11.17198, 106.66902, 1190, 2022),
    ("th-hoa-loi", "Hòa Lợi", "Hòa Lợi", "721", 11.09153, 106.65598, 1340, 2021),
    ("th-uyen-hung", "Uyên Hưng", "Tân Uyên", "723", 11.06548, 106.79853, 1680, 2019),
    ("th-tan-phuoc-khanh", "Tân Phước Khánh", "Tân Khánh", "723", 11.00948, 106.72402, 2020, 2020),
    ("th-tan-hiep-tu", "Tân Hiệp", "Tân Hiệp", "723", 11.07052, 106.74398, 1150, 2022),
    ("th-lai-uyen", "Lai Uyên", "Bàu Bàng", "719", 11.25603, 106.61802, 980, 2023),
    ("th-dau-tieng", "Dầu Tiếng", "Dầu Tiếng", "720", 11.27902, 106.36398, 860, 2023),
    ("th-phuoc-vinh", "Phước Vĩnh", "Phú Giáo", "722", 11.29498, 106.79702, 1050, 2023),
]
STREETS = {"718": ["Đường Phú Lợi", "Đường Yersin", "Đường Huỳnh Văn Lũy", "Đường Lê Hồng Phong", "Đại lộ Bình Dương"],
           "725": ["Đường Nguyễn Văn Tiết", "Đường Thủ Khoa Huân", "Đường Châu Văn Tiếp", "Đại lộ Bình Dương"],
           "724": ["Đường Nguyễn An Ninh", "Đường Trần Hưng Đạo", "Đường Lý Thường Kiệt", "Đường Cô Bắc"],
           "721": ["Đường Hùng Vương", "Đường 30 Tháng 4", "Đường ĐT 741", "Đường ĐT 744"],
           "723": ["Đường ĐT 746", "Đường ĐT 747", "Đường Huỳnh Văn Nghệ"],
           "719": ["Quốc lộ 13"], "720": ["Đường Hùng Vương"], "722": ["Đường Độc Lập"]}

# code, vi, en, weight
GROUPS = [
    ("management", "Quản lý và quản trị nhà trường", "Management and governance", 15),
    ("teachers", "Đội ngũ cán bộ quản lý và giáo viên", "Managers and teachers", 20),
    ("facilities", "Cơ sở vật chất và công nghệ thông tin", "Facilities and ICT", 20),
    ("teaching", "Phương pháp dạy học và chương trình (ngoại ngữ, STEM)", "Teaching methods and curriculum (foreign languages, STEM)", 20),
    ("outcomes", "Kết quả học tập và rèn luyện của học sinh", "Learning outcomes", 15),
    ("community", "Gắn kết nhà trường, gia đình và xã hội", "School, family and community links", 10),
]
# group, code, vi, en, max, rule, threshold, direction, unit, evidence, mandatory
CRITERIA = [
    ("management", "1.1", "Kế hoạch phát triển nhà trường theo mô hình tiên tiến – hiện đại được phê duyệt",
     "School development plan for the advanced-modern model approved", 10, "binary", None, "at_least", "", True, True),
    ("management", "1.2", "Quản lý nhà trường bằng phần mềm (hồ sơ, sổ điểm, thời khóa biểu điện tử)",
     "School run with software (records, marks, timetable)", 10, "levels", None, "at_least", "", True, False),
    ("management", "1.3", "Kiểm định chất lượng giáo dục và công nhận đạt chuẩn quốc gia",
     "Quality accreditation and national standard recognition", 10, "levels", None, "at_least", "", False, False),
    ("teachers", "2.1", "Tỷ lệ giáo viên có trình độ đại học trở lên", "Teachers with a university degree or higher",
     10, "threshold", 85, "at_least", "%", False, False),
    ("teachers", "2.2", "Giáo viên tiếng Anh đạt năng lực ngoại ngữ bậc 4 (B2) trở lên",
     "English teachers at level 4 (B2) or above", 10, "threshold", 90, "at_least", "%", True, False),
    ("teachers", "2.3", "Giáo viên được bồi dưỡng ứng dụng CNTT và phương pháp dạy học tích cực",
     "Teachers trained in ICT and active teaching methods", 10, "levels", None, "at_least", "", False, False),
    ("facilities", "3.1", "Số học sinh trên một máy tính phục vụ học tập", "Pupils per computer for learning",
     10, "threshold", 20, "at_most", "HS/máy", True, False),
    ("facilities", "3.2", "Phòng học có màn hình tương tác hoặc máy chiếu", "Classrooms with an interactive screen or projector",
     10, "threshold", 80, "at_least", "%", False, False),
    ("facilities", "3.3", "Thư viện thân thiện và thư viện điện tử", "Friendly library and e-library",
     10, "levels", None, "at_least", "", False, False),
    ("facilities", "3.4", "Internet tốc độ cao, wifi phủ toàn trường", "High-speed Internet, Wi-Fi across the school",
     5, "binary", None, "at_least", "", False, False),
    ("teaching", "4.1", "Dạy học 2 buổi/ngày cho tất cả các lớp", "Full-day teaching (two sessions a day) in every class",
     10, "binary", None, "at_least", "", False, True),
    ("teaching", "4.2", "Dạy tiếng Anh tăng cường, tích hợp Toán và Khoa học bằng tiếng Anh",
     "Intensive English, maths and science integrated in English", 10, "levels", None, "at_least", "", True, False),
    ("teaching", "4.3", "Giáo dục STEM, lập trình và robotics", "STEM education, coding and robotics",
     10, "levels", None, "at_least", "", True, False),
    ("teaching", "4.4", "Dạy học phân hóa, lớp học đảo ngược, trường học kết nối",
     "Differentiated teaching, flipped classroom, connected school", 10, "levels", None, "at_least", "", False, False),
    ("outcomes", "5.1", "Tỷ lệ học sinh hoàn thành chương trình lớp học", "Pupils completing their grade",
     10, "threshold", 98, "at_least", "%", False, False),
    ("outcomes", "5.2", "Tỷ lệ học sinh lớp 5 đạt chứng chỉ tiếng Anh Cambridge (Movers, Flyers)",
     "Grade 5 pupils with a Cambridge English certificate (Movers, Flyers)", 10, "threshold", 30, "at_least", "%", True, False),
    ("outcomes", "5.3", "Học sinh đạt giải các cuộc thi cấp tỉnh, quốc gia", "Pupils awarded in provincial and national contests",
     10, "levels", None, "at_least", "", False, False),
    ("community", "6.1", "Ban đại diện cha mẹ học sinh hoạt động hiệu quả; sổ liên lạc điện tử",
     "Active parents' board; electronic contact book", 10, "levels", None, "at_least", "", False, False),
    ("community", "6.2", "Hợp tác với trường đại học, doanh nghiệp (mô hình Ba Nhà)",
     "Cooperation with universities and enterprises (Triple Helix)", 10, "levels", None, "at_least", "", True, False),
]
DIGITAL = ("facilities", "3.5", "Chuyển đổi số: học bạ số, hồ sơ học sinh số, kết nối cơ sở dữ liệu ngành giáo dục",
           "Digital transformation: digital school records, pupil files linked to the education database",
           10, "levels", None, "at_least", "", True, False)

# the present year: schools whose self-assessment is submitted / evaluated; the rest of the
# first 22 are drafts (some barely started), the last 8 not opened yet
SUBMITTED = {"th-dinh-hoa", "th-lai-thieu", "th-di-an", "th-tan-dong-hiep", "th-an-phu", "th-my-phuoc", "th-chanh-nghia"}
EVALUATED = {"th-lai-thieu", "th-tan-dong-hiep"}
OPENED = 22

_PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj "
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")


def _make_set(owner, year, version, status, previous, digital: bool):
    cset = CriteriaSet.objects.create(
        owner=owner, school_year=year, version=version, status=status, previous=previous,
        published_at=timezone.now() if status == SetStatus.PUBLISHED else None,
        title_vi=f"Bộ tiêu chí Trường tiểu học tiên tiến – hiện đại năm học {year}",
        title_en=f"Advanced-modern primary school criteria, school year {year}",
        pass_total=80.0, pass_group=60.0,
        notes="Căn cứ Kế hoạch 11/KH-BDH ngày 08/3/2018 (mục II.6) và Thông tư 17/2018/TT-BGDĐT về kiểm định chất lượng giáo dục trường tiểu học.")
    groups = CriteriaGroup.objects.bulk_create([CriteriaGroup(criteria_set=cset, code=c, name_vi=vi, name_en=en, weight=w, order=i)
                                                for i, (c, vi, en, w) in enumerate(GROUPS)])
    if any(g.pk is None for g in groups):
        groups = list(cset.groups.all())
    CriteriaGroup.history.bulk_history_create(groups)
    by_code = {g.code: g for g in groups}
    rows = CRITERIA + ([DIGITAL] if digital else [])
    crits = Criterion.objects.bulk_create([
        Criterion(group=by_code[g], code=code, name_vi=vi, name_en=en, max_score=mx, rule=rule, threshold=thr, direction=dirn,
                  unit=unit, evidence_required=ev, mandatory=mand, order=int(code.split(".")[1]))
        for g, code, vi, en, mx, rule, thr, dirn, unit, ev, mand in rows])
    if any(c.pk is None for c in crits):
        crits = list(Criterion.objects.filter(group__criteria_set=cset))
    Criterion.history.bulk_history_create(crits)
    return cset, groups, crits


def _value(rng: random.Random, c: Criterion, q: float):
    """An entry for criterion `c` of a school whose overall quality is q (0..1)."""
    if c.rule == "binary":
        return 1.0 if rng.random() < min(0.97, q + (0.25 if c.mandatory else 0.05)) else 0.0
    if c.rule == "levels":
        return float(max(0, min(3, round(3 * q + rng.gauss(0, 0.55)))))
    if c.direction == "at_most":  # pupils per computer
        return float(max(6, round(c.threshold * (1.75 - q) + rng.gauss(0, 3))))
    top = 100.0 if c.unit == "%" else c.threshold * 2
    return float(round(min(top, max(0.0, c.threshold * (0.6 + 0.55 * q) + rng.gauss(0, c.threshold * 0.05))), 1))


def _dept(rng: random.Random, c: Criterion, v: float):
    """The department re-judges: usually the same, sometimes one step stricter."""
    if rng.random() > 0.22:
        return v
    if c.rule == "binary":
        return 0.0 if not c.mandatory else v
    if c.rule == "levels":
        return max(0.0, v - 1)
    return round(v * (1.05 if c.direction == "at_most" else 0.95), 1)


def _ensure_user(school):
    from smartcity.demo.people import demo_password

    User = get_user_model()
    username, first, last = SCHOOL_USER
    org = Organisation.objects.get(code=OWNER_CODE)
    user, created = User.objects.get_or_create(username=username, defaults=dict(
        first_name=first, last_name=last, organisation=org, role=Role.VIEWER, email=f"{username}@binhduong.edu.vn"))
    password = demo_password()
    if created or not user.check_password(password):
        user.set_password(password)
        user.save()
    SchoolMembership.objects.get_or_create(user=user, school=school, defaults={"role": "principal"})
    return user


def load() -> dict:
    owner = Organisation.objects.filter(code=OWNER_CODE).first()
    if owner is None:
        return {"schools": 0}
    if School.objects.filter(code=SCHOOLS[0][0]).exists():
        _ensure_user(School.objects.get(code=SCHOOL_USER_SCHOOL))
        return {"schools": School.objects.count(), "new_schools": 0}
    units = {(u.code): u for u in AdministrativeUnit.objects.filter(level__in=("district", "commune"))}
    schools = []
    for i, (code, name, ward, district, lat, lon, pupils, joined) in enumerate(SCHOOLS):
        rng = random.Random(f"school-{code}")
        unit = units.get(new_unit_code(ward))
        kind = (unit.unit_type.lower() if unit else "phường")
        classes = max(18, round(pupils / 36))
        street = rng.choice(STREETS[district])
        schools.append(School(
            owner=owner, code=code, name_vi=f"Trường Tiểu học {name}", name_en=f"{name} Primary School",
            unit=unit, former_unit=units.get(district), latitude=lat, longitude=lon, pupils=pupils, classes=classes,
            teachers=round(classes * 1.45), joined_year=joined, status="active",
            address=f"Số {rng.randint(2, 480)} {street}, {kind} {ward}, Thành phố Hồ Chí Minh",
            principal=rng.choice(["Nguyễn Thị ", "Trần Văn ", "Lê Thị ", "Phạm Minh ", "Huỳnh Thị ", "Võ Văn "])
            + rng.choice(["Hồng", "Thanh", "Lan", "Phúc", "Hải", "Ngọc Anh", "Thu Hà", "Minh Tâm", "Kim Loan"]),
            phone=f"0274 38{rng.randint(10000, 99999)}"))
    School.objects.bulk_create(schools)
    schools = list(School.objects.filter(code__in=[s[0] for s in SCHOOLS]))
    School.history.bulk_history_create(schools)
    by_code = {s.code: s for s in schools}

    y = years()
    set1, g1, c1 = _make_set(owner, y[0], 1, SetStatus.PUBLISHED, None, False)
    set2, g2, c2 = _make_set(owner, y[1], 1, SetStatus.PUBLISHED, set1, False)
    set3, g3, c3 = _make_set(owner, y[2], 1, SetStatus.PUBLISHED, set2, True)
    sets = [(set1, g1, c1), (set2, g2, c2), (set3, g3, c3)]

    now = timezone.now()
    assessments, plans = [], []
    for yi, (cset, groups, crits) in enumerate(sets):
        year = cset.school_year
        start = int(year[:4])
        for i, (code, *_rest) in enumerate(SCHOOLS):
            school = by_code[code]
            if school.joined_year > start:
                continue
            current = yi == 2
            if current and i >= OPENED:
                continue
            rng = random.Random(f"{code}-{year}")
            base = random.Random(f"quality-{code}").uniform(0.6, 0.88)
            q = min(0.98, base + 0.06 * yi + (0.02 * (start - school.joined_year) / 5))
            if current:
                state = State.EVALUATED if code in EVALUATED else (State.SUBMITTED if code in SUBMITTED else State.DRAFT)
            else:
                state = State.DRAFT  # decided below from the scores
            a = Assessment(owner=owner, school=school, criteria_set=cset, school_year=year, state=state, published=False)
            assessments.append(a)
            plans.append((a, crits, groups, rng, q, current))

    scores, events, evidence = [], [], []
    for a, crits, groups, rng, q, current in plans:
        year_start = int(a.school_year[:4])
        t_submit = datetime(year_start + 1, 3, 20, 9, 0, tzinfo=timezone.get_current_timezone()) if not current else now
        draft_fill = 1.0 if a.state != State.DRAFT else rng.choice([0.2, 0.5, 0.8, 1.0])
        self_vals, dept_vals = {}, {}
        for c in crits:
            v = _value(rng, c, q)
            if a.state == State.DRAFT and current and rng.random() > draft_fill:
                v = None
            d = _dept(rng, c, v) if v is not None and (not current or a.state == State.EVALUATED) else None
            self_vals[str(c.pk)], dept_vals[str(c.pk)] = v, d
            comment = "" if v is None else rng.choice(["", "", "Có minh chứng kèm theo.", "Đã triển khai từ học kỳ I.",
                                                       "Đang hoàn thiện, dự kiến xong trong học kỳ II."])
            scores.append(CriterionScore(assessment=a, criterion=c, self_value=v, self_comment=comment, dept_value=d,
                                         dept_comment="" if d is None or d == v else "Minh chứng chưa đầy đủ, điều chỉnh mức đánh giá."))
            if c.evidence_required and v is not None and (a.state != State.DRAFT or not current or rng.random() < 0.5):
                evidence.append((a, c))
        gs = [scoring.GroupSpec(g.code, g.weight) for g in groups]
        group_of = {g.pk: g.code for g in groups}
        cs = [scoring.CriterionSpec(str(c.pk), group_of[c.group_id], c.max_score, c.rule, c.threshold, c.direction, c.mandatory)
              for c in crits]
        a.self_total = scoring.score(gs, cs, self_vals).total
        if any(v is not None for v in dept_vals.values()):
            res = scoring.score(gs, cs, dept_vals, 80.0, 60.0)
            a.dept_total = res.total
        else:
            res = None
        events.append(AssessmentEvent(assessment=a, action=Action.CREATED, to_state=State.DRAFT,
                                      at=t_submit - timedelta(days=40)))
        if not current:
            a.state = State.RECOGNISED if res.recognised else State.NOT_YET
            a.published = True
            a.submitted_at, a.evaluated_at = t_submit, t_submit + timedelta(days=30)
            a.decided_at = t_submit + timedelta(days=45)
            a.decision_note = "Quyết định công nhận của Giám đốc Sở Giáo dục và Đào tạo." if res.recognised else \
                "Chưa đạt: cần nâng mức các tiêu chí còn thấp trong năm học tới."
            events += [AssessmentEvent(assessment=a, action=Action.SUBMITTED, from_state="draft", to_state="submitted", at=a.submitted_at),
                       AssessmentEvent(assessment=a, action=Action.EVALUATED, from_state="submitted", to_state="evaluated",
                                       at=a.evaluated_at, note=f"{a.dept_total:.1f}"),
                       AssessmentEvent(assessment=a, action=Action.DECIDED, from_state="evaluated", to_state=a.state,
                                       at=a.decided_at, note=a.decision_note)]
        elif a.state in (State.SUBMITTED, State.EVALUATED):
            a.submitted_at = now - timedelta(days=rng.randint(3, 12))
            events.append(AssessmentEvent(assessment=a, action=Action.SUBMITTED, from_state="draft", to_state="submitted",
                                          at=a.submitted_at))
            if a.state == State.EVALUATED:
                a.evaluated_at = now - timedelta(days=1)
                events.append(AssessmentEvent(assessment=a, action=Action.EVALUATED, from_state="submitted", to_state="evaluated",
                                              at=a.evaluated_at, note=f"{a.dept_total:.1f}"))
    Assessment.objects.bulk_create(assessments)  # totals and states known: one insert
    if any(a.pk is None for a in assessments):
        stored = {(a.school_id, a.school_year): a for a in Assessment.objects.all()}
        for a in assessments:
            a.pk = stored[(a.school_id, a.school_year)].pk
    Assessment.history.bulk_history_create(assessments)
    CriterionScore.objects.bulk_create(scores, batch_size=500)
    AssessmentEvent.objects.bulk_create(events, batch_size=500)
    from django.core.files.storage import default_storage

    files = []
    sha = hashlib.sha256(_PDF).hexdigest()
    for a, c in evidence:
        if a.school_year != y[2]:
            continue  # past years' files are in the department's archive; the present year's are here
        name = default_storage.save(f"schools/evidence/{y[2][:4]}/{a.school.code}-{a.school_year}-{c.code.replace('.', '-')}.pdf",
                                    ContentFile(_PDF))
        files.append(Evidence(assessment=a, criterion=c, title=f"Minh chứng tiêu chí {c.code}", file=name,
                              content_type="application/pdf", size=len(_PDF), sha256=sha))
    Evidence.objects.bulk_create(files)
    if files and files[0].pk is not None:
        Evidence.history.bulk_history_create(files)
    n_files = len(files)
    user = _ensure_user(by_code[SCHOOL_USER_SCHOOL])
    return {"schools": len(schools), "criteria_sets": 3, "assessments": len(plans), "scores": len(scores),
            "evidence_files": n_files, "school_user": user.username}

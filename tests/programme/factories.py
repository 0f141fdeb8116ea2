"""A small plan shaped like Plan 11/KH-BDH (two action programmes, their bullets, one
assignment) for tests that need a tree but not the whole shipped plan."""
import datetime as dt

STATUSES = [  # key, vi, en, default progress, closed
    ("not_started", "Chưa triển khai", "Not started", 0, False),
    ("in_progress", "Đang triển khai", "In progress", None, False),
    ("behind", "Chậm tiến độ", "Behind schedule", None, False),
    ("done", "Hoàn thành", "Done", 100, True),
    ("cancelled", "Dừng thực hiện", "Cancelled", None, True),
]


def make_small_plan(code: str = "kh-thu-nghiem-2018"):
    """Plan -> II -> II.4 (DOT: II.4.1, II.4.2), II.9 (DONRE: II.9.1, II.9.2); III -> III.4."""
    from smartcity.core.models import Organisation
    from smartcity.programme.models import Item, ItemParticipant, ItemStatus, Plan, ReportSchedule, UnitPlan

    org = {o.code: o for o in Organisation.objects.all()}
    plan = Plan.objects.create(
        owner=org["BDH"], code=code, number="11/KH-BDH", title_vi="Kế hoạch thực hiện Đề án Thành phố Thông minh Bình Dương trong năm 2018",
        title_en="Plan for implementing the Binh Duong Smart City programme in 2018", issued_on=dt.date(2018, 3, 8),
        place="Bình Dương", issuer=org["BDH"], year=2018, start_date=dt.date(2018, 3, 8), end_date=dt.date(2018, 12, 31))
    status = {}
    for i, (key, vi, en, progress, closed) in enumerate(STATUSES):
        status[key] = ItemStatus.objects.create(plan=plan, key=key, name_vi=vi, name_en=en, progress=progress, closed=closed, position=i)
    pos = iter(range(1, 1000))

    def item(parent, kind, number, owner, title_vi, title_en, text_vi="", **extra):
        return Item.objects.create(plan=plan, parent=parent, kind=kind, number=number, owner=org[owner], position=next(pos),
                                   title_vi=title_vi, title_en=title_en, text_vi=text_vi or title_vi, **extra)

    sec2 = item(None, "section", "II", "BDH", "Chương trình hành động cụ thể", "Specific action programmes")
    p4 = item(sec2, "programme", "II.4", "DOT", "Sở Giao thông vận tải", "Department of Transport")
    b41 = item(p4, "item", "II.4.1", "DOT", "Lộ trình giao thông thông minh", "Smart transport roadmap",
               start_date=dt.date(2018, 3, 8), end_date=dt.date(2018, 12, 31), deadline=dt.date(2018, 12, 31),
               status=status["in_progress"], progress=40, weight=2, budget_estimate=2_500_000_000)
    b42 = item(p4, "item", "II.4.2", "DOT", "Nâng cao chất lượng vận tải hành khách công cộng bằng xe buýt",
               "Improving the quality of public bus transport", start_date=dt.date(2018, 4, 1), end_date=dt.date(2020, 12, 31),
               deadline=dt.date(2018, 10, 31), status=status["behind"], progress=10, weight=1)
    p9 = item(sec2, "programme", "II.9", "DONRE", "Sở Tài nguyên và Môi trường", "Department of Natural Resources and Environment")
    b91 = item(p9, "item", "II.9.1", "DONRE", "Nâng cấp Trạm điều hành hệ thống quan trắc tự động",
               "Upgrade of the automatic monitoring operations station", status=status["done"], progress=100,
               start_date=dt.date(2018, 3, 8), end_date=dt.date(2018, 9, 30), deadline=dt.date(2018, 9, 30))
    b92 = item(p9, "item", "II.9.3", "DONRE", "Thùng rác thông minh và nhà vệ sinh công cộng thông minh",
               "Smart bins and smart public toilets", status=status["not_started"], progress=0,
               start_date=dt.date(2018, 6, 1), end_date=dt.date(2018, 12, 31), deadline=dt.date(2018, 12, 31))
    sec3 = item(None, "section", "III", "BDH", "Phân công thực hiện", "Assignments")
    a34 = item(sec3, "assignment", "III.4", "BDH", "Kế hoạch cụ thể báo cáo về Ban điều hành chậm nhất ngày 15/4/2018",
               "Detailed plans reported to the Executive Board by 15/04/2018", deadline=dt.date(2018, 4, 15), status=status["in_progress"])
    for it, code, role in [(b41, "BECAMEX", "support"), (b41, "VGU", "partner"), (b42, "BECAMEXTOKYU", "support"),
                           (b91, "TDMU", "partner"), (b91, "BECAMEX", "support"), (b92, "DIC", "support")]:
        ItemParticipant.objects.create(item=it, organisation=org[code], role=role)
    ReportSchedule.objects.create(plan=plan, frequency="monthly", first_period_start=dt.date(2018, 4, 1),
                                  last_period_end=dt.date(2018, 12, 31), due_days=5, remind_days=3)
    for code in ("DOT", "DONRE"):
        UnitPlan.objects.create(plan=plan, owner=org[code], due_date=dt.date(2018, 4, 15))
    return plan, {"II": sec2, "II.4": p4, "II.4.1": b41, "II.4.2": b42, "II.9": p9, "II.9.1": b91, "II.9.3": b92,
                  "III": sec3, "III.4": a34}, status

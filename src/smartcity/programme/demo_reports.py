"""Demo data: what the 2018 reporting year leaves behind on Plan 11/KH-BDH.

- Unit plans and budget estimates (III.4, due 15/04/2018): most units sent theirs between
  9 and 14 April and the Smart City Office accepted them; a few came late; the Department of
  Planning and Investment's is still a draft without activities (overdue).
- Monthly progress reports April–December 2018 for every reported item, by its lead unit,
  with Vietnamese narratives and figures; progress climbs to the item's state at year end.
  Reports up to November are accepted (with their timeline line); most December reports are
  submitted and wait for review; a few months were never written (overdue), one report is
  returned for more figures, one is still a draft.
- Escalations to the Steering Committee: five decided (with unit to act and date), three
  still open here (one with the Committee since November, two waiting for the Office); the
  meetings demo, which runs next, settles the oldest at the Committee's year-end session on
  20/12/2018, so two stay open on 31/12/2018.

Idempotent: reports are keyed on (item, period), unit plan lines on (unit plan, item,
activity), escalations on (item, title); a second run creates nothing.
"""
import datetime as dt

D = dt.date
TY = 1_000_000_000

# number -> {month: (narrative, figures, difficulties)}; other months use the item's line
NARRATIVES = {
    "II.9.2": {
        5: ("Đã lắp đặt 3 trạm quan trắc không khí tự động tại Thủ Dầu Một, Dĩ An, Bến Cát; dữ liệu truyền về Trạm điều hành "
            "của Sở theo thời gian thực.", [("Trạm quan trắc không khí tự động", 3, "trạm"), ("Tỷ lệ dữ liệu truyền về", 96.5, "%")], ""),
        7: ("Hoàn thành hồ sơ mời thầu mua sắm xe quan trắc môi trường không khí, nước; khảo sát vị trí 2 điểm quan trắc nước mặt "
            "trên sông Sài Gòn.", [("Điểm quan trắc nước mặt đã khảo sát", 2, "điểm")],
            "Giá xe quan trắc chuyên dụng cao hơn dự toán được duyệt khoảng 1,8 tỷ đồng."),
        10: ("Lắp đặt trạm quan trắc không khí thứ tư tại Thuận An; vận hành thử điểm quan trắc nước mặt tại cầu Phú Cường.",
             [("Trạm quan trắc không khí tự động", 4, "trạm"), ("Điểm quan trắc nước mặt", 1, "điểm")], ""),
    },
    "II.9.1": {
        4: ("Hoàn thành khảo sát hiện trạng Trạm điều hành; lập phương án nâng cấp phần mềm thu nhận dữ liệu quan trắc.", [], ""),
        6: ("Nâng cấp máy chủ và phần mềm Trạm điều hành; kết nối 28 trạm quan trắc nước thải tự động của doanh nghiệp.",
            [("Trạm quan trắc nước thải kết nối", 28, "trạm")], ""),
        9: ("Nghiệm thu, đưa Trạm điều hành nâng cấp vào vận hành chính thức; công bố chỉ số chất lượng không khí trên cổng thông tin.",
            [("Trạm quan trắc kết nối", 41, "trạm"), ("Tỷ lệ dữ liệu đạt chuẩn", 97.8, "%")], ""),
    },
    "II.9.3": {
        7: ("Khảo sát 25 vị trí đặt thùng rác thông minh tại trung tâm Thành phố mới Bình Dương và công viên Thủ Dầu Một.",
            [("Vị trí đã khảo sát", 25, "vị trí")], "Chưa thống nhất đơn vị quản lý, vận hành nhà vệ sinh công cộng thông minh."),
        10: ("Lắp đặt thí điểm 40 thùng rác thông minh có cảm biến mức đầy tại khu Trung tâm hành chính tập trung.",
             [("Thùng rác thông minh đã lắp", 40, "thùng")], ""),
    },
    "II.4.1": {
        4: ("Thành lập tổ soạn thảo lộ trình giao thông thông minh; thu thập số liệu lưu lượng 18 nút giao chính.",
            [("Nút giao đã thu thập số liệu", 18, "nút")], ""),
        8: ("Hoàn thành dự thảo lộ trình giao thông thông minh; tổ chức hội thảo lấy ý kiến Becamex IDC và Đại học Việt Đức.",
            [("Hội thảo tham vấn", 2, "buổi")], ""),
        11: ("Trình Ban Điều hành dự thảo lộ trình; đề xuất 3 tuyến buýt nhanh (BRT) ưu tiên trên Quốc lộ 13 và Đại lộ Bình Dương.",
             [("Tuyến BRT đề xuất", 3, "tuyến")], ""),
    },
    "II.4.2": {
        5: ("Khảo sát nhu cầu đi lại tại 12 tuyến xe buýt; đánh giá hiện trạng 210 xe đang khai thác.",
            [("Tuyến đã khảo sát", 12, "tuyến"), ("Phương tiện đã đánh giá", 210, "xe")], ""),
        8: ("Hoàn thành báo cáo đánh giá mạng lưới xe buýt; Becamex Tokyu thí điểm ứng dụng tra cứu lộ trình trên điện thoại.",
            [("Lượt hành khách tháng 8", 412000, "lượt")], "Kinh phí đổi mới phương tiện giai đoạn 2019–2020 chưa được bố trí."),
        11: ("Dự thảo quy hoạch lại mạng lưới tuyến; lắp thiết bị giám sát hành trình trên 60 xe.",
             [("Xe có giám sát hành trình", 60, "xe"), ("Lượt hành khách tháng 11", 455000, "lượt")], ""),
    },
    "II.4.3": {
        6: ("Khảo sát tuyến đường Hùng Vương (Thủ Dầu Một) để thí điểm đèn LED, chiếu sáng thông minh.", [("Cột đèn khảo sát", 146, "cột")],
            "Chưa có định mức chi phí cho hệ thống điều khiển chiếu sáng thông minh."),
        10: ("Lập thiết kế thí điểm; đang chờ ý kiến Sở Xây dựng về tiêu chuẩn kỹ thuật bộ điều khiển.", [],
             "Thiết kế thí điểm chậm do chưa có tiêu chuẩn kỹ thuật cho bộ điều khiển đèn thông minh."),
    },
    "II.1.2": {
        6: ("Tổ chức Lễ kỷ niệm 20 năm thành lập WTA và Hội nghị WTA tại Trung tâm Hội nghị và Triển lãm Bình Dương.",
            [("Đại biểu tham dự", 1200, "người"), ("Quốc gia tham dự", 35, "quốc gia")], ""),
        10: ("Phối hợp tổ chức Diễn đàn Horasis châu Á; ký kết 6 biên bản ghi nhớ hợp tác.", [("Biên bản ghi nhớ", 6, "văn bản")], ""),
    },
    "II.1.3": {
        5: ("Hoàn thiện hồ sơ ICF Smart21 năm 2018 với sự hỗ trợ của chuyên gia EIPO; gửi ICF đúng hạn.", [], ""),
        10: ("Bình Dương được ICF công bố trong danh sách Smart21 năm 2019; chuẩn bị hồ sơ Top7.", [("Thứ hạng", 21, "")], ""),
    },
    "II.2.2": {
        6: ("Làm việc với Becamex IDC và VSIP về phương án quỹ đất cho Khu Công nghiệp Khoa học Công nghệ.", [],
            "Chưa xác định được quỹ đất sạch khoảng 100 ha cho giai đoạn 1."),
    },
    "II.3.a": {
        6: ("Khai trương Trung tâm Sáng kiến cộng đồng và hỗ trợ khởi nghiệp; 14 nhóm khởi nghiệp đăng ký ươm tạo.",
            [("Nhóm khởi nghiệp được ươm tạo", 14, "nhóm")], ""),
        11: ("Tổ chức chung kết Cuộc thi khởi nghiệp đổi mới sáng tạo tỉnh năm 2018.", [("Dự án dự thi", 86, "dự án"), ("Dự án đạt giải", 10, "dự án")], ""),
    },
    "II.3.b": {
        7: ("Dự thảo Đề án hệ thống phòng thí nghiệm và Living Lab; khảo sát 9 phòng thí nghiệm của các trường đại học.",
            [("Phòng thí nghiệm khảo sát", 9, "phòng")], "Chưa có cơ chế tài chính để doanh nghiệp cùng đầu tư, sử dụng Living Lab."),
    },
    "II.8": {
        6: ("Triển khai phần mềm một cửa điện tử liên thông tại 9 huyện, thị xã, thành phố; đo lường sự hài lòng qua máy tính bảng.",
            [("Đơn vị dùng một cửa điện tử", 9, "huyện"), ("Tỷ lệ hài lòng", 92.4, "%")], ""),
    },
    "II.10": {
        6: ("Các doanh nghiệp viễn thông lắp 320 điểm phát Wi-Fi công cộng miễn phí tại khu trung tâm và công viên.",
            [("Điểm phát Wi-Fi công cộng", 320, "điểm")], ""),
        11: ("Vận hành website Thành phố Thông minh song ngữ; mở rộng Wi-Fi công cộng.", [("Điểm phát Wi-Fi công cộng", 540, "điểm")], ""),
    },
    "II.11.2": {
        7: ("Chuyển đổi 4.800 bộ đèn sang LED trên các tuyến đường do Becamex IDC quản lý.", [("Bộ đèn LED đã thay", 4800, "bộ")],
            "Việc đấu nối tủ điều khiển chiếu sáng thông minh cần thỏa thuận với Điện lực Bình Dương."),
    },
    "II.6": {
        9: ("Năm học 2018–2019 triển khai mô hình Trường tiểu học tiên tiến – hiện đại tại 12 trường.", [("Trường áp dụng mô hình", 12, "trường")], ""),
    },
}

GENERIC = [
    "Tiếp tục triển khai {title}; đã hoàn thành các công việc theo kế hoạch tháng {m}/2018.",
    "Phối hợp với các đơn vị liên quan triển khai {title}; cập nhật tiến độ và kinh phí thực hiện tháng {m}/2018.",
    "Triển khai các nội dung của {title} theo kế hoạch chi tiết đã được Ban Điều hành chấp thuận.",
]

MISSING = {  # reports never written by 31/12/2018 (overdue)
    "II.9.4": (8, 9, 10, 11), "II.4.3": (11,), "II.3.b": (10, 11), "II.5": (11,),
}
RETURNED = {("II.11.1", 11): "Đề nghị bổ sung số liệu khảo sát nhu cầu của các nhà đầu tư bán dẫn và kinh phí đã chi."}
DRAFT = {("II.6", 12)}

# unit code -> (submitted on, accepted on) ; None = not submitted (still a draft)
UNIT_PLAN_DATES = {
    "DOC": (D(2018, 4, 23), D(2018, 4, 27)), "DOHA": (D(2018, 4, 26), D(2018, 5, 2)), "TDMU": (D(2018, 5, 3), D(2018, 5, 9)),
    "DPI": None,
}
FUNDING = {"business": "Vốn doanh nghiệp", "academia": "Ngân sách nhà trường và tài trợ", "government": "Ngân sách tỉnh"}

ESCALATIONS = [  # item, title, description, proposal, severity, raised, reviewed, decided, decision, action owner, action due
    ("II.4.2", "Kinh phí đổi mới phương tiện xe buýt giai đoạn 2019–2020",
     "Kế hoạch nâng cao chất lượng vận tải hành khách công cộng cần khoảng 56 tỷ đồng để đổi mới phương tiện và lắp thiết bị "
     "giám sát hành trình, nhưng chưa được bố trí trong kế hoạch vốn.",
     "Đề nghị Ban Chỉ đạo giao Sở Tài chính, Sở Kế hoạch và Đầu tư cân đối vốn; cho phép xã hội hóa một phần qua Becamex Tokyu.",
     "high", D(2018, 9, 6), D(2018, 9, 12), D(2018, 10, 4),
     "Đồng ý chủ trương xã hội hóa; giao Sở Kế hoạch và Đầu tư chủ trì cùng Sở Tài chính cân đối 20 tỷ đồng vốn ngân sách năm 2019.",
     "DPI", D(2018, 12, 15)),
    ("II.9.3", "Đơn vị quản lý, vận hành nhà vệ sinh công cộng thông minh",
     "Chưa thống nhất đơn vị quản lý, vận hành và nguồn kinh phí duy trì nhà vệ sinh công cộng thông minh tại các khu trung tâm.",
     "Đề nghị giao Công ty Cổ phần Nước – Môi trường Bình Dương quản lý, vận hành theo hình thức đặt hàng.", "normal",
     D(2018, 8, 8), D(2018, 8, 14), D(2018, 9, 5),
     "Giao Sở Tài nguyên và Môi trường chủ trì, thống nhất với UBND thành phố Thủ Dầu Một phương án đặt hàng quản lý, vận hành.",
     "DONRE", D(2018, 10, 31)),
    ("II.2.2", "Quỹ đất cho giai đoạn 1 Khu Công nghiệp Khoa học Công nghệ",
     "Chưa xác định được quỹ đất sạch khoảng 100 ha cho giai đoạn 1 của Khu Công nghiệp Khoa học Công nghệ.",
     "Đề nghị Becamex IDC bố trí quỹ đất trong Khu liên hợp Công nghiệp – Dịch vụ – Đô thị Bình Dương.", "high",
     D(2018, 7, 10), D(2018, 7, 16), D(2018, 8, 9),
     "Giao Becamex IDC đề xuất vị trí, diện tích; Ban Quản lý các Khu công nghiệp thẩm định, báo cáo UBND tỉnh trong quý IV/2018.",
     "BECAMEX", D(2018, 11, 30)),
    ("II.3.b", "Cơ chế tài chính cho hệ thống phòng thí nghiệm và Living Lab",
     "Chưa có cơ chế để doanh nghiệp cùng đầu tư và sử dụng chung phòng thí nghiệm, Living Lab với các trường đại học.",
     "Đề nghị cho phép áp dụng cơ chế hợp tác công – tư và quỹ phát triển khoa học công nghệ của tỉnh.", "normal",
     D(2018, 8, 20), D(2018, 8, 27), D(2018, 10, 4),
     "Giao Sở Khoa học và Công nghệ hoàn thiện Đề án, đề xuất cơ chế sử dụng Quỹ phát triển khoa học và công nghệ, trình trong tháng 12/2018.",
     "DOST", D(2018, 12, 31)),
    ("II.11.2", "Đấu nối tủ điều khiển chiếu sáng thông minh với lưới điện",
     "Việc đấu nối tủ điều khiển chiếu sáng thông minh cần thỏa thuận với Điện lực Bình Dương, thủ tục kéo dài.",
     "Đề nghị Ban Chỉ đạo có văn bản đề nghị Công ty Điện lực Bình Dương hỗ trợ thủ tục đấu nối.", "normal",
     D(2018, 7, 25), D(2018, 7, 30), D(2018, 8, 9),
     "Văn phòng UBND tỉnh dự thảo văn bản gửi Công ty Điện lực Bình Dương; Becamex IDC phối hợp thực hiện.",
     "VPUBND", D(2018, 8, 31)),
    ("II.9.4", "Hướng dẫn kỹ thuật hồ chứa nước mưa và tái sử dụng nước đã xử lý",
     "Chưa có hướng dẫn kỹ thuật và định mức cho hồ chứa, tái sử dụng nước mưa, nước thải đã xử lý nên chưa thể lập dự án.",
     "Đề nghị giao Sở Xây dựng phối hợp ban hành hướng dẫn; cho phép thuê tư vấn nước ngoài.", "normal",
     D(2018, 11, 20), D(2018, 11, 28), None, "", None, None),
    ("II.4.3", "Tiêu chuẩn kỹ thuật bộ điều khiển đèn chiếu sáng thông minh",
     "Thiết kế thí điểm chậm do chưa có tiêu chuẩn kỹ thuật cho bộ điều khiển đèn chiếu sáng thông minh và định mức chi phí.",
     "Đề nghị Ban Chỉ đạo giao Sở Xây dựng ban hành tạm thời yêu cầu kỹ thuật để triển khai thí điểm.", "urgent",
     D(2018, 12, 12), None, None, "", None, None),
    ("II.10", "Sử dụng cột đèn chiếu sáng để lắp điểm phát Wi-Fi công cộng",
     "Các doanh nghiệp viễn thông đề nghị lắp thiết bị phát Wi-Fi trên cột đèn chiếu sáng công cộng nhưng chưa có quy định "
     "về cho thuê, dùng chung hạ tầng cột đèn.",
     "Đề nghị giao Sở Xây dựng, Sở Tài chính hướng dẫn cơ chế dùng chung cột đèn, miễn phí trong giai đoạn thí điểm.", "normal",
     D(2018, 12, 26), None, None, "", None, None),
]


def _aware(day, hour=9):
    from django.utils import timezone

    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour, 0))


def _ramp(final: float, index: int, count: int) -> float:
    """Progress at the end of period `index` (0-based) of `count`: a steady climb to `final`."""
    if count <= 1:
        return final
    value = final * (index + 1) / count
    return float(min(final, round(value / 5) * 5 if final >= 5 else value))


def load() -> dict:
    from django.contrib.auth import get_user_model

    from smartcity.core.models import Organisation
    from smartcity.programme.models import Escalation, Plan, ProgressReport, TimelineEntry, UnitPlan, UnitPlanLine
    from smartcity.programme.services import escalations as es
    from smartcity.programme.services import reports as rs

    plan = Plan.objects.filter(code="kh-11-2018").first()
    if plan is None or rs.schedule_of(plan) is None:
        return {}
    from smartcity.demo.people import ensure_demo_users

    ensure_demo_users()  # the Office, the Committee and unit editors act in the demo
    User = get_user_model()
    office = User.objects.filter(username="vptptm.huong").first() or User.objects.filter(is_superuser=True).first()
    bcd = User.objects.filter(username="bcd.thang").first() or office
    editors = {u.organisation.code: u for u in User.objects.filter(organisation__isnull=False, role__in=["editor", "manager"])
               .select_related("organisation").order_by("-id")}
    counts = {"unit_plans": 0, "unit_plan_lines": 0, "reports": 0, "timeline": 0, "escalations": 0}

    # -- unit plans --------------------------------------------------------------------------
    for up in UnitPlan.objects.filter(plan=plan).select_related("owner"):
        code = up.owner.code
        dates = UNIT_PLAN_DATES.get(code, "default")
        if dates is None:
            continue  # the one still missing
        if not up.lines.exists():
            for item in rs.items_for_unit(plan, up.owner):
                lead = item.owner_id == up.owner_id
                budget = item.budget_estimate if lead and item.budget_estimate else (int(0.4 * TY) if not lead else int(0.8 * TY))
                activity = (f"Chủ trì triển khai: {item.title_vi}" if lead else f"Phối hợp thực hiện: {item.title_vi}")[:500]
                UnitPlanLine.objects.create(unit_plan=up, item=item, activity=activity, start_date=item.start_date or D(2018, 4, 16),
                                            end_date=item.end_date or D(2018, 12, 31), budget=budget,
                                            funding_source=FUNDING.get(up.owner.helix, "Ngân sách tỉnh"))
                counts["unit_plan_lines"] += 1
        if up.status == "draft" and up.lines.exists():
            submitted, accepted = dates if dates != "default" else (D(2018, 4, 9 + up.owner_id % 6), D(2018, 4, 20 + up.owner_id % 5))
            up.summary = up.summary or (f"Kế hoạch chi tiết và dự toán kinh phí năm 2018 của {up.owner.name_vi} thực hiện "
                                        f"Kế hoạch số {plan.number}.")
            up.status, up.submitted_at, up.submitted_by = "accepted", _aware(submitted), editors.get(code)
            up.reviewed_at, up.reviewed_by = _aware(accepted, 15), office
            up.review_comment = "Thống nhất kế hoạch và dự toán; đơn vị triển khai theo tiến độ."
            up.save()
            counts["unit_plans"] += 1

    # -- monthly reports ------------------------------------------------------------------------
    schedule = rs.schedule_of(plan)
    for n, item in enumerate(rs.reported_items(plan)):
        periods = [p for p in rs.item_periods(item, schedule) if p.end <= D(2018, 12, 31)]
        texts = NARRATIVES.get(item.number, {})
        final = item.progress
        for i, p in enumerate(periods):
            month = p.start.month
            if month in MISSING.get(item.number, ()) or ProgressReport.objects.filter(item=item, period=p.key).exists():
                continue
            narrative, figures, difficulties = texts.get(month, (None, [], ""))
            if narrative is None:
                narrative = GENERIC[(n + month) % len(GENERIC)].format(title=item.title_vi[0].lower() + item.title_vi[1:], m=f"{month:02d}")
            progress = _ramp(final, i, len(periods))
            due = p.due(schedule.due_days)
            submitted = due - dt.timedelta(days=(n + month) % 4) if (n + month) % 7 else due + dt.timedelta(days=2)  # a few late
            status = "returned" if (item.number, month) in RETURNED else "accepted"
            if month == 12:  # due 05/01/2019: written by the year's end and waiting for the Office, a draft, or not yet
                if (item.number, 12) in DRAFT:
                    status, submitted = "draft", None
                elif n % 4 == 3:
                    continue
                else:
                    status, submitted = "submitted", D(2018, 12, 31)
            report = ProgressReport.objects.create(
                item=item, owner=item.owner, period=p.key, period_start=p.start, period_end=p.end, due_date=due, progress=progress,
                narrative=narrative, figures=[{"label": lbl, "value": v, "unit": u} for lbl, v, u in figures], difficulties=difficulties,
                next_steps="Tiếp tục thực hiện theo kế hoạch; báo cáo kết quả trong kỳ tới." if status != "draft" else "",
                status=status, submitted_at=_aware(submitted) if submitted else None, submitted_by=editors.get(item.owner.code),
                reviewed_at=_aware(submitted + dt.timedelta(days=3), 16) if status in ("accepted", "returned") else None,
                reviewed_by=office if status in ("accepted", "returned") else None,
                review_comment=RETURNED.get((item.number, month), "") or ("Đạt yêu cầu." if status == "accepted" else ""))
            counts["reports"] += 1
            if status == "accepted":
                TimelineEntry.objects.create(item=item, date=p.end, progress=progress, source="report", created_by=office,
                                             title_vi=f"Báo cáo kỳ {p.key}: tiến độ {progress:g}%",
                                             title_en=f"Report {p.key}: progress {progress:g}%", description_vi=narrative)
                counts["timeline"] += 1

    # -- escalations ----------------------------------------------------------------------------
    orgs = {o.code: o for o in Organisation.objects.all()}
    items = {i.number: i for i in plan.items.all()}
    for number, title, description, proposal, severity, raised, reviewed, decided, decision, owner, due in ESCALATIONS:
        item = items.get(number)
        if item is None or Escalation.objects.filter(item=item, title=title).exists():
            continue
        raiser = editors.get(item.owner.code) or office
        report = ProgressReport.objects.filter(item=item, period=f"{raised:%Y-%m}").first() or \
            ProgressReport.objects.filter(item=item, period_end__lt=raised).order_by("-period_end").first()
        esc = es.raise_escalation(item, raiser, title, description, proposal, report, severity, when=_aware(raised))
        if reviewed:
            es.office_review(esc, office, "Văn phòng Thành phố Thông minh thống nhất với đề xuất của đơn vị; kính trình Ban Chỉ đạo "
                             "xem xét, cho ý kiến chỉ đạo.", when=_aware(reviewed, 14))
        if decided:
            es.decide(esc, bcd, decision, action_owner=orgs.get(owner), action_due=due, when=_aware(decided, 16))
        counts["escalations"] += 1
    return counts


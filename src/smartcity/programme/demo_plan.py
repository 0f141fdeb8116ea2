"""Demo data: Plan 11/KH-BDH as it stood at the end of 2018.

The plan is loaded as reference data (services/plan_loader), then each leaf gets the state a
year of work leaves behind: a status, progress, the budget estimate and the spend in VND, a
few dated timeline entries per programme (Vietnamese with English), and tasks the units
added under some items. Values are plausible for a provincial programme, not figures from
the province's accounts; no person is named, only units and roles.

Idempotent: a leaf's state is written only while it still has the loaded defaults (not
started, 0 %, no budget), tasks and timeline entries are matched on their number and on
(item, date, title); a second run creates and changes nothing.
"""
import datetime as dt

D = dt.date
TY = 1_000_000_000  # một tỷ đồng

# number: (status, progress, budget estimate, actual spend by 31/12/2018)
STATE = {
    "I.1": ("in_progress", 70, None, None),
    "I.2": ("in_progress", 55, None, None),
    "I.3": ("in_progress", 60, None, None),
    "I.4": ("in_progress", 75, None, None),
    "II.1.1": ("done", 100, int(1.2 * TY), int(1.05 * TY)),
    "II.1.2": ("done", 100, 12 * TY, int(11.2 * TY)),
    "II.1.3": ("done", 100, int(0.8 * TY), int(0.62 * TY)),
    "II.2.1": ("done", 100, int(2.5 * TY), int(2.3 * TY)),
    "II.2.2": ("in_progress", 35, 3 * TY, int(1.1 * TY)),
    "II.3.a": ("in_progress", 60, int(4.5 * TY), int(2.7 * TY)),
    "II.3.b": ("behind", 30, int(1.5 * TY), int(0.35 * TY)),
    "II.4.1": ("in_progress", 45, 2 * TY, int(0.9 * TY)),
    "II.4.2": ("in_progress", 35, 60 * TY, int(14.5 * TY)),
    "II.4.3": ("behind", 20, 6 * TY, int(0.8 * TY)),
    "II.5": ("in_progress", 50, int(3.2 * TY), int(1.4 * TY)),
    "II.6": ("in_progress", 40, 45 * TY, 16 * TY),
    "II.7": ("in_progress", 55, int(9.5 * TY), int(4.6 * TY)),
    "II.8": ("in_progress", 70, 5 * TY, int(3.4 * TY)),
    "II.9.1": ("done", 100, int(8.5 * TY), int(8.1 * TY)),
    "II.9.2": ("in_progress", 60, 32 * TY, int(17.5 * TY)),
    "II.9.3": ("behind", 25, 4 * TY, int(0.6 * TY)),
    "II.9.4": ("not_started", 0, int(1.2 * TY), 0),
    "II.10": ("in_progress", 65, int(7.5 * TY), int(4.9 * TY)),
    "II.11.1": ("in_progress", 40, 5 * TY, int(1.8 * TY)),
    "II.11.2": ("in_progress", 70, 28 * TY, int(19.6 * TY)),
    "II.12.1": ("in_progress", 55, int(3.5 * TY), int(1.9 * TY)),
    "II.12.2": ("in_progress", 60, int(2.8 * TY), int(1.6 * TY)),
    "III.1": ("done", 100, None, None),
    "III.2": ("done", 100, None, None),
    "III.3": ("in_progress", 85, None, None),
    "III.4": ("behind", 90, None, None),
}

# Tasks the lead units added under their items:
# number, parent, lead, support, title vi, title en, status, progress, weight, budget, spend, start, end
TASKS = [
    ("II.3.a.1", "II.3.a", "DOST", ["TDMU", "BECAMEX"], "Thành lập Trung tâm Sáng kiến cộng đồng và hỗ trợ khởi nghiệp",
     "Set up the Community Initiative and Startup Support Centre", "in_progress", 55, 2, int(3.2 * TY), int(1.9 * TY),
     D(2018, 4, 1), D(2018, 12, 31)),
    ("II.3.a.2", "II.3.a", "DOST", ["TDMU", "VGU", "EIU"], "Cuộc thi khởi nghiệp đổi mới sáng tạo tỉnh Bình Dương năm 2018",
     "Binh Duong innovative startup competition 2018", "done", 100, 1, int(1.3 * TY), int(1.2 * TY),
     D(2018, 5, 1), D(2018, 11, 30)),
    ("II.4.2.1", "II.4.2", "DOT", ["BECAMEXTOKYU"], "Khảo sát nhu cầu đi lại và đánh giá hiện trạng mạng lưới xe buýt",
     "Travel demand survey and assessment of the bus network", "done", 100, 1, int(1.5 * TY), int(1.4 * TY),
     D(2018, 3, 15), D(2018, 8, 31)),
    ("II.4.2.2", "II.4.2", "DOT", ["BECAMEXTOKYU"], "Quy hoạch lại mạng lưới tuyến xe buýt giai đoạn 2018 – 2020",
     "Redesign of the bus route network 2018–2020", "in_progress", 40, 1, int(2.5 * TY), int(0.9 * TY),
     D(2018, 7, 1), D(2019, 6, 30)),
    ("II.4.2.3", "II.4.2", "BECAMEXTOKYU", ["DOT"], "Đổi mới phương tiện, lắp thiết bị giám sát hành trình và thông tin cho hành khách",
     "Fleet renewal, vehicle tracking and passenger information", "not_started", 0, 2, 56 * TY, 0,
     D(2019, 1, 1), D(2020, 12, 31)),
    ("II.9.2.1", "II.9.2", "DONRE", [], "Lắp đặt bổ sung 4 trạm quan trắc không khí tự động",
     "Install 4 more automatic air monitoring stations", "in_progress", 75, 2, 18 * TY, int(12.6 * TY),
     D(2018, 4, 1), D(2019, 3, 31)),
    ("II.9.2.2", "II.9.2", "DONRE", [], "Mua sắm xe quan trắc môi trường không khí, nước",
     "Procure a mobile air and water monitoring vehicle", "behind", 30, 1, 9 * TY, int(1.2 * TY),
     D(2018, 6, 1), D(2018, 12, 31)),
    ("II.9.2.3", "II.9.2", "DONRE", [], "Thiết lập các điểm quan trắc tự động nước mặt trên sông Sài Gòn và sông Đồng Nai",
     "Automatic surface water monitoring points on the Saigon and Dong Nai rivers", "in_progress", 50, 1, 5 * TY, int(2.4 * TY),
     D(2018, 5, 1), D(2019, 6, 30)),
]

# number: [(date, title vi, title en, description vi, description en, progress then)]
TIMELINE = {
    "II.1.1": [
        (D(2018, 4, 20), "Họp Ban Điều hành quý I", "Executive Board meeting, first quarter",
         "Thống nhất danh mục dự án năm 2018 và phân công đơn vị chủ trì.", "Agreed the 2018 project list and the lead units.", 25),
        (D(2018, 10, 12), "Phiên làm việc Hội đồng cố vấn Ba Nhà", "Triple Helix Advisory Council session",
         "Góp ý các đề xuất của doanh nghiệp và trường đại học cho năm 2019.", "Advice on business and university proposals for 2019.", 80),
    ],
    "II.1.3": [
        (D(2018, 5, 15), "Giao câu hỏi ICF cho các Sở, ngành", "ICF questions assigned to the departments",
         "Văn phòng Thành phố Thông minh giao câu hỏi và hạn trả lời cho từng đơn vị.", "The Smart City Office assigned each question with a due date.", 30),
        (D(2018, 9, 28), "Nộp hồ sơ ICF Smart21 năm 2018", "ICF Smart21 2018 application submitted",
         "Hồ sơ chính thức được nộp sau khi Văn phòng rà soát câu trả lời và minh chứng.", "Submitted after the Office reviewed answers and evidence.", 100),
    ],
    "II.2.1": [
        (D(2018, 6, 30), "Hoàn thành chuyến công tác tham dự Diễn đàn ICF", "ICF summit trip completed",
         "Đoàn công tác của tỉnh tham dự Hội nghị thượng đỉnh của ICF tháng 6/2018.", "The provincial delegation attended the ICF summit in June 2018.", 100),
    ],
    "II.2.2": [
        (D(2018, 7, 20), "Làm việc với EIPO – Brainport Eindhoven về Khu Công nghiệp Khoa học Công nghệ",
         "Working session with EIPO – Brainport Eindhoven on the S&T industrial park",
         "Thống nhất phạm vi nghiên cứu tiền khả thi và các tiêu chuẩn quốc tế cần đáp ứng.",
         "Agreed the scope of the pre-feasibility study and the international standards to meet.", 20),
        (D(2018, 12, 14), "Báo cáo sơ bộ nghiên cứu tiền khả thi", "Preliminary pre-feasibility report",
         "Báo cáo sơ bộ trình Ban Điều hành; cần bổ sung phương án quỹ đất.", "Preliminary report to the Executive Board; land options still to add.", 35),
    ],
    "II.3.a": [
        (D(2018, 11, 23), "Chung kết cuộc thi khởi nghiệp 2018", "Final of the 2018 startup competition",
         "Các dự án khởi nghiệp của sinh viên và doanh nghiệp trẻ trình bày trước hội đồng Ba Nhà.",
         "Student and young-company startups pitched to a Triple Helix jury.", 55),
    ],
    "II.3.b": [
        (D(2018, 9, 10), "Dự thảo Đề án phòng thí nghiệm, Living Lab", "Draft scheme for laboratories and Living Labs",
         "Dự thảo lấy ý kiến các trường; chậm do chưa thống nhất cơ chế dùng chung thiết bị.",
         "Draft sent to the universities; delayed over rules for sharing equipment.", 30),
    ],
    "II.4.2": [
        (D(2018, 8, 31), "Hoàn thành khảo sát nhu cầu đi lại", "Travel demand survey completed",
         "Khảo sát hành khách trên các tuyến xe buýt chính và tại các khu công nghiệp.",
         "Passenger survey on the main bus lines and at the industrial parks.", 25),
    ],
    "II.4.3": [
        (D(2018, 10, 5), "Chọn tuyến thí điểm chiếu sáng LED", "LED pilot street chosen",
         "Chờ thống nhất nguồn vốn và đơn vị quản lý vận hành hệ thống.", "Waiting for agreement on funding and on who operates the system.", 20),
    ],
    "II.5": [
        (D(2018, 7, 16), "Khảo sát nhu cầu doanh nghiệp và nhà đầu tư", "Survey of enterprises' and investors' needs",
         "Phiếu khảo sát gửi doanh nghiệp tại các khu công nghiệp.", "Questionnaire sent to enterprises in the industrial parks.", 30),
    ],
    "II.6": [
        (D(2018, 9, 5), "Năm học 2018 – 2019: mở rộng mô hình", "School year 2018–2019: the model widened",
         "Thêm trường tiểu học tham gia mô hình tiên tiến – hiện đại.", "More primary schools joined the advanced-modern model.", 40),
    ],
    "II.7": [
        (D(2018, 11, 30), "Cơ sở dữ liệu GIS chuyên ngành xây dựng", "Construction GIS database",
         "Hoàn thành dữ liệu quy hoạch cho một số huyện, thị xã, thành phố.", "Planning data completed for several districts and towns.", 55),
    ],
    "II.8": [
        (D(2018, 6, 29), "Công bố chỉ số hài lòng năm 2018", "2018 satisfaction index published",
         "Kết quả đo lường sự hài lòng của người dân, tổ chức với cơ quan hành chính nhà nước.",
         "Results of measuring citizens' and organisations' satisfaction with public administration.", 50),
    ],
    "II.9.1": [
        (D(2018, 9, 28), "Nghiệm thu nâng cấp Trạm điều hành quan trắc", "Monitoring operations station upgrade accepted",
         "Dữ liệu quan trắc tự động được kết nối và hiển thị trên bảng thông tin của tỉnh.",
         "Automatic monitoring data connected and shown on the province's display board.", 100),
    ],
    "II.9.3": [
        (D(2018, 8, 20), "Lựa chọn vị trí thí điểm thùng rác thông minh", "Smart bin pilot sites chosen",
         "Vướng mắc về kinh phí vận hành nhà vệ sinh công cộng thông minh, đề nghị báo cáo Ban Chỉ đạo.",
         "Operating costs of the smart public toilets unresolved; to be reported to the Steering Committee.", 25),
    ],
    "II.10": [
        (D(2018, 10, 1), "Vận hành thử cổng thông tin Thành phố Thông minh", "Smart City portal in trial operation",
         "Lộ trình wifi công cộng thống nhất với các doanh nghiệp viễn thông.", "Public Wi-Fi roadmap agreed with the telecom operators.", 65),
    ],
    "II.11.1": [
        (D(2018, 11, 8), "Hội thảo công nghiệp bán dẫn Back-End", "Semiconductor back-end workshop",
         "Trao đổi với chuyên gia EIPO về chuỗi cung ứng và nhân lực.", "Discussion with EIPO experts on supply chain and workforce.", 40),
    ],
    "II.11.2": [
        (D(2018, 12, 20), "Chuyển đổi đèn LED tại các khu của Becamex IDC", "LED conversion in Becamex IDC areas",
         "Phần lớn tuyến đường trong khu đô thị do Tổng Công ty quản lý đã chuyển sang đèn LED.",
         "Most streets of the Corporation's urban areas now lit by LED.", 70),
    ],
    "II.12.1": [
        (D(2018, 12, 7), "Nghiệm thu đề tài nghiên cứu phục vụ Thành phố Thông minh", "Smart city research projects reviewed",
         "Các trường báo cáo kết quả đề tài năm 2018.", "The universities reported their 2018 research results.", 55),
    ],
    "III.4": [
        (D(2018, 4, 16), "Tổng hợp kế hoạch cụ thể của các đơn vị", "Units' detailed plans compiled",
         "Một số đơn vị chưa gửi kế hoạch và dự trù kinh phí đúng hạn 15/4/2018.",
         "Some units had not sent their plans and budget estimates by 15/04/2018.", 60),
    ],
}


def load() -> dict:
    from smartcity.core.models import Organisation
    from smartcity.programme.models import Item, ItemParticipant, TimelineEntry
    from smartcity.programme.services import rollup
    from smartcity.programme.services.plan_loader import load_plan_2018

    plan = load_plan_2018()
    org = {o.code: o for o in Organisation.objects.all()}
    statuses = {s.key: s for s in plan.statuses.all()}
    items = {i.number: i for i in plan.items.select_related("status")}
    counts = {"items_updated": 0, "tasks": 0, "timeline": 0}
    with rollup.suspended():
        for number, (key, progress, budget, spend) in STATE.items():
            item = items[number]
            untouched = (item.status is None or item.status.key == "not_started") and item.progress == 0 and item.budget_estimate is None
            wanted = {"status": statuses[key], "progress": progress, "budget_estimate": budget, "actual_spend": spend}
            if untouched and any(getattr(item, f) != v for f, v in wanted.items()):
                for f, v in wanted.items():
                    setattr(item, f, v)
                item._change_reason = "demo: state at the end of 2018"
                item.save()
                counts["items_updated"] += 1
        position = max(i.position for i in items.values())
        for (number, parent, lead, support, title_vi, title_en, key, progress, weight, budget, spend, start, end) in TASKS:
            if number in items:
                continue
            position += 1
            task = Item.objects.create(
                plan=plan, parent=items[parent], kind="task", number=number, position=position, owner=org[lead],
                title_vi=title_vi, title_en=title_en, text_vi=title_vi, start_date=start, end_date=end, deadline=end,
                status=statuses[key], progress=progress, weight=weight, budget_estimate=budget, actual_spend=spend,
                module=items[parent].module, reference=items[parent].reference)
            for code in support:
                ItemParticipant.objects.create(item=task, organisation=org[code], role="support")
            items[number] = task
            counts["tasks"] += 1
        for number, entries in TIMELINE.items():
            for date, title_vi, title_en, desc_vi, desc_en, progress in entries:
                _, created = TimelineEntry.objects.get_or_create(
                    item=items[number], date=date, title_vi=title_vi,
                    defaults=dict(title_en=title_en, description_vi=desc_vi, description_en=desc_en, progress=progress, source="manual"))
                counts["timeline"] += created
    rollup.recompute(plan)
    return counts

"""Twelve research projects for the smart city (plan item II.12.1) and twenty training courses
(II.12.2) of the universities, colleges and departments, 2019-2026. Employers are linked to
the shared enterprise record when the economy demo holds them (matched by name)."""
from datetime import date

M = 1_000_000

# code, lead, title_vi, title_en, partners, PI, (province, ministry, university, enterprise) in million VND, start, end, status,
# abstract, outputs [(kind, title, year, link, reference)], plan item numbers
PROJECTS = [
    ("DT-TDMU-2019-01", "TDMU", "Mạng cảm biến LoRaWAN giám sát chất lượng không khí đô thị Thủ Dầu Một",
     "LoRaWAN sensor network for urban air quality in Thu Dau Mot", ["DONRE", "DOST"], "PGS.TS. Nguyễn Văn Hiệp",
     (850, 0, 150, 0), date(2019, 6, 1), date(2021, 5, 31), "completed",
     "Thiết kế nút cảm biến bụi PM2.5 giá rẻ, hiệu chuẩn theo trạm quan trắc tự động và xây dựng bản đồ ô nhiễm theo giờ.",
     [("paper", "Low-cost PM2.5 sensor calibration under tropical humidity", 2021, "https://doi.org/10.3390/s21000001", "Sensors 21"),
      ("prototype", "Nút cảm biến TDMU-AQ v2", 2020, "", ""), ("dataset", "Dữ liệu PM2.5 Thủ Dầu Một 2020", 2021,
                                                                   "https://data.binhduong.gov.vn/dataset/pm25-tdm-2020", "CC BY 4.0")],
     ["II.12.1"]),
    ("DT-TDMU-2021-03", "TDMU", "Tối ưu lộ trình thu gom rác thải sinh hoạt theo dữ liệu thùng rác thông minh",
     "Optimising household waste collection routes from smart-bin data", ["DONRE"], "TS. Trần Thị Kim Oanh",
     (620, 0, 80, 120), date(2021, 3, 1), date(2022, 12, 31), "completed",
     "Mô hình bài toán định tuyến xe có giới hạn tải trọng với dữ liệu mức đầy theo thời gian thực.",
     [("paper", "Fill-level driven waste collection in a Vietnamese city", 2022, "", "Tạp chí Khoa học ĐH Thủ Dầu Một"),
      ("prototype", "Phần mềm lập lộ trình thu gom", 2022, "", "")], ["II.12.1"]),
    ("DT-TDMU-2024-02", "TDMU", "Cảm biến mực nước LoRaWAN cảnh báo ngập đô thị", "LoRaWAN water-level sensors for urban flood warning",
     ["DOC", "DOST"], "ThS. Lê Minh Tuấn", (980, 0, 120, 0), date(2024, 4, 1), date(2026, 12, 31), "ongoing",
     "Thiết kế nút đo mực nước siêu âm và radar, truyền dữ liệu về nền tảng dữ liệu thành phố.",
     [("prototype", "Nút đo mực nước TDMU-WL", 2025, "", "")], ["II.12.1", "II.3.b"]),
    ("DT-VGU-2020-01", "VGU", "Mô hình nhà máy thông minh cho doanh nghiệp vừa và nhỏ", "A smart-factory model for SMEs",
     ["BECAMEX"], "Dr. Nguyễn Hoàng Phong", (0, 1200, 300, 500), date(2020, 1, 1), date(2022, 6, 30), "completed",
     "Chuyển giao mô hình số hóa dây chuyền (OPC UA, MES nhẹ) cho doanh nghiệp cơ khí tại KCN Mỹ Phước.",
     [("paper", "Lightweight MES for Vietnamese SMEs", 2022, "https://doi.org/10.1016/j.procir.2022.01.001", "Procedia CIRP"),
      ("patent", "Giải pháp hữu ích: bộ thu thập dữ liệu máy công cụ", 2023, "", "Số 2-0003125")], ["II.12.1"]),
    ("DT-VGU-2023-02", "VGU", "Bản sao số (digital twin) hệ thống chiếu sáng đô thị", "Digital twin of the urban lighting network",
     ["BECAMEX", "DOT"], "Prof. Dr. Klaus Weber", (700, 0, 200, 400), date(2023, 2, 1), date(2025, 12, 31), "completed",
     "Mô phỏng năng lượng và lịch điều khiển đèn LED theo dữ liệu vận hành thực.",
     [("paper", "Digital twin of a city lighting network", 2025, "", "IEEE Access"),
      ("dataset", "Dữ liệu vận hành đèn LED Mỹ Phước – Tân Vạn", 2025, "", "")], ["II.12.1"]),
    ("DT-VGU-2025-01", "VGU", "Thị giác máy kiểm tra chất lượng sản phẩm điện tử", "Machine vision for electronics quality inspection",
     [], "Dr. Phạm Thị Ngọc Diễm", (0, 0, 250, 650), date(2025, 5, 1), date(2027, 4, 30), "ongoing",
     "Mô hình học sâu phát hiện lỗi hàn trên bo mạch cho các nhà máy trong KCN VSIP.", [], ["II.12.1"]),
    ("DT-EIU-2019-02", "EIU", "Robot tự hành phục vụ kho vận trong khu công nghiệp", "Autonomous mobile robots for industrial-park logistics",
     ["BECAMEX", "BECAMEXTOKYU"], "TS. Đỗ Thành Trung", (500, 0, 200, 600), date(2019, 9, 1), date(2021, 8, 31), "completed",
     "Nguyên mẫu AGV dẫn đường bằng laser cho kho hàng, thử nghiệm tại trung tâm logistics Becamex.",
     [("prototype", "AGV EIU-L1", 2021, "", ""), ("paper", "Laser-guided AGV localisation in warehouses", 2021, "", "Tạp chí Cơ khí Việt Nam")],
     ["II.12.1"]),
    ("DT-EIU-2022-01", "EIU", "Dự báo nhu cầu đi lại xe buýt từ dữ liệu thẻ và GPS", "Bus demand forecasting from card and GPS data",
     ["BECAMEXTOKYU", "DOT"], "TS. Nguyễn Thị Hồng Nhung", (450, 0, 100, 150), date(2022, 3, 1), date(2023, 12, 31), "completed",
     "Mô hình dự báo lượt hành khách theo tuyến và giờ, phục vụ điều chỉnh tần suất tuyến xe buýt thông minh.",
     [("paper", "Short-term bus ridership forecasting in Binh Duong", 2023, "", "Transportation Research Procedia"),
      ("dataset", "Lượt hành khách theo giờ tuyến 39-52", 2023, "", "")], ["II.12.1"]),
    ("DT-EIU-2025-03", "EIU", "Cánh tay robot cộng tác trong lắp ráp linh kiện", "Collaborative robots in component assembly",
     ["BECAMEX"], "ThS. Trần Quốc Khánh", (0, 0, 180, 420), date(2025, 9, 1), date(2027, 8, 31), "ongoing", "", [], ["II.12.1"]),
    ("DT-VSVC-2021-01", "VSVC", "Bộ thực hành PLC – IoT cho đào tạo nghề", "PLC-IoT training kits for vocational education",
     ["DOET"], "Thầy Phạm Văn Lực", (300, 0, 60, 0), date(2021, 1, 1), date(2021, 12, 31), "completed",
     "Thiết kế 20 bộ thực hành kết nối PLC với nền tảng IoT cho học viên cơ điện tử.",
     [("prototype", "Bộ thực hành PLC-IoT VSVC", 2021, "", "")], ["II.12.2"]),
    ("DT-DOST-2026-01", "TDMU", "Khung đánh giá Living Lab cho Bình Dương", "An evaluation framework for Binh Duong Living Labs",
     ["DOST", "VGU", "EIU"], "PGS.TS. Ngô Hồng Điệp", (560, 0, 0, 0), date(2026, 2, 1), date(2027, 1, 31), "ongoing",
     "Bộ chỉ số đánh giá thí điểm Living Lab theo mô hình bốn nhà (ENoLL), áp dụng cho các thí điểm chiếu sáng, không khí, thùng rác.",
     [], ["II.3.b", "II.12.1"]),
    ("DT-VGU-2027-01", "VGU", "Lưới điện vi mô năng lượng mặt trời cho khu công nghiệp", "Solar micro-grids for industrial parks",
     ["BECAMEX"], "Dr. Lê Thanh Hải", (0, 1500, 200, 900), date(2027, 1, 1), date(2029, 12, 31), "proposed", "", [], ["II.12.1"]),
]

# code, provider, title_vi, title_en, topic, mode, start, end, hours, capacity, participants, completed, skills, employers [(name, n)]
COURSES = [
    ("KH-2019-IOT-01", "TDMU", "Lập trình IoT với LoRaWAN", "IoT programming with LoRaWAN", "iot", "in_person", date(2019, 7, 8), date(2019, 8, 16), 60, 30, 28, 25,
     ["LoRaWAN", "C/C++", "MQTT"], [("Becamex IDC", 6), ("Công ty Cổ phần Nước – Môi trường Bình Dương", 4)]),
    ("KH-2019-MFG-01", "VGU", "Nhập môn Công nghiệp 4.0 cho kỹ sư", "Industrie 4.0 for engineers", "manufacturing", "blended", date(2019, 10, 1), date(2019, 11, 29), 40, 40, 36, 33,
     ["OPC UA", "MES"], [("Becamex IDC", 8), ("VSIP", 5)]),
    ("KH-2020-GOV-01", "DOST", "Chuyển đổi số cho cán bộ cấp xã", "Digital transformation for commune officials", "digital_gov", "online", date(2020, 6, 1), date(2020, 6, 26), 24, 200, 184, 161,
     ["dịch vụ công trực tuyến", "an toàn thông tin"], []),
    ("KH-2020-PLC-01", "VSVC", "Vận hành và bảo trì PLC Siemens", "Siemens PLC operation and maintenance", "manufacturing", "in_person", date(2020, 9, 7), date(2020, 11, 13), 120, 24, 24, 22,
     ["PLC", "TIA Portal"], [("Kumho Tire", 4), ("Nestlé", 3), ("Becamex IDC", 2)]),
    ("KH-2021-DATA-01", "EIU", "Phân tích dữ liệu đô thị với Python", "Urban data analysis with Python", "data", "online", date(2021, 7, 5), date(2021, 8, 27), 48, 60, 57, 44,
     ["Python", "pandas", "GIS"], [("Becamex Tokyu", 3)]),
    ("KH-2021-ENV-01", "TDMU", "Quan trắc môi trường tự động", "Automatic environmental monitoring", "environment", "blended", date(2021, 10, 4), date(2021, 11, 12), 40, 35, 31, 29,
     ["QCVN", "hiệu chuẩn", "truyền dữ liệu"], [("Công ty Cổ phần Nước – Môi trường Bình Dương", 7)]),
    ("KH-2022-SEC-01", "DOST", "An toàn thông tin cho hệ thống đô thị thông minh", "Cybersecurity for smart-city systems", "cybersecurity", "in_person", date(2022, 4, 11), date(2022, 4, 22), 40, 50, 46, 43,
     ["ISO 27001", "ứng cứu sự cố"], []),
    ("KH-2022-ROB-01", "EIU", "Lập trình robot công nghiệp ABB", "ABB industrial robot programming", "manufacturing", "in_person", date(2022, 6, 6), date(2022, 7, 15), 80, 16, 16, 15,
     ["RAPID", "an toàn robot"], [("Becamex IDC", 3), ("Kumho Tire", 2)]),
    ("KH-2022-GIS-01", "TDMU", "GIS cho quy hoạch đô thị", "GIS for urban planning", "urban", "blended", date(2022, 9, 12), date(2022, 10, 21), 45, 40, 38, 34,
     ["QGIS", "VN-2000"], []),
    ("KH-2023-AI-01", "VGU", "Trí tuệ nhân tạo ứng dụng trong sản xuất", "Applied AI in manufacturing", "data", "blended", date(2023, 3, 6), date(2023, 5, 12), 60, 30, 29, 24,
     ["học máy", "thị giác máy"], [("VSIP", 4), ("Becamex IDC", 3)]),
    ("KH-2023-IOT-02", "TDMU", "Thiết kế thiết bị IoT tiết kiệm năng lượng", "Low-power IoT device design", "iot", "in_person", date(2023, 7, 3), date(2023, 8, 11), 60, 25, 25, 21,
     ["vi điều khiển", "PCB", "NB-IoT"], [("Becamex IDC", 2)]),
    ("KH-2023-CNC-01", "VSVC", "Lập trình và vận hành máy CNC", "CNC programming and operation", "manufacturing", "in_person", date(2023, 9, 4), date(2023, 11, 24), 160, 20, 20, 18,
     ["G-code", "CAM"], [("Kumho Tire", 3), ("Nestlé", 2)]),
    ("KH-2024-START-01", "DOST", "Khởi nghiệp đổi mới sáng tạo cho sinh viên", "Innovative start-ups for students", "innovation", "in_person", date(2024, 3, 18), date(2024, 4, 26), 30, 80, 74, 61,
     ["mô hình kinh doanh", "gọi vốn"], []),
    ("KH-2024-DATA-02", "EIU", "Khoa học dữ liệu cho giao thông công cộng", "Data science for public transport", "data", "online", date(2024, 6, 3), date(2024, 7, 26), 48, 50, 43, 35,
     ["GTFS", "Python"], [("Becamex Tokyu", 5)]),
    ("KH-2024-GOV-02", "DOST", "Khai thác nền tảng dữ liệu thành phố", "Using the city data platform", "digital_gov", "blended", date(2024, 10, 7), date(2024, 10, 18), 20, 120, 112, 104,
     ["API", "dữ liệu mở"], []),
    ("KH-2025-MFG-02", "VGU", "Bản sao số cho nhà máy", "Digital twins for factories", "manufacturing", "blended", date(2025, 3, 3), date(2025, 4, 25), 48, 30, 27, 23,
     ["digital twin", "OPC UA"], [("VSIP", 3), ("Becamex IDC", 2)]),
    ("KH-2025-ENV-02", "TDMU", "Cảm biến giá rẻ và chất lượng dữ liệu môi trường", "Low-cost sensors and environmental data quality", "environment", "online", date(2025, 8, 4), date(2025, 9, 12), 30, 60, 52, 40,
     ["hiệu chuẩn", "kiểm soát chất lượng dữ liệu"], []),
    ("KH-2025-MEC-01", "VSVC", "Bảo trì cơ điện tử theo tình trạng", "Condition-based mechatronics maintenance", "manufacturing", "in_person", date(2025, 10, 6), date(2025, 12, 12), 100, 24, 22, 19,
     ["rung động", "bảo trì dự đoán"], [("Kumho Tire", 4), ("Nestlé", 3), ("Becamex IDC", 2)]),
    ("KH-2026-SEC-02", "DOST", "Ứng cứu sự cố an toàn thông tin", "Cybersecurity incident response", "cybersecurity", "in_person", date(2026, 5, 11), date(2026, 5, 22), 40, 45, 41, 38,
     ["SOC", "phân tích mã độc"], []),
    ("KH-2026-ROB-02", "EIU", "ROS 2 cho robot tự hành", "ROS 2 for autonomous robots", "manufacturing", "blended", date(2026, 10, 5), date(2026, 12, 18), 72, 20, 18, 0,
     ["ROS 2", "SLAM"], [("Becamex IDC", 4), ("Becamex Tokyu", 2)]),
]


def load() -> dict:
    from simple_history.utils import bulk_create_with_history

    from smartcity.core.models import Organisation
    from smartcity.programme.models import Item
    from smartcity.research.models import Course, CourseEmployer, ProjectOutput, ResearchProject

    orgs = {o.code: o for o in Organisation.objects.all()}
    items = {}
    for item in Item.objects.filter(number__in={n for p in PROJECTS for n in p[-1]}).order_by("plan__year"):
        items.setdefault(item.number, item)
    counts = {"projects": 0, "outputs": 0, "courses": 0, "employers": 0, "employers_linked": 0}
    for (code, lead, title_vi, title_en, partners, pi, budget, start, end, status, abstract, outputs, numbers) in PROJECTS:
        if lead not in orgs:
            continue
        p, created = ResearchProject.objects.get_or_create(code=code, defaults=dict(
            owner=orgs[lead], title_vi=title_vi, title_en=title_en, principal_investigator=pi, budget_province_vnd=budget[0] * M,
            budget_ministry_vnd=budget[1] * M, budget_university_vnd=budget[2] * M, budget_enterprise_vnd=budget[3] * M,
            start=start, end=end, status=status, abstract=abstract))
        if not created:
            continue
        counts["projects"] += 1
        p.partners.set([orgs[c] for c in partners if c in orgs])
        p.plan_items.set([items[n] for n in numbers if n in items])
        for kind, title, year, link, ref in outputs:
            ProjectOutput.objects.create(project=p, kind=kind, title=title, year=year, link=link, reference=ref)
            counts["outputs"] += 1
    enterprises = _enterprises({name for c in COURSES for name, _n in c[-1]})
    existing = set(Course.objects.filter(code__in=[c[0] for c in COURSES]).values_list("code", flat=True))
    rows = [c for c in COURSES if c[1] in orgs and c[0] not in existing]
    courses = bulk_create_with_history([
        Course(code=code, owner=orgs[provider], title_vi=title_vi, title_en=title_en, topic=topic, mode=mode, start=start, end=end,
               hours=hours, capacity=capacity, participants=participants, completed=completed, skills=skills)
        for (code, provider, title_vi, title_en, topic, mode, start, end, hours, capacity, participants, completed, skills, _e)
        in rows], Course)
    employers = []
    for course, row in zip(courses, rows):
        for name, n in row[-1]:
            ent = enterprises.get(name)
            employers.append(CourseEmployer(course=course, enterprise=ent, employer_name=ent.name_vi if ent else name, participants=n))
            counts["employers_linked"] += bool(ent)
    bulk_create_with_history(employers, CourseEmployer)
    counts["courses"], counts["employers"] = len(courses), len(employers)
    return counts


def _enterprises(names) -> dict:
    """Enterprises of the shared database whose name holds the employer's name, when there."""
    try:
        from smartcity.economy.models import Enterprise
    except ImportError:  # the economy app is not installed
        return {}
    found = {}
    for name in names:
        ent = Enterprise.objects.filter(name_vi__icontains=name).order_by("pk").first()
        if ent is None and name == "VSIP":
            ent = Enterprise.objects.filter(name_vi__icontains="Việt Nam – Singapore").order_by("pk").first()
        if ent is not None:
            found[name] = ent
    return found

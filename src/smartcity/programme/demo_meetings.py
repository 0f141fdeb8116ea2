"""Demo data: the working sessions of 2018 (II.1) with their participants, minutes and
decisions. The Executive Board meets each quarter, its expert team reviews the units'
reports, the Triple Helix Advisory Council works with the Brainport Eindhoven experts, and
the Steering Committee reviews the year in December, where it decides the difficulties the
units raised (demo_reports runs before this and leaves some escalations waiting).

Idempotent: a session is found again by its body, start and Vietnamese title; decisions are
written only when the session is new."""
import datetime as dt

from django.utils import timezone

PLAN_CODE = "kh-11-2018"
HQ = "Phòng họp tầng 16, Tháp A, Trung tâm Hành chính tập trung tỉnh Bình Dương, TP. Thủ Dầu Một"
CHAIR_BDH = "Ông Mai Hùng Dũng – Phó Chủ tịch Thường trực UBND tỉnh, Trưởng Ban Điều hành"
CHAIR_BCD = "Chủ tịch UBND tỉnh, Trưởng Ban Chỉ đạo"

# body, start, end hour, title vi, title en, location, chair, participants [(org, people)], agenda, minutes,
# decisions [(text vi, text en, item numbers, responsible, due)]
SESSIONS = [
    ("BDH", dt.datetime(2018, 3, 22, 8, 0), 11, "Phiên họp Ban Điều hành quý I/2018: triển khai Kế hoạch 11/KH-BDH",
     "Executive Board session, Q1 2018: launching Plan 11/KH-BDH", HQ, CHAIR_BDH,
     [("BDH", "Thành viên Ban Điều hành"), ("VPTPTM", "Lãnh đạo và chuyên viên Văn phòng Thành phố thông minh"),
      ("VPUBND", "Lãnh đạo Văn phòng UBND tỉnh"), ("DOFA", "Giám đốc Sở Ngoại vụ"), ("DOST", "Phó Giám đốc Sở Khoa học và Công nghệ"),
      ("DOT", "Phó Giám đốc Sở Giao thông vận tải"), ("DONRE", "Phó Giám đốc Sở Tài nguyên và Môi trường"),
      ("DIC", "Giám đốc Sở Thông tin và Truyền thông"), ("BECAMEX", "Phó Tổng Giám đốc Tổng Công ty Becamex IDC")],
     "1. Quán triệt Kế hoạch 11/KH-BDH ngày 08/3/2018.\n2. Phân công lập kế hoạch chi tiết và dự toán kinh phí.\n"
     "3. Chuẩn bị hồ sơ ICF Smart21 năm 2018 và các sự kiện quốc tế.",
     "Văn phòng Thành phố thông minh trình bày nội dung Kế hoạch 11/KH-BDH và lịch báo cáo định kỳ hằng tháng. "
     "Các sở, ngành thống nhất nhiệm vụ được giao; Sở Giao thông vận tải đề nghị làm rõ phạm vi thí điểm chiếu sáng LED "
     "với Tổng Công ty Becamex IDC. Sở Ngoại vụ báo cáo kế hoạch gia nhập Hiệp hội đô thị khoa học thế giới (WTA) và "
     "chuẩn bị Diễn đàn Horasis châu Á. Trưởng Ban Điều hành kết luận như sau.",
     [("Các sở, ngành, đơn vị hoàn thành kế hoạch chi tiết, phương án và dự toán kinh phí, gửi Ban Điều hành chậm nhất ngày 15/4/2018.",
       "Units send their detailed plans, approaches and budget estimates to the Executive Board by 15/04/2018.",
       ["III.3", "III.4"], "VPTPTM", dt.date(2018, 4, 15), True),
      ("Giao Văn phòng Thành phố thông minh chủ trì hoàn thiện hồ sơ ICF Smart21 năm 2018, phấn đấu điểm số cao hơn năm 2017 "
       "trên mọi phương diện.",
       "The Smart City Office completes the 2018 ICF Smart21 application, aiming for better scores than 2017 on every dimension.",
       ["II.1"], "VPTPTM", dt.date(2018, 10, 15), True),
      ("Giao Sở Ngoại vụ phối hợp Tổng Công ty Becamex IDC chuẩn bị các sự kiện quốc tế năm 2018 tại Bình Dương.",
       "The Department of Foreign Affairs, with Becamex IDC, prepares the 2018 international events in Binh Duong.",
       ["II.2"], "DOFA", dt.date(2018, 6, 30), True)]),
    ("HDCV", dt.datetime(2018, 5, 17, 8, 30), 16, "Phiên làm việc của Hội đồng cố vấn Ba Nhà với chuyên gia Brainport Eindhoven",
     "Triple Helix Advisory Council working session with Brainport Eindhoven experts",
     "Trường Đại học Quốc tế Miền Đông, Khu đô thị mới Bình Dương, TP. Thủ Dầu Một", CHAIR_BDH,
     [("HDCV", "Thành viên Hội đồng cố vấn Ba Nhà"), ("EIPO", "Đoàn chuyên gia EIPO – Brainport Eindhoven (Hà Lan)"),
      ("VPTPTM", "Văn phòng Thành phố thông minh"), ("DOST", "Lãnh đạo Sở Khoa học và Công nghệ"),
      ("BECAMEX", "Tổng Công ty Becamex IDC"), ("TDMU", "Ban Giám hiệu Trường Đại học Thủ Dầu Một"),
      ("VGU", "Đại diện Trường Đại học Việt Đức"), ("EIU", "Ban Giám hiệu Trường Đại học Quốc tế Miền Đông"),
      ("VSVC", "Đại diện Trường Cao đẳng nghề Việt Nam – Singapore")],
     "1. Mô hình Living Lab và hệ sinh thái khởi nghiệp đổi mới sáng tạo.\n2. Nghiên cứu khả thi công nghiệp bán dẫn Back-End.\n"
     "3. Đào tạo kỹ năng theo nhu cầu doanh nghiệp.",
     "Các chuyên gia Brainport Eindhoven chia sẻ kinh nghiệm vận hành Living Lab theo mô hình Ba Nhà tại Eindhoven. "
     "Các trường đại học đề xuất phòng thí nghiệm dùng chung gắn với doanh nghiệp trong các khu công nghiệp. Tổng Công ty "
     "Becamex IDC báo cáo phạm vi nghiên cứu khả thi công nghiệp bán dẫn phần Back-End. Hội đồng thống nhất các kiến nghị sau.",
     [("Sở Khoa học và Công nghệ chủ trì, cùng các trường đại học xây dựng đề án Living Lab đầu tiên, trình Ban Điều hành trong quý III/2018.",
       "The Department of Science and Technology, with the universities, drafts the first Living Lab scheme for Q3 2018.",
       ["II.3"], "DOST", dt.date(2018, 9, 30), False),
      ("Tổng Công ty Becamex IDC phối hợp EIPO – Brainport Eindhoven hoàn thành báo cáo nghiên cứu khả thi công nghiệp bán dẫn Back-End.",
       "Becamex IDC with EIPO – Brainport Eindhoven completes the semiconductor back-end feasibility study.",
       ["II.11"], "BECAMEX", dt.date(2018, 12, 15), False),
      ("Các trường đại học, cao đẳng tổ chức khóa đào tạo kỹ năng cho sinh viên theo nhu cầu thực tế của doanh nghiệp.",
       "Universities and colleges run skills courses for students matched to employers' needs.",
       ["II.12"], "TDMU", dt.date(2018, 11, 30), True)]),
    ("TCV", dt.datetime(2018, 6, 28, 14, 0), 17, "Tổ chuyên viên rà soát báo cáo định kỳ và kế hoạch chi tiết của các đơn vị",
     "Expert support team review of the units' periodic reports and detailed plans", HQ,
     "Lãnh đạo Văn phòng Thành phố thông minh, Tổ trưởng Tổ chuyên viên",
     [("TCV", "Các thành viên Tổ chuyên viên giúp việc"), ("VPTPTM", "Chuyên viên theo dõi báo cáo"),
      ("VPUBND", "Chuyên viên Văn phòng UBND tỉnh")],
     "1. Tình hình gửi báo cáo định kỳ tháng 4–5/2018.\n2. Kế hoạch chi tiết và dự toán còn thiếu.",
     "Tổ chuyên viên tổng hợp: một số đơn vị gửi kế hoạch chi tiết trễ hạn, báo cáo định kỳ chưa đầy đủ số liệu. "
     "Thống nhất nhắc nhở bằng văn bản và tổng hợp báo cáo 6 tháng trình Ban Điều hành.",
     [("Văn phòng Thành phố thông minh gửi văn bản nhắc các đơn vị chưa gửi kế hoạch chi tiết và báo cáo định kỳ; tổng hợp báo cáo "
       "sơ kết 6 tháng trình Ban Điều hành.",
       "The Smart City Office reminds units of missing plans and reports in writing and compiles the half-year review.",
       ["III.3", "III.4"], "VPTPTM", dt.date(2018, 7, 5), True)]),
    ("BDH", dt.datetime(2018, 7, 12, 8, 0), 11, "Phiên họp Ban Điều hành sơ kết 6 tháng đầu năm 2018",
     "Executive Board half-year review session, 2018", HQ, CHAIR_BDH,
     [("BDH", "Thành viên Ban Điều hành"), ("VPTPTM", "Văn phòng Thành phố thông minh"), ("DOT", "Giám đốc Sở Giao thông vận tải"),
      ("DONRE", "Giám đốc Sở Tài nguyên và Môi trường"), ("DIC", "Giám đốc Sở Thông tin và Truyền thông"),
      ("DOHA", "Phó Giám đốc Sở Nội vụ"), ("BECAMEXTOKYU", "Tổng Giám đốc Công ty TNHH Becamex Tokyu")],
     "1. Sơ kết 6 tháng thực hiện Kế hoạch 11/KH-BDH.\n2. Các nhiệm vụ chậm tiến độ.\n3. Nhiệm vụ 6 tháng cuối năm.",
     "Tiến độ chung đạt khoảng một phần ba kế hoạch năm. Trạm điều hành quan trắc tự động đã nâng cấp, kết nối dữ liệu về tỉnh; "
     "đề án nâng cao chất lượng xe buýt chậm do vướng cơ chế trợ giá; lộ trình wifi công cộng đang lấy ý kiến các doanh nghiệp viễn thông.",
     [("Sở Giao thông vận tải phối hợp Công ty TNHH Becamex Tokyu hoàn chỉnh phương án trợ giá xe buýt, trình UBND tỉnh trong quý III/2018.",
       "The Department of Transport and Becamex Tokyu finish the bus subsidy proposal for the PPC in Q3 2018.",
       ["II.4"], "DOT", dt.date(2018, 9, 30), False),
      ("Sở Thông tin và Truyền thông hoàn thành lộ trình wifi công cộng và website Thành phố thông minh.",
       "The Department of Information and Communications completes the public wifi roadmap and the smart city website.",
       ["II.10"], "DIC", dt.date(2018, 10, 31), True),
      ("Sở Tài nguyên và Môi trường triển khai thí điểm thùng rác thông minh và nhà vệ sinh công cộng thông minh tại TP. Thủ Dầu Một.",
       "The Department of Natural Resources and Environment pilots smart bins and smart public toilets in Thu Dau Mot.",
       ["II.9"], "DONRE", dt.date(2018, 12, 31), False)]),
    ("BDH", dt.datetime(2018, 10, 11, 8, 0), 11, "Phiên họp Ban Điều hành quý III/2018",
     "Executive Board session, Q3 2018", HQ, CHAIR_BDH,
     [("BDH", "Thành viên Ban Điều hành"), ("VPTPTM", "Văn phòng Thành phố thông minh"), ("DOFA", "Giám đốc Sở Ngoại vụ"),
      ("DPI", "Phó Giám đốc Sở Kế hoạch và Đầu tư"), ("DOET", "Phó Giám đốc Sở Giáo dục và Đào tạo"), ("DOC", "Phó Giám đốc Sở Xây dựng")],
     "1. Kết quả hồ sơ ICF Smart21 và các sự kiện quốc tế.\n2. Cơ sở dữ liệu doanh nghiệp dùng chung, hệ thống GIS.\n"
     "3. Chuẩn bị tổng kết năm.",
     "Bình Dương được ICF công bố vào danh sách Smart21 năm 2019. Sở Kế hoạch và Đầu tư báo cáo khảo sát nhu cầu nhà đầu tư; "
     "Sở Xây dựng báo cáo tiến độ hệ thống GIS và phần mềm chuyên ngành xây dựng.",
     [("Sở Kế hoạch và Đầu tư hoàn thiện cơ sở dữ liệu doanh nghiệp dùng chung, kết nối với các sở, ngành trước ngày 31/12/2018.",
       "The Department of Planning and Investment finishes the shared enterprise database and connects the departments by 31/12/2018.",
       ["II.5"], "DPI", dt.date(2018, 12, 31), False),
      ("Văn phòng Thành phố thông minh chuẩn bị báo cáo tổng kết năm 2018 trình Ban Chỉ đạo.",
       "The Smart City Office prepares the 2018 year-end report for the Steering Committee.",
       ["II.1"], "VPTPTM", dt.date(2018, 12, 15), True)]),
    ("BCD", dt.datetime(2018, 12, 20, 14, 0), 17, "Ban Chỉ đạo tổng kết năm 2018 Đề án Thành phố thông minh Bình Dương",
     "Steering Committee year-end review of the Binh Duong Smart City programme, 2018", HQ, CHAIR_BCD,
     [("BCD", "Thành viên Ban Chỉ đạo"), ("BDH", CHAIR_BDH), ("VPTPTM", "Văn phòng Thành phố thông minh (thư ký phiên họp)"),
      ("VPUBND", "Lãnh đạo Văn phòng UBND tỉnh"), ("BECAMEX", "Tổng Giám đốc Tổng Công ty Becamex IDC"),
      ("HDCV", "Đại diện Hội đồng cố vấn Ba Nhà")],
     "1. Báo cáo tổng kết năm 2018.\n2. Các kiến nghị của các đơn vị.\n3. Định hướng năm 2019.",
     "Ban Chỉ đạo ghi nhận các kết quả năm 2018: gia nhập WTA, lần đầu vào danh sách Smart21, trạm điều hành quan trắc tự động "
     "vận hành. Một số nhiệm vụ còn chậm: nâng cao chất lượng xe buýt, thùng rác thông minh. Trưởng Ban Chỉ đạo kết luận.",
     [("Giao Ban Điều hành xây dựng Kế hoạch thực hiện Đề án năm 2019, trình Ban Chỉ đạo trong tháng 01/2019.",
       "The Executive Board drafts the 2019 implementation plan for the Steering Committee in January 2019.",
       ["II.1"], "BDH", dt.date(2019, 1, 31), False)]),
]


def _demo_office_user():
    """The Office's demo account (it keeps the boards' minutes and records the Steering
    Committee's decisions on its behalf); made here as people.py defines it, with no usable
    password until the demo command sets one."""
    from smartcity.core.models import Organisation, User
    from smartcity.demo.people import DEMO_USERS

    username, first, last, org_code, role, staff = next(u for u in DEMO_USERS if u[3] == "VPTPTM")
    user, created = User.objects.get_or_create(
        username=username, defaults=dict(first_name=first, last_name=last, organisation=Organisation.objects.get(code=org_code),
                                         role=role, is_staff=staff, email=f"{username}@binhduong.gov.vn"))
    if created:
        user.set_unusable_password()
        user.save()
    return user


def load() -> dict:
    from smartcity.core.models import Organisation
    from smartcity.programme.models import Escalation, Item, Meeting, MeetingParticipant, Plan
    from smartcity.programme.services import meetings as svc

    plan = Plan.objects.filter(code=PLAN_CODE).first()
    if plan is None:
        return {"sessions": 0}
    orgs = {o.code: o for o in Organisation.objects.all()}
    items = {i.number: i for i in Item.objects.filter(plan=plan)}
    user = _demo_office_user()
    made = decisions = escalations_decided = 0
    for body, start, end_hour, title_vi, title_en, location, chair, people, agenda, minutes, decs in SESSIONS:
        starts = timezone.make_aware(start)
        meeting, created = Meeting.objects.get_or_create(
            body=orgs[body], starts_at=starts, title_vi=title_vi,
            defaults=dict(owner=orgs[body], title_en=title_en, ends_at=starts.replace(hour=end_hour, minute=0), location=location,
                          chair=chair, status=Meeting.Status.HELD, agenda=agenda, minutes=minutes))
        if not created:
            continue
        made += 1
        for code, who in people:
            if code in orgs:
                MeetingParticipant.objects.get_or_create(meeting=meeting, organisation=orgs[code], defaults={"people": who})
        meeting.items.add(*[items[n] for d in decs for n in d[2] if n in items])
        for text_vi, text_en, numbers, responsible, due, done in decs:
            svc.record_decision(meeting, user, text_vi=text_vi, text_en=text_en, items=[items[n] for n in numbers if n in items],
                                responsible=orgs.get(responsible), due=due, done=done)
            decisions += 1
        if body == "BCD":  # the year-end review settles the oldest difficulties still waiting; the newest stay open
            waiting = list(Escalation.objects.filter(item__plan=plan, status__in=svc.OPEN_ESCALATION, raised_at__lt=starts)
                           .select_related("item", "owner").order_by("raised_at"))
            for esc in waiting[: max(0, len(waiting) - 1)][:3]:
                unit = esc.owner.name_vi
                svc.record_decision(
                    meeting, user, escalations=[esc], responsible=esc.owner, due=dt.date(2019, 3, 31),
                    text_vi=f"Về kiến nghị “{esc.title}” của {unit}: Ban Chỉ đạo thống nhất chủ trương theo đề xuất; giao {unit} "
                            f"chủ trì, phối hợp Văn phòng Thành phố thông minh triển khai và báo cáo kết quả trước ngày 31/3/2019.",
                    text_en=f"On “{esc.title}”: the Steering Committee agrees with the proposal; {esc.owner.name_en or unit} acts with "
                            f"the Smart City Office and reports back by 31/03/2019.")
                decisions += 1
                escalations_decided += 1
    return {"sessions": made, "decisions": decisions, "escalations_decided": escalations_decided}

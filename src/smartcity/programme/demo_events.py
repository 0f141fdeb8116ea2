"""Demo data: the international events of 2018 named in Plan 11/KH-BDH (II.1, II.2), a few
delegations, the memberships of WTA and ICF, and the milestones and studies of the two
strategic projects (II.2.2 S&T industrial park, II.11.1 semiconductor back-end).

Facts used (public reporting of 2018): Binh Duong received its WTA membership certificate
in Daejeon in August 2018; the 20th anniversary of WTA (11th General Assembly, Global
Innovation Forum 2018, 15th WTA Hi-Tech Fair) was held at the provincial Convention and
Exhibition Center on 10-12/10/2018; the Horasis Asia Meeting 2018 was held there on
25-27/11/2018; ICF's 2018 Global Summit was in London in June 2018; Binh Duong was named
among ICF's Smart21 Communities of 2019, announced in 2018.

Where a date is not certain the event keeps the plan's wording as its date window (a month:
1st to last day; the year: the plan's period), status "planned", and a note says so.
Milestone dates are illustrative and say so in their note. Idempotent: a second run creates
nothing."""
import datetime as dt

D = dt.date
UNSURE_MONTH_VI = "Ngày cụ thể chưa xác minh; Kế hoạch 11/KH-BDH ghi: {when}."
UNSURE_MONTH_EN = "Exact date not verified; Plan 11/KH-BDH says: {when}."
ILLUSTRATIVE = "Mốc minh họa của dữ liệu trình diễn (ngày không phải số liệu chính thức)."

EVENTS = [
    {
        "code": "wta-daejeon-2018-08", "kind": "delegation_out", "status": "held", "owner": "DOFA",
        "title_vi": "Đoàn lãnh đạo tỉnh Bình Dương làm việc tại Daejeon (Hàn Quốc), nhận chứng nhận thành viên WTA",
        "title_en": "Binh Duong leaders' delegation to Daejeon (Korea): WTA membership certificate",
        "starts_on": D(2018, 8, 1), "ends_on": D(2018, 8, 31), "city": "Daejeon", "country": "KR",
        "description_vi": "Đoàn lãnh đạo tỉnh làm việc tại thành phố Daejeon; Thị trưởng Daejeon, Chủ tịch WTA Her Tae Jeong trao "
                          "giấy chứng nhận thành viên Hiệp hội đô thị khoa học thế giới (WTA) cho tỉnh Bình Dương; Bình Dương được "
                          "chọn đăng cai các sự kiện WTA năm 2018. Ngày cụ thể chưa xác minh: các nguồn tin ghi tháng 8/2018.",
        "description_en": "The province's leaders visited Daejeon; its mayor and WTA chairman Her Tae Jeong presented Binh Duong's "
                          "WTA membership certificate, and Binh Duong was chosen to host the WTA events of 2018. Exact dates not "
                          "verified: reports say August 2018.",
        "outcomes_vi": "Bình Dương chính thức là thành viên WTA; nhận đăng cai kỷ niệm 20 năm thành lập WTA.",
        "outcomes_en": "Binh Duong became an official WTA member and host of WTA's 20th anniversary.",
        "items": ["II.1.2", "I.4"],
        "participants": [("DOFA", "organiser", ""), ("PPC", "delegate", "Lãnh đạo UBND tỉnh"),
                         ("WTA", "partner", "Her Tae Jeong – Thị trưởng Daejeon, Chủ tịch WTA")],
    },
    {
        "code": "wta-20-nam-2018", "kind": "anniversary", "status": "held", "owner": "DOFA",
        "title_vi": "Kỷ niệm 20 năm thành lập WTA: Phiên họp Đại hội đồng WTA lần thứ 11, Diễn đàn Đổi mới sáng tạo toàn cầu 2018, "
                    "Hội chợ Công nghệ cao WTA lần thứ 15",
        "title_en": "WTA 20th anniversary: 11th WTA General Assembly, 2018 Global Innovation Forum, 15th WTA Hi-Tech Fair",
        "starts_on": D(2018, 10, 10), "ends_on": D(2018, 10, 12), "venue": "Trung tâm Hội nghị và Triển lãm tỉnh Bình Dương",
        "city": "Thủ Dầu Một", "country": "VN",
        "description_vi": "Chủ đề: “Thành phố thông minh – Động lực đổi mới sáng tạo cho phát triển bền vững”. Gồm Phiên họp Đại hội "
                          "đồng WTA lần thứ 11, Diễn đàn Đổi mới sáng tạo toàn cầu 2018, Hội chợ Công nghệ cao WTA lần thứ 15, "
                          "Diễn đàn Thị trưởng WTA và Diễn đàn Hiệu trưởng các trường đại học WTA. Dự kiến hơn 1.000 đại biểu từ "
                          "gần 50 quốc gia và vùng lãnh thổ. Website chính thức do Sở Thông tin và Truyền thông công bố.",
        "description_en": "Theme: “Smart city – the driving force of innovation for sustainable development”. The 11th WTA General "
                          "Assembly, the 2018 Global Innovation Forum, the 15th WTA Hi-Tech Fair, the WTA Mayors Forum and the WTA "
                          "University Presidents Forum. Over 1,000 delegates from about 50 countries and territories expected.",
        "outcomes_vi": "Đại hội đồng thông qua Tầm nhìn WTA 2030 (WTA Vision 2030).",
        "outcomes_en": "The General Assembly adopted the WTA Vision 2030.",
        "items": ["II.1.2", "I.4"],
        "participants": [("DOFA", "organiser", ""), ("PPC", "organiser", "Trần Thanh Liêm – Chủ tịch UBND tỉnh"),
                         ("WTA", "co_organiser", "Her Tae Jeong – Thị trưởng Daejeon, Chủ tịch WTA"),
                         ("BECAMEX", "co_organiser", ""), ("VPTPTM", "co_organiser", ""), ("DIC", "partner", "Website chính thức của sự kiện"),
                         ("ICF", "guest", "Rob van Gijzel – Chủ tịch ICF, nguyên Thị trưởng Eindhoven")],
    },
    {
        "code": "horasis-asia-2018", "kind": "forum", "status": "held", "owner": "DOFA",
        "title_vi": "Diễn đàn Hợp tác kinh tế Châu Á Horasis 2018 (Horasis Asia Meeting) tại Bình Dương",
        "title_en": "Horasis Asia Meeting 2018 in Binh Duong",
        "starts_on": D(2018, 11, 25), "ends_on": D(2018, 11, 27), "venue": "Trung tâm Hội nghị và Triển lãm tỉnh Bình Dương",
        "city": "Thủ Dầu Một", "country": "VN",
        "description_vi": "4 phiên toàn thể và 35 phiên đối thoại về cách mạng công nghiệp lần thứ tư và xu hướng quy hoạch, xây dựng "
                          "thành phố thông minh. Dự kiến khoảng 400 khách quốc tế từ 60 quốc gia và 500 khách trong nước. Phó Thủ "
                          "tướng Trịnh Đình Dũng phát biểu khai mạc ngày 26/11/2018.",
        "description_en": "Four plenary sessions and 35 dialogues on the fourth industrial revolution and smart city planning. About "
                          "400 international guests from 60 countries and 500 Vietnamese guests expected. Deputy Prime Minister "
                          "Trinh Dinh Dung opened it on 26/11/2018.",
        "outcomes_vi": "Giới thiệu tiềm năng và cơ hội hợp tác đầu tư của Bình Dương; kết nối doanh nghiệp trong tỉnh với mạng lưới "
                       "đối tác quốc tế của Horasis.",
        "outcomes_en": "Binh Duong's potential and investment opportunities presented; local firms connected with Horasis's network.",
        "items": ["II.1.2", "II.2.1"],
        "participants": [("DOFA", "organiser", ""), ("PPC", "organiser", "Trần Thanh Liêm – Chủ tịch UBND tỉnh"),
                         ("HORASIS", "co_organiser", "Frank-Jürgen Richter – Chủ tịch Horasis"), ("VPUBND", "co_organiser", ""),
                         ("BECAMEX", "co_organiser", ""), ("VPTPTM", "partner", "")],
    },
    {
        "code": "hoi-nghi-tptm-lan-3-2018", "kind": "conference", "status": "planned", "owner": "DOFA",
        "title_vi": "Hội nghị Thành phố Thông minh Bình Dương lần thứ 3 năm 2018",
        "title_en": "3rd Binh Duong Smart City Conference (2018)",
        "starts_on": D(2018, 3, 8), "ends_on": D(2018, 12, 31), "city": "Thủ Dầu Một", "country": "VN",
        "description_vi": "Sở Ngoại vụ phối hợp Văn phòng UBND tỉnh, Tổng Công ty Becamex IDC, Văn phòng Thành phố Thông minh tham "
                          "mưu tổ chức (Kế hoạch 11/KH-BDH, II.1). " + UNSURE_MONTH_VI.format(when="năm 2018")
                          + " Khoảng thời gian hiển thị là thời hạn của Kế hoạch.",
        "description_en": "DOFA with the PPC Office, Becamex IDC and the Smart City Office prepare it (Plan 11/KH-BDH, II.1). "
                          + UNSURE_MONTH_EN.format(when="2018") + " The window shown is the plan's period.",
        "items": ["II.1.2"],
        "participants": [("DOFA", "organiser", ""), ("VPUBND", "co_organiser", ""), ("BECAMEX", "co_organiser", ""),
                         ("VPTPTM", "co_organiser", ""), ("EIPO", "partner", "")],
    },
    {
        "code": "icf-summit-2018-06", "kind": "summit", "status": "planned", "owner": "DOFA",
        "title_vi": "Chuyến công tác tham dự Diễn đàn Cộng đồng Thông minh Thế giới (ICF Global Summit 2018)",
        "title_en": "Trip to the Intelligent Community Forum's Global Summit 2018",
        "starts_on": D(2018, 6, 1), "ends_on": D(2018, 6, 30), "city": "London", "country": "GB",
        "description_vi": "Quảng bá chiến lược phát triển Thành phố Thông minh Bình Dương; Tổng Công ty Becamex IDC, Văn phòng Thành "
                          "phố Thông minh, EIPO – Brainport Eindhoven cùng các cơ quan (Kế hoạch 11/KH-BDH, II.2). Hội nghị thượng đỉnh "
                          "ICF năm 2018 tổ chức tại London. " + UNSURE_MONTH_VI.format(when="tháng 6/2018"),
        "description_en": "Promoting Binh Duong's smart city strategy, with Becamex IDC, the Smart City Office and EIPO – Brainport "
                          "Eindhoven (Plan 11/KH-BDH, II.2). ICF's 2018 Global Summit was held in London. "
                          + UNSURE_MONTH_EN.format(when="June 2018"),
        "items": ["II.2.1", "II.1.3"],
        "participants": [("DOFA", "organiser", ""), ("BECAMEX", "delegate", ""), ("VPTPTM", "delegate", ""),
                         ("EIPO", "partner", ""), ("ICF", "partner", "")],
    },
    {
        "code": "eipo-khu-cn-khcn-2018", "kind": "workshop", "status": "planned", "owner": "DOFA",
        "title_vi": "Làm việc với EIPO – Brainport Eindhoven về hình thành Khu Công nghiệp Khoa học Công nghệ",
        "title_en": "Working sessions with EIPO – Brainport Eindhoven on the S&T industrial park",
        "starts_on": D(2018, 3, 8), "ends_on": D(2018, 12, 31), "city": "Thủ Dầu Một", "country": "VN",
        "description_vi": "Sở Ngoại vụ phối hợp Tổng Công ty Becamex trực tiếp làm việc cùng EIPO – Brainport Eindhoven, Ban Quản lý "
                          "các Khu công nghiệp tỉnh, Ban Quản lý KCN Việt Nam – Singapore (Kế hoạch 11/KH-BDH, II.2). "
                          + UNSURE_MONTH_VI.format(when="năm 2018"),
        "description_en": "DOFA and Becamex work directly with EIPO – Brainport Eindhoven, the Industrial Parks Management Board and "
                          "the VSIP Management Board (Plan 11/KH-BDH, II.2). " + UNSURE_MONTH_EN.format(when="2018"),
        "items": ["II.2.2"],
        "participants": [("DOFA", "organiser", ""), ("BECAMEX", "co_organiser", ""), ("EIPO", "partner", ""),
                         ("BQLKCN", "partner", ""), ("VSIPMB", "partner", "")],
    },
    {
        "code": "eipo-ban-dan-back-end-2018", "kind": "delegation_in", "status": "planned", "owner": "BECAMEX",
        "title_vi": "Chuyên gia EIPO – Brainport Eindhoven làm việc về nghiên cứu khả thi công nghiệp bán dẫn phần Back-End",
        "title_en": "EIPO – Brainport Eindhoven experts' working visit on the semiconductor back-end feasibility study",
        "starts_on": D(2018, 3, 8), "ends_on": D(2018, 12, 31), "city": "Thủ Dầu Một", "country": "VN",
        "description_vi": "Tổng Công ty Becamex trực tiếp phối hợp cùng EIPO – Brainport Eindhoven và các sở, ngành nghiên cứu tính khả "
                          "thi (Kế hoạch 11/KH-BDH, II.11). " + UNSURE_MONTH_VI.format(when="năm 2018"),
        "description_en": "Becamex works directly with EIPO – Brainport Eindhoven and the departments on the feasibility study "
                          "(Plan 11/KH-BDH, II.11). " + UNSURE_MONTH_EN.format(when="2018"),
        "items": ["II.11.1"],
        "participants": [("BECAMEX", "organiser", ""), ("EIPO", "partner", ""), ("DOST", "guest", "")],
    },
]

MEMBERSHIPS = [
    {"network": "WTA", "member": "PPC", "owner": "DOFA", "status": "member", "joined_on": D(2018, 8, 1),
     "membership_class": "Thành viên chính thức", "item": "II.1.2",
     "notes": "Giấy chứng nhận thành viên do Chủ tịch WTA trao tại Daejeon tháng 8/2018 (ngày cụ thể chưa xác minh: ghi ngày đầu "
              "tháng). Đăng cai kỷ niệm 20 năm thành lập WTA, 10–12/10/2018."},
    {"network": "ICF", "member": "PPC", "owner": "VPTPTM", "status": "member", "applied_on": None, "joined_on": D(2018, 10, 1),
     "membership_class": "Smart21 (Smart21 Communities of 2019)", "item": "II.1.3",
     "notes": "Nộp đơn chính thức năm 2018 sau lần thử năm 2017 (Kế hoạch 11/KH-BDH, II.1); ICF công bố danh sách Smart21 "
              "Communities of 2019 vào mùa thu 2018 (ngày cụ thể chưa xác minh: ghi ngày đầu tháng 10/2018)."},
]

MILESTONES = {
    "II.2.2": [
        ("Kế hoạch chi tiết và dự trù kinh phí gửi Ban Điều hành", "Detailed plan and budget estimate to the Executive Board",
         D(2018, 4, 15), D(2018, 4, 13), "Hạn theo Kế hoạch 11/KH-BDH (III.4). Ngày hoàn thành: " + ILLUSTRATIVE),
        ("Làm việc với EIPO – Brainport Eindhoven, BQL các KCN, BQL KCN VSIP về tiêu chuẩn quốc tế",
         "Sessions with EIPO – Brainport Eindhoven, the Industrial Parks and VSIP boards on international standards",
         D(2018, 6, 30), D(2018, 7, 20), ILLUSTRATIVE),
        ("Báo cáo đề xuất mô hình Khu Công nghiệp Khoa học Công nghệ trình Ban Chỉ đạo",
         "Proposal of the S&T industrial park model to the Steering Committee", D(2018, 10, 31), None, ILLUSTRATIVE),
        ("Đề xuất quỹ đất và lộ trình hình thành khu giai đoạn 1", "Land and roadmap proposal for phase 1",
         D(2019, 3, 31), None, ILLUSTRATIVE),
    ],
    "II.11.1": [
        ("Kế hoạch chi tiết và dự trù kinh phí gửi Ban Điều hành", "Detailed plan and budget estimate to the Executive Board",
         D(2018, 4, 15), D(2018, 4, 15), "Hạn theo Kế hoạch 11/KH-BDH (III.4). Ngày hoàn thành: " + ILLUSTRATIVE),
        ("Thống nhất phạm vi nghiên cứu khả thi với EIPO – Brainport Eindhoven", "Scope of the feasibility study agreed with EIPO",
         D(2018, 6, 30), D(2018, 6, 28), ILLUSTRATIVE),
        ("Dự thảo báo cáo nghiên cứu khả thi công nghiệp bán dẫn phần Back-End", "Draft feasibility report on semiconductor back-end",
         D(2018, 11, 30), None, ILLUSTRATIVE),
        ("Hội thảo góp ý báo cáo khả thi với các sở, ngành và Ban Quản lý các KCN", "Review workshop of the feasibility report",
         D(2019, 1, 31), None, ILLUSTRATIVE),
    ],
}

STUDIES = {
    "II.2.2": "Đề cương nghiên cứu hình thành Khu Công nghiệp Khoa học Công nghệ (Tổng Công ty Becamex IDC, EIPO – Brainport "
              "Eindhoven, Ban Quản lý các KCN tỉnh, Ban Quản lý KCN Việt Nam – Singapore)",
    "II.11.1": "Nghiên cứu tính khả thi phát triển công nghiệp bán dẫn phần Back-End tại Bình Dương (Tổng Công ty Becamex IDC – "
               "EIPO – Brainport Eindhoven), bản dự thảo",
}


def _plan():
    from smartcity.programme.models import Plan

    plan = Plan.objects.filter(code="kh-11-2018").first()
    if plan is None:
        from smartcity.programme.services.plan_loader import load_plan_2018

        plan = load_plan_2018()
    return plan


def load() -> dict:
    from smartcity.core.models import Organisation
    from smartcity.programme.models import Attachment, DocumentKind, Event, EventParticipant, Item, Membership, Milestone

    org = {o.code: o for o in Organisation.objects.all()}
    plan = _plan()
    items = {i.number: i for i in Item.objects.filter(plan=plan)}
    counts = {"events": 0, "participants": 0, "memberships": 0, "milestones": 0, "studies": 0}
    for spec in EVENTS:
        spec = dict(spec)
        participants, numbers = spec.pop("participants"), spec.pop("items")
        code, owner = spec.pop("code"), org[spec.pop("owner")]
        event, created = Event.objects.get_or_create(code=code, defaults={**spec, "owner": owner})
        counts["events"] += created
        if created:
            event.items.set([items[n] for n in numbers if n in items])
        for org_code, role, people in participants:
            _, made = EventParticipant.objects.get_or_create(event=event, organisation=org[org_code], role=role,
                                                             defaults={"people": people})
            counts["participants"] += made
    for spec in MEMBERSHIPS:
        spec = dict(spec)
        network, member, owner = org[spec.pop("network")], org[spec.pop("member")], org[spec.pop("owner")]
        spec["item"] = items.get(spec.pop("item"))
        _, created = Membership.objects.get_or_create(network=network, member=member, defaults={**spec, "owner": owner})
        counts["memberships"] += created
    for number, rows in MILESTONES.items():
        item = items.get(number)
        if item is None:
            continue
        for title_vi, title_en, due, done_on, note in rows:
            _, created = Milestone.objects.get_or_create(item=item, title_vi=title_vi,
                                                         defaults={"title_en": title_en, "due": due, "done_on": done_on, "note": note})
            counts["milestones"] += created
    for number, title in STUDIES.items():
        item = items.get(number)
        if item is None:
            continue
        _, created = Attachment.objects.get_or_create(item=item, kind=DocumentKind.STUDY, title=title)
        counts["studies"] += created
    return counts

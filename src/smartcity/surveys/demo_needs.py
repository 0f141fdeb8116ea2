"""Demo: the Department of Planning and Investment's 2026 survey of the needs of enterprises
and investors, sent to ~300 enterprises of the shared register, ~60 % answered, with patterns
that differ by sector, size and foreign investment (garment, textile and footwear firms short
of skilled labour; foreign-invested firms rating procedures lower; small firms short of
capital; manufacturers in the industrial parks pressed by logistics), and three findings
linked to items of the programme. Needs the economy demo's enterprises; none -> nothing."""
from __future__ import annotations

import random
from datetime import timedelta

from django.utils import timezone

DEFINITION = {"sections": [
    {"key": "general", "title_vi": "Thông tin chung", "title_en": "General", "questions": [
        {"key": "outlook", "kind": "single", "required": True,
         "text_vi": "Kế hoạch sản xuất, kinh doanh của doanh nghiệp trong giai đoạn 2026-2028?",
         "text_en": "The enterprise's business plan for 2026-2028?",
         "options": [{"value": "expand", "vi": "Mở rộng quy mô", "en": "Expand"},
                     {"value": "keep", "vi": "Giữ nguyên quy mô", "en": "Keep the current scale"},
                     {"value": "reduce", "vi": "Thu hẹp quy mô", "en": "Reduce"},
                     {"value": "relocate", "vi": "Di dời ra khỏi tỉnh", "en": "Move out of the province"}]},
        {"key": "expand_where", "kind": "single", "required": True,
         "text_vi": "Nếu mở rộng, doanh nghiệp dự kiến mở rộng ở đâu?", "text_en": "If expanding, where?",
         "show_if": {"question": "outlook", "values": ["expand"]},
         "options": [{"value": "same_site", "vi": "Tại địa điểm hiện nay", "en": "At the present site"},
                     {"value": "park_bd", "vi": "Khu công nghiệp khác trong tỉnh Bình Dương", "en": "Another industrial park in Binh Duong"},
                     {"value": "north_bd", "vi": "Các huyện phía Bắc (Bàu Bàng, Bắc Tân Uyên, Phú Giáo, Dầu Tiếng)",
                      "en": "The northern districts (Bau Bang, Bac Tan Uyen, Phu Giao, Dau Tieng)"},
                     {"value": "other_province", "vi": "Tỉnh, thành phố khác", "en": "Another province"}]},
        {"key": "hires", "kind": "number", "required": False, "min": 0, "max": 50000,
         "text_vi": "Số lao động doanh nghiệp dự kiến tuyển thêm trong năm 2026", "text_en": "Workers the enterprise plans to hire in 2026",
         "unit_vi": "người", "unit_en": "people"},
    ]},
    {"key": "difficulties", "title_vi": "Khó khăn, vướng mắc", "title_en": "Difficulties", "questions": [
        {"key": "difficulties", "kind": "multi", "required": True, "other": True, "max_choices": 3,
         "text_vi": "Ba khó khăn lớn nhất của doanh nghiệp hiện nay?", "text_en": "The enterprise's three biggest difficulties today?",
         "options": [{"value": "land", "vi": "Mặt bằng, đất đai sản xuất", "en": "Land and premises"},
                     {"value": "labour", "vi": "Thiếu lao động có tay nghề", "en": "Shortage of skilled labour"},
                     {"value": "logistics", "vi": "Logistics, giao thông vận tải", "en": "Logistics and transport"},
                     {"value": "utilities", "vi": "Cung cấp điện, nước", "en": "Power and water supply"},
                     {"value": "procedures", "vi": "Thủ tục hành chính", "en": "Administrative procedures"},
                     {"value": "capital", "vi": "Tiếp cận vốn, tín dụng", "en": "Access to capital and credit"},
                     {"value": "digital", "vi": "Chuyển đổi số", "en": "Digital transformation"}]},
        {"key": "labour_gap", "kind": "scale", "required": True,
         "text_vi": "Mức độ thiếu hụt lao động có tay nghề của doanh nghiệp", "text_en": "How short of skilled labour is the enterprise?",
         "scale": {"min": 1, "max": 5, "labels": [{"value": 1, "vi": "Không thiếu", "en": "Not short"},
                                                  {"value": 3, "vi": "Thiếu vừa phải", "en": "Somewhat short"},
                                                  {"value": 5, "vi": "Thiếu rất nghiêm trọng", "en": "Severely short"}]}},
        {"key": "procedures", "kind": "scale", "required": True,
         "text_vi": "Mức độ hài lòng với việc giải quyết thủ tục hành chính về đầu tư, đất đai, xây dựng",
         "text_en": "Satisfaction with the handling of investment, land and construction procedures",
         "scale": {"min": 1, "max": 5, "labels": [{"value": 1, "vi": "Rất không hài lòng", "en": "Very dissatisfied"},
                                                  {"value": 2, "vi": "Không hài lòng", "en": "Dissatisfied"},
                                                  {"value": 3, "vi": "Bình thường", "en": "Neutral"},
                                                  {"value": 4, "vi": "Hài lòng", "en": "Satisfied"},
                                                  {"value": 5, "vi": "Rất hài lòng", "en": "Very satisfied"}]}},
    ]},
    {"key": "smartcity", "title_vi": "Thành phố thông minh và hạ tầng", "title_en": "Smart city and infrastructure", "questions": [
        {"key": "services", "kind": "multi", "required": False,
         "text_vi": "Doanh nghiệp cần những dịch vụ thành phố thông minh nào?", "text_en": "Which smart-city services does the enterprise need?",
         "options": [{"value": "eservices", "vi": "Dịch vụ công trực tuyến toàn trình", "en": "Fully online public services"},
                     {"value": "shared_data", "vi": "Cơ sở dữ liệu doanh nghiệp dùng chung (khai báo một lần)", "en": "Shared enterprise database (declare once)"},
                     {"value": "traffic", "vi": "Thông tin giao thông, logistics theo thời gian thực", "en": "Real-time traffic and logistics information"},
                     {"value": "environment", "vi": "Dữ liệu quan trắc môi trường", "en": "Environmental monitoring data"},
                     {"value": "jobs", "vi": "Sàn kết nối việc làm, đào tạo nghề", "en": "Job matching and vocational training platform"},
                     {"value": "connectivity", "vi": "Hạ tầng 5G, wifi công cộng", "en": "5G and public Wi-Fi"}]},
        {"key": "in_park", "kind": "single", "required": True,
         "text_vi": "Doanh nghiệp có đặt nhà máy, cơ sở trong khu công nghiệp không?", "text_en": "Is the enterprise located in an industrial park?",
         "options": [{"value": "yes", "vi": "Có", "en": "Yes"}, {"value": "no", "vi": "Không", "en": "No"}]},
        {"key": "park_infra", "kind": "matrix", "required": True,
         "text_vi": "Mức độ hài lòng với hạ tầng khu công nghiệp", "text_en": "Satisfaction with the industrial park's infrastructure",
         "show_if": {"question": "in_park", "values": ["yes"]},
         "scale": {"min": 1, "max": 5, "labels": [{"value": 1, "vi": "Rất kém", "en": "Very poor"}, {"value": 5, "vi": "Rất tốt", "en": "Very good"}]},
         "rows": [{"value": "roads", "vi": "Đường nội khu, kết nối giao thông", "en": "Internal roads and connections"},
                  {"value": "power", "vi": "Cấp điện", "en": "Power supply"},
                  {"value": "water", "vi": "Cấp nước", "en": "Water supply"},
                  {"value": "wastewater", "vi": "Xử lý nước thải", "en": "Wastewater treatment"},
                  {"value": "telecom", "vi": "Viễn thông, internet", "en": "Telecom and internet"},
                  {"value": "housing", "vi": "Nhà ở cho công nhân", "en": "Housing for workers"}]},
        {"key": "priorities", "kind": "matrix", "required": True,
         "text_vi": "Mức độ ưu tiên tỉnh nên dành cho từng vấn đề", "text_en": "How much priority the province should give each issue",
         "scale": {"min": 1, "max": 5, "labels": [{"value": 1, "vi": "Thấp", "en": "Low"}, {"value": 5, "vi": "Rất cao", "en": "Very high"}]},
         "rows": [{"value": "land", "vi": "Quỹ đất, mặt bằng", "en": "Land and premises"},
                  {"value": "labour", "vi": "Đào tạo, cung ứng lao động", "en": "Training and supply of labour"},
                  {"value": "logistics", "vi": "Logistics, giao thông", "en": "Logistics and transport"},
                  {"value": "utilities", "vi": "Điện, nước", "en": "Power and water"},
                  {"value": "procedures", "vi": "Cải cách thủ tục hành chính", "en": "Reform of procedures"},
                  {"value": "capital", "vi": "Tiếp cận vốn", "en": "Access to capital"},
                  {"value": "digital", "vi": "Chuyển đổi số", "en": "Digital transformation"}]},
        {"key": "suggestions", "kind": "text", "required": False, "max_length": 2000,
         "text_vi": "Kiến nghị, đề xuất của doanh nghiệp với tỉnh", "text_en": "The enterprise's proposals to the province"},
    ]},
]}

SUGGESTIONS = [
    "Đề nghị rút ngắn thời gian thẩm định thiết kế phòng cháy chữa cháy cho nhà xưởng mở rộng.",
    "Cần thêm tuyến xe buýt đưa đón công nhân từ Thủ Dầu Một lên khu công nghiệp Bàu Bàng.",
    "Mong tỉnh sớm hoàn thành đường Vành đai 3 và Vành đai 4 để giảm chi phí vận chuyển ra cảng Cát Lái.",
    "Đề nghị có chương trình đào tạo nghề may, cơ khí gắn với doanh nghiệp tại các trường cao đẳng trong tỉnh.",
    "Thủ tục điều chỉnh giấy chứng nhận đăng ký đầu tư còn kéo dài, cần làm trực tuyến toàn trình.",
    "Cần hỗ trợ doanh nghiệp nhỏ tiếp cận gói vay ưu đãi chuyển đổi số.",
    "Áp lực nhà ở cho công nhân rất lớn, đề nghị phát triển thêm nhà ở xã hội gần khu công nghiệp.",
    "Điện áp không ổn định vào giờ cao điểm mùa khô ảnh hưởng dây chuyền sản xuất.",
    "Đề nghị kết nối dữ liệu doanh nghiệp giữa các sở để không phải nộp lại cùng một hồ sơ nhiều lần.",
    "Please publish procedures and forms in English for foreign investors.",
    "Cần thông tin quy hoạch đất công nghiệp rõ ràng, công khai trên bản đồ số.",
    "Đề nghị tăng tần suất kiểm tra chất lượng nước thải đầu ra của khu công nghiệp.",
]

LABOUR_HEAVY = {"13", "14", "15", "16", "31", "32"}  # textiles, garments, footwear, wood, furniture, other manufacturing
LOGISTICS_HEAVY = {"10", "22", "24", "25", "26", "27", "28", "29", "49", "52"}


def _division(code: str) -> str:
    return code[:2] if code and code[0].isdigit() else ""


def _answers(rng: random.Random, e, profile: dict, division: str) -> dict:
    """Plausible answers of one enterprise: weights lean by sector, size and investment."""
    size, fdi, in_park = profile.get("size"), bool(profile.get("fdi")), bool(profile.get("park"))
    garment = division in LABOUR_HEAVY
    a: dict = {}
    a["outlook"] = rng.choices(["expand", "keep", "reduce", "relocate"],
                               [0.45 if fdi else 0.32, 0.4, 0.12 if size in ("micro", "small") else 0.08, 0.04])[0]
    if a["outlook"] == "expand":
        a["expand_where"] = rng.choices(["same_site", "park_bd", "north_bd", "other_province"], [0.3, 0.3, 0.3, 0.1])[0]
    employees = e.employees or 20
    if rng.random() < 0.8:
        a["hires"] = max(0, int(employees * rng.uniform(0.0, 0.25 if garment else 0.12)))
    w = {"land": 0.35, "labour": 0.30, "logistics": 0.30, "utilities": 0.18, "procedures": 0.30, "capital": 0.25, "digital": 0.20}
    if garment:
        w["labour"] = 0.85
    if division in LOGISTICS_HEAVY or in_park:
        w["logistics"] += 0.25
    if size in ("micro", "small"):
        w["capital"], w["land"] = 0.6, 0.45
    if fdi:
        w["procedures"], w["capital"] = 0.55, 0.08
    if size == "large":
        w["digital"] += 0.15
    picked = [k for k, p in sorted(w.items(), key=lambda kv: -kv[1] * rng.random()) if rng.random() < p][:3]
    a["difficulties"] = [k for k in w if k in (picked or ["procedures"])]
    if rng.random() < 0.04:
        a["difficulties"] = a["difficulties"][:2] + ["other"]
        a["difficulties:other"] = rng.choice(["Chi phí nhà ở cho công nhân tăng cao", "Đơn hàng xuất khẩu giảm",
                                              "Tiêu chuẩn xanh của thị trường EU"])
    base_gap = 4.1 if garment else 2.7
    a["labour_gap"] = min(5, max(1, round(rng.gauss(base_gap + (0.3 if size == "large" else 0), 0.8))))
    a["procedures"] = min(5, max(1, round(rng.gauss(2.7 if fdi else 3.6, 0.85))))
    a["services"] = [k for k, p in (("eservices", 0.7), ("shared_data", 0.55), ("traffic", 0.5 if in_park else 0.3),
                                     ("environment", 0.2), ("jobs", 0.65 if garment else 0.3), ("connectivity", 0.35)) if rng.random() < p]
    a["in_park"] = "yes" if in_park else "no"
    if in_park:
        a["park_infra"] = {"roads": _pt(rng, 3.7), "power": _pt(rng, 3.4), "water": _pt(rng, 3.9), "wastewater": _pt(rng, 3.5),
                           "telecom": _pt(rng, 4.0), "housing": _pt(rng, 2.4)}
    pr = {k: 3.0 for k in ("land", "labour", "logistics", "utilities", "procedures", "capital", "digital")}
    for k in a["difficulties"]:
        if k in pr:
            pr[k] = 4.4
    a["priorities"] = {k: _pt(rng, v) for k, v in pr.items()}
    if rng.random() < 0.3:
        a["suggestions"] = rng.choice(SUGGESTIONS)
    return a


def _pt(rng, mean: float) -> int:
    return min(5, max(1, round(rng.gauss(mean, 0.8))))


FINDINGS = [
    {"title_vi": "Thiếu lao động có tay nghề ở ngành dệt may, da giày",
     "title_en": "Skilled labour shortage in textiles, garments and footwear",
     "text_vi": "Các doanh nghiệp dệt may, da giày chọn 'thiếu lao động có tay nghề' nhiều gấp đôi các ngành khác và chấm mức thiếu hụt trung bình trên 4/5. Đề nghị gắn chương trình đào tạo nghề của các trường với nhu cầu của doanh nghiệp và sàn kết nối việc làm.",
     "text_en": "Textile, garment and footwear firms name the skilled labour shortage twice as often as other sectors and rate it above 4/5 on average. Tie the colleges' vocational training to the firms' needs and a job-matching platform.",
     "evidence": ["difficulties", "labour_gap", "hires"], "severity": "high", "priority": 1, "items": ["II.12.2"]},
    {"title_vi": "Doanh nghiệp FDI đánh giá thấp thủ tục hành chính về đầu tư, đất đai",
     "title_en": "Foreign-invested firms rate investment and land procedures low",
     "text_vi": "Điểm hài lòng trung bình về thủ tục của doanh nghiệp có vốn đầu tư nước ngoài thấp hơn khoảng một bậc so với doanh nghiệp trong nước. Cơ sở dữ liệu doanh nghiệp dùng chung và dịch vụ công trực tuyến toàn trình được nêu nhiều nhất.",
     "text_en": "Foreign-invested firms' mean satisfaction with procedures is about one point below domestic firms'. The shared enterprise database and fully online services are the most requested.",
     "evidence": ["procedures", "services"], "severity": "high", "priority": 1, "items": ["II.5"]},
    {"title_vi": "Logistics và giao thông là áp lực của doanh nghiệp trong khu công nghiệp",
     "title_en": "Logistics and transport weigh on firms in the industrial parks",
     "text_vi": "Doanh nghiệp trong khu công nghiệp nêu khó khăn logistics nhiều hơn và mong có thông tin giao thông theo thời gian thực; nhà ở công nhân là hạ tầng bị đánh giá thấp nhất.",
     "text_en": "Firms in the parks report logistics difficulties more often and ask for real-time traffic information; workers' housing is the lowest-rated infrastructure.",
     "evidence": ["difficulties", "park_infra", "priorities"], "severity": "medium", "priority": 2, "items": ["II.4.1"]},
]


def load() -> dict:
    from simple_history.utils import bulk_create_with_history

    from smartcity.core.models import Organisation, User
    from smartcity.economy.models import Enterprise
    from smartcity.programme.models import Item
    from smartcity.surveys import services
    from smartcity.surveys.models import Campaign, Channel, Finding, Questionnaire, Recipient, RecipientState

    if Questionnaire.objects.filter(code="dpi-nhu-cau-doanh-nghiep-2026").exists():
        return {"questionnaires": 0, "recipients": 0, "submitted": 0, "findings": 0}
    enterprises = list(Enterprise.objects.filter(status="active").select_related("industrial_park", "main_sector").order_by("pk"))
    if not enterprises:
        return {"questionnaires": 0, "recipients": 0, "submitted": 0, "findings": 0}
    dpi = Organisation.objects.get(code="DPI")
    rng = random.Random(2026)
    q = services.create_questionnaire(
        dpi, "dpi-nhu-cau-doanh-nghiep-2026", "Khảo sát nhu cầu của doanh nghiệp và nhà đầu tư năm 2026",
        "Survey of the needs of enterprises and investors 2026", definition=DEFINITION,
        description_vi="Sở Kế hoạch và Đầu tư tìm hiểu nhu cầu thực tế của doanh nghiệp, nhà đầu tư để đề xuất giải pháp hỗ trợ.",
        description_en="The Department of Planning and Investment studies the real needs of enterprises and investors.")
    version = services.publish(q.latest())
    now = timezone.now()
    campaign = Campaign.objects.create(
        owner=dpi, version=version, title_vi="Khảo sát nhu cầu của doanh nghiệp và nhà đầu tư năm 2026",
        title_en="Survey of the needs of enterprises and investors 2026",
        intro_vi="Nhằm nắm bắt nhu cầu thực tế của cộng đồng doanh nghiệp, nhà đầu tư để tham mưu Ủy ban nhân dân tỉnh các giải pháp hỗ trợ "
                 "trong Đề án xây dựng thành phố thông minh Bình Dương, Sở Kế hoạch và Đầu tư trân trọng đề nghị Quý doanh nghiệp dành "
                 "khoảng 10 phút trả lời phiếu khảo sát. Thông tin chỉ dùng cho mục đích tổng hợp, không công bố tên doanh nghiệp.",
        intro_en="To understand the real needs of enterprises and investors and advise the Provincial People's Committee within the Binh "
                 "Duong Smart City scheme, the Department of Planning and Investment kindly asks you to spend about 10 minutes on this "
                 "survey. Answers are only used in aggregate; enterprise names are not published.",
        opens_at=now - timedelta(days=40), closes_at=now + timedelta(days=25), open_link=True,
        contact="Phòng Doanh nghiệp, kinh tế tập thể và tư nhân – Sở Kế hoạch và Đầu tư, ĐT 0274 3822 xxx".replace("xxx", "519"))
    # a sample of ~300 active enterprises, every one of them a real record of the register
    sample = rng.sample(enterprises, min(300, len(enterprises)))
    sample.sort(key=lambda e: e.pk)
    profiles = services.enterprise_profiles(sample)
    sent_at = campaign.opens_at + timedelta(hours=2)
    recipients, submitted = [], 0
    for e in sample:
        p = profiles[e.pk]
        fate = rng.random()
        r = Recipient(campaign=campaign, enterprise=e, email=e.contact_email or "", profile=p, sent_at=sent_at,
                      state=RecipientState.SENT)
        if fate < 0.6:
            t = sent_at + timedelta(days=rng.uniform(0.5, 35), minutes=rng.randint(0, 600))
            r.answers = _answers(rng, e, p, _division(e.main_sector.code if e.main_sector_id else ""))
            r.state, r.opened_at, r.saved_at, r.submitted_at = RecipientState.SUBMITTED, t - timedelta(minutes=12), t, t
            submitted += 1
        elif fate < 0.68:
            t = sent_at + timedelta(days=rng.uniform(1, 30))
            full = _answers(rng, e, p, "")
            r.answers = {k: full[k] for k in ("outlook", "hires", "difficulties") if k in full}
            r.state, r.opened_at, r.saved_at = RecipientState.PARTIAL, t, t
        elif fate < 0.8:
            r.state, r.opened_at = RecipientState.OPENED, sent_at + timedelta(days=rng.uniform(1, 30))
        if r.state != RecipientState.SUBMITTED and fate > 0.68 and rng.random() < 0.7:
            r.reminders, r.reminded_at = 1, sent_at + timedelta(days=14)
        recipients.append(r)
    bulk_create_with_history(recipients, Recipient, batch_size=500)
    # a few anonymous answers from the open link published on the department's website
    open_ones = []
    for i in range(6):
        t = sent_at + timedelta(days=3 + i * 4)
        a = _answers(rng, type("E", (), {"employees": 30})(), {"size": "small", "fdi": False, "park": ""}, "")
        open_ones.append(Recipient(campaign=campaign, channel=Channel.OPEN, state=RecipientState.SUBMITTED, answers=a,
                                   opened_at=t, saved_at=t, submitted_at=t))
    bulk_create_with_history(open_ones, Recipient)
    author = User.objects.filter(username="dpi.thao").first()
    findings = 0
    for f in FINDINGS:
        finding = Finding.objects.create(owner=dpi, campaign=campaign, title_vi=f["title_vi"], title_en=f["title_en"], text_vi=f["text_vi"],
                                         text_en=f["text_en"], evidence=f["evidence"], severity=f["severity"], priority=f["priority"],
                                         author=author)
        items = list(Item.objects.filter(number__in=f["items"]))
        if items:
            finding.programme_items.set(items)
        findings += 1
    return {"questionnaires": 1, "recipients": len(recipients) + len(open_ones), "submitted": submitted + len(open_ones),
            "findings": findings}

"""Demo data: the ICF applications of Binh Duong 2017-2023 (a trial in 2017, submitted in 2018,
Smart21 five years in a row 2019-2023, Top7 in 2021, 2022 and 2023; co-host of the 2022 Top7
event), the 2018 questions assigned to departments and answered (most approved, some
returned, a few still with the Office or in draft), evidence including live KPIs, and
SELF-ASSESSED factor scores per year (estimates of the Smart City Office, not ICF's
published scores). Idempotent."""
import datetime as dt

from django.core.files.base import ContentFile

APPLICATIONS = [  # year, stage, due date, submitted on, notes (vi)
    (2017, "trial", dt.date(2017, 10, 15), None,
     "Hồ sơ thử nghiệm: Văn phòng Thành phố Thông minh trả lời bộ câu hỏi để tự đánh giá trước khi nộp chính thức."),
    (2018, "submitted", dt.date(2018, 10, 15), dt.date(2018, 10, 12),
     "Hồ sơ chính thức đầu tiên theo Kế hoạch 11/KH-BDH (mục II.1); các sở trả lời theo phân công."),
    (2019, "smart21", dt.date(2019, 10, 15), dt.date(2019, 10, 10), "Lọt vào danh sách Smart21 lần đầu."),
    (2020, "smart21", dt.date(2020, 10, 15), dt.date(2020, 10, 9), "Smart21 năm thứ hai liên tiếp."),
    (2021, "top7", dt.date(2021, 10, 15), dt.date(2021, 10, 8), "Top7 lần đầu tiên — địa phương đầu tiên của Việt Nam."),
    (2022, "top7", dt.date(2022, 10, 15), dt.date(2022, 10, 7),
     "Top7 năm thứ hai; Bình Dương đồng tổ chức sự kiện Top7 của ICF năm 2022."),
    (2023, "top7", dt.date(2023, 10, 15), dt.date(2023, 10, 6), "Smart21 năm thứ năm liên tiếp, Top7 năm thứ ba."),
]

# self-assessed scores (0-100) by dimension: broadband, knowledge workforce, innovation,
# engagement, inclusion, sustainability. 2018 is below 2017 on sustainability (the
# industrial-park wastewater backlog), so the plan's goal is not met that year.
SCORES = {
    2017: (58, 52, 55, 50, 48, 54),
    2018: (64, 57, 61, 58, 53, 53),
    2019: (68, 60, 65, 63, 57, 59),
    2020: (72, 63, 68, 67, 61, 63),
    2021: (77, 68, 73, 72, 66, 68),
    2022: (80, 71, 76, 76, 69, 71),
    2023: (82, 73, 78, 79, 72, 74),
}
DIMS = ("broadband", "knowledge-workforce", "innovation", "engagement", "inclusion", "sustainability")

# 2018 answers: number -> (status, value, number, narrative, review comment)
ANSWERS_2018 = {
    "B1": ("accepted", "", 82, "Theo số liệu các doanh nghiệp viễn thông (VNPT, Viettel, FPT) báo cáo Sở Thông tin và Truyền thông.", ""),
    "B2": ("accepted", "", 46.5, "Thuê bao băng rộng cố định trên tổng số hộ gia đình, tháng 9/2018.", ""),
    "B3": ("accepted", "", 620, "Điểm Wi-Fi miễn phí tại khu hành chính, công viên, bến xe và khu công nghiệp.", ""),
    "B4": ("returned", "", None,
           "Tỉnh khuyến khích doanh nghiệp viễn thông dùng chung hạ tầng, ngầm hóa cáp tại Thành phố mới Bình Dương.",
           "Bổ sung số km cáp quang đã ngầm hóa và danh sách khu công nghiệp đã phủ cáp quang."),
    "K1": ("accepted", "", 71.3, "Số liệu của Sở Lao động – Thương binh và Xã hội năm 2018.", ""),
    "K2": ("accepted", "partly", None, "Một số trường THPT có câu lạc bộ STEM và tham quan doanh nghiệp tại VSIP.", ""),
    "K3": ("submitted", "", None,
           "Trường Đại học Thủ Dầu Một, Đại học Việt Đức và Cao đẳng nghề Việt Nam – Singapore ký kết đào tạo theo đơn đặt hàng "
           "với doanh nghiệp trong các khu công nghiệp; sinh viên thực tập tại Becamex IDC và các doanh nghiệp FDI.", ""),
    "I1": ("accepted", "", 24, "Doanh nghiệp khởi nghiệp được Sở Khoa học và Công nghệ hỗ trợ qua Đề án 844.", ""),
    "I2": ("accepted", "", None,
           "Vườn ươm doanh nghiệp công nghệ tại Thành phố mới Bình Dương; không gian sáng tạo tại Trường Đại học Thủ Dầu Một; "
           "cuộc thi khởi nghiệp hằng năm của tỉnh.", ""),
    "I3": ("returned", "", 95, "", "Tách riêng số dịch vụ mức độ 3 và mức độ 4; đính kèm quyết định công bố danh mục."),
    "E1": ("accepted", "", 88, "Điểm bưu điện văn hóa xã và thư viện có máy tính nối mạng.", ""),
    "E2": ("accepted", "", None,
           "Lớp tin học miễn phí cho công nhân tại nhà văn hóa khu công nghiệp và cho người cao tuổi tại các phường.", ""),
    "E3": ("draft", "partly", None, "", ""),
    "S1": ("accepted", "", 9, "Trạm quan trắc không khí và nước mặt tự động truyền dữ liệu về Sở.", ""),
    "S2": ("accepted", "", 78.4, "Tính theo VN_AQI giờ của các trạm tự động.", ""),
    "S3": ("accepted", "", None,
           "Nâng cấp Trạm điều hành hệ thống quan trắc tự động; giám sát nước thải các khu công nghiệp; tuyến xe buýt mới "
           "nối Thành phố mới với các khu đô thị.", ""),
    "A1": ("accepted", "", None,
           "Hội nghị Thành phố Thông minh Bình Dương lần thứ 3, trang thông tin smartcity.binhduong.gov.vn, hợp tác với EIPO – "
           "Brainport Eindhoven.", ""),
    "A2": ("submitted", "", 6, "Hội nghị WTA, Horasis châu Á, Hội nghị thượng đỉnh ICF tháng 6/2018 tại London.", ""),
    "A3": ("accepted", "WTA (thành viên), ICF (thành viên), mạng lưới Brainport", None, "", ""),
}
KPI_EVIDENCE = {"B3": "hub.assets.wifi-hotspot", "S1": "env.stations_reporting", "S2": "env.aqi_good_share", "K3": "programme.helix_full"}
LINK_EVIDENCE = {
    "A1": ("Cổng thông tin Thành phố Thông minh Bình Dương", "https://smartcity.binhduong.gov.vn/"),
    "I3": ("Cổng dịch vụ công tỉnh Bình Dương", "https://dichvucong.binhduong.gov.vn/"),
}


def load() -> dict:
    from django.urls import Resolver404, resolve

    from smartcity.core.models import Organisation
    from smartcity.programme.models import IcfAnswer, IcfApplication, IcfEvidence, IcfScore
    from smartcity.programme.services import icf, kpis

    counts = {"applications": 0, "assignments": 0, "answers": 0, "evidence": 0, "scores": 0}
    if not Organisation.objects.filter(code=icf.OFFICE_CODE).exists():
        return counts
    icf.ensure_frameworks()
    office = Organisation.objects.get(code=icf.OFFICE_CODE)
    apps = {}
    for year, stage, due, submitted, notes in APPLICATIONS:
        app = IcfApplication.objects.filter(year=year).first()
        if app is None:
            app = IcfApplication.objects.create(year=year, owner=office, framework=icf.framework_for_year(year), stage=stage,
                                                due_date=due, submitted_on=submitted, notes=notes)
            counts["applications"] += 1
        apps[year] = app
    for year in (2017, 2018):
        counts["assignments"] += icf.assign_defaults(apps[year], due_date=dt.date(year, 9, 15))["created"]

    dataset = next((p for p in ("/api/hub/assets/", "/api/environment/stations/", "/programme/icf/compare/")
                    if _resolves(p, resolve, Resolver404)), "")
    app = apps[2018]
    for a in app.assignments.select_related("question", "organisation"):
        spec = ANSWERS_2018.get(a.question.number)
        if spec is None or IcfAnswer.objects.filter(assignment=a).exists():
            continue
        status, value, number, narrative, comment = spec
        submitted_at = dt.datetime(2018, 9, 10, 9, 0, tzinfo=dt.timezone.utc) if status != "draft" else None
        reviewed_at = dt.datetime(2018, 9, 20, 15, 0, tzinfo=dt.timezone.utc) if status in ("accepted", "returned") else None
        ans = IcfAnswer.objects.create(assignment=a, owner=a.organisation, value=value, number=number, narrative=narrative,
                                       status=status, submitted_at=submitted_at, reviewed_at=reviewed_at, review_comment=comment)
        counts["answers"] += 1
        num = a.question.number
        if num in KPI_EVIDENCE:
            key = KPI_EVIDENCE[num]
            IcfEvidence.objects.create(answer=ans, kind="kpi", title=kpis.label(key), kpi=key, kpi_value=kpis.value(key))
            counts["evidence"] += 1
        if num in LINK_EVIDENCE:
            title, url = LINK_EVIDENCE[num]
            IcfEvidence.objects.create(answer=ans, kind="link", title=title, url=url)
            counts["evidence"] += 1
        if num == "S1" and dataset:
            IcfEvidence.objects.create(answer=ans, kind="dataset", title="Dữ liệu các trạm quan trắc trên nền tảng", url=dataset)
            counts["evidence"] += 1
        if num == "B3":
            ev = IcfEvidence(answer=ans, kind="file", title="Danh sách điểm Wi-Fi công cộng (9/2018)")
            csv = ("huyen_thi,so_diem\nThủ Dầu Một,142\nThuận An,118\nDĩ An,109\nBến Cát,84\nTân Uyên,77\n"
                   "Bàu Bàng,31\nPhú Giáo,22\nDầu Tiếng,21\nBắc Tân Uyên,16\n")
            ev.file.save("diem-wifi-cong-cong-2018.csv", ContentFile(csv.encode("utf-8")), save=False)
            ev.save()
            counts["evidence"] += 1

    for year, values in SCORES.items():
        factors = {f.dimension: f for f in apps[year].framework.factors.all()}
        for dim, score in zip(DIMS, values):
            _obj, created = IcfScore.objects.get_or_create(
                application=apps[year], factor=factors[dim], source=IcfScore.Source.SELF,
                defaults={"score": score, "comment": "Tự đánh giá của Văn phòng Thành phố Thông minh (không phải điểm ICF công bố)."})
            counts["scores"] += created
    return counts


def _resolves(path, resolve, error) -> bool:
    try:
        resolve(path)
        return True
    except error:
        return False

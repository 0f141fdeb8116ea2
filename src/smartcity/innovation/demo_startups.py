"""Demo startup ecosystem of Binh Duong: the Community Initiative and Startup Support Centre
(an organisation under DOST, with one editor), six startup centres with coordinates, twenty
mentors, forty startups (agritech, edtech, logistics, IoT for the industrial parks, fintech,
smart home...) founded by students and alumni of TDMU, EIU, VGU and VSVC, their teams,
products and funding, a 2025 acceleration cohort and the 2026 incubation cohort with
milestones, mentoring sessions and the year's events.

Deterministic (random.Random(86)); a second load stores nothing new."""
from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from smartcity.core.models import AdministrativeUnit, Organisation, Role, User
from smartcity.innovation import models as m
from smartcity.innovation.services import CENTRE_CODE
from smartcity.innovation.textsearch import fold

CENTRE_ORG = (CENTRE_CODE, "TT HTKN&SKCĐ", "Trung tâm Hỗ trợ Khởi nghiệp và Sáng kiến Cộng đồng",
              "Community Initiative and Startup Support Centre")
CENTRE_USER = ("tthtkn.vy", "Vy", "Đặng Tường")

CENTRES = [
    ("tt-ho-tro-khoi-nghiep", "Trung tâm Hỗ trợ Khởi nghiệp và Sáng kiến Cộng đồng", "Community Initiative and Startup Support Centre",
     "public", CENTRE_CODE, "Tháp A, Trung tâm Hành chính tập trung tỉnh, phường Bình Dương", 11.0546, 106.6679,
     "Ươm tạo, kết nối cố vấn, hỗ trợ sở hữu trí tuệ, tiếp nhận sáng kiến cộng đồng"),
    ("vuon-uom-tdmu", "Vườn ươm Khởi nghiệp Đổi mới Sáng tạo Trường Đại học Thủ Dầu Một", "TDMU Startup Incubator",
     "university", "TDMU", "06 Trần Văn Ơn, phường Phú Lợi", 10.9807, 106.6744,
     "Không gian làm việc chung, cuộc thi ý tưởng sinh viên, phòng thí nghiệm nông nghiệp công nghệ cao"),
    ("eiu-innovation-hub", "Trung tâm Đổi mới Sáng tạo Trường Đại học Quốc tế Miền Đông", "EIU Innovation Hub",
     "university", "EIU", "Đường Nam Kỳ Khởi Nghĩa, Khu đô thị mới, phường Bình Dương", 11.0519, 106.6652,
     "Phòng thí nghiệm cơ điện tử và IoT, kết nối doanh nghiệp Becamex"),
    ("vgu-incubator", "Vườn ươm Công nghệ Trường Đại học Việt Đức", "VGU Technology Incubator",
     "university", "VGU", "Đường Vành đai 4, phường Thới Hòa", 11.1071, 106.6136,
     "Chương trình khởi nghiệp kỹ thuật, kết nối chuyên gia Đức"),
    ("becamex-innovation", "Trung tâm Đổi mới Sáng tạo Bình Dương (Becamex)", "Binh Duong Innovation Centre (Becamex)",
     "enterprise", "BECAMEX", "Trung tâm Hội nghị và Triển lãm Thành phố mới Bình Dương, phường Bình Dương", 11.0565, 106.6707,
     "Thử nghiệm giải pháp đô thị thông minh, kết nối khu công nghiệp, quỹ đầu tư"),
    ("vsvc-maker-space", "Không gian Sáng chế Trường Cao đẳng nghề Việt Nam – Singapore", "VSVC Maker Space",
     "coworking", "VSVC", "Đại lộ Bình Dương, phường Thuận Giao", 10.9431, 106.7021,
     "Xưởng chế tạo mẫu, in 3D, gia công CNC cho dự án khởi nghiệp"),
]

WEBSITES = {"tt-ho-tro-khoi-nghiep": "https://sokhcn.binhduong.gov.vn", "vuon-uom-tdmu": "https://tdmu.edu.vn",
            "eiu-innovation-hub": "https://eiu.edu.vn", "vgu-incubator": "https://vgu.edu.vn",
            "becamex-innovation": "https://becamex.com.vn", "vsvc-maker-space": "https://vsvc.edu.vn"}

MENTORS = [
    ("Nguyễn Văn Hiếu", "Nông nghiệp công nghệ cao, IoT tưới tiêu", "TDMU"),
    ("Trần Thị Bích Ngọc", "Gọi vốn và tài chính khởi nghiệp", None, "Quỹ Đầu tư Khởi nghiệp Sáng tạo Phía Nam"),
    ("Lê Minh Tuấn", "Chuỗi cung ứng và logistics khu công nghiệp", "BECAMEX"),
    ("Phạm Hoàng Nam", "Điện toán đám mây, kiến trúc phần mềm", "EIU"),
    ("Dr. Markus Weber", "Kỹ thuật cơ khí và sản xuất thông minh", "VGU"),
    ("Võ Thị Thanh Tâm", "Marketing số và thương mại điện tử", None, "Hội Doanh nhân trẻ tỉnh Bình Dương"),
    ("Huỳnh Quốc Bảo", "Sở hữu trí tuệ và chuyển giao công nghệ", "DOST"),
    ("Đỗ Minh Khang", "Trí tuệ nhân tạo, thị giác máy tính", "EIU"),
    ("Ngô Thị Kim Oanh", "Giáo dục STEM và công nghệ giáo dục", "TDMU"),
    ("Bùi Văn Lực", "Tự động hóa, PLC và cảm biến công nghiệp", "VSVC"),
    ("Trịnh Công Sơn Hà", "Pháp lý doanh nghiệp và hợp đồng đầu tư", None, "Đoàn Luật sư tỉnh Bình Dương"),
    ("Lý Thị Mỹ Duyên", "Thanh toán số và công nghệ tài chính", None, "Ngân hàng TMCP Công Thương – Chi nhánh Bình Dương"),
    ("Phan Đức Thịnh", "Năng lượng tái tạo, điện mặt trời mái nhà", "BECAMEX"),
    ("Mai Anh Thư", "Thiết kế sản phẩm và trải nghiệm người dùng", "EIU"),
    ("Cao Văn Phúc", "Quản trị vận hành nhà máy, tiêu chuẩn ISO", None, "Hiệp hội Doanh nghiệp tỉnh Bình Dương"),
    ("Dr. Anna Schmidt", "Môi trường và kinh tế tuần hoàn", "VGU"),
    ("Đặng Hữu Lộc", "Chế biến nông sản, an toàn thực phẩm", "TDMU"),
    ("Tạ Thị Hồng Nhung", "Quản trị nhân sự và xây dựng đội ngũ", None, "Công ty Cổ phần Tư vấn Nhân lực Thành phố mới"),
    ("Vương Quang Minh", "Dữ liệu lớn và hệ thống thông tin địa lý", "TDMU"),
    ("Hồ Ngọc Trâm", "Xuất khẩu đồ gỗ, tiêu chuẩn FSC", None, "Hiệp hội Chế biến gỗ tỉnh Bình Dương (BIFA)"),
]

# slug, name, tagline, tags, stage, founded (y, m), universities, ward, products
STARTUPS = [
    ("agrisense-dau-tieng", "AgriSense Dầu Tiếng", "Cảm biến độ ẩm đất và tưới nhỏ giọt tự động cho vườn cao su, điều", ["agritech", "iot"], "seed", (2022, 3), ["TDMU"], "Dầu Tiếng", ["Trạm cảm biến đất AS-2", "Ứng dụng Vườn Xanh"]),
    ("fruittrace-lai-thieu", "FruitTrace Lái Thiêu", "Truy xuất nguồn gốc măng cụt, sầu riêng Lái Thiêu bằng mã QR", ["agritech", "traceability"], "growth", (2020, 6), ["TDMU"], "Lái Thiêu", ["Tem QR truy xuất", "Cổng đặt hàng vườn"]),
    ("nam-sach-phu-giao", "Nấm Sạch Phú Giáo", "Nhà nuôi nấm điều khiển vi khí hậu bằng cảm biến", ["agritech", "iot"], "prototype", (2024, 2), ["TDMU"], "Phú Giáo", ["Bộ điều khiển nhà nấm"]),
    ("smartdairy-bau-bang", "SmartDairy Bàu Bàng", "Vòng cổ theo dõi sức khỏe bò sữa cho trang trại hộ gia đình", ["agritech", "iot"], "seed", (2023, 4), ["VGU"], "Bàu Bàng", ["Vòng cổ DairyTag"]),
    ("hydrofarm-tan-uyen", "HydroFarm Tân Uyên", "Rau thủy canh trong container cho bếp ăn khu công nghiệp", ["agritech", "food"], "growth", (2021, 9), ["EIU"], "Tân Uyên", ["Container rau thủy canh 40 feet"]),
    ("agridrone-ben-cat", "AgriDrone Bến Cát", "Dịch vụ phun thuốc và bản đồ sức khỏe cây trồng bằng drone", ["agritech", "drone"], "seed", (2023, 1), ["VGU", "TDMU"], "Bến Cát", ["Dịch vụ phun thuốc", "Bản đồ NDVI"]),
    ("edulab-thu-dau-mot", "EduLab Thủ Dầu Một", "Phòng thí nghiệm ảo Vật lý, Hóa học cho học sinh THCS", ["edtech"], "growth", (2019, 8), ["TDMU"], "Thủ Dầu Một", ["EduLab 3D", "Ngân hàng bài thực hành"]),
    ("skillup-vsip", "SkillUp VSIP", "Học nghề trực tuyến ngắn cho công nhân khu công nghiệp VSIP", ["edtech", "workforce"], "seed", (2022, 10), ["VSVC"], "Thuận Giao", ["Ứng dụng SkillUp", "Khóa vận hành máy CNC"]),
    ("deutschwork", "DeutschWork", "Tiếng Đức chuyên ngành cho kỹ sư và điều dưỡng đi làm việc tại Đức", ["edtech"], "prototype", (2024, 5), ["VGU"], "Thới Hòa", ["Khóa B1 kỹ thuật"]),
    ("stem-kids-di-an", "STEM Kids Dĩ An", "Bộ lắp ráp robot và giáo án STEM cho trường tiểu học", ["edtech", "stem"], "seed", (2021, 11), ["TDMU"], "Dĩ An", ["Bộ robot RoboKit", "Giáo án STEM lớp 4-5"]),
    ("readmore-binh-duong", "ReadMore", "Thư viện sách điện tử cho trường học và công nhân nhà trọ", ["edtech", "culture"], "idea", (2025, 3), ["EIU"], "Tân Đông Hiệp", []),
    ("goship-my-phuoc", "GoShip Mỹ Phước", "Giao hàng chặng cuối cho khu công nghiệp Mỹ Phước", ["logistics"], "growth", (2020, 2), ["EIU"], "Bến Cát", ["Ứng dụng tài xế GoShip", "API đặt giao hàng"]),
    ("coldhub-song-than", "ColdHub Sóng Thần", "Kho lạnh chia sẻ thuê theo pallet gần KCN Sóng Thần", ["logistics", "food"], "seed", (2022, 7), ["VGU"], "Dĩ An", ["Kho lạnh theo giờ", "Cảm biến nhiệt chuỗi lạnh"]),
    ("truckmatch-binh-duong", "TruckMatch Bình Dương", "Ghép chuyến xe tải rỗng chiều về giữa các khu công nghiệp", ["logistics", "platform"], "scale", (2018, 9), ["EIU"], "Thuận An", ["Sàn ghép chuyến", "Ứng dụng chủ xe"]),
    ("icd-connect", "ICD Connect", "Đặt lịch lấy container tại cảng cạn, giảm ùn tắc cổng", ["logistics"], "prototype", (2024, 1), ["EIU"], "Bình Hòa", ["Cổng đặt lịch cổng cảng"]),
    ("shuttlebee", "ShuttleBee", "Đặt xe đưa đón công nhân theo ca, tối ưu tuyến", ["logistics", "mobility"], "seed", (2023, 6), ["VGU"], "Tân Uyên", ["Ứng dụng ShuttleBee"]),
    ("factorypulse", "FactoryPulse", "Giám sát điện năng và khí nén nhà máy trong KCN VSIP II", ["iot", "energy", "industrial"], "growth", (2019, 12), ["VGU"], "Bình Dương", ["Bộ đo FP-Meter", "Bảng điều khiển năng lượng"]),
    ("aquawatch", "AquaWatch", "Quan trắc nước thải tự động cho doanh nghiệp trong khu công nghiệp", ["iot", "environment", "industrial"], "seed", (2022, 4), ["TDMU"], "Tân Đông Hiệp", ["Trạm AquaWatch", "Báo cáo quan trắc tự động"]),
    ("safework-iot", "SafeWork IoT", "Mũ bảo hộ thông minh cảnh báo va chạm và khí độc", ["iot", "industrial", "safety"], "prototype", (2024, 8), ["VSVC", "EIU"], "Thuận Giao", ["Mũ SafeHelm v1"]),
    ("parkeasy", "ParkEasy Thành phố mới", "Cảm biến chỗ đỗ xe và ứng dụng tìm chỗ đỗ", ["iot", "mobility", "smart-city"], "seed", (2023, 2), ["EIU"], "Bình Dương", ["Cảm biến đỗ xe PE-1"]),
    ("airsense-tan-dong-hiep", "AirSense", "Cảm biến bụi mịn giá thấp cho khu dân cư cạnh khu công nghiệp", ["iot", "environment"], "prototype", (2024, 4), ["VGU"], "Tân Đông Hiệp", ["Trạm AirSense mini"]),
    ("machinecare-ai", "MachineCare AI", "Bảo trì dự đoán máy CNC bằng cảm biến rung và học máy", ["iot", "ai", "industrial"], "seed", (2022, 12), ["VGU", "EIU"], "Hòa Lợi", ["Cảm biến rung MC-V", "Phần mềm cảnh báo hỏng hóc"]),
    ("workerpay", "WorkerPay", "Ứng lương theo ngày công cho công nhân, liên kết doanh nghiệp", ["fintech"], "growth", (2020, 10), ["EIU"], "Thuận An", ["Ví WorkerPay"]),
    ("so-tap-hoa", "Sổ Tạp Hóa", "Sổ bán hàng và công nợ số cho tiệm tạp hóa khu nhà trọ", ["fintech", "retail"], "seed", (2021, 5), ["TDMU"], "Chánh Hiệp", ["Ứng dụng Sổ Tạp Hóa"]),
    ("microlend-phu-loi", "MicroLend Phú Lợi", "Chấm điểm tín dụng vi mô cho hộ kinh doanh nhỏ", ["fintech", "ai"], "prototype", (2024, 9), ["EIU"], "Phú Lợi", ["Mô hình chấm điểm"]),
    ("invoicego", "InvoiceGo", "Hóa đơn điện tử và kê khai thuế cho hộ kinh doanh", ["fintech"], "seed", (2022, 2), ["TDMU"], "Thủ Dầu Một", ["Ứng dụng InvoiceGo"]),
    ("greenhome-thuan-an", "GreenHome Thuận An", "Bộ nhà thông minh tiết kiệm điện cho căn hộ", ["smart-home", "iot"], "seed", (2021, 8), ["EIU"], "An Phú", ["Bộ GreenHome Starter"]),
    ("solarroof-di-an", "SolarRoof Dĩ An", "Điện mặt trời mái nhà trả góp cho hộ gia đình", ["smart-home", "energy"], "growth", (2019, 4), ["VGU"], "Dĩ An", ["Gói 5 kWp trả góp", "Ứng dụng theo dõi sản lượng"]),
    ("khoaviet", "KhóaViệt", "Khóa cửa thông minh sản xuất trong nước cho nhà trọ", ["smart-home", "iot"], "seed", (2022, 9), ["VSVC"], "Thuận Giao", ["Khóa KV-200"]),
    ("carenest", "CareNest", "Cảnh báo té ngã và nhắc uống thuốc cho người cao tuổi sống một mình", ["smart-home", "health"], "prototype", (2024, 6), ["TDMU"], "Phú Lợi", ["Cảm biến CareNest"]),
    ("ecometer", "EcoMeter", "Đồng hồ nước thông minh phát hiện rò rỉ", ["smart-home", "iot", "water"], "seed", (2023, 3), ["TDMU", "VGU"], "Chánh Hiệp", ["Đồng hồ EcoMeter"]),
    ("teledoc-binh-duong", "TeleDoc Bình Dương", "Khám bệnh từ xa cho công nhân và người dân vùng xa", ["health", "platform"], "growth", (2020, 4), ["EIU"], "Bến Cát", ["Ứng dụng TeleDoc"]),
    ("lacquercraft", "LacquerCraft", "Thương mại điện tử sơn mài Tương Bình Hiệp ra thị trường quốc tế", ["ecommerce", "culture"], "seed", (2022, 1), ["TDMU"], "Thủ Dầu Một", ["Cửa hàng trực tuyến", "Xưởng thiết kế theo yêu cầu"]),
    ("gom-lai-thieu-online", "Gốm Lái Thiêu Online", "Nền tảng bán gốm Lái Thiêu trực tiếp từ lò gốm", ["ecommerce", "culture"], "idea", (2025, 5), ["TDMU"], "Lái Thiêu", []),
    ("recycle-hub", "ReCycle Hub", "Ứng dụng hẹn giờ thu gom phế liệu tái chế tại nhà", ["environment", "platform"], "seed", (2022, 6), ["VGU"], "Tân Uyên", ["Ứng dụng ReCycle Hub"]),
    ("cashewshell-bio", "CashewShell Bio", "Than sinh học và bao bì từ vỏ hạt điều", ["environment", "materials"], "prototype", (2023, 11), ["VGU"], "Bàu Bàng", ["Viên than sinh học"]),
    ("bikeshare-tdm", "BikeShare Thủ Dầu Một", "Xe đạp công cộng khóa thông minh quanh các trường đại học", ["mobility", "iot"], "idea", (2025, 8), ["TDMU"], "Phú Lợi", []),
    ("vietocr-docs", "VietOCR Docs", "Nhận dạng và số hóa hồ sơ hành chính tiếng Việt", ["ai", "govtech"], "seed", (2021, 3), ["EIU"], "Bình Dương", ["Bộ số hóa hồ sơ", "API nhận dạng CCCD"]),
    ("qcvision", "QCVision", "Kiểm tra lỗi bề mặt đồ gỗ nội thất bằng thị giác máy", ["ai", "industrial"], "growth", (2020, 8), ["EIU", "VGU"], "Tân Uyên", ["Trạm kiểm tra QC-Line"]),
    ("woodtrace", "WoodTrace", "Truy xuất gỗ hợp pháp cho doanh nghiệp xuất khẩu đồ gỗ", ["traceability", "industrial"], "scale", (2018, 11), ["VGU"], "Thuận An", ["Nền tảng WoodTrace", "Báo cáo EUDR"]),
]

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Phan", "Trương"]
MIDDLE_F = ["Thị", "Ngọc", "Thị Thu", "Thị Mỹ", "Hoàng", "Thanh"]
MIDDLE_M = ["Văn", "Minh", "Quốc", "Hữu", "Đức", "Thành"]
GIVEN_F = ["Lan", "Hương", "Trang", "Vy", "Nhi", "Thảo", "Linh", "Ngân", "Hà", "Quyên", "Mai", "Uyên"]
GIVEN_M = ["Khoa", "Nam", "Tuấn", "Phúc", "Long", "Huy", "Tài", "Đạt", "Hưng", "Khang", "Trí", "Sơn"]
ROLES = ["Giám đốc điều hành (CEO)", "Giám đốc công nghệ (CTO)", "Phụ trách sản phẩm", "Phụ trách kinh doanh", "Kỹ sư phần cứng"]
INVESTORS = {
    "grant": ["Sở Khoa học và Công nghệ tỉnh Bình Dương (Đề án 844)", "Quỹ Phát triển Khoa học và Công nghệ tỉnh Bình Dương",
              "Chương trình Ươm tạo Trung tâm Hỗ trợ Khởi nghiệp"],
    "angel": ["Nhà đầu tư thiên thần Bình Dương Angel Network", "Mạng lưới nhà đầu tư thiên thần Việt Nam (VAIN)"],
    "seed": ["Quỹ Đầu tư Khởi nghiệp Sáng tạo Phía Nam", "Becamex Ventures", "Quỹ Hỗ trợ Khởi nghiệp Đông Nam Bộ"],
    "series_a": ["Becamex Ventures và đối tác Nhật Bản", "Quỹ đầu tư mạo hiểm Đông Nam Á"],
    "loan": ["Ngân hàng Chính sách xã hội – Chi nhánh Bình Dương", "Quỹ Hỗ trợ Doanh nghiệp nhỏ và vừa"],
}
ROUND_PATH = {"idea": [], "prototype": ["grant"], "seed": ["grant", "angel"], "growth": ["grant", "angel", "seed"],
              "scale": ["angel", "seed", "loan", "series_a"]}
AMOUNTS = {"grant": (150, 500), "angel": (500, 2000), "seed": (3000, 12000), "series_a": (25000, 60000), "loan": (800, 3000)}
INCORPORATED = {"growth", "scale"}


def _tax_code(n: int) -> str:
    """A 10-digit Binh Duong tax code (prefix 37) with its check digit (the economy app's
    `taxcode.make`); a base whose check digit does not exist is skipped."""
    from smartcity.economy import taxcode

    while True:
        code = taxcode.make(f"3703{n:05d}")
        if code:
            return code
        n += 1


def _ward(name: str):
    return AdministrativeUnit.objects.filter(level="commune", name_vi=name, valid_to__isnull=True).first()


def _centre_org() -> Organisation:
    code, abbr, vi, en = CENTRE_ORG
    dost = Organisation.objects.get(code="DOST")
    org, _ = Organisation.objects.get_or_create(code=code, defaults=dict(
        abbreviation=abbr, name_vi=vi, name_en=en, kind="board", helix="government", parent=dost,
        plan_role="II.3 hệ sinh thái khởi nghiệp: ươm tạo, cố vấn, sự kiện, sáng kiến cộng đồng",
        address="Tháp A, Trung tâm Hành chính tập trung tỉnh Bình Dương"))
    return org


def _centre_user(org: Organisation) -> None:
    from smartcity.demo.people import demo_password

    username, first, last = CENTRE_USER
    user, created = User.objects.get_or_create(username=username, defaults=dict(
        first_name=first, last_name=last, organisation=org, role=Role.EDITOR, is_staff=True, email=f"{username}@binhduong.gov.vn"))
    if created:
        user.set_password(demo_password())
        user.save()


def load() -> dict:
    centre_org = _centre_org()
    _centre_user(centre_org)
    if m.Startup.objects.filter(slug=STARTUPS[0][0]).exists():
        return {"startups": 0}
    rng = random.Random(86)
    dost = Organisation.objects.get(code="DOST")
    orgs = {o.code: o for o in Organisation.objects.filter(code__in=["TDMU", "VGU", "EIU", "VSVC", "BECAMEX", "DOST", "DPI", CENTRE_CODE])}
    today = timezone.localdate()

    centres = bulk_create_with_history([
        m.Centre(slug=slug, name=vi, name_en=en, kind=kind, organisation=orgs.get(org), address=addr, latitude=lat, longitude=lon,
                 services=svc, website=WEBSITES[slug], owner=centre_org if slug == "tt-ho-tro-khoi-nghiep" else dost)
        for slug, vi, en, kind, org, addr, lat, lon, svc in CENTRES], m.Centre)
    centres = {c.slug: c for c in m.Centre.objects.all()}

    mentors = bulk_create_with_history([
        m.Mentor(name=row[0], expertise=row[1], organisation=orgs.get(row[2]) if row[2] else None,
                 affiliation=row[3] if len(row) > 3 else "", owner=centre_org) for row in MENTORS], m.Mentor)
    mentors = list(m.Mentor.objects.order_by("id"))

    wards = {}
    startups = []
    for slug, name, tagline, tags, stage, (y, mo), unis, ward, _products in STARTUPS:
        if ward not in wards:
            wards[ward] = _ward(ward)
        s = m.Startup(slug=slug, name=name, tagline=tagline, description=tagline + ".", stage=stage, tags=tags,
                      founded=dt.date(y, mo, rng.randint(1, 28)), unit=wards[ward],
                      address=f"phường {ward}" if wards[ward] is None or wards[ward].unit_type.lower().startswith("phường") else f"xã {ward}",
                      owner=dost)
        s.tags = [t.lower() for t in tags]
        s.search_text = fold(" ".join([s.name, s.tagline, " ".join(s.tags), s.description]))
        s.tag_text = "|" + "|".join(s.tags) + "|"
        startups.append(s)
    bulk_create_with_history(startups, m.Startup)
    by_slug = {s.slug: s for s in m.Startup.objects.all()}

    # incorporated startups link to the shared enterprise record (created when the economy demo has none)
    from smartcity.economy.models import Enterprise

    through_u, through_m, team, products, funding = [], [], [], [], []
    for i, (slug, name, tagline, tags, stage, (y, mo), unis, ward, prods) in enumerate(STARTUPS):
        s = by_slug[slug]
        for code in unis:
            through_u.append(m.Startup.universities.through(startup_id=s.pk, organisation_id=orgs[code].pk))
        for mentor in rng.sample(mentors, rng.randint(1, 3)):
            through_m.append(m.Startup.mentors.through(startup_id=s.pk, mentor_id=mentor.pk))
        n = rng.randint(2, 4)
        for k in range(n):
            female = rng.random() < 0.38
            person = " ".join([rng.choice(FAMILY), rng.choice(MIDDLE_F if female else MIDDLE_M), rng.choice(GIVEN_F if female else GIVEN_M)])
            team.append(m.TeamMember(startup=s, name=person, role=ROLES[k], founder=k < 2, gender="female" if female else "male",
                                     university=orgs[unis[k % len(unis)]] if k < 3 else None))
        for p, pname in enumerate(prods):
            launched = dt.date(min(y + 1 + p, today.year), rng.randint(1, 12), 1)
            products.append(m.Product(startup=s, name=pname, description=tagline, launched=launched if launched <= today else None))
        day = dt.date(y, mo, 15)
        for kind in ROUND_PATH[stage]:
            day = min(day + dt.timedelta(days=rng.randint(150, 500)), today - dt.timedelta(days=20))
            lo, hi = AMOUNTS[kind]
            funding.append(m.FundingRound(startup=s, date=day, kind=kind, amount_vnd=Decimal(rng.randint(lo, hi) * 1_000_000),
                                          investor=rng.choice(INVESTORS[kind])))
        if stage in INCORPORATED:
            ent, _ = Enterprise.objects.get_or_create(tax_code=_tax_code(10000 + i * 7), defaults=dict(
                name_vi=f"Công ty TNHH {name}", short_name=name, legal_form="llc2", established=s.founded, address=s.address,
                unit=s.unit, owner=orgs["DPI"], employees=rng.randint(12, 80)))
            m.Startup.objects.filter(pk=s.pk).update(enterprise=ent)
    m.Startup.universities.through.objects.bulk_create(through_u)
    m.Startup.mentors.through.objects.bulk_create(through_m)
    bulk_create_with_history(team, m.TeamMember)
    bulk_create_with_history(products, m.Product)
    bulk_create_with_history(funding, m.FundingRound)

    # programmes: the 2025 acceleration cohort (done) and the 2026 incubation cohort
    y = today.year
    centre = centres["tt-ho-tro-khoi-nghiep"]
    p25 = m.Programme.objects.create(slug=f"tang-toc-{y - 1}", name=f"Chương trình Tăng tốc Khởi nghiệp {y - 1}",
                                     kind="acceleration", starts=dt.date(y - 1, 3, 1), ends=dt.date(y - 1, 8, 31), centre=centre,
                                     owner=centre_org, description="Ba tháng tăng tốc cho startup đã có doanh thu: gọi vốn, mở rộng thị trường khu công nghiệp.")
    p26 = m.Programme.objects.create(slug=f"uom-tao-{y}", name=f"Chương trình Ươm tạo Khởi nghiệp Đổi mới Sáng tạo {y}",
                                     kind="incubation", starts=dt.date(y, 2, 16), ends=dt.date(y, 12, 18), centre=centre,
                                     owner=centre_org, description="Khóa ươm tạo mười tháng cho nhóm khởi nghiệp giai đoạn ý tưởng và sản phẩm mẫu, với cố vấn từ các trường đại học và doanh nghiệp.")
    p25.startups.set([by_slug[s] for s in ("goship-my-phuoc", "factorypulse", "workerpay", "qcvision", "solarroof-di-an", "teledoc-binh-duong")])
    cohort = [s for s in by_slug.values() if s.stage in ("idea", "prototype")][:12]
    p26.startups.set(cohort)
    milestones = [
        (p25, "Hoàn thiện hồ sơ gọi vốn", dt.date(y - 1, 5, 15), dt.date(y - 1, 5, 14)),
        (p25, "Demo Day tăng tốc", dt.date(y - 1, 8, 28), dt.date(y - 1, 8, 28)),
        (p26, "Khai giảng và đánh giá đầu vào", dt.date(y, 2, 20), dt.date(y, 2, 20)),
        (p26, "Kiểm chứng nhu cầu khách hàng (50 phỏng vấn)", dt.date(y, 4, 30), dt.date(y, 5, 6)),
        (p26, "Sản phẩm mẫu (MVP) chạy thử", dt.date(y, 7, 31), dt.date(y, 8, 12)),
        (p26, "Thử nghiệm tại khu công nghiệp hoặc trường học", dt.date(y, 10, 15), None),
        (p26, "Demo Day ươm tạo", dt.date(y, 12, 12), None),
    ]
    bulk_create_with_history([m.Milestone(programme=p, title=t, due=d, done_on=(done if done and done <= today else None))
                              for p, t, d, done in milestones], m.Milestone)

    topics = ["Mô hình kinh doanh và định giá", "Kiểm chứng khách hàng", "Thiết kế sản phẩm mẫu", "Hồ sơ gọi vốn",
              "Sở hữu trí tuệ và nhãn hiệu", "Tiếp cận doanh nghiệp khu công nghiệp", "Tài chính và dòng tiền", "Tuyển dụng đội ngũ"]
    follow = ["Gửi bản kế hoạch kinh doanh sửa đổi", "Phỏng vấn thêm 10 khách hàng", "Đăng ký nhãn hiệu tại Cục Sở hữu trí tuệ",
              "Chuẩn bị bản trình bày 10 trang", "Lập bảng dòng tiền 12 tháng", "Hẹn gặp phòng mua hàng của doanh nghiệp"]
    sessions = []
    tz = timezone.get_current_timezone()
    for k in range(36):
        s = cohort[k % len(cohort)] if k < 30 else by_slug[rng.choice(list(by_slug))]
        mentor = rng.choice(mentors)
        day = dt.date(y, 3, 2) + dt.timedelta(days=7 * (k % 38) + rng.randint(0, 4))
        at = dt.datetime.combine(day, dt.time(rng.choice([8, 9, 14, 15]), 0), tzinfo=tz)
        sessions.append(m.MentoringSession(mentor=mentor, startup=s, programme=p26 if k < 30 else None, at=at, minutes=rng.choice([60, 90]),
                                           topic=rng.choice(topics), notes="Nhóm trình bày tiến độ; cố vấn góp ý trọng tâm cho tháng tới.",
                                           follow_ups="\n".join(rng.sample(follow, 2)), follow_up_due=day + dt.timedelta(days=14),
                                           owner=centre_org, published=False))
    bulk_create_with_history(sessions, m.MentoringSession)

    def at(d, h):
        return dt.datetime.combine(d, dt.time(h, 0), tzinfo=tz)

    events = [
        ("techfest", f"ngay-hoi-khoi-nghiep-{y}", f"Ngày hội Khởi nghiệp Đổi mới Sáng tạo tỉnh Bình Dương {y} (Techfest Bình Dương)",
         dt.date(y, 10, 24), 8, 17, "Trung tâm Hội nghị và Triển lãm Thành phố mới Bình Dương", "becamex-innovation", None, 1500, 1268),
        ("techfest", f"ngay-hoi-khoi-nghiep-{y - 1}", f"Ngày hội Khởi nghiệp Đổi mới Sáng tạo tỉnh Bình Dương {y - 1}",
         dt.date(y - 1, 11, 8), 8, 17, "Trung tâm Hội nghị và Triển lãm Thành phố mới Bình Dương", "becamex-innovation", None, 1200, 1134),
        ("demo_day", f"demo-day-tang-toc-{y - 1}", f"Demo Day Chương trình Tăng tốc {y - 1}", dt.date(y - 1, 8, 28), 14, 17,
         "Hội trường Tháp A, Trung tâm Hành chính tập trung", "tt-ho-tro-khoi-nghiep", p25, 200, 186),
        ("demo_day", f"demo-day-uom-tao-{y}", f"Demo Day Ươm tạo {y}", dt.date(y, 12, 12), 14, 17,
         "Hội trường Tháp A, Trung tâm Hành chính tập trung", "tt-ho-tro-khoi-nghiep", p26, 250, 97),
        ("workshop", f"workshop-goi-von-{y}", "Hội thảo: Gọi vốn thiên thần cho startup công nghệ", dt.date(y, 4, 11), 8, 11,
         "Vườn ươm Trường Đại học Thủ Dầu Một", "vuon-uom-tdmu", p26, 120, 104),
        ("workshop", f"workshop-iot-kcn-{y}", "Hội thảo: Giải pháp IoT cho doanh nghiệp khu công nghiệp", dt.date(y, 6, 6), 13, 17,
         "Trung tâm Đổi mới Sáng tạo EIU", "eiu-innovation-hub", None, 150, 139),
        ("training", f"tap-huan-so-huu-tri-tue-{y}", "Tập huấn sở hữu trí tuệ cho nhóm khởi nghiệp", dt.date(y, 5, 23), 8, 12,
         "Trung tâm Hỗ trợ Khởi nghiệp và Sáng kiến Cộng đồng", "tt-ho-tro-khoi-nghiep", p26, 60, 58),
        ("competition", f"cuoc-thi-y-tuong-sinh-vien-{y}", f"Cuộc thi Ý tưởng khởi nghiệp sinh viên Bình Dương {y}", dt.date(y, 9, 19), 8, 17,
         "Trường Đại học Quốc tế Miền Đông", "eiu-innovation-hub", None, 400, 312),
        ("networking", f"cafe-khoi-nghiep-{y}-12", "Cà phê khởi nghiệp: gặp gỡ nhà đầu tư", today + dt.timedelta(days=9), 15, 17,
         "Không gian Sáng chế VSVC", "vsvc-maker-space", None, 80, 41),
        ("workshop", f"workshop-thiet-ke-san-pham-{(today + dt.timedelta(days=30)).year}", "Hội thảo: Thiết kế sản phẩm lấy người dùng làm trung tâm", today + dt.timedelta(days=30), 9, 12,
         "Vườn ươm Công nghệ Trường Đại học Việt Đức", "vgu-incubator", None, 100, 23),
    ]
    bulk_create_with_history([
        m.Event(kind=kind, slug=slug, title=title, starts=at(d, h1), ends=at(d, h2), venue=venue, centre=centres[c], programme=prog,
                capacity=cap, registrations=reg, owner=centre_org,
                description="Sự kiện của hệ sinh thái khởi nghiệp đổi mới sáng tạo tỉnh Bình Dương.")
        for kind, slug, title, d, h1, h2, venue, c, prog, cap, reg in events], m.Event)
    return {"centres": len(centres), "mentors": len(mentors), "startups": len(startups), "team": len(team), "funding": len(funding),
            "programmes": 2, "sessions": len(sessions), "events": len(events)}

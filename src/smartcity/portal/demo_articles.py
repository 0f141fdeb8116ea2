"""Demo news of the website: categories and a dozen articles of the Department of
Information and Communications in Vietnamese with English versions, one scheduled in the
future, each with an illustration drawn with Pillow. Facts come from the plan (Plan
11/KH-BDH), the mobility domain notes (routes 70 and 61-77), the Wi-Fi and ICF demo data
of their modules; dates are relative to today so the news stays recent. Idempotent."""
from __future__ import annotations

import datetime as dt
import io

CATEGORIES = [  # slug, vi, en
    ("chuong-trinh", "Chương trình Thành phố thông minh", "Smart City programme"),
    ("giao-thong", "Giao thông", "Transport"),
    ("ha-tang-so", "Hạ tầng số", "Digital infrastructure"),
    ("moi-truong", "Môi trường", "Environment"),
    ("hop-tac-quoc-te", "Hợp tác quốc tế", "International cooperation"),
    ("cong-dong", "Cộng đồng", "Community"),
]
COLOURS = {"chuong-trinh": ((11, 92, 173), (7, 63, 120)), "giao-thong": ((179, 71, 0), (120, 45, 0)),
           "ha-tang-so": ((106, 27, 154), (60, 14, 90)), "moi-truong": ((11, 122, 62), (6, 80, 40)),
           "hop-tac-quoc-te": ((0, 105, 120), (0, 64, 74)), "cong-dong": ((164, 22, 26), (100, 12, 16))}

# slug, category, days ago (negative: in the future), title vi, title en, summary vi, summary en, body vi, body en
ARTICLES = [
    ("ke-hoach-11-kh-bdh-nam-2018", "chuong-trinh", 40,
     "Kế hoạch 11/KH-BDH: lộ trình Thành phố thông minh Bình Dương",
     "Plan 11/KH-BDH: the road map of Binh Duong Smart City",
     "Ban Điều hành Đề án Thành phố thông minh ban hành Kế hoạch số 11/KH-BDH ngày 8/3/2018, giao nhiệm vụ cho từng sở, ngành theo mô hình Ba Nhà.",
     "The Smart City Executive Board issued Plan No. 11/KH-BDH on 8 March 2018, giving each department its tasks under the Triple Helix model.",
     "<p>Kế hoạch số 11/KH-BDH ngày 8/3/2018 cụ thể hóa Đề án Thành phố thông minh Bình Dương thành các chương trình hành động: hợp tác Ba Nhà (Nhà nước – Nhà trường – Doanh nghiệp), giao thông thông minh, quan trắc môi trường tự động, cơ sở dữ liệu doanh nghiệp dùng chung, cải cách hành chính và Wi-Fi công cộng.</p><h2>Mỗi nhiệm vụ có đơn vị chủ trì</h2><p>Mỗi mục của kế hoạch có đơn vị chủ trì, đơn vị phối hợp và thời hạn. Tiến độ được cập nhật trên nền tảng và công khai tại trang <a href=\"/portal/chuong-trinh/\">Chương trình</a>.</p>",
     "<p>Plan No. 11/KH-BDH of 8 March 2018 turns the Binh Duong Smart City project into action programmes: Triple Helix cooperation (government, universities, business), smart transport, automatic environmental monitoring, a shared enterprise database, administrative reform and public Wi-Fi.</p><h2>Every task has a lead unit</h2><p>Each item of the plan has a lead unit, partners and a deadline. Progress is kept on the platform and published on the <a href=\"/portal/chuong-trinh/\">Programme</a> page.</p>"),
    ("binh-duong-vao-smart21-2019", "hop-tac-quoc-te", 34,
     "Bình Dương lần đầu vào danh sách Smart21 của ICF",
     "Binh Duong enters ICF's Smart21 list for the first time",
     "Sau hồ sơ thử nghiệm năm 2017 và hồ sơ chính thức năm 2018, Bình Dương được Diễn đàn Cộng đồng thông minh thế giới (ICF) đưa vào danh sách Smart21 năm 2019.",
     "After a trial application in 2017 and the first official one in 2018, Binh Duong was named to the Intelligent Community Forum's Smart21 list in 2019.",
     "<p>Kế hoạch 11/KH-BDH giao Văn phòng Thành phố thông minh phối hợp với chuyên gia EIPO – Brainport Eindhoven chuẩn bị hồ sơ ICF Smart21, với mục tiêu đạt điểm tốt hơn năm 2017 trên mọi phương diện.</p><p>Các sở, ngành trả lời bộ câu hỏi theo phân công; minh chứng và chỉ số được lưu trên nền tảng để so sánh qua từng năm.</p>",
     "<p>Plan 11/KH-BDH asked the Smart City Office, with experts of EIPO – Brainport Eindhoven, to prepare the ICF Smart21 application and to score better than in 2017 on every dimension.</p><p>Departments answered the questions assigned to them; evidence and indicators are kept on the platform and compared year by year.</p>"),
    ("binh-duong-vao-top7-icf-2021", "hop-tac-quoc-te", 28,
     "Bình Dương vào Top7 Cộng đồng thông minh của ICF",
     "Binh Duong among ICF's Top7 Intelligent Communities",
     "Năm 2021, Bình Dương lần đầu vào Top7 của ICF, địa phương đầu tiên của Việt Nam; tỉnh tiếp tục vào Top7 năm 2022 và 2023.",
     "In 2021 Binh Duong entered ICF's Top7 for the first time, the first locality of Viet Nam; it stayed in the Top7 in 2022 and 2023.",
     "<p>Sau hai năm liên tiếp trong danh sách Smart21 (2019, 2020), Bình Dương vào Top7 năm 2021. Năm 2022, tỉnh đồng tổ chức sự kiện Top7 của ICF.</p><blockquote>Hồ sơ ICF được chuẩn bị trên nền tảng: câu hỏi giao cho từng sở, minh chứng và điểm tự đánh giá theo sáu tiêu chí.</blockquote>",
     "<p>After two years in a row on the Smart21 list (2019, 2020), Binh Duong entered the Top7 in 2021. In 2022 the province co-hosted ICF's Top7 event.</p><blockquote>The ICF application is prepared on the platform: questions assigned to departments, evidence and self-assessed scores on six factors.</blockquote>"),
    ("tuyen-xe-buyt-70-thanh-pho-moi-my-phuoc", "giao-thong", 24,
     "Tuyến xe buýt 70 nối Thành phố mới với Mỹ Phước",
     "Bus route 70 links the New City with My Phuoc",
     "Tuyến 70 (Thành phố mới – Mỹ Phước) chạy từ ngày 10/10/2020; giờ đây vị trí xe và giờ đến dự kiến hiển thị trực tuyến trên bản đồ xe buýt.",
     "Route 70 (New City – My Phuoc) has run since 10 October 2020; the buses' positions and expected arrivals are now shown live on the bus map.",
     "<p>Tuyến 70 là một trong các tuyến buýt của Bình Dương với giá vé 12.000 đồng. Mỗi xe gửi vị trí về nền tảng; hệ thống so với thời gian biểu GTFS để tính giờ đến dự kiến tại từng trạm.</p><ul><li>Vé lượt: 12.000 đồng</li><li>Vé tháng: 430.000 đồng</li></ul><p>Xem <a href=\"/mobility/\">bản đồ xe buýt trực tuyến</a>.</p>",
     "<p>Route 70 is one of Binh Duong's bus routes, at a fare of 12,000 VND. Each bus sends its position to the platform, which compares it with the GTFS timetable to predict arrivals at every stop.</p><ul><li>Single fare: 12,000 VND</li><li>Monthly pass: 430,000 VND</li></ul><p>See the <a href=\"/mobility/\">live bus map</a>.</p>"),
    ("tuyen-61-77-ket-noi-metro-so-1", "giao-thong", 20,
     "Tuyến 61-77 kết nối Thành phố mới với Metro số 1 Suối Tiên",
     "Route 61-77 connects the New City with Metro Line 1 at Suoi Tien",
     "Từ ngày 1/7/2025, tuyến 61-77 nối Thành phố mới Bình Dương – Dĩ An – Làng Đại học – Bến xe Miền Đông mới – Metro số 1 Suối Tiên.",
     "Since 1 July 2025, route 61-77 links Binh Duong New City, Di An, the National University, the New Mien Dong bus station and Metro Line 1 at Suoi Tien.",
     "<p>Tuyến mới giúp người dân và sinh viên đi từ Thành phố mới đến Làng Đại học và ga Metro số 1 Suối Tiên. Chất lượng dịch vụ (đúng giờ, giãn cách đều) được đo hằng ngày trên nền tảng.</p><p>Tỷ lệ xe đúng giờ hiện tại có trên trang <a href=\"/portal/\">Thành phố hôm nay</a>.</p>",
     "<p>The new route takes residents and students from the New City to the University Village and the Metro Line 1 station at Suoi Tien. Service quality (punctuality, regular headways) is measured daily on the platform.</p><p>The current on-time share is on the <a href=\"/portal/\">City now</a> page.</p>"),
    ("mo-rong-wifi-cong-cong-giai-doan-2", "ha-tang-so", 16,
     "Mở rộng Wi-Fi công cộng miễn phí giai đoạn 2",
     "Free public Wi-Fi expands in phase 2",
     "Giai đoạn 2 đưa Wi-Fi miễn phí “BinhDuong-Free-WiFi” đến trường đại học, bệnh viện, bến xe và chợ, với các nhà mạng VNPT, Viettel, FPT Telecom và MobiFone.",
     "Phase 2 brings the free “BinhDuong-Free-WiFi” network to universities, the hospital, bus stations and markets, with VNPT, Viettel, FPT Telecom and MobiFone.",
     "<p>Lộ trình Wi-Fi công cộng là nhiệm vụ của Sở Thông tin và Truyền thông trong Kế hoạch 11/KH-BDH (mục II.10). Các điểm phát mới đặt tại Đại học Thủ Dầu Một, Làng Đại học, Bệnh viện Đa khoa tỉnh, Bến xe Miền Đông mới và các chợ.</p><p>Trạng thái từng điểm phát và số phiên truy cập trong ngày được công khai trên <a href=\"/wifi/\">bản đồ Wi-Fi</a>.</p>",
     "<p>The public Wi-Fi road map is the Department of Information and Communications' task in Plan 11/KH-BDH (item II.10). New hotspots are at Thu Dau Mot University, the University Village, the Provincial General Hospital, the New Mien Dong bus station and markets.</p><p>Each hotspot's state and today's sessions are published on the <a href=\"/wifi/\">Wi-Fi map</a>.</p>"),
    ("bang-dieu-hanh-thanh-pho-thong-minh", "chuong-trinh", 12,
     "Trung tâm điều hành: mọi chỉ số của thành phố trên một màn hình",
     "Operations centre: the whole city on one screen",
     "Màn hình tường của trung tâm điều hành hiển thị chỉ số của mọi lĩnh vực, cảnh báo trực tiếp và bản đồ chung, lấy dữ liệu từ cùng nền tảng với trang web này.",
     "The operations-centre wall shows every domain's key figures, the live alert stream and one shared map, from the same platform as this website.",
     "<p>Chất lượng không khí, xe buýt, đèn chiếu sáng, thùng rác, nhà vệ sinh, hồ chứa, hồ sơ một cửa và Wi-Fi: mỗi lĩnh vực cung cấp các chỉ số chính cho trang web và màn hình điều hành.</p><p>Các chỉ số công khai xuất hiện trên trang <a href=\"/portal/\">Thành phố hôm nay</a>, cập nhật mỗi phút.</p>",
     "<p>Air quality, buses, streetlights, bins, toilets, reservoirs, one-stop dossiers and Wi-Fi: each domain offers its key figures to the website and the operations wall.</p><p>The public figures are on the <a href=\"/portal/\">City now</a> page, refreshed every minute.</p>"),
    ("chat-luong-khong-khi-theo-gio", "moi-truong", 9,
     "Chỉ số chất lượng không khí VN_AQI cập nhật từng giờ",
     "Hourly VN_AQI air quality index, online",
     "Các trạm quan trắc tự động của Sở Tài nguyên và Môi trường gửi số liệu về nền tảng; chỉ số VN_AQI theo Quyết định 1459/QĐ-TCMT được tính và công bố mỗi giờ.",
     "The Department of Natural Resources and Environment's automatic stations send their readings to the platform; the VN_AQI (Decision 1459/QĐ-TCMT) is computed and published every hour.",
     "<p>Bản đồ trạm quan trắc và bảng hiển thị công cộng cho biết chỉ số hiện tại, thông số chi phối và khuyến nghị sức khỏe theo từng mức.</p><h2>Khi chỉ số vượt 100</h2><p>Người có bệnh hô hấp nên hạn chế hoạt động ngoài trời. Xem <a href=\"/environment/\">bản đồ chất lượng môi trường</a>.</p>",
     "<p>The station map and the public display board show the current index, the dominant pollutant and the health advice of each band.</p><h2>When the index passes 100</h2><p>People with respiratory illness should limit outdoor activity. See the <a href=\"/environment/\">environment map</a>.</p>"),
    ("danh-muc-du-lieu-mo", "ha-tang-so", 7,
     "Danh mục dữ liệu mở của tỉnh: tải về và kết nối qua API",
     "The province's open data catalogue: downloads and an API",
     "Chỉ số môi trường, lịch trình xe buýt GTFS, thống kê doanh nghiệp và hồ sơ một cửa được công bố dạng dữ liệu mở, đọc được bằng các công cụ CKAN.",
     "Environmental indices, the GTFS bus timetable, enterprise and one-stop statistics are published as open data, readable with CKAN tools.",
     "<p>Mỗi bộ dữ liệu có mô tả DCAT-AP, giấy phép, định dạng (CSV, JSON, GeoJSON, GTFS) và số lượt tải. Nhà nghiên cứu và doanh nghiệp dùng API tương thích CKAN để kết nối.</p><p>Xem <a href=\"/opendata/\">danh mục dữ liệu mở</a>.</p>",
     "<p>Each dataset has DCAT-AP metadata, a licence, formats (CSV, JSON, GeoJSON, GTFS) and download counts. Researchers and businesses connect through the CKAN-compatible API.</p><p>See the <a href=\"/opendata/\">open data catalogue</a>.</p>"),
    ("phan-anh-hien-truong-truc-tuyen", "cong-dong", 5,
     "Phản ánh hiện trường: gửi ảnh, theo dõi xử lý",
     "Report a problem: send a photo, follow the answer",
     "Người dân gửi phản ánh về đường hư, đèn hỏng, rác, ngập nước kèm ảnh và vị trí; phản ánh được chuyển đúng cơ quan và công khai tiến độ xử lý.",
     "Residents report potholes, broken lights, rubbish or flooding with a photo and a place; reports go to the responsible department and their progress is public.",
     "<p>Ảnh được kiểm tra và xóa thông tin vị trí trước khi công bố. Thời gian phản hồi trung bình được thống kê theo lĩnh vực và theo tháng.</p><p><a href=\"/participation/reports/new/\">Gửi phản ánh</a>.</p>",
     "<p>Photos are checked and stripped of location data before publication. Response times are counted by category and month.</p><p><a href=\"/participation/reports/new/\">Send a report</a>.</p>"),
    ("chieu-sang-led-tiet-kiem-dien", "ha-tang-so", 3,
     "Đèn đường LED điều khiển từ xa tiết kiệm điện năng",
     "Remote-controlled LED streetlights save energy",
     "Đèn LED bật tắt theo giờ mặt trời mọc, lặn và giảm độ sáng lúc khuya; lỗi đèn được báo tự động cho tổ bảo trì.",
     "LED streetlights switch with sunset and sunrise and dim late at night; lamp failures are reported automatically to maintenance crews.",
     "<p>Lịch chiếu sáng theo thiên văn và các mức giảm độ sáng được gửi tới bộ điều khiển; điện năng tiêu thụ và lượng CO₂ giảm được thống kê hằng tháng.</p><p>Xem <a href=\"/lighting/map/\">bản đồ chiếu sáng</a>.</p>",
     "<p>Astronomical switching calendars and dimming steps are sent to the controllers; energy use and CO₂ savings are reported every month.</p><p>See the <a href=\"/lighting/map/\">lighting map</a>.</p>"),
    ("thung-rac-va-nha-ve-sinh-thong-minh", "moi-truong", 1,
     "Thùng rác và nhà vệ sinh công cộng thông minh",
     "Smart bins and smart public toilets",
     "Cảm biến báo mức đầy của thùng rác để lập lộ trình thu gom tối ưu; nhà vệ sinh công cộng báo tình trạng và lịch vệ sinh.",
     "Sensors report how full each bin is so collection routes can be optimised; public toilets report their state and cleaning rounds.",
     "<p>Đây là nhiệm vụ của Sở Tài nguyên và Môi trường (mục II.9 của kế hoạch). Số thùng sắp đầy và số nhà vệ sinh đang mở cửa có trên trang <a href=\"/portal/\">Thành phố hôm nay</a>.</p>",
     "<p>This is the Department of Natural Resources and Environment's task (plan item II.9). Bins near full and toilets open now are on the <a href=\"/portal/\">City now</a> page.</p>"),
    ("lay-y-kien-nguoi-dan-ve-chuong-trinh", "cong-dong", -3,
     "Lấy ý kiến người dân về chương trình Thành phố thông minh",
     "Public consultation on the Smart City programme",
     "Sở Thông tin và Truyền thông mở đợt lấy ý kiến trực tuyến về các nhiệm vụ của chương trình; mọi người dân đều có thể góp ý.",
     "The Department of Information and Communications opens an online consultation on the programme's tasks; every resident may comment.",
     "<p>Góp ý được xác thực qua thư điện tử, kiểm duyệt và tổng hợp; Sở công bố trả lời chính thức sau khi kết thúc đợt lấy ý kiến.</p><p>Tham gia tại <a href=\"/participation/consultations/\">trang lấy ý kiến</a>.</p>",
     "<p>Comments are verified by e-mail, moderated and summarised; the department publishes an official answer when the consultation closes.</p><p>Take part on the <a href=\"/participation/consultations/\">consultations page</a>.</p>"),
]


def draw(slug: str, category: str, title: str) -> bytes:
    """A simple 1200x675 illustration: the category's colours, a skyline and the title."""
    from PIL import Image, ImageDraw, ImageFont

    top, bottom = COLOURS.get(category, ((11, 92, 173), (7, 63, 120)))
    w, h = 1200, 675
    img = Image.new("RGB", (w, h), top)
    d = ImageDraw.Draw(img)
    for y in range(h):  # vertical gradient
        t = y / h
        d.line([(0, y), (w, y)], fill=tuple(int(top[i] * (1 - t) + bottom[i] * t) for i in range(3)))
    seed = sum(map(ord, slug))
    x = 0
    while x < w:  # a skyline of towers, different for each article
        bw = 40 + (seed * (x + 7)) % 70
        bh = 120 + (seed * (x + 13)) % 260
        d.rectangle([x, h - bh, x + bw - 6, h], fill=tuple(min(255, c + 40) for c in bottom))
        for wy in range(h - bh + 14, h - 10, 22):
            for wx in range(x + 8, x + bw - 14, 14):
                if (wx + wy + seed) % 3:
                    d.rectangle([wx, wy, wx + 6, wy + 10], fill=(255, 230, 150))
        x += bw
    try:
        font = ImageFont.truetype("DejaVuSans-Bold.ttf", 44)
    except OSError:
        font = ImageFont.load_default()
    words, lines, line = title.split(), [], ""
    for word in words:
        trial = f"{line} {word}".strip()
        if d.textlength(trial, font=font) > w - 120 and line:
            lines.append(line)
            line = word
        else:
            line = trial
    lines.append(line)
    y = 60
    for text in lines[:4]:
        d.text((60, y), text, font=font, fill=(255, 255, 255))
        y += 58
    out = io.BytesIO()
    img.save(out, "JPEG", quality=85)
    return out.getvalue()


def load() -> dict:
    from django.utils import timezone

    from smartcity.core.models import Organisation
    from smartcity.portal import services
    from smartcity.portal.models import Article, ArticleStatus, Category

    owner = Organisation.objects.filter(code=services.DEPARTMENT).first()
    if owner is None:
        return {}
    cats = {}
    for position, (slug, vi, en) in enumerate(CATEGORIES):
        cats[slug], _ = Category.objects.get_or_create(slug=slug, defaults=dict(
            owner=owner, name_vi=vi, name_en=en, position=position))
    now = timezone.now().replace(second=0, microsecond=0)
    created = 0
    for slug, cat, days, t_vi, t_en, s_vi, s_en, b_vi, b_en in ARTICLES:
        if Article.objects.filter(slug=slug).exists():
            continue
        article = Article(slug=slug, owner=owner, category=cats[cat], title_vi=t_vi, title_en=t_en, summary_vi=s_vi,
                          summary_en=s_en, body_vi=b_vi, body_en=b_en, status=ArticleStatus.PUBLISHED,
                          publish_at=now - dt.timedelta(days=days, hours=(days * 5) % 9))
        services.save_article(article, check=False)
        services.add_image(article, None, f"{slug}.jpg", draw(slug, cat, t_vi), f"Hình minh họa: {t_vi}",
                           f"Illustration: {t_en}", check=False)
        created += 1
    return {"categories": len(cats), "articles": created}

"""About 40 citizen reports of the last two months in wards of Thủ Dầu Một, Dĩ An and
Thuận An, in every state, with plausible response times. Deterministic (seeded)."""
import io
import random
from datetime import timedelta

from django.utils import timezone

from smartcity.participation import services
from smartcity.participation.models import Category, Report, ReportEvent, ReportPhoto, State

# ward (new unit name), street or landmark, lat, lon
PLACES = [
    ("Thủ Dầu Một", "Đường Yersin, gần chợ Thủ Dầu Một", 10.9812, 106.6547),
    ("Thủ Dầu Một", "Đường Bạch Đằng, ven sông Sài Gòn", 10.9779, 106.6497),
    ("Phú Lợi", "Đường Phú Lợi, gần ngã tư Sở Sao", 10.9968, 106.6801),
    ("Phú Lợi", "Đường Huỳnh Văn Lũy, khu dân cư Phú Hòa", 11.0049, 106.6735),
    ("Chánh Hiệp", "Đường Nguyễn Chí Thanh, Hiệp Thành", 11.0128, 106.6433),
    ("Bình Dương", "Đại lộ Bình Dương, trước Becamex Tower", 10.9883, 106.6628),
    ("Phú An", "Đường Lê Chí Dân, Tương Bình Hiệp", 11.0253, 106.6262),
    ("Dĩ An", "Đường Trần Hưng Đạo, gần chợ Dĩ An", 10.9041, 106.7679),
    ("Dĩ An", "Đường số 9, Ký túc xá Khu B Đại học Quốc gia", 10.8889, 106.7816),
    ("Tân Đông Hiệp", "Đường ĐT743, gần KCN Tân Đông Hiệp B", 10.9290, 106.7594),
    ("Đông Hòa", "Đường Tô Vĩnh Diện, khu phố Tân Hòa", 10.8935, 106.7923),
    ("Thuận An", "Quốc lộ 13, đoạn chợ Búng", 10.9402, 106.7035),
    ("Thuận Giao", "Đường Thuận Giao 21, gần KCN VSIP", 10.9586, 106.7176),
    ("Lái Thiêu", "Đường Phan Đình Phùng, chợ Lái Thiêu", 10.9066, 106.7017),
    ("An Phú", "Đường ĐT743C, khu phố 1B An Phú", 10.9482, 106.7412),
    ("Bình Hòa", "Đường Nguyễn Du, gần cầu Ông Bố", 10.9145, 106.7268),
]

TEXTS = {
    Category.ROADS: ["Ổ gà lớn giữa làn đường, xe máy phải lách gấp, rất nguy hiểm vào buổi tối.",
                     "Mặt đường bị lún và nứt sau đợt mưa, nước đọng thành vũng sâu."],
    Category.STREETLIGHTS: ["Ba cột đèn chiếu sáng liên tiếp không sáng từ tuần trước, đoạn đường tối om.",
                            "Đèn đường sáng cả ban ngày, lãng phí điện."],
    Category.WASTE: ["Rác thải sinh hoạt tập kết tràn ra lòng đường, bốc mùi hôi.",
                     "Thùng rác công cộng bị hỏng nắp, chó mèo bới rác ra vỉa hè."],
    Category.FLOODING: ["Mưa khoảng 30 phút là ngập sâu 30–40 cm, nhiều xe chết máy.",
                        "Miệng cống bị rác bịt kín, nước không thoát được."],
    Category.TREES: ["Cây xanh nghiêng sát đường dây điện, có nguy cơ gãy đổ khi mưa gió.",
                     "Cành cây gãy nằm trên vỉa hè chưa được dọn."],
    Category.SIGNS: ["Biển báo cấm rẽ trái bị cây che khuất, nhiều xe vi phạm.",
                     "Đèn tín hiệu giao thông ở ngã tư chỉ nháy vàng từ sáng."],
    Category.ORDER: ["Hàng quán lấn chiếm toàn bộ vỉa hè, người đi bộ phải xuống lòng đường.",
                     "Xe tải đậu kéo dài trước cổng trường vào giờ tan học."],
    Category.ENVIRONMENT: ["Khói và mùi hóa chất từ một cơ sở sản xuất vào ban đêm, người dân khó thở.",
                           "Nước thải màu đen chảy ra kênh, cá chết nổi trắng."],
}
RESPONSES = {
    Category.ROADS: "Đơn vị duy tu đã vá ổ gà và thảm lại đoạn mặt đường hư hỏng.",
    Category.STREETLIGHTS: "Đã thay bộ điều khiển và bóng LED, hệ thống chiếu sáng hoạt động bình thường.",
    Category.WASTE: "Đã thu gom toàn bộ rác tồn đọng và thay thùng rác mới; tăng tần suất thu gom.",
    Category.FLOODING: "Đã nạo vét cống, khơi thông miệng thu nước; theo dõi thêm trong các trận mưa tới.",
    Category.TREES: "Đã cắt tỉa, chằng chống cây và dọn cành gãy.",
    Category.SIGNS: "Đã sửa tủ điều khiển đèn tín hiệu và tỉa cây che biển báo.",
    Category.ORDER: "Tổ trật tự đô thị phường đã nhắc nhở, lập biên bản và lập lại trật tự vỉa hè.",
    Category.ENVIRONMENT: "Đoàn kiểm tra đã lấy mẫu, lập biên bản cơ sở vi phạm và yêu cầu khắc phục.",
}
STAFF = {"DOT": "dot.nam", "DONRE": "donre.minh", "DOC": "doc.quockhanh", "DOHA": "doha.trang", "DIC": "dic.bao"}


def _jpeg(rng) -> bytes:
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (320, 240), (120 + rng.randrange(60), 120 + rng.randrange(60), 110))
    d = ImageDraw.Draw(img)
    d.rectangle([0, 150, 320, 240], fill=(70, 70, 75))
    d.ellipse([110 + rng.randrange(60), 170, 200 + rng.randrange(60), 215], fill=(40, 40, 40))
    out = io.BytesIO()
    img.save(out, "JPEG", quality=70)
    return out.getvalue()


def load() -> dict:
    from smartcity.core.models import AdministrativeUnit, User
    from smartcity.core.reference import new_unit_code

    if Report.objects.filter(code__startswith="PA-DEMO-").exists():
        return {"reports": 0}
    services.ensure_default_rules()
    rng = random.Random(2026)
    units = {u.code: u for u in AdministrativeUnit.objects.filter(valid_to__isnull=True, level="commune")}
    users = {u.username: u for u in User.objects.filter(username__in=STAFF.values())}
    now = timezone.now()
    cats = list(TEXTS)
    reports, events, photos = [], [], []
    plan = []
    for i in range(40):
        cat = cats[i % len(cats)]
        ward, street, lat, lon = PLACES[(i * 7) % len(PLACES)]
        # every tenth report is from the last day, the next one from the last few days: all states appear
        age_h = rng.uniform(2, 28) if i % 10 == 0 else rng.uniform(40, 140) if i % 10 == 1 else rng.uniform(30, 60 * 24)
        received = now - timedelta(hours=age_h)
        # older reports are further along; a few rejected; the newest still waiting
        roll = rng.random()
        if age_h < 30:
            state = State.RECEIVED
        elif roll < 0.08 or i % 13 == 5:
            state = State.REJECTED
        elif age_h < 24 * 6:
            state = rng.choice([State.ASSIGNED, State.IN_PROGRESS])
        else:
            state = State.RESOLVED if roll < 0.85 else State.IN_PROGRESS
        unit = units.get(new_unit_code(ward))
        org = services.route(cat, unit)
        r = Report(code=f"PA-DEMO-{i + 1:03d}", category=cat, description=TEXTS[cat][i % 2], latitude=lat + rng.uniform(-.004, .004),
                   longitude=lon + rng.uniform(-.004, .004), unit=unit, address=street, state=state,
                   contact_email=f"nguoidan{i + 1}@example.vn" if i % 3 else "", contact_phone="" if i % 3 else f"09{rng.randrange(10**8):08d}",
                   submitted_at=received - timedelta(minutes=rng.randrange(2, 20)), received_at=received, owner=org, published=True)
        steps = [(State.PENDING, r.submitted_at, ""), (State.RECEIVED, received, "")]
        t = received
        if state != State.RECEIVED:
            first = t + timedelta(hours=rng.lognormvariate(2.3, 0.7))  # median ≈ 10 h to first action
            r.first_response_at = first
            if state == State.REJECTED:
                steps.append((State.REJECTED, first, "Vị trí phản ánh thuộc phạm vi quản lý của doanh nghiệp trong khu công nghiệp; "
                                                     "đã chuyển thông tin cho Ban Quản lý các Khu công nghiệp."))
                r.rejection_reason, r.closed_at = steps[-1][2], first
            else:
                steps.append((State.ASSIGNED, first, f"Giao đội thi công khu vực {ward} xử lý."))
                if state in (State.IN_PROGRESS, State.RESOLVED):
                    steps.append((State.IN_PROGRESS, first + timedelta(hours=rng.uniform(4, 30)), "Đang xử lý tại hiện trường."))
                if state == State.RESOLVED:
                    done = steps[-1][1] + timedelta(hours=rng.lognormvariate(3.6, 0.6))  # median ≈ 1.5 days more
                    done = min(done, now - timedelta(minutes=5))
                    steps.append((State.RESOLVED, done, RESPONSES[cat]))
                    r.response, r.closed_at = RESPONSES[cat], done
        reports.append(r)
        plan.append((steps, STAFF.get(org.code)))
    Report.objects.bulk_create(reports)
    for r, (steps, staff) in zip(reports, plan):
        prev = ""
        for to_state, at, note in steps:
            events.append(ReportEvent(report=r, from_state=prev, to_state=to_state, organisation_id=r.owner_id, note=note, at=at,
                                      by=users.get(staff) if to_state not in (State.PENDING, State.RECEIVED) else None))
            prev = to_state
        if int(r.code[-3:]) % 4 == 1:
            photos.append(ReportPhoto(report=r, data=_jpeg(rng), content_type="image/jpeg", width=320, height=240))
    ReportEvent.objects.bulk_create(events)
    ReportPhoto.objects.bulk_create(photos)
    return {"reports": len(reports), "events": len(events), "photos": len(photos)}

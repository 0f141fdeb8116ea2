"""Demo community initiatives: twenty-six proposals of residents in real wards of the former
province (trees in Phú Lợi, lights in alleys, recycling points...), in every state of the
workflow, with their timeline, supports (keyed hashes of made-up addresses) and the
department's official answers. Contacts are invented and stored encrypted like real ones."""
from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from smartcity.core.models import AdministrativeUnit, Organisation, User
from smartcity.innovation import workflow as w
from smartcity.innovation.models import Initiative, OfficialAnswer, Support, Transition
from smartcity.innovation.services import email_hash, mask_name
from smartcity.innovation.textsearch import fold

# title, category, ward, place, lat, lon, final state, supports, description
INITIATIVES = [
    ("Trồng thêm cây xanh dọc đường Huỳnh Văn Lũy, phường Phú Lợi", "greenery", "Phú Lợi", "Đường Huỳnh Văn Lũy, đoạn từ ngã tư Phú Lợi đến chợ", 10.9936, 106.6786, w.IMPLEMENTED, 184,
     "Đoạn đường dài khoảng 800 m gần như không có bóng mát, học sinh và người đi bộ phải đi dưới nắng gắt. Đề nghị trồng cây sao, dầu hoặc bằng lăng cách nhau 8 m và giao tổ dân phố chăm sóc."),
    ("Lắp đèn chiếu sáng cho hẻm 45 đường Bùi Quốc Khánh", "lighting", "Chánh Hiệp", "Hẻm 45 Bùi Quốc Khánh", 10.9975, 106.6698, w.IN_PROGRESS, 96,
     "Hẻm dài 300 m, có hơn 60 hộ và nhiều phòng trọ công nhân, buổi tối rất tối, đã xảy ra giật túi xách. Đề nghị lắp 8 bộ đèn LED năng lượng mặt trời."),
    ("Điểm thu gom rác tái chế tại khu nhà trọ Tân Đông Hiệp", "waste", "Tân Đông Hiệp", "Khu nhà trọ đường ĐT743", 10.9176, 106.7570, w.ACCEPTED, 142,
     "Đặt một điểm thu gom chai nhựa, giấy, lon nhôm có lịch cố định mỗi tuần, phối hợp với ve chai trong khu vực, có bảng hướng dẫn phân loại."),
    ("Vạch kẻ đường và biển báo trước cổng Trường Tiểu học Phú Hòa", "traffic", "Phú Lợi", "Cổng trường, đường Lê Hồng Phong", 10.9870, 106.6708, w.IMPLEMENTED, 211,
     "Giờ tan trường phụ huynh đậu xe tràn ra lòng đường. Đề nghị kẻ vạch đi bộ, gắn biển hạn chế tốc độ 30 km/h và bố trí khu chờ đón."),
    ("Sân chơi cho trẻ em tại bãi đất trống khu phố 3, phường Dĩ An", "public_space", "Dĩ An", "Bãi đất trống khu phố 3", 10.9066, 106.7697, w.PUBLISHED, 77,
     "Khu phố đông trẻ em con công nhân nhưng không có chỗ chơi an toàn. Đề nghị làm sân chơi nhỏ có xích đu, cầu trượt và trồng cỏ."),
    ("Wifi miễn phí tại Công viên Thanh Lễ", "digital", "Thủ Dầu Một", "Công viên Thanh Lễ", 10.9887, 106.6690, w.PUBLISHED, 58,
     "Sinh viên và người dân thường ngồi học, làm việc ở công viên. Đề nghị lắp điểm phát wifi công cộng có giới hạn thời gian."),
    ("Nạo vét mương thoát nước đường Nguyễn Văn Tiết, Lái Thiêu", "environment", "Lái Thiêu", "Đường Nguyễn Văn Tiết", 10.9046, 106.7026, w.IN_PROGRESS, 123,
     "Mỗi trận mưa lớn nước ngập nửa bánh xe do mương bị rác và bùn lấp. Đề nghị nạo vét trước mùa mưa và đặt lưới chắn rác."),
    ("Tủ sách cộng đồng ở nhà văn hóa khu phố Thuận Giao", "social", "Thuận Giao", "Nhà văn hóa khu phố Bình Thuận", 10.9452, 106.7094, w.IMPLEMENTED, 65,
     "Góp sách cũ làm tủ sách mở cho con em công nhân, có sinh viên tình nguyện cuối tuần đọc sách cùng các em."),
    ("Đèn tín hiệu giao thông ngã ba Mỹ Phước – Tân Vạn giao đường ĐT741", "traffic", "Bình Dương", "Nút giao Mỹ Phước – Tân Vạn", 11.0312, 106.6842, w.ACCEPTED, 167,
     "Nút giao thường xuyên kẹt xe giờ tan ca, xe tải và xe máy đan xen nguy hiểm. Đề nghị lắp đèn tín hiệu có pha rẽ trái riêng."),
    ("Trồng cây bóng mát trong sân Chợ Bến Cát", "greenery", "Bến Cát", "Chợ Bến Cát", 11.1598, 106.5960, w.PUBLISHED, 39,
     "Khu vực bày bán ngoài trời nóng bức, đề nghị trồng một hàng cây và làm mái che nhẹ cho tiểu thương."),
    ("Thùng rác phân loại ba ngăn dọc bờ sông Sài Gòn, phường Thủ Dầu Một", "waste", "Thủ Dầu Một", "Đường Bạch Đằng ven sông", 10.9781, 106.6503, w.PUBLISHED, 88,
     "Du khách đi dạo bờ sông vứt rác xuống sông vì thiếu thùng. Đề nghị đặt thùng ba ngăn (tái chế, hữu cơ, còn lại) mỗi 100 m."),
    ("Đèn đường cho đoạn Vĩnh Tân – Tân Uyên đi qua khu dân cư mới", "lighting", "Vĩnh Tân", "Đường ĐT746 đoạn khu dân cư Vĩnh Tân", 11.0835, 106.7510, w.UNDER_REVIEW, 0,
     "Đoạn đường mới có nhiều hộ dân chuyển đến nhưng chưa có đèn đường, ban đêm xe tải chạy nhanh rất nguy hiểm."),
    ("Ứng dụng báo cáo ổ gà, hư hỏng mặt đường có ảnh và vị trí", "digital", "Thủ Dầu Một", "", None, None, w.PUBLISHED, 102,
     "Người dân chụp ảnh ổ gà, đèn hỏng, nắp cống mất và gửi kèm vị trí; đơn vị quản lý xác nhận và báo khi sửa xong."),
    ("Hàng rào cây xanh ngăn bụi giữa khu công nghiệp Sóng Thần và khu dân cư", "environment", "Dĩ An", "Ranh giới KCN Sóng Thần – khu dân cư", 10.8996, 106.7559, w.SUBMITTED, 0,
     "Bụi và tiếng ồn từ khu công nghiệp ảnh hưởng khu dân cư liền kề. Đề nghị trồng dải cây xanh cách ly rộng 10 m."),
    ("Xe buýt đưa đón công nhân từ Bàu Bàng về Thủ Dầu Một buổi tối", "traffic", "Bàu Bàng", "KCN Bàu Bàng", 11.2626, 106.6200, w.REJECTED, 0,
     "Công nhân tan ca 22 giờ không còn xe buýt về trung tâm, đề nghị mở thêm chuyến tối."),
    ("Lắp camera an ninh tại ngã tư chợ Tân Phước Khánh", "public_space", "Tân Khánh", "Ngã tư chợ Tân Phước Khánh", 11.0090, 106.7200, w.REJECTED, 0,
     "Khu chợ có nhiều vụ trộm xe, đề nghị lắp camera kết nối công an phường."),
    ("Điểm đổi pin và rác điện tử tại trường học", "waste", "Hòa Lợi", "Các trường THCS phường Hòa Lợi", 11.0998, 106.6263, w.ACCEPTED, 71,
     "Đặt hộp thu pin cũ, rác điện tử tại các trường, học sinh mang pin cũ đổi cây xanh hoặc tập vở."),
    ("Vườn rau cộng đồng trên đất trống khu tái định cư Chánh Phú Hòa", "greenery", "Chánh Phú Hòa", "Khu tái định cư", 11.1673, 106.6560, w.UNDER_REVIEW, 0,
     "Tận dụng đất trống chưa xây dựng làm vườn rau cho các hộ, vừa có rau sạch vừa giữ vệ sinh khu đất."),
    ("Lối đi bộ có mái che từ trạm xe buýt vào Trung tâm Hành chính tỉnh", "public_space", "Bình Dương", "Trạm xe buýt Trung tâm Hành chính", 11.0539, 106.6690, w.PUBLISHED, 45,
     "Người dân đến làm thủ tục phải đi bộ 400 m dưới nắng mưa từ trạm xe buýt. Đề nghị làm lối đi có mái che."),
    ("Hộp thư góp ý điện tử bằng mã QR tại trụ sở khu phố", "digital", "Tân Hiệp", "Trụ sở các khu phố phường Tân Hiệp", None, None, w.REJECTED, 0,
     "Dán mã QR để người dân góp ý trực tuyến cho khu phố."),
    ("Đèn năng lượng mặt trời cho cầu đi bộ qua rạch Bà Lụa", "lighting", "Thuận An", "Cầu đi bộ rạch Bà Lụa", 10.9269, 106.7037, w.IMPLEMENTED, 53,
     "Cầu đi bộ không có đèn, người già và trẻ em đi lại buổi tối dễ té ngã."),
    ("Lớp bơi miễn phí mùa hè cho trẻ em tại hồ bơi trường học", "social", "Tân Uyên", "Hồ bơi Trường THCS Uyên Hưng", 11.0612, 106.7989, w.SUBMITTED, 0,
     "Nhiều vụ trẻ đuối nước ở sông Đồng Nai. Đề nghị mở lớp dạy bơi miễn phí dịp hè tại hồ bơi trường."),
    ("Bản đồ trực tuyến các điểm sạc xe điện trong tỉnh", "digital", "Dĩ An", "", None, None, w.SUBMITTED, 0,
     "Gom vị trí các trạm sạc xe máy và ô tô điện lên một bản đồ, có trạng thái còn chỗ sạc."),
    ("Thu gom dầu ăn đã qua sử dụng từ quán ăn để làm nhiên liệu sinh học", "waste", "An Phú", "Khu ẩm thực đường ĐT743", 10.9430, 106.7452, w.IN_PROGRESS, 60,
     "Quán ăn đổ dầu thải xuống cống gây tắc nghẽn. Đề nghị tổ chức thu gom định kỳ giao cho doanh nghiệp tái chế."),
    ("Ghế đá và bóng mát dọc hồ Bàu Bàng", "public_space", "Bàu Bàng", "Hồ nước Bàu Bàng", 11.2560, 106.6150, w.UNDER_REVIEW, 0,
     "Hồ là nơi người dân tập thể dục buổi sáng nhưng không có chỗ nghỉ."),
    ("Cảnh báo ngập bằng cảm biến mực nước tại các điểm trũng Thuận An", "environment", "Bình Hòa", "Đường Thủ Khoa Huân", 10.9320, 106.7210, w.PENDING, 0,
     "Lắp cảm biến mực nước và biển báo điện tử cảnh báo ngập để người đi đường tránh."),
]

REJECTIONS = {
    "Xe buýt đưa đón công nhân từ Bàu Bàng về Thủ Dầu Một buổi tối":
        "Tuyến xe buýt do Sở Giao thông vận tải quản lý; Trung tâm đã chuyển đề xuất sang Sở để xem xét trong kế hoạch mạng lưới, không thuộc phạm vi sáng kiến cộng đồng.",
    "Lắp camera an ninh tại ngã tư chợ Tân Phước Khánh":
        "Camera an ninh thuộc đề án camera giám sát của Công an tỉnh; đề xuất đã được chuyển Công an phường Tân Khánh.",
    "Hộp thư góp ý điện tử bằng mã QR tại trụ sở khu phố":
        "Trùng với cổng góp ý trực tuyến hiện có của Ủy ban nhân dân phường; Trung tâm đề nghị dùng kênh hiện có.",
}
ANSWERS = {
    w.ACCEPTED: "Sở Khoa học và Công nghệ tiếp nhận sáng kiến và giao Trung tâm phối hợp Ủy ban nhân dân phường lập kế hoạch thực hiện trong năm nay.",
    w.IN_PROGRESS: "Sáng kiến đang được triển khai: đơn vị thi công đã được giao, dự kiến hoàn thành trong quý tới. Tiến độ sẽ được cập nhật tại đây.",
    w.IMPLEMENTED: "Sáng kiến đã hoàn thành và nghiệm thu. Cảm ơn người dân đã đề xuất và ủng hộ.",
}


def load() -> dict:
    if Initiative.objects.filter(reference__startswith="SK-").exists():
        return {"initiatives": 0}
    rng = random.Random(8605)
    dost = Organisation.objects.get(code="DOST")
    reviewer = User.objects.filter(username="dost.khoa").first()
    units = {u.name_vi: u for u in AdministrativeUnit.objects.filter(level="commune", valid_to__isnull=True)}
    now = timezone.now()
    people = [("Nguyễn Thị Hồng", "hong"), ("Trần Văn Bình", "binh"), ("Lê Minh Châu", "chau"), ("Phạm Quốc Dũng", "dung"),
              ("Võ Thị Ngọc Hân", "han"), ("Huỳnh Tấn Lộc", "loc"), ("Đặng Thùy Trang", "trang"), ("Bùi Gia Huy", "huy")]
    ordered = [w.PENDING, w.SUBMITTED, w.UNDER_REVIEW, w.PUBLISHED, w.ACCEPTED, w.IN_PROGRESS, w.IMPLEMENTED]
    initiatives, plans = [], []
    year = timezone.localdate().year
    for n, (title, cat, ward, place, lat, lon, final, supports, desc) in enumerate(INITIATIVES, start=1):
        person, handle = people[n % len(people)]
        age = {w.PENDING: 0, w.SUBMITTED: 3, w.UNDER_REVIEW: 12, w.REJECTED: 40, w.PUBLISHED: 60}.get(final, 150)
        submitted = now - dt.timedelta(days=age + rng.randint(0, 20), hours=rng.randint(1, 10))
        ini = Initiative(reference=f"SK-{year}-{n:04d}", title=title, description=desc, category=cat, unit=units.get(ward), place=place,
                         latitude=lat, longitude=lon, state=final, proposer_name=person,
                         proposer_email=f"{handle}.{n}@gmail.com", proposer_phone=f"09{rng.randint(10000000, 99999999)}",
                         proposer_initials=mask_name(person), owner=dost, published=final in w.PUBLIC_STATES,
                         email_verified_at=None if final == w.PENDING else submitted + dt.timedelta(minutes=4),
                         submitted_at=None if final == w.PENDING else submitted + dt.timedelta(minutes=4),
                         rejection_reason=REJECTIONS.get(title, ""), supports_count=supports)
        ini.search_text = fold(f"{ini.reference} {ini.title} {ini.place} {ini.description}")
        path = [w.PENDING] if final == w.PENDING else (
            [w.PENDING, w.SUBMITTED, w.UNDER_REVIEW, w.REJECTED] if final == w.REJECTED else ordered[:ordered.index(final) + 1])
        if final == w.IMPLEMENTED and n % 2:
            path.remove(w.IN_PROGRESS)  # accepted -> implemented directly
        step = {s: submitted + dt.timedelta(days=i * 6 + (0 if i == 0 else rng.randint(0, 3)), minutes=4 if i == 1 else 0)
                for i, s in enumerate(path)}
        if w.PUBLISHED in step:
            ini.published_at = step[w.PUBLISHED]
        initiatives.append(ini)
        plans.append((ini, path, step, supports))
    bulk_create_with_history(initiatives, Initiative)
    by_ref = {i.reference: i for i in Initiative.objects.filter(reference__in=[i.reference for i in initiatives])}

    transitions, answers, rows = [], [], []
    for ini, path, step, supports in plans:
        saved = by_ref[ini.reference]
        prev = ""
        for s in path:
            reason = saved.rejection_reason if s == w.REJECTED else ""
            transitions.append(Transition(initiative=saved, from_state=prev, to_state=s, at=step[s], reason=reason,
                                          by=reviewer if s not in (w.PENDING, w.SUBMITTED) else None))
            prev = s
            if s in ANSWERS:
                answers.append(OfficialAnswer(initiative=saved, organisation=dost, text=ANSWERS[s], answered_on=timezone.localdate(step[s]),
                                              state=s, by=reviewer))
        if w.PUBLISHED in step:
            start = step[w.PUBLISHED]
            span = max(60, int((now - start).total_seconds()))
            for k in range(supports):
                rows.append(Support(initiative=saved, email_hash=email_hash(f"nguoidan{k}.{saved.pk}@example.vn"),
                                    created_at=start + dt.timedelta(seconds=rng.randint(30, span))))
    Transition.objects.bulk_create(transitions)
    OfficialAnswer.objects.bulk_create(answers)
    Support.objects.bulk_create(rows, batch_size=500)
    return {"initiatives": len(initiatives), "transitions": len(transitions), "answers": len(answers), "supports": len(rows)}

"""Two consultations of the Department of Information and Communications: the open one on
the 2026–2030 smart city plan (votes and comments, some waiting for moderation) and a
closed one with the department's official answer."""
import random
from datetime import timedelta

from django.utils import timezone

from smartcity.participation import services
from smartcity.participation.models import Comment, CommentState, Consultation, Question, Vote

OPEN = ("ke-hoach-do-thi-thong-minh-2026-2030",
        "Lấy ý kiến về Kế hoạch phát triển đô thị thông minh tỉnh Bình Dương giai đoạn 2026-2030",
        "Sở Thông tin và Truyền thông lấy ý kiến người dân, doanh nghiệp về dự thảo Kế hoạch phát triển đô thị thông minh "
        "giai đoạn 2026-2030, kế thừa Đề án Thành phố thông minh Bình Dương.",
        "Dự thảo Kế hoạch gồm 5 nhóm nhiệm vụ:\n\n1. Hoàn thiện Trung tâm Điều hành thông minh (IOC) cấp tỉnh và kết nối dữ liệu "
        "các phường, xã.\n2. Mở rộng wifi công cộng miễn phí tại chợ, công viên, bến xe, bệnh viện.\n3. Phát triển giao thông thông minh: "
        "đèn tín hiệu thích ứng, thông tin xe buýt thời gian thực, bãi đỗ xe thông minh.\n4. Dữ liệu mở: công bố các bộ dữ liệu về môi trường, "
        "giao thông, doanh nghiệp theo chuẩn DCAT.\n5. Tăng cường tương tác người dân qua ứng dụng phản ánh hiện trường và dịch vụ công trực tuyến.",
        ["Ưu tiên hoàn thiện Trung tâm Điều hành thông minh trước năm 2027.",
         "Mở rộng wifi công cộng miễn phí đến tất cả chợ và công viên.",
         "Công bố dữ liệu quan trắc môi trường theo thời gian thực cho người dân.",
         "Triển khai đèn tín hiệu giao thông thích ứng trên Đại lộ Bình Dương và Quốc lộ 13."])
CLOSED = ("wifi-cong-cong-2025",
          "Lấy ý kiến về danh sách điểm wifi công cộng miễn phí năm 2025",
          "Người dân góp ý các điểm ưu tiên lắp đặt wifi công cộng miễn phí.",
          "Dự kiến 120 điểm wifi công cộng tại chợ, công viên, nhà văn hóa, bến xe và bệnh viện trên địa bàn tỉnh.",
          ["Ưu tiên lắp đặt tại bệnh viện và bến xe trước.", "Giới hạn thời gian truy cập 60 phút mỗi lượt."])
COMMENTS = [
    ("Ng. V. Hùng", "Nên có bản đồ các điểm wifi trên ứng dụng Bình Dương Smart City.", CommentState.PUBLISHED),
    ("Trần Thị Mai", "Đề nghị tích hợp phản ánh hiện trường với tổng đài 1022 để không phải gửi hai lần.", CommentState.PUBLISHED),
    ("", "Cần công khai thời gian xử lý phản ánh của từng sở, ngành.", CommentState.PUBLISHED),
    ("Lê Minh Tuấn", "Đèn giao thông thích ứng rất cần ở ngã tư Sở Sao vào giờ cao điểm.", CommentState.PENDING),
    ("", "Quảng cáo bán hàng không liên quan.", CommentState.HIDDEN),
]


def _make(spec, opens, closes, owner):
    slug, title, summary, document, questions = spec
    c = Consultation.objects.create(slug=slug, title=title, summary=summary, document=document, opens_at=opens,
                                    closes_at=closes, owner=owner)
    qs = Question.objects.bulk_create([Question(consultation=c, number=i + 1, text=t) for i, t in enumerate(questions)])
    return c, qs


def load() -> dict:
    if Consultation.objects.filter(slug=OPEN[0]).exists():
        return {"consultations": 0}
    owner = services._org(services.OWNER)
    now = timezone.now()
    rng = random.Random(2030)
    c_open, q_open = _make(OPEN, now - timedelta(days=12), now + timedelta(days=18), owner)
    c_closed, q_closed = _make(CLOSED, now - timedelta(days=75), now - timedelta(days=45), owner)
    c_closed.official_answer = ("Sở Thông tin và Truyền thông tiếp thu: 40 điểm tại bệnh viện và bến xe được lắp trước; "
                                "thời gian truy cập giữ 60 phút mỗi lượt, có thể đăng nhập lại. Danh sách điểm được công bố trên cổng dữ liệu mở.")
    c_closed.answered_at = now - timedelta(days=30)
    c_closed.save()
    votes = []
    for qs, n, bias in ((q_open, 46, 0.72), (q_closed, 31, 0.65)):
        for q in qs:
            for k in range(n - q.number * 3):
                votes.append(Vote(question=q, email_hash=services.email_hash(f"cutri{k}@example.vn"),
                                  choice="agree" if rng.random() < bias else "disagree"))
    Vote.objects.bulk_create(votes)
    comments = [Comment(consultation=c_open, question=q_open[i % len(q_open)] if i % 2 else None, author=a, text=t, state=s,
                        email_hash=services.email_hash(f"gopy{i}@example.vn"),
                        hidden_reason="Nội dung quảng cáo, không liên quan đến dự thảo." if s == CommentState.HIDDEN else "")
                for i, (a, t, s) in enumerate(COMMENTS)]
    Comment.objects.bulk_create(comments)
    return {"consultations": 2, "votes": len(votes), "comments": len(comments)}

"""Escalations: raised by the lead unit, reviewed by the Office, decided by the Steering
Committee (or the Office), withdrawn while open; each step on the item's timeline; open ones
age as of a date, oldest first."""
import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from smartcity.core.models import Organisation
from smartcity.programme.models import TimelineEntry
from smartcity.programme.services import escalations as es
from smartcity.programme.services import reports as rs

pytestmark = pytest.mark.django_db
UTC = dt.timezone.utc


@pytest.fixture
def people(make_user):
    return {"dot": make_user("dot.editor", "DOT"), "donre": make_user("donre.editor", "DONRE"),
            "office": make_user("vp.manager", "VPTPTM", role="manager"), "bcd": make_user("bcd.editor", "BCD"),
            "bcd_viewer": make_user("bcd.viewer", "BCD", role="viewer"), "pc": make_user("ppc.editor", "PPC")}


def test_full_path_with_timeline(small_plan, people):
    plan, items, _ = small_plan
    item = items["II.4.2"]
    report = rs.save_report(item, people["dot"], "2018-06", progress=12, narrative="Khảo sát 12 tuyến xe buýt.",
                            difficulties="Chưa có kinh phí thuê tư vấn lập đề án.")
    esc = es.raise_escalation(item, people["dot"], "Kinh phí tư vấn đề án xe buýt", report.difficulties,
                              proposal="Đề nghị bố trí 1,5 tỷ đồng từ ngân sách tỉnh.", report=report, severity="high")
    assert esc.owner.code == "DOT" and esc.status == "open"
    with pytest.raises(ValidationError):
        es.decide(esc, people["bcd"], "Đồng ý")  # the Office has not forwarded it yet
    es.office_review(esc, people["office"], "Văn phòng thống nhất, trình Ban Chỉ đạo xem xét.")
    assert esc.status == "review"
    with pytest.raises(PermissionDenied):
        es.decide(esc, people["bcd_viewer"], "Đồng ý")
    with pytest.raises(PermissionDenied):
        es.decide(esc, people["dot"], "Đồng ý")
    dot = Organisation.objects.get(code="DOT")
    es.decide(esc, people["bcd"], "Đồng ý bố trí kinh phí; Sở Tài chính tham mưu.", action_owner=dot, action_due=dt.date(2018, 8, 31))
    assert esc.status == "decided" and esc.action_owner == dot
    sources = list(TimelineEntry.objects.filter(item=item).order_by("id").values_list("source", flat=True))
    assert sources == ["escalation", "escalation", "decision"]
    with pytest.raises(ValidationError):
        es.withdraw(esc, people["dot"])


def test_decide_before_forwarding_is_a_workflow_error(small_plan, people):
    plan, items, _ = small_plan
    esc = es.raise_escalation(items["II.4.1"], people["dot"], "Mặt bằng trạm", "Chưa bàn giao mặt bằng.")
    with pytest.raises(ValidationError):
        es.decide(esc, people["office"], "Đồng ý")


def test_only_the_lead_raises_only_the_office_reviews(small_plan, people):
    plan, items, _ = small_plan
    with pytest.raises(PermissionDenied):
        es.raise_escalation(items["II.9.1"], people["dot"], "Vướng mắc", "Mô tả")
    esc = es.raise_escalation(items["II.9.1"], people["donre"], "Đường truyền dữ liệu trạm", "Mất kết nối trạm Bến Cát.")
    for who in ("donre", "bcd", "dot"):
        with pytest.raises(PermissionDenied):
            es.office_review(esc, people[who], "Đồng ý")
    with pytest.raises(ValidationError):
        es.office_review(esc, people["office"], "  ")
    with pytest.raises(PermissionDenied):
        es.withdraw(esc, people["dot"])
    es.withdraw(esc, people["donre"])
    assert esc.status == "withdrawn"
    with pytest.raises(ValidationError):
        es.raise_escalation(items["II.9.1"], people["donre"], "", "", severity="critical")


def test_open_escalations_age_and_sort(small_plan, people):
    plan, items, _ = small_plan
    t = lambda *a: dt.datetime(*a, 9, tzinfo=UTC)  # noqa: E731
    old = es.raise_escalation(items["II.4.1"], people["dot"], "Cũ", "Vướng mắc cũ", when=t(2018, 9, 1))
    mid = es.raise_escalation(items["II.4.2"], people["dot"], "Vừa", "Vướng mắc vừa", when=t(2018, 12, 10))
    new = es.raise_escalation(items["II.9.3"], people["donre"], "Mới", "Vướng mắc mới", when=t(2018, 12, 28))
    es.office_review(mid, people["office"], "Trình Ban Chỉ đạo", when=t(2018, 12, 15))
    done = es.raise_escalation(items["II.9.1"], people["donre"], "Đã quyết", "Đã giải quyết", when=t(2018, 6, 1))
    es.office_review(done, people["office"], "Trình", when=t(2018, 6, 5))
    es.decide(done, people["bcd"], "Đồng ý", when=t(2018, 7, 1))
    rows = es.open_escalations(plan, dt.date(2018, 12, 31))
    assert [r["escalation"].pk for r in rows] == [old.pk, mid.pk, new.pk]
    assert [(r["age_days"], r["band"], r["stage"]) for r in rows] == [(121, "old", "open"), (21, "ageing", "review"), (3, "fresh", "open")]
    earlier = es.open_escalations(plan, dt.date(2018, 6, 20))  # as of June: only the one decided in July, then with the Committee
    assert [(r["escalation"].pk, r["stage"], r["age_days"]) for r in earlier] == [(done.pk, "review", 19)]

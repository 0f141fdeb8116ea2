"""The lifecycle after intake: transfers across units with early/on time/late hand-offs,
consultation, supplement and suspension stopping the clock, apology with a new appointment,
result and return, refusal, withdrawal, and every illegal move refused."""
import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command

from tests.onestop.factories import local, make_dossier

pytestmark = pytest.mark.django_db

APPLICANT = {"kind": "citizen", "name": "Lê Thị Bích Ngọc", "id_number": "074192003344", "phone": "0938 456 789",
             "address": "Khu phố Nhị Đồng 2, phường Dĩ An"}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def sent(monkeypatch):
    """Records what the applicant would be told (event names in order)."""
    from smartcity.onestop.services import notify

    events = []
    monkeypatch.setattr(notify, "notify", lambda dossier, event, *, extra=None: events.append((dossier.code, event, extra)) or [])
    return events


@pytest.fixture
def people(make_user):
    return {"doc": make_user("chuyenvien.sxd", "DOC"), "donre": make_user("chuyenvien.stnmt", "DONRE"),
            "dpi": make_user("chuyenvien.skhdt", "DPI")}


def _org(code):
    from smartcity.core.models import Organisation

    return Organisation.objects.get(code=code)


def _receive(version, user, at):
    from smartcity.onestop.services import intake

    return intake.receive_at_counter(version=version, applicant=APPLICANT, user=user, at=at,
                                     subject="Cấp phép xây dựng nhà ở riêng lẻ, 3 tầng, phường Dĩ An")


def test_two_units_with_an_early_a_late_and_an_on_time_hand_off_then_return(procedures, people, sent):
    from smartcity.onestop.models import SurveyInvitation
    from smartcity.onestop.services import calendar, lifecycle

    version = procedures["house"]  # steps: DOC appraisal 7 days, DONRE 5 days, DOC sign 3 days
    received = local(2026, 5, 4, 8, 0)
    d = _receive(version, people["doc"], received)
    row1 = d.handoffs.get(seq=1)
    assert row1.step_due_at == min(calendar.add_working_time(received, 7, unit=d.owner), d.due_at)

    # DOC hands on after 4 working days: early
    t2 = local(2026, 5, 8, 10, 0)
    lifecycle.transfer(d, _org("DONRE"), people["doc"], note="Đề nghị xác nhận hiện trạng đất", at=t2)
    row1.refresh_from_db()
    assert row1.completed_at == t2 and row1.timeliness == "early"
    assert d.status == "processing" and d.current_unit.code == "DONRE"
    row2 = d.handoffs.get(seq=2)
    assert (row2.kind, row2.from_unit.code, row2.to_unit.code, row2.by) == ("transfer", "DOC", "DONRE", people["donre"].__class__.objects.get(pk=people["doc"].pk))
    assert row2.step_due_at == min(calendar.add_working_time(t2, 5, unit=_org("DONRE")), d.due_at)

    # DONRE gives it back an hour after its step was due: late
    t3 = row2.step_due_at + dt.timedelta(hours=1)
    lifecycle.transfer(d, _org("DOC"), people["donre"], at=t3)
    row2.refresh_from_db()
    assert row2.timeliness == "late" and row2.completed_at == t3
    row3 = d.handoffs.get(seq=3)
    assert row3.step_due_at == min(calendar.add_working_time(t3, 3, unit=_org("DOC")), d.due_at)

    # DOC finishes on the day its step is due: on time
    t4 = row3.step_due_at - dt.timedelta(minutes=30)
    assert t4.astimezone(calendar.LOCAL).date() == row3.step_due_at.astimezone(calendar.LOCAL).date()
    lifecycle.result_ready(d, people["doc"], "Giấy phép xây dựng số 152/GPXD", at=t4)
    row3.refresh_from_db()
    assert row3.timeliness == "on_time"
    assert d.status == "result_ready" and d.result_at == t4 and d.current_unit == d.owner
    result_row = d.handoffs.get(kind="result")
    assert result_row.timeliness == lifecycle.timeliness(t4, d.due_at) and result_row.to_unit == d.owner

    lifecycle.return_result(d, people["doc"], channel="post", at=t4 + dt.timedelta(hours=2))
    assert d.status == "returned" and d.return_channel == "post" and d.closed_at == d.returned_at
    assert SurveyInvitation.objects.filter(dossier=d).exists()
    assert [s[1] for s in sent] == ["received", "result_ready", "returned"]
    assert "survey_url" in sent[-1][2]
    assert list(d.handoffs.order_by("seq").values_list("kind", flat=True)) == ["receive", "transfer", "transfer", "result", "return"]


def test_transfer_to_the_holding_unit_is_refused(procedures, people):
    from smartcity.onestop.errors import OneStopError
    from smartcity.onestop.services import lifecycle

    d = _receive(procedures["house"], people["doc"], local(2026, 5, 4, 8))
    with pytest.raises(OneStopError) as exc:
        lifecycle.transfer(d, _org("DOC"), people["doc"])
    assert exc.value.code == "same_unit"


def test_explicit_step_days_override_the_plan(procedures, people):
    from smartcity.onestop.services import calendar, lifecycle

    d = _receive(procedures["house"], people["doc"], local(2026, 5, 4, 8))
    at = local(2026, 5, 5, 9)
    lifecycle.transfer(d, _org("DONRE"), people["doc"], days=2, at=at)
    assert d.handoffs.get(seq=2).step_due_at == calendar.add_working_time(at, 2, unit=_org("DONRE"))


def test_consultations_keep_the_dossier_until_all_are_answered(procedures, people):
    from smartcity.onestop.errors import OneStopError
    from smartcity.onestop.services import calendar, lifecycle

    d = _receive(procedures["house"], people["doc"], local(2026, 5, 4, 8))
    sent_at = local(2026, 5, 5, 9)
    c1 = lifecycle.consult(d, _org("DONRE"), "Thửa đất có nằm trong quy hoạch hành lang an toàn không?", people["doc"], 3, at=sent_at)
    c2 = lifecycle.consult(d, _org("DPI"), "Ý kiến về ngành nghề kinh doanh tại tầng trệt?", people["doc"], 2, at=sent_at)
    assert d.status == "consulting" and d.current_unit.code == "DOC"
    assert c1.due_at == calendar.add_working_time(sent_at, 3, unit=_org("DONRE"))
    with pytest.raises(OneStopError) as exc:
        lifecycle.transfer(d, _org("DONRE"), people["doc"])
    assert exc.value.code == "bad_transition"
    late_answer = c2.due_at + dt.timedelta(days=1)
    lifecycle.answer_consultation(c2, people["dpi"], "Không có ý kiến khác.", at=late_answer)
    d.refresh_from_db()
    assert d.status == "consulting"
    assert d.handoffs.get(kind="consult", to_unit__code="DPI").timeliness == "late"
    lifecycle.answer_consultation(c1, people["donre"], "Không thuộc hành lang an toàn.", at=local(2026, 5, 6, 9))
    d.refresh_from_db()
    assert d.status == "received"  # never transferred: back at the receiving unit's step
    row = d.handoffs.get(kind="consult", to_unit__code="DONRE")
    assert row.completed_at == local(2026, 5, 6, 9) and row.timeliness == "early"
    assert d.handoffs.filter(kind="consult_reply").count() == 2
    with pytest.raises(OneStopError) as exc:
        lifecycle.answer_consultation(c1, people["donre"], "Lần nữa")
    assert exc.value.code == "already_answered"


def test_supplement_stops_the_clock_and_is_asked_once(procedures, people, sent):
    from smartcity.onestop.errors import OneStopError
    from smartcity.onestop.services import calendar, lifecycle

    d = _receive(procedures["house"], people["doc"], local(2026, 5, 4, 8))
    before = d.due_at
    with pytest.raises(OneStopError) as exc:
        lifecycle.request_supplement(d, people["doc"], ["  "])
    assert exc.value.code == "items_required"
    asked, came = local(2026, 5, 11, 9, 0), local(2026, 5, 13, 9, 0)  # Monday to Wednesday: 2 working days
    lifecycle.request_supplement(d, people["doc"], ["Bản vẽ mặt cắt thiếu kích thước", "Bản sao sổ đỏ chưa chứng thực"],
                                 reason="Hồ sơ chưa đủ theo Điều 102 Luật Xây dựng", at=asked)
    assert d.status == "supplement" and sent[-1][1] == "supplement"
    assert lifecycle.lateness(d, local(2026, 5, 12, 9))["state"] == "stopped"
    with pytest.raises(OneStopError) as exc:
        lifecycle.transfer(d, _org("DONRE"), people["doc"])
    assert exc.value.code == "bad_transition"
    from django.core.files.uploadedfile import SimpleUploadedFile

    lifecycle.supplement_received(d, people["doc"], files=[(None, SimpleUploadedFile("ban-ve-bo-sung.pdf", b"%PDF-1.7 ban ve"))], at=came)
    assert calendar.working_days_between(asked, came, unit=d.owner) == pytest.approx(2.0)
    assert d.due_at == calendar.add_working_time(before, 2, unit=d.owner)
    assert d.original_due_at == d.due_at and d.status == "received"  # the legal appointment moves with the clock
    assert d.supplements.get().fulfilled_at == came
    assert d.documents.filter(phase="supplement").count() == 1
    with pytest.raises(OneStopError) as exc:
        lifecycle.request_supplement(d, people["doc"], ["Thêm giấy tờ khác"])
    assert exc.value.code == "supplement_once"


def test_online_dossier_supplemented_before_acceptance_goes_back_to_the_check(procedures, people):
    from smartcity.onestop.services import intake, lifecycle

    d = intake.submit_online(version=procedures["business"], applicant=APPLICANT, subject="Hộ kinh doanh quán cơm Bích Ngọc",
                             at=local(2026, 5, 4, 21))
    lifecycle.request_supplement(d, people["dpi"], ["Bản sao CCCD của chủ hộ"], at=local(2026, 5, 5, 9))
    lifecycle.supplement_received(d, people["dpi"], at=local(2026, 5, 6, 9))
    assert d.status == "submitted" and d.due_at is None


def test_suspension_moves_the_appointment_and_the_open_step(procedures, people):
    from smartcity.onestop.errors import OneStopError
    from smartcity.onestop.services import calendar, lifecycle

    d = _receive(procedures["house"], people["doc"], local(2026, 5, 4, 8))
    lifecycle.transfer(d, _org("DONRE"), people["doc"], at=local(2026, 5, 5, 8))
    step = d.handoffs.get(seq=2)
    due_before, step_before = d.due_at, step.step_due_at
    with pytest.raises(OneStopError) as exc:
        lifecycle.suspend(d, people["donre"], "")
    assert exc.value.code == "reason_required"
    lifecycle.suspend(d, people["donre"], "Chờ kết quả giải quyết tranh chấp ranh giới đất", at=local(2026, 5, 6, 14, 0))
    assert d.status == "suspended"
    with pytest.raises(OneStopError) as exc:
        lifecycle.result_ready(d, people["donre"], "Giấy phép")
    assert exc.value.code == "bad_transition"
    lifecycle.resume(d, people["donre"], at=local(2026, 5, 8, 14, 0))  # Wednesday 14:00 to Friday 14:00
    assert d.status == "processing"
    step.refresh_from_db()
    assert d.due_at == calendar.add_working_time(due_before, 2, unit=d.owner)
    assert step.step_due_at == calendar.add_working_time(step_before, 2, unit=d.owner)
    assert d.suspensions.get().ended_at == local(2026, 5, 8, 14, 0)


def test_apology_sets_a_new_appointment_and_keeps_the_first(procedures, people, sent):
    from smartcity.onestop.errors import OneStopError
    from smartcity.onestop.services import lifecycle

    d = _receive(procedures["business"], people["dpi"], local(2026, 5, 4, 8))
    first = d.due_at
    with pytest.raises(OneStopError) as exc:
        lifecycle.issue_apology(d, people["dpi"], "Chờ xác minh", first - dt.timedelta(hours=1), at=local(2026, 5, 5, 9))
    assert exc.value.code == "new_due_invalid"
    new_due = local(2026, 5, 12, 16, 0)
    apology = lifecycle.issue_apology(d, people["dpi"], "Chờ xác minh địa điểm kinh doanh", new_due, at=local(2026, 5, 6, 9))
    assert d.due_at == new_due and d.original_due_at == first
    assert (apology.previous_due_at, apology.new_due_at, apology.unit.code, apology.automatic) == (first, new_due, "DPI", False)
    row = d.handoffs.get(kind="apology")
    assert row.timeliness == lifecycle.timeliness(local(2026, 5, 6, 9), first)
    assert sent[-1][1] == "apology"


def test_draft_apologies_for_late_and_nearly_late_dossiers_once(procedures):
    from smartcity.onestop.models import Apology
    from smartcity.onestop.services import lifecycle

    now = local(2026, 5, 13, 9, 0)  # Wednesday
    v = procedures["business"]
    nearly = make_dossier(v, status="processing", received_at=local(2026, 5, 8), due_at=local(2026, 5, 13, 15, 0))
    late = make_dossier(v, status="received", received_at=local(2026, 5, 4), due_at=local(2026, 5, 11, 10, 0))
    make_dossier(v, status="processing", received_at=local(2026, 5, 11), due_at=local(2026, 5, 25, 10, 0))  # far
    make_dossier(v, status="returned", received_at=local(2026, 5, 1), due_at=local(2026, 5, 6, 10, 0))  # closed
    make_dossier(v, status="suspended", received_at=local(2026, 5, 1), due_at=local(2026, 5, 12, 10, 0))  # clock stopped
    apologised = make_dossier(v, status="processing", received_at=local(2026, 5, 4), due_at=local(2026, 5, 12, 10, 0))
    Apology.objects.create(dossier=apologised, unit=v.receiving_unit, reason="Đã xin lỗi", previous_due_at=apologised.due_at,
                           new_due_at=apologised.due_at + dt.timedelta(days=3), issued_at=local(2026, 5, 11))
    made = lifecycle.draft_apologies(now)
    assert {a.dossier_id for a in made} == {nearly.pk, late.pk}
    for a in made:
        a.dossier.refresh_from_db()
        assert a.automatic and a.issued_by is None and a.new_due_at > now and a.new_due_at > a.previous_due_at
        assert a.dossier.due_at == a.new_due_at and a.dossier.original_due_at == a.previous_due_at
    assert lifecycle.draft_apologies(now) == []


def test_refusal_and_withdrawal_close_the_dossier(procedures, people, sent):
    from smartcity.onestop.errors import OneStopError
    from smartcity.onestop.services import lifecycle

    d = _receive(procedures["house"], people["doc"], local(2026, 5, 4, 8))
    with pytest.raises(OneStopError) as exc:
        lifecycle.reject(d, people["doc"], " ")
    assert exc.value.code == "reason_required"
    lifecycle.reject(d, people["doc"], "Khu đất thuộc quy hoạch giao thông, không đủ điều kiện cấp phép", at=local(2026, 5, 6, 10))
    assert d.status == "rejected" and d.closed_at == local(2026, 5, 6, 10)
    assert d.handoffs.get(seq=1).completed_at == local(2026, 5, 6, 10)
    assert "quy hoạch" in d.handoffs.get(kind="reject").note and sent[-1][1] == "rejected"
    other = _receive(procedures["house"], people["doc"], local(2026, 5, 4, 9))
    lifecycle.withdraw(other, people["doc"], "Người nộp có đơn xin rút hồ sơ", at=local(2026, 5, 5, 9))
    assert other.status == "withdrawn" and other.closed_at is not None
    for closed in (d, other):
        with pytest.raises(OneStopError) as exc:
            lifecycle.transfer(closed, _org("DONRE"), people["doc"])
        assert exc.value.code == "bad_transition"


ILLEGAL = [
    ("submitted", "transfer"), ("submitted", "result"), ("submitted", "resume"),
    ("received", "return"), ("received", "resume"), ("received", "accept"), ("received", "supplemented"),
    ("processing", "return"), ("processing", "answer"),
    ("consulting", "transfer"), ("consulting", "result"), ("consulting", "suspend"), ("consulting", "supplement"),
    ("supplement", "transfer"), ("supplement", "result"), ("supplement", "supplement"),
    ("suspended", "transfer"), ("suspended", "suspend"), ("suspended", "consult"),
    ("result_ready", "transfer"), ("result_ready", "reject"), ("result_ready", "result"), ("result_ready", "apology"),
    ("returned", "return"), ("returned", "reject"), ("returned", "apology"), ("returned", "withdraw"),
    ("rejected", "accept"), ("rejected", "resume"), ("withdrawn", "supplemented"),
]


def _call(action, d, user):
    from smartcity.onestop.models import Consultation
    from smartcity.onestop.services import intake, lifecycle

    later = d.due_at + dt.timedelta(days=5) if d.due_at else local(2026, 12, 1)
    calls = {
        "accept": lambda: intake.accept_online(d, user),
        "transfer": lambda: lifecycle.transfer(d, _org("DONRE"), user),
        "consult": lambda: lifecycle.consult(d, _org("DONRE"), "Hỏi ý kiến", user, 3),
        "answer": lambda: lifecycle.answer_consultation(
            Consultation.objects.create(dossier=d, unit=_org("DONRE"), question="?", sent_at=local(2026, 3, 3), due_at=local(2026, 3, 6)),
            user, "Đồng ý"),
        "supplement": lambda: lifecycle.request_supplement(d, user, ["Giấy tờ đất"]),
        "supplemented": lambda: lifecycle.supplement_received(d, user),
        "reject": lambda: lifecycle.reject(d, user, "Không đủ điều kiện"),
        "suspend": lambda: lifecycle.suspend(d, user, "Tạm dừng"),
        "resume": lambda: lifecycle.resume(d, user),
        "apology": lambda: lifecycle.issue_apology(d, user, "Xin lỗi", later),
        "result": lambda: lifecycle.result_ready(d, user, "Giấy phép"),
        "return": lambda: lifecycle.return_result(d, user),
        "withdraw": lambda: lifecycle.withdraw(d, user, "Rút hồ sơ"),
    }
    return calls[action]()


@pytest.mark.parametrize("status, action", ILLEGAL)
def test_illegal_moves_are_refused_and_change_nothing(procedures, people, status, action):
    from smartcity.onestop.errors import OneStopError
    from smartcity.onestop.models import Handoff

    d = make_dossier(procedures["house"], status=status)
    with pytest.raises(OneStopError) as exc:
        _call(action, d, people["doc"])
    assert exc.value.code == "bad_transition"
    d.refresh_from_db()
    assert d.status == status and not Handoff.objects.filter(dossier=d).exists()


def test_state_machine_table_matches_the_documented_lifecycle():
    """Each action is legal somewhere, closed states allow nothing, the clock-stopped states
    can only be left by their own exits (or closing)."""
    from smartcity.onestop.services.lifecycle import TRANSITIONS

    for closed in ("rejected", "returned", "withdrawn"):
        assert not [a for a, states in TRANSITIONS.items() if closed in states]
    assert {a for a, s in TRANSITIONS.items() if "suspended" in s} == {"resume", "reject", "withdraw", "apology"}
    assert {a for a, s in TRANSITIONS.items() if "supplement" in s} == {"supplemented", "reject", "withdraw"}
    assert {a for a, s in TRANSITIONS.items() if "result_ready" in s} == {"return"}


def test_lateness_is_computed_not_stored(procedures):
    from smartcity.onestop.services import lifecycle

    v = procedures["business"]
    d = make_dossier(v, status="processing", received_at=local(2026, 5, 4, 8), due_at=local(2026, 5, 7, 8, 0))
    assert lifecycle.lateness(d, local(2026, 5, 4, 9))["state"] == "on_time"
    soon = lifecycle.lateness(d, local(2026, 5, 6, 15))
    assert soon["state"] == "due_soon" and 0 < soon["remaining_days"] <= 1
    late = lifecycle.lateness(d, local(2026, 5, 8, 8))
    assert late["state"] == "late" and late["remaining_days"] < 0
    d.result_at = local(2026, 5, 7, 9)
    assert lifecycle.lateness(d, local(2026, 5, 8))["state"] == "done_late"


def test_overdue_and_draft_apologies_commands(procedures, monkeypatch):
    from django.utils import timezone

    v = procedures["business"]
    late = make_dossier(v, status="processing", received_at=local(2026, 5, 4, 8), due_at=local(2026, 5, 7, 8, 0))
    make_dossier(v, status="processing", received_at=local(2026, 5, 4, 8), due_at=local(2026, 6, 30, 8, 0))
    monkeypatch.setattr(timezone, "now", lambda: local(2026, 5, 11, 8, 0))
    out = StringIO()
    call_command("onestop", "overdue", "--json", stdout=out)
    rows = json.loads(out.getvalue())
    assert [r["code"] for r in rows] == [late.code]
    assert rows[0]["working_days_late"] == pytest.approx(2.0, abs=0.01)  # Thu 08:00 -> Mon 08:00
    out = StringIO()
    call_command("onestop", "draft-apologies", "--json", stdout=out)
    assert [r["code"] for r in json.loads(out.getvalue())] == [late.code]
    out = StringIO()
    call_command("onestop", "overdue", stdout=out)
    assert late.code not in out.getvalue()  # its apology set a new appointment

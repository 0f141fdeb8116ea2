"""The one-stop demo dossiers: a small run of the real loader (same code as the full demo, fewer
dossiers), checked for realistic content, the stories the demo promises, and idempotence."""
import datetime as dt
from zoneinfo import ZoneInfo

from smartcity.core.reference import NEW_UNITS

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = dt.datetime(2026, 3, 4, 16, 0, tzinfo=LOCAL)  # a Wednesday afternoon: a fixed 'today' for a stable story
VIETNAMESE = set("ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ")
COUNT = 60


def test_demo_dossiers_realistic_and_idempotent(reference):
    from smartcity.onestop import demo_dossiers
    from smartcity.onestop.models import Apology, Consultation, Dossier, Handoff, Notification, SurveyResponse
    from smartcity.onestop.services import calendar, catalogue, surveys

    catalogue.load_catalogue(templates=False)  # the demo's catalogue part runs first; without the .docx here
    counts = demo_dossiers.load(COUNT, now=NOW)
    demo = Dossier.objects.filter(notes=demo_dossiers.DEMO_NOTE)
    assert counts["dossiers"] == demo.count() == Dossier.objects.count()
    assert COUNT <= counts["dossiers"] <= COUNT + demo_dossiers.STALLED
    assert counts["staff"] >= 10

    # time frame: received from 1 July 2025 (the service centre) to 'now', on working days in office hours
    received = list(demo.values_list("received_at", "submitted_at"))
    times = [(r or s).astimezone(LOCAL) for r, s in received]
    assert min(times).date() >= dt.date(2025, 7, 1) and max(times) <= NOW
    assert all(calendar.is_working_day(t.date()) for t in times)  # no intake on weekends and holidays
    assert all(dt.time(7, 30) <= t.time() <= dt.time(17, 0) for t in times)
    assert {"counter", "online"} <= set(demo.values_list("channel", flat=True))

    # realistic applicants: Vietnamese names with marks, ID and address decrypted, wards of the province
    wards = {name for name, _ in NEW_UNITS}
    sample = list(demo.order_by("id")[:25])
    assert sum(bool(set(d.applicant_name.lower()) & VIETNAMESE) for d in sample) >= 20
    for d in sample:
        assert d.applicant_id_number[:3] in ("074", "370") and d.id_number_masked.endswith(d.applicant_id_number[-3:])
        assert any(f" {w}, Thành phố Hồ Chí Minh" in d.applicant_address for w in wards)
        assert d.area is not None and d.area.name_vi in d.applicant_address
        assert d.code and d.subject.startswith(d.procedure_version.name_vi)
        assert "foo" not in d.subject.lower() and "test" not in d.applicant_name.lower()
    assert len({d.procedure_id for d in demo}) >= 8

    # every dossier starts with a receipt on its control sheet; most are returned
    assert Handoff.objects.filter(kind="receive").values("dossier").distinct().count() == demo.exclude(status="submitted").count()
    returned = demo.filter(status="returned")
    assert returned.count() > 0.75 * COUNT

    # a late dossier: the unit holding it apologised before the first appointment, the result came after it,
    # and the hand-off of the unit that ran over is marked late
    late = [a for a in Apology.objects.select_related("dossier") if a.dossier.result_at and a.dossier.result_at > a.previous_due_at]
    assert late, "no late dossier with an apology"
    apology = late[0]
    assert apology.issued_at < apology.previous_due_at < apology.new_due_at
    assert apology.dossier.original_due_at == apology.previous_due_at and apology.reason
    assert Handoff.objects.filter(dossier=apology.dossier, timeliness="late").exists()
    assert 0.04 <= Apology.objects.count() / demo.count() <= 0.12

    # consultations go between two units and are answered
    consultation = Consultation.objects.filter(answered_at__isnull=False).select_related("dossier").first()
    assert consultation is not None and consultation.unit_id != consultation.dossier.owner_id and consultation.answer

    # a returned dossier with its survey answer; about 60 % answer, most satisfied
    answer = SurveyResponse.objects.select_related("invitation__dossier").first()
    assert answer is not None and answer.invitation.dossier.status == "returned"
    assert answer.submitted_at >= answer.invitation.dossier.returned_at
    assert answer.unit_id == answer.invitation.dossier.procedure_version.competent_unit_id and answer.answers["e3_satisfaction"] in (1, 2, 3, 4, 5)
    assert 0.4 <= SurveyResponse.objects.count() / returned.count() <= 0.8
    overall = surveys.index_total()["overall"]["share"]
    assert 0.75 <= overall <= 0.95

    # a handful overdue right now, and open ones; notices went through the log sender only
    assert demo.overdue(NOW).count() == demo_dossiers.STALLED
    assert Notification.objects.exists()
    assert set(Notification.objects.values_list("sender", flat=True)) == {"LogSender"}

    # a second run creates nothing
    before = (Dossier.objects.count(), Handoff.objects.count(), SurveyResponse.objects.count(), Notification.objects.count())
    assert demo_dossiers.load(COUNT, now=NOW) == {"dossiers": 0}
    assert (Dossier.objects.count(), Handoff.objects.count(), SurveyResponse.objects.count(), Notification.objects.count()) == before

"""The initiative workflow: the e-mail confirmation, staff steps with history, a rejection
needs its reason, the official answer moves the state and is shown publicly."""
import pytest

from smartcity.innovation import services, workflow
from smartcity.innovation.models import Initiative

pytestmark = pytest.mark.django_db


def test_pure_workflow_rules():
    assert workflow.allowed("submitted") == ("under_review", "published", "rejected")
    workflow.check("published", "accepted")
    for bad in [("pending", "published"), ("rejected", "published"), ("implemented", "in_progress"), ("submitted", "implemented")]:
        with pytest.raises(workflow.TransitionError) as err:
            workflow.check(*bad)
        assert err.value.code == "invalid_transition"
    with pytest.raises(workflow.TransitionError) as err:
        workflow.check("under_review", "rejected", "  ")
    assert err.value.code == "reason_required"


def test_life_of_an_initiative_with_history(orgs, editor, mailoutbox):
    from tests.innovation.conftest import code_from

    ini, ver, code = services.submit(title="Lắp đèn chiếu sáng hẻm 45 Bùi Quốc Khánh", category="lighting",
                                     description="Hẻm dài 300 m, hơn 60 hộ, buổi tối rất tối và đã có giật túi xách.",
                                     name="Trần Văn Bình", email="Binh.Tran@Gmail.com")
    assert ini.state == "pending" and not ini.published and ini.reference.startswith("SK-")
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["Binh.Tran@Gmail.com"] and code_from(mailoutbox[0]) == code
    services.verify(ver.token, code)
    ini.refresh_from_db()
    assert ini.state == "submitted" and ini.email_verified_at is not None and not ini.published
    services.change_state(ini, "under_review", by=editor)
    with pytest.raises(services.InnovationError) as err:
        services.change_state(ini, "implemented", by=editor)
    assert err.value.code == "invalid_transition"
    services.change_state(ini, "published", by=editor)
    assert ini.published and ini.published_at is not None
    services.answer(ini, "Sở tiếp nhận, giao Trung tâm phối hợp phường lắp 8 bộ đèn.", organisation=orgs["DOST"], by=editor, state="accepted")
    services.change_state(ini, "in_progress", by=editor, reason="Đã giao đơn vị thi công")
    services.change_state(ini, "implemented", by=editor)
    ini.refresh_from_db()
    steps = list(ini.transitions.values_list("from_state", "to_state"))
    assert steps == [("", "pending"), ("pending", "submitted"), ("submitted", "under_review"), ("under_review", "published"),
                     ("published", "accepted"), ("accepted", "in_progress"), ("in_progress", "implemented")]
    assert ini.transitions.get(to_state="accepted").by == editor
    assert ini.answers.get().state == "accepted"
    assert ini.history.count() >= 7  # the record's own history too


def test_rejection_needs_a_reason_and_is_public(published_initiative, editor, client):
    ini = Initiative.objects.get(pk=published_initiative.pk)
    with pytest.raises(services.InnovationError) as err:
        services.change_state(ini, "rejected", by=editor, reason="")
    assert err.value.code == "reason_required" and ini.state == "published"
    services.change_state(ini, "rejected", by=editor, reason="Trùng với dự án trồng cây của phường năm nay.")
    assert ini.rejection_reason.startswith("Trùng") and not ini.published
    assert client.get(f"/innovation/initiatives/{ini.reference}/").status_code == 404  # rejected: off the public list
    body = client.get(f"/api/innovation/initiatives/{ini.reference}/").json()
    assert body["status"] == 404 and body["code"] == "not_found"

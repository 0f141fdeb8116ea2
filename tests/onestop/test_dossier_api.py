"""Staff API on dossiers: masked list and detail, intake, actions with 400 codes and 403."""
import datetime as dt

import pytest
from django.utils import timezone

from tests.onestop.factories import APPLICANTS, make_dossier

pytestmark = pytest.mark.django_db
BASE = "/api/onestop/dossiers/"


@pytest.fixture
def doc_api(api, make_user):
    api.force_authenticate(make_user("motcua.sxd", "DOC"))
    return api


def test_anonymous_and_citizens_get_nothing(api, make_user, procedures):
    make_dossier(procedures["house"])
    assert api.get(BASE).status_code in (401, 403)
    api.force_authenticate(make_user("nguoidan", None))
    response = api.get(BASE)
    assert response.status_code == 403 and response.json()["code"] in ("permission_denied", "not_authenticated")


def test_list_is_masked_and_limited_to_the_unit(doc_api, procedures):
    mine = make_dossier(procedures["house"], status="processing", received_at=timezone.now() - dt.timedelta(days=30),
                        due_at=timezone.now() - dt.timedelta(days=10))
    make_dossier(procedures["business"])
    body = doc_api.get(BASE).json()
    assert [r["code"] for r in body["results"]] == [mine.code]
    row = body["results"][0]
    assert row["applicant"]["phone"] == mine.phone_masked and APPLICANTS[0][2] not in str(body)
    assert row["lateness"]["state"] == "late" and row["lateness"]["remaining_working_days"] < 0
    assert doc_api.get(BASE, {"lateness": "on_time"}).json()["results"] == []
    assert doc_api.get(BASE, {"lateness": "bogus"}).status_code == 400


def test_intake_and_actions(doc_api, api, make_user, procedures):
    version = procedures["house"]
    response = doc_api.post(BASE, {"version": version.pk, "subject": "Xây nhà ở riêng lẻ tại phường Hòa Lợi",
                                   "applicant": {"name": "Phan Thị Diễm", "phone": "0911 333 555", "id_number": "074187654321"}},
                            format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "received" and body["applicant"]["phone"].endswith("555") and "0911333555" not in str(body)
    assert "transfer" in body["actions"] and body["handoffs"][0]["kind"] == "receive"
    pk = body["id"]
    bad = doc_api.post(f"{BASE}{pk}/return/", {}, format="json")
    assert bad.status_code == 400 and bad.json()["code"] == "bad_transition"
    bad = doc_api.post(f"{BASE}{pk}/transfer/", {"to_unit": "KHONG-CO"}, format="json")
    assert bad.status_code == 400 and bad.json()["code"] == "unknown_unit" and bad.json()["errors"][0]["field"] == "to_unit"
    ok = doc_api.post(f"{BASE}{pk}/transfer/", {"to_unit": "DONRE", "note": "Kiểm tra ranh giới thửa đất"}, format="json")
    assert ok.status_code == 200 and ok.json()["current_unit"] == "DONRE" and ok.json()["status"] == "processing"
    # DOC no longer holds it
    assert doc_api.post(f"{BASE}{pk}/suspend/", {"reason": "Chờ"}, format="json").status_code == 403
    donre = api.__class__()
    donre.force_authenticate(make_user("chuyenvien.stnmt", "DONRE"))
    consult = donre.post(f"{BASE}{pk}/consult/", {"unit": "DPI", "question": "Có vướng quy hoạch không?", "days": 2}, format="json")
    assert consult.status_code == 200 and consult.json()["status"] == "consulting"
    cid = consult.json()["consultations"][0]["id"]
    assert donre.post(f"{BASE}{pk}/answer/", {"consultation": cid, "answer": "Không"}, format="json").status_code == 403
    dpi = api.__class__()
    dpi.force_authenticate(make_user("chuyenvien.skhdt", "DPI"))
    answered = dpi.post(f"{BASE}{pk}/answer/", {"consultation": cid, "answer": "Không vướng quy hoạch"}, format="json")
    assert answered.status_code == 200 and answered.json()["status"] == "processing"
    new_due = (timezone.now() + dt.timedelta(days=40)).isoformat()
    apology = donre.post(f"{BASE}{pk}/apology/", {"reason": "Chờ đo đạc lại", "new_due_at": new_due}, format="json")
    assert apology.status_code == 200 and apology.json()["due_at"] != body["due_at"] and apology.json()["original_due_at"] == body["due_at"]
    assert donre.post(f"{BASE}{pk}/apology/", {"reason": "x", "new_due_at": "mai"}, format="json").json()["code"] == "new_due_required"
    assert donre.post(f"{BASE}{pk}/result/", {"summary": "Giấy phép số 9/GPXD"}, format="json").json()["status"] == "result_ready"
    returned = doc_api.post(f"{BASE}{pk}/return/", {"channel": "online"}, format="json")
    assert returned.status_code == 200 and returned.json()["status"] == "returned"
    kinds = [h["kind"] for h in returned.json()["handoffs"]]
    assert kinds == ["receive", "transfer", "consult", "consult_reply", "apology", "result", "return"]


def test_other_unit_gets_403_on_detail_and_actions(api, make_user, procedures):
    d = make_dossier(procedures["house"])
    api.force_authenticate(make_user("chuyenvien.sgtvt", "DOT"))
    assert api.get(f"{BASE}{d.pk}/").status_code == 403
    assert api.post(f"{BASE}{d.pk}/reject/", {"reason": "x"}, format="json").status_code == 403
    assert api.post(f"{BASE}{d.pk}/personal/", {}, format="json").status_code == 403


def test_intake_by_another_unit_is_forbidden(api, make_user, procedures):
    api.force_authenticate(make_user("chuyenvien.sgtvt", "DOT"))
    response = api.post(BASE, {"version": procedures["house"].pk, "subject": "Xây nhà", "applicant": {"name": "A", "phone": "0909000111"}},
                        format="json")
    assert response.status_code == 403


def test_personal_endpoint_logs(doc_api, procedures):
    from smartcity.onestop.models import PersonalDataAccess

    d = make_dossier(procedures["house"])
    body = doc_api.post(f"{BASE}{d.pk}/personal/", {"purpose": "Xác minh nhân thân"}, format="json").json()
    assert body["id_number"] == APPLICANTS[0][1]
    assert PersonalDataAccess.objects.filter(dossier=d, purpose="Xác minh nhân thân").count() == 1


def test_overdue_endpoint(doc_api, procedures):
    late = make_dossier(procedures["house"], status="processing", received_at=timezone.now() - dt.timedelta(days=30),
                        due_at=timezone.now() - dt.timedelta(days=2))
    make_dossier(procedures["business"], status="processing", received_at=timezone.now() - dt.timedelta(days=30),
                 due_at=timezone.now() - dt.timedelta(days=2))  # another unit's
    body = doc_api.get(f"{BASE}overdue/").json()
    assert [r["code"] for r in body["results"]] == [late.code]

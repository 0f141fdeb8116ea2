"""Consultations: e-mail verification, one vote per verified person and question, comment
moderation, the official answer, results."""
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from smartcity.participation import services
from smartcity.participation.models import Comment, Consultation, Question

pytestmark = pytest.mark.django_db


@pytest.fixture
def consultation(reference):
    from smartcity.core.models import Organisation

    now = timezone.now()
    c = Consultation.objects.create(slug="ke-hoach-dttm", title="Lấy ý kiến về Kế hoạch đô thị thông minh", document="Dự thảo.",
                                    opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=10),
                                    owner=Organisation.objects.get(code="DIC"))
    Question.objects.create(consultation=c, number=1, text="Mở rộng wifi công cộng?")
    Question.objects.create(consultation=c, number=2, text="Công bố dữ liệu môi trường?")
    return c


def _verified_token(api, slug, email):
    r = api.post(f"/api/participation/consultations/{slug}/verify/", {"email": email}, format="json")
    assert r.status_code == 202
    code = mail.outbox[-1].body.rsplit(" ", 1)[-1].strip()
    token = r.json()["verification"]
    assert api.post(f"/api/participation/verifications/{token}/", {"code": code}, format="json").status_code == 200
    return token


def test_one_vote_per_verified_email_per_question(consultation, api):
    q1, q2 = consultation.questions.all()
    url = f"/api/participation/consultations/{consultation.slug}/votes/"
    r = api.post(url, {"token": "forged", "question": q1.pk, "choice": "agree"}, format="json")
    assert r.status_code == 403 and r.json()["code"] == "not_verified"
    token = _verified_token(api, consultation.slug, "an@example.vn")
    assert api.post(url, {"token": token, "question": q1.pk, "choice": "agree"}, format="json").status_code == 201
    assert api.post(url, {"token": token, "question": q2.pk, "choice": "disagree"}, format="json").status_code == 201
    again = _verified_token(api, consultation.slug, " AN@example.vn ")  # same person, new token
    r = api.post(url, {"token": again, "question": q1.pk, "choice": "disagree"}, format="json")
    assert r.status_code == 409 and r.json()["code"] == "already_voted"
    other = _verified_token(api, consultation.slug, "binh@example.vn")
    assert api.post(url, {"token": other, "question": q1.pk, "choice": "disagree"}, format="json").status_code == 201
    res = {q["number"]: q for q in api.get(f"/api/participation/consultations/{consultation.slug}/").json()["results"]}
    assert (res[1]["agree"], res[1]["disagree"], res[1]["agree_pct"]) == (1, 1, 50)
    assert (res[2]["agree"], res[2]["disagree"]) == (0, 1)


def test_closed_consultation_refuses_votes(consultation, api):
    token = _verified_token(api, consultation.slug, "an@example.vn")
    Consultation.objects.filter(pk=consultation.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    r = api.post(f"/api/participation/consultations/{consultation.slug}/votes/",
                 {"token": token, "question": consultation.questions.first().pk, "choice": "agree"}, format="json")
    assert r.status_code == 409 and r.json()["code"] == "closed"


def test_comments_are_moderated_and_the_owner_answers(consultation, api, make_user):
    token = _verified_token(api, consultation.slug, "an@example.vn")
    r = api.post(f"/api/participation/consultations/{consultation.slug}/comments/",
                 {"token": token, "text": "Nên ưu tiên wifi ở bệnh viện.", "author": "Chị An"}, format="json")
    assert r.status_code == 201 and r.json()["state"] == "pending"
    pk = r.json()["id"]
    detail = f"/api/participation/consultations/{consultation.slug}/"
    assert api.get(detail).json()["comments"] == []
    api.force_authenticate(make_user("dot.x", "DOT"))
    assert api.post(f"/api/participation/comments/{pk}/moderate/", {"state": "published"}, format="json").status_code == 403
    api.force_authenticate(make_user("dic.bao", "DIC"))
    r = api.post(f"/api/participation/comments/{pk}/moderate/", {"state": "hidden"}, format="json")
    assert r.status_code == 400 and r.json()["code"] == "reason_required"
    assert api.post(f"/api/participation/comments/{pk}/moderate/", {"state": "published"}, format="json").status_code == 200
    r = api.post(f"{detail}answer/", {"text": "Sở tiếp thu và bổ sung vào Kế hoạch."}, format="json")
    assert r.status_code == 200 and r.json()["official_answer"].startswith("Sở tiếp thu")
    api.force_authenticate(None)
    body = api.get(detail).json()
    assert [c["text"] for c in body["comments"]] == ["Nên ưu tiên wifi ở bệnh viện."]
    assert "an@example.vn" not in api.get(detail).content.decode()
    assert Comment.objects.get(pk=pk).email_hash == services.email_hash("an@example.vn")


def test_consultation_page_in_vietnamese(consultation, client):
    html = client.get(f"/participation/c/{consultation.slug}/").content.decode()
    assert "Câu hỏi và kết quả" in html and "Gửi mã cho tôi" in html

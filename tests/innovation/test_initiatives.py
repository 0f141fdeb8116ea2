"""Community initiatives through the pages and the API: the public form and its e-mail
code, one support per verified address, wrong and expired codes, the per-IP limit (429 with
Retry-After), only published initiatives in public, contacts never in public output."""
from datetime import timedelta

import pytest
from django.utils import timezone

from smartcity.innovation import services
from smartcity.innovation.models import Initiative, Support, Verification
from tests.innovation.conftest import code_from

pytestmark = pytest.mark.django_db

CONTACTS = ("Nguyễn Thị Hồng", "hong.nguyen@gmail.com", "0912345678")


def test_public_form_then_code_then_staff_queue(orgs, client, editor, mailoutbox):
    from smartcity.core.models import AdministrativeUnit

    ward = AdministrativeUnit.objects.filter(level="commune", name_vi="Phú Lợi", valid_to__isnull=True).first()
    form = {"title": "Điểm thu gom rác tái chế khu nhà trọ", "category": "waste", "unit": ward.pk if ward else "",
            "description": "Đặt điểm thu gom chai nhựa, giấy, lon nhôm có lịch cố định mỗi tuần cho khu trọ.",
            "place": "Khu nhà trọ đường ĐT743", "latitude": "10.9176", "longitude": "106.757", "name": "Lê Minh Châu",
            "email": "chau.le@gmail.com", "phone": "", "consent": "on"}
    bad = client.post("/innovation/initiatives/new/", {**form, "consent": ""})
    assert bad.status_code == 400 and Initiative.objects.count() == 0
    r = client.post("/innovation/initiatives/new/", form)
    assert r.status_code == 302 and "/initiatives/confirm/" in r["Location"]
    ini = Initiative.objects.get()
    assert ini.state == "pending" and ini.latitude == pytest.approx(10.9176)
    assert client.get(r["Location"]).status_code == 200
    wrong = client.post(r["Location"], {"code": "000000" if code_from(mailoutbox[0]) != "000000" else "111111"})
    assert wrong.status_code == 400 and "còn 4 lần thử" in wrong.content.decode()
    ok = client.post(r["Location"], {"code": code_from(mailoutbox[0])})
    assert ok.status_code == 200 and ini.reference in ok.content.decode()
    ini.refresh_from_db()
    assert ini.state == "submitted"
    client.force_login(editor)
    assert ini.reference in client.get("/innovation/review/").content.decode()
    page = client.get(f"/innovation/review/{ini.reference}/").content.decode()
    assert "chau.le@gmail.com" in page  # staff see the contact, the public never does
    r = client.post(f"/innovation/review/{ini.reference}/state/", {"state": "rejected", "reason": ""})
    assert r.status_code == 400
    r = client.post(f"/innovation/review/{ini.reference}/state/", {"state": "published", "reason": "Đủ điều kiện"})
    assert r.status_code == 302
    r = client.post(f"/innovation/review/{ini.reference}/answer/", {"text": "Sở tiếp nhận và giao Trung tâm triển khai.", "state": "accepted"})
    assert r.status_code == 302
    ini.refresh_from_db()
    assert ini.state == "accepted" and ini.answers.count() == 1
    assert [t.to_state for t in ini.transitions.all()] == ["pending", "submitted", "published", "accepted"]
    assert mailoutbox[-1].to == ["chau.le@gmail.com"] and "Được chấp nhận" in mailoutbox[-1].subject  # the proposer hears


def test_one_support_per_verified_email(published_initiative, api, mailoutbox):
    ref = published_initiative.reference
    r = api.post(f"/api/innovation/initiatives/{ref}/supports/", {"email": "Voter.One@Gmail.com"}, format="json")
    assert r.status_code == 202
    code = code_from(mailoutbox[-1])
    r = api.post(f"/api/innovation/verifications/{r.json()['verification']}/", {"code": code}, format="json")
    assert r.status_code == 200 and r.json()["supports"] == 1 and r.json()["purpose"] == "support"
    # the same address, in another case and with spaces: refused with its reason
    r = api.post(f"/api/innovation/initiatives/{ref}/supports/", {"email": " voter.one@gmail.com "}, format="json")
    body = r.json()
    assert r.status_code == 409 and body["code"] == "already_supported" and body["errors"][0]["field"] == "email"
    assert body["detail"] == "Địa chỉ e-mail này đã ủng hộ sáng kiến này."
    # two codes asked before either was used: the second use is refused by the unique hash
    v1, c1 = services.request_support(published_initiative, "ba@example.vn", send=False)
    v2, c2 = services.request_support(published_initiative, "ba@example.vn", send=False)
    services.verify(v1.token, c1)
    with pytest.raises(services.InnovationError) as err:
        services.verify(v2.token, c2)
    assert err.value.code == "already_supported"
    published_initiative.refresh_from_db()
    assert published_initiative.supports_count == 2 == Support.objects.filter(initiative=published_initiative).count()
    assert all(len(h) == 64 and "@" not in h for h in Support.objects.values_list("email_hash", flat=True))
    assert api.get(f"/api/innovation/initiatives/{ref}/supports/").json()["supports"] == 2


def test_wrong_expired_and_exhausted_codes(published_initiative, api, settings):
    settings.INNOVATION_CODE_TRIES = 3
    ver, code = services.request_support(published_initiative, "nam@example.vn", send=False)
    wrong = "123456" if code != "123456" else "654321"
    for left in (2, 1):
        r = api.post(f"/api/innovation/verifications/{ver.token}/", {"code": wrong}, format="json")
        assert r.status_code == 400 and r.json()["code"] == "wrong_code" and f" {left} " in r.json()["detail"]
    api.post(f"/api/innovation/verifications/{ver.token}/", {"code": wrong}, format="json")
    r = api.post(f"/api/innovation/verifications/{ver.token}/", {"code": code}, format="json")  # right, but too late
    assert r.status_code == 410 and r.json()["code"] == "too_many_attempts"
    ver2, code2 = services.request_support(published_initiative, "nam@example.vn", send=False)
    Verification.objects.filter(pk=ver2.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    r = api.post(f"/api/innovation/verifications/{ver2.token}/", {"code": code2}, format="json")
    assert r.status_code == 410 and r.json()["code"] == "expired"
    assert api.post("/api/innovation/verifications/nope/", {"code": "123456"}, format="json").status_code == 404
    published_initiative.refresh_from_db()
    assert published_initiative.supports_count == 0


def test_rate_limit_per_ip(published_initiative, api, client, settings):
    settings.INNOVATION_CODE_IP_LIMIT = 3
    ref = published_initiative.reference
    for i in range(3):
        assert api.post(f"/api/innovation/initiatives/{ref}/supports/", {"email": f"p{i}@example.vn"}, format="json").status_code == 202
    r = api.post(f"/api/innovation/initiatives/{ref}/supports/", {"email": "p9@example.vn"}, format="json")
    assert r.status_code == 429 and r.json()["code"] == "rate_limited" and 0 < int(r["Retry-After"]) <= 3600
    page = client.post(f"/innovation/initiatives/{ref}/support/", {"email": "p10@example.vn"})  # the page shares the limit
    assert page.status_code == 429 and page["Retry-After"]
    services.reset_limits("127.0.0.1")
    assert api.post(f"/api/innovation/initiatives/{ref}/supports/", {"email": "p11@example.vn"}, format="json").status_code == 202


def test_public_pages_show_only_published_and_never_contacts(published_initiative, orgs, client, api, editor):
    hidden, ver, code = services.submit(title="Sân chơi trẻ em khu phố 3 phường Dĩ An", category="public_space",
                                        description="Khu phố đông trẻ em nhưng không có chỗ chơi an toàn, đề nghị làm sân chơi.",
                                        name="Trần Văn Bình", email="binh.tran@gmail.com", send=False)
    services.verify(ver.token, code)
    listing = client.get("/innovation/initiatives/").content.decode()
    assert published_initiative.title in listing and hidden.title not in listing
    assert client.get(f"/innovation/initiatives/{hidden.reference}/").status_code == 404
    api_list = api.get("/api/innovation/initiatives/").json()
    refs = [row["reference"] for row in api_list["results"]] if isinstance(api_list, dict) else [row["reference"] for row in api_list]
    assert refs == [published_initiative.reference]
    outputs = [listing, client.get(f"/innovation/initiatives/{published_initiative.reference}/").content.decode(),
               api.get(f"/api/innovation/initiatives/{published_initiative.reference}/").content.decode(),
               api.get("/api/innovation/initiatives/").content.decode(), api.get("/api/innovation/answers/").content.decode(),
               client.get("/innovation/initiatives/?q=cay xanh").content.decode()]
    for out in outputs:
        for secret in CONTACTS:
            assert secret not in out
    detail = api.get(f"/api/innovation/initiatives/{published_initiative.reference}/").json()
    assert detail["proposer"] == "Nguyễn T. H." and [t["to_state"] for t in detail["timeline"]] == ["submitted", "published"]
    assert "cây xanh".upper() not in outputs[-1] and published_initiative.title in outputs[-1]  # search without diacritics
    # stored encrypted: the raw column holds no clear contact
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT proposer_email, proposer_name FROM innovation_initiative WHERE id = %s", [published_initiative.pk])
        raw = " ".join(cur.fetchone())
    assert "hong.nguyen" not in raw and "Hồng" not in raw


def test_api_submission_and_staff_transition(orgs, api, editor, make_user, mailoutbox):
    r = api.post("/api/innovation/initiatives/submissions/", {
        "title": "Đèn năng lượng mặt trời cầu rạch Bà Lụa", "category": "lighting", "consent": True,
        "description": "Cầu đi bộ không có đèn, người già và trẻ em đi lại buổi tối dễ té ngã.",
        "name": "Huỳnh Tấn Lộc", "email": "loc.huynh@gmail.com", "latitude": 10.9269, "longitude": 106.7037}, format="json")
    assert r.status_code == 202 and r.json()["state"] == "pending"
    ref = r.json()["reference"]
    assert api.post(f"/api/innovation/verifications/{r.json()['verification']}/", {"code": code_from(mailoutbox[-1])},
                    format="json").json()["state"] == "submitted"
    far = api.post("/api/innovation/initiatives/submissions/", {
        "title": "Một sáng kiến ở rất xa tỉnh Bình Dương", "category": "lighting", "consent": True,
        "description": "Địa điểm nằm ngoài tỉnh nên không thể tiếp nhận sáng kiến này được.",
        "name": "Bùi Gia Huy", "email": "huy@gmail.com", "latitude": 21.02, "longitude": 105.85}, format="json")
    assert far.status_code == 400 and far.json()["code"] == "out_of_area"
    # another organisation's editor: 403 in the project's error shape
    other = make_user("dpi.thao", "DPI", "editor")
    api.force_authenticate(other)
    services.change_state(Initiative.objects.get(reference=ref), "published", by=editor)
    r = api.post(f"/api/innovation/initiatives/{ref}/transition/", {"state": "accepted"}, format="json")
    assert r.status_code == 403 and r.json()["code"] == "permission_denied" and set(r.json()) >= {"status", "code", "detail", "errors"}
    api.force_authenticate(editor)
    r = api.post(f"/api/innovation/initiatives/{ref}/transition/", {"state": "implemented"}, format="json")
    assert r.status_code == 400 and r.json()["code"] == "invalid_transition"
    r = api.post(f"/api/innovation/initiatives/{ref}/answers/", {"text": "Sở tiếp nhận sáng kiến.", "state": "accepted"}, format="json")
    assert r.status_code == 201 and r.json()["state"] == "accepted" and r.json()["organisation"] == "DOST"
    api.force_authenticate(None)
    assert api.get(f"/api/innovation/initiatives/{ref}/").json()["answers"][0]["text"] == "Sở tiếp nhận sáng kiến."

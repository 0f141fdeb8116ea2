"""Staff pages on dossiers: list with filters and masked applicants, counter intake with the
receipt link, a dossier's page with its actions, and who may see and act."""
import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tests.onestop.factories import APPLICANTS, make_dossier

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def doc_clerk(make_user):
    return make_user("motcua.sxd", "DOC")


def _now_dossier(version, hours_left, **kw):
    now = timezone.now()
    return make_dossier(version, received_at=now - dt.timedelta(days=3), due_at=now + dt.timedelta(hours=hours_left), **kw)


def test_anonymous_is_sent_to_the_login(client, procedures):
    d = make_dossier(procedures["house"])
    for url in (reverse("onestop-dossiers"), reverse("onestop-intake"), reverse("onestop-dossier", args=[d.pk])):
        response = client.get(url)
        assert response.status_code == 302 and reverse("login") in response["Location"]


def test_user_without_an_organisation_is_refused(client_as, make_user, procedures):
    assert client_as(make_user("nguoidan", None)).get(reverse("onestop-dossiers")).status_code == 403


def test_list_shows_own_dossiers_masked_with_lateness(client_as, doc_clerk, procedures):
    late = _now_dossier(procedures["house"], -30, status="processing")
    soon = _now_dossier(procedures["house"], 2, status="processing", applicant=1)
    other = _now_dossier(procedures["business"], 200, status="received")  # DPI's
    page = client_as(doc_clerk).get(reverse("onestop-dossiers")).content.decode()
    assert late.code in page and soon.code in page and other.code not in page
    assert APPLICANTS[0][2] not in page and APPLICANTS[0][1] not in page  # phone, ID in clear
    assert late.phone_masked in page
    assert f'data-code="{late.code}"' in page
    row = page.split(f'data-code="{late.code}"')[1].split("</tr>")[0]
    assert 'data-lateness="late"' in row
    row = page.split(f'data-code="{soon.code}"')[1].split("</tr>")[0]
    assert 'data-lateness="due_soon"' in row


def test_list_filters(client_as, doc_clerk, procedures):
    late = _now_dossier(procedures["house"], -30, status="processing")
    fine = _now_dossier(procedures["house"], 24 * 30, status="received", channel="online")
    done = _now_dossier(procedures["house"], -50, status="returned")
    c = client_as(doc_clerk)
    url = reverse("onestop-dossiers")

    def codes(**params):
        page = c.get(url, params).content.decode()
        return {d.code for d in (late, fine, done) if f'data-code="{d.code}"' in page}

    assert codes(lateness="late") == {late.code}
    assert codes(status="returned") == {done.code}
    assert codes(status="open") == {late.code, fine.code}
    assert codes(channel="online") == {fine.code}
    assert codes(q=late.code[-6:]) == {late.code}
    assert codes(due_within=1) == set()  # late is past, fine is weeks away
    assert codes(procedure="2.000575") == set()
    assert codes(unit="DOC") == {late.code, fine.code, done.code}


def test_counter_intake_then_receipt_link(client_as, doc_clerk, procedures):
    from smartcity.onestop.models import Dossier

    version = procedures["house"]
    c = client_as(doc_clerk)
    page = c.get(reverse("onestop-intake")).content.decode()
    assert version.procedure.code in page
    page = c.get(reverse("onestop-intake"), {"version": version.pk}).content.decode()
    docs = list(version.documents.order_by("order"))
    assert all(d.name_vi in page for d in docs)
    data = {"version": version.pk, "applicant_kind": "citizen", "applicant_name": "Đỗ Thanh Phong", "applicant_phone": "0903 222 111",
            "applicant_id_number": "074090001122", "applicant_address": "Ấp 3, xã Thường Tân, Bắc Tân Uyên",
            "subject": "Xây nhà ở riêng lẻ 2 tầng tại xã Thường Tân"}
    # a mandatory document neither ticked nor scanned: the form says so
    response = c.post(reverse("onestop-intake"), data)
    assert response.status_code == 200 and not Dossier.objects.exists()
    data.update({f"paper_{d.pk}": "on" for d in docs[1:]})
    data[f"file_{docs[0].pk}"] = SimpleUploadedFile("don.pdf", b"%PDF-1.4 don de nghi")
    response = c.post(reverse("onestop-intake"), data)
    d = Dossier.objects.get()
    assert response.status_code == 302 and response["Location"].startswith(reverse("onestop-dossier", args=[d.pk]))
    assert d.applicant_phone == "0903222111" and d.documents.count() == 1 and d.received_by == doc_clerk
    page = c.get(response["Location"]).content.decode()
    assert reverse("onestop-form", args=[d.pk, "receipt"]) in page and d.code in page


def test_intake_refuses_an_html_file_renamed_pdf(client_as, doc_clerk, procedures):
    from smartcity.onestop.models import Dossier

    version = procedures["house"]
    docs = list(version.documents.order_by("order"))
    data = {"version": version.pk, "applicant_kind": "citizen", "applicant_name": "Đỗ Thanh Phong", "applicant_phone": "0903222111",
            "subject": "Xây nhà", **{f"paper_{d.pk}": "on" for d in docs},
            f"file_{docs[0].pk}": SimpleUploadedFile("ban-ve.pdf", b"<html><body><script>alert(1)</script></body></html>")}
    response = client_as(doc_clerk).post(reverse("onestop-intake"), data)
    assert response.status_code == 200 and not Dossier.objects.exists()
    assert "PDF" in response.content.decode()


def test_viewer_cannot_take_dossiers_in(client_as, make_user, procedures):
    assert client_as(make_user("xem.sxd", "DOC", role="viewer")).get(reverse("onestop-intake")).status_code == 403


def test_other_unit_gets_403_and_the_holder_and_consulted_unit_see_it(client_as, doc_clerk, make_user, procedures):
    from smartcity.core.models import Organisation
    from smartcity.onestop.services import lifecycle

    d = make_dossier(procedures["house"])
    url = reverse("onestop-dossier", args=[d.pk])
    dpi = make_user("chuyenvien.skhdt", "DPI")
    assert client_as(dpi).get(url).status_code == 403
    lifecycle.consult(d, Organisation.objects.get(code="DPI"), "Ý kiến về ngành nghề?", doc_clerk, 3)
    page = client_as(dpi).get(url)
    assert page.status_code == 200
    assert 'data-action="answer"' in page.content.decode() and 'data-action="transfer"' not in page.content.decode()
    assert client_as(make_user("chuyenvien.sct", "DOT")).get(url).status_code == 403
    assert client_as(make_user("vanphong", "VPTPTM", role="viewer")).get(url).status_code == 200  # the coordinator


def test_actions_through_the_page(client_as, doc_clerk, make_user, procedures):
    from smartcity.onestop.models import Dossier

    d = make_dossier(procedures["house"], received_at=timezone.now() - dt.timedelta(days=1), due_at=timezone.now() + dt.timedelta(days=20))
    c = client_as(doc_clerk)
    page = c.get(reverse("onestop-dossier", args=[d.pk])).content.decode()
    for action in ("transfer", "consult", "supplement", "reject", "suspend", "apology", "result", "withdraw"):
        assert f'data-action="{action}"' in page
    assert 'data-action="return"' not in page and 'data-action="accept"' not in page
    response = c.post(reverse("onestop-dossier-action", args=[d.pk, "transfer"]), {"to_unit": "DONRE", "note": "Xác minh đất"})
    assert response.status_code == 302
    d.refresh_from_db()
    assert d.current_unit.code == "DONRE" and d.status == "processing"
    # DOC no longer holds it: transfer again is forbidden; DONRE may
    assert c.post(reverse("onestop-dossier-action", args=[d.pk, "transfer"]), {"to_unit": "DOC"}).status_code == 403
    donre = client_as(make_user("chuyenvien.stnmt", "DONRE"))
    response = donre.post(reverse("onestop-dossier-action", args=[d.pk, "result"]),
                          {"summary": "Giấy phép số 77/GPXD", "files": [SimpleUploadedFile("giay-phep.pdf", b"%PDF-1.7 gp")]})
    assert response.status_code == 302
    d.refresh_from_db()
    assert d.status == "result_ready" and d.documents.filter(phase="result").count() == 1
    # return belongs to the receiving unit
    assert donre.post(reverse("onestop-dossier-action", args=[d.pk, "return"]), {"channel": "counter"}).status_code == 403
    c = client_as(doc_clerk)
    assert c.post(reverse("onestop-dossier-action", args=[d.pk, "return"]), {"channel": "counter"}).status_code == 302
    assert Dossier.objects.get(pk=d.pk).status == "returned"
    # an illegal move through the page: 400 with the reason, nothing changed
    response = c.post(reverse("onestop-dossier-action", args=[d.pk, "withdraw"]), {"reason": "Rút"})
    assert response.status_code == 400 and Dossier.objects.get(pk=d.pk).status == "returned"
    page = c.get(reverse("onestop-dossier", args=[d.pk])).content.decode()
    assert 'id="handoffs"' in page and page.count('data-kind="') >= 3 and 'data-timeliness="' in page


def test_accept_online_on_the_page(client_as, doc_clerk, procedures):
    from smartcity.onestop.services import intake

    d = intake.submit_online(version=procedures["house"], subject="Xây nhà ở riêng lẻ phường Tân Đông Hiệp",
                             applicant={"name": "Mai Văn Lộc", "phone": "0977000111"})
    c = client_as(doc_clerk)
    assert 'data-action="accept"' in c.get(reverse("onestop-dossier", args=[d.pk])).content.decode()
    assert c.post(reverse("onestop-dossier-action", args=[d.pk, "accept"])).status_code == 302
    d.refresh_from_db()
    assert d.status == "received" and d.due_at is not None


def test_apology_form_sets_the_new_appointment(client_as, doc_clerk, procedures):
    d = make_dossier(procedures["house"], status="processing", received_at=timezone.now() - dt.timedelta(days=20),
                     due_at=timezone.now() + dt.timedelta(hours=3))
    new_day = (timezone.localdate() + dt.timedelta(days=10)).isoformat()
    response = client_as(doc_clerk).post(reverse("onestop-dossier-action", args=[d.pk, "apology"]),
                                         {"reason": "Chờ ý kiến Sở Tài nguyên và Môi trường", "new_date": new_day, "new_time": "16:00"})
    assert response.status_code == 302
    d.refresh_from_db()
    assert timezone.localtime(d.due_at).date().isoformat() == new_day and d.apologies.count() == 1
    page = client_as(doc_clerk).get(reverse("onestop-dossier", args=[d.pk])).content.decode()
    assert reverse("onestop-form", args=[d.pk, "apology"]) in page


def test_documents_are_downloads_only(client_as, doc_clerk, procedures):
    from smartcity.onestop.services import intake

    d = make_dossier(procedures["house"])
    doc = intake.attach(d, None, SimpleUploadedFile("ban-ve.pdf", b"%PDF-1.4 ban ve"), user=doc_clerk)
    response = client_as(doc_clerk).get(reverse("onestop-dossier-document", args=[d.pk, doc.pk]))
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff" and b"".join(response.streaming_content).startswith(b"%PDF")

"""The write rule: owner organisation editors, the Smart City Office and superusers only."""
import pytest

from smartcity.core.models import Organisation
from smartcity.core.permissions import can_change, visible


@pytest.fixture
def people(make_user):
    return {
        "dot_editor": make_user("dot.nam", "DOT", "editor"),
        "donre_editor": make_user("donre.minh", "DONRE", "editor"),
        "donre_viewer": make_user("donre.xem", "DONRE", "viewer"),
        "office": make_user("vptptm.huong", "VPTPTM", "editor"),
        "office_viewer": make_user("vptptm.xem", "VPTPTM", "viewer"),
        "root": make_user("root", None, "viewer", is_superuser=True, is_staff=True),
    }


def test_rule_matrix(people):
    donre = Organisation.objects.get(code="DONRE")
    assert can_change(people["donre_editor"], donre)
    assert not can_change(people["dot_editor"], donre)
    assert not can_change(people["donre_viewer"], donre)
    assert can_change(people["office"], donre)
    assert not can_change(people["office_viewer"], donre)
    assert can_change(people["root"], donre)


def test_inactive_and_anonymous_cannot_change(people):
    from django.contrib.auth.models import AnonymousUser

    donre = Organisation.objects.get(code="DONRE")
    people["donre_editor"].is_active = False
    assert not can_change(people["donre_editor"], donre)
    assert not can_change(AnonymousUser(), donre)


def test_api_dot_editor_gets_403_on_donre(api, people):
    api.force_authenticate(people["dot_editor"])
    response = api.patch("/api/organisations/DONRE/", {"phone": "0274 3822 000"}, format="json")
    assert response.status_code == 403
    body = response.json()
    assert body["code"] == "permission_denied" and body["status"] == 403
    assert Organisation.objects.get(code="DONRE").phone == ""


def test_api_owner_and_office_may_change(api, people):
    api.force_authenticate(people["donre_editor"])
    assert api.patch("/api/organisations/DONRE/", {"phone": "0274 3822 001"}, format="json").status_code == 200
    api.force_authenticate(people["office"])
    assert api.patch("/api/organisations/DONRE/", {"phone": "0274 3822 002"}, format="json").status_code == 200
    assert Organisation.objects.get(code="DONRE").phone == "0274 3822 002"


def test_api_anonymous_write_is_refused_and_read_is_open(api, reference):
    response = api.patch("/api/organisations/DONRE/", {"phone": "1"}, format="json")
    assert response.status_code in (401, 403)
    assert response.json()["code"] == "not_authenticated"
    assert api.get("/api/organisations/DONRE/").status_code == 200


def test_api_readonly_fields_cannot_escalate(api, people):
    api.force_authenticate(people["donre_editor"])
    api.patch("/api/organisations/DONRE/", {"is_coordinator": True, "code": "X"}, format="json")
    donre = Organisation.objects.get(code="DONRE")
    assert donre.is_coordinator is False


def test_ui_dot_editor_gets_403_on_donre(client_as, people):
    c = client_as(people["dot_editor"])
    assert c.get("/organisations/DONRE/edit/").status_code == 403
    response = c.post("/organisations/DONRE/edit/", {"name_vi": "Bị sửa trái phép", "name_en": "x"})
    assert response.status_code == 403
    assert Organisation.objects.get(code="DONRE").name_vi == "Sở Tài nguyên và Môi trường"


def test_ui_owner_edits_own_profile(client_as, people):
    c = client_as(people["donre_editor"])
    page = c.get("/organisations/DONRE/")
    assert b"/organisations/DONRE/edit/" in page.content
    response = c.post("/organisations/DONRE/edit/", {
        "name_vi": "Sở Tài nguyên và Môi trường", "name_en": "Department of Natural Resources and Environment",
        "abbreviation": "STNMT", "plan_role": "", "website": "", "email": "stnmt@binhduong.gov.vn",
        "phone": "0274 3822 003", "address": "Tầng 9, Tháp A, Trung tâm Hành chính tỉnh, Thủ Dầu Một"})
    assert response.status_code == 302
    assert Organisation.objects.get(code="DONRE").phone == "0274 3822 003"
    # the DOT editor sees no edit link on the DONRE page
    c.force_login(people["dot_editor"])
    assert b"/organisations/DONRE/edit/" not in c.get("/organisations/DONRE/").content


def test_ui_anonymous_edit_redirects_to_login(client, reference):
    response = client.get("/organisations/DONRE/edit/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_admin_uses_the_same_rule(client_as, people):
    donre = Organisation.objects.get(code="DONRE")
    people["dot_editor"].is_staff = True
    people["dot_editor"].save()
    c = client_as(people["dot_editor"])
    url = f"/admin/core/organisation/{donre.pk}/change/"
    response = c.post(url, {"name_vi": "Bị sửa", "code": "DONRE"})
    assert response.status_code == 403
    people["donre_editor"].is_staff = True
    people["donre_editor"].save()
    c.force_login(people["donre_editor"])
    page = c.get(url)
    assert page.status_code == 200 and b'name="name_vi"' in page.content


def test_visible_filters_unpublished(people):
    from smartcity.core.models import User

    qs = visible(User.objects.all(), people["dot_editor"])  # no published field: untouched
    assert qs.count() == User.objects.count()

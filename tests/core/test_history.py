"""Every change to a record is kept: who, when, what."""
from smartcity.core.models import Organisation


def test_api_change_is_recorded_with_user_and_diff(api, make_user):
    editor = make_user("donre.minh", "DONRE", "editor")
    api.force_authenticate(editor)
    assert api.patch("/api/organisations/DONRE/", {"phone": "0274 3822 555"}, format="json").status_code == 200
    donre = Organisation.objects.get(code="DONRE")
    latest, previous = donre.history.order_by("-history_date")[:2]
    assert latest.history_type == "~"
    assert latest.history_user == editor
    changes = {c.field: (c.old, c.new) for c in latest.diff_against(previous).changes}
    assert changes == {"phone": ("", "0274 3822 555")}


def test_create_and_delete_are_recorded(reference):
    org = Organisation.objects.create(code="TDMU-LAB", name_vi="Living Lab Đại học Thủ Dầu Một", kind="university", helix="academia")
    pk = org.pk
    org.delete()
    types = list(Organisation.history.filter(id=pk).order_by("history_date").values_list("history_type", flat=True))
    assert types == ["+", "-"]


def test_history_visible_in_admin(client, make_user):
    root = make_user("root", None, is_superuser=True, is_staff=True)
    client.force_login(root)
    donre = Organisation.objects.get(code="DONRE")
    donre.phone = "0274 3822 777"
    donre.save()
    page = client.get(f"/admin/core/organisation/{donre.pk}/history/")
    assert page.status_code == 200
    assert b"0274 3822 777" in page.content


def test_history_shown_on_organisation_page(client, make_user):
    editor = make_user("donre.minh", "DONRE", "editor")
    client.force_login(editor)
    client.post("/organisations/DONRE/edit/", {"name_vi": "Sở Tài nguyên và Môi trường", "name_en": "DONRE", "abbreviation": "STNMT",
                                               "plan_role": "", "website": "", "email": "", "phone": "1", "address": ""})
    page = client.get("/organisations/DONRE/").content.decode()
    assert "donre.minh" in page
    assert "phone" in page  # the changed field is named

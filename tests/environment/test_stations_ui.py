"""Staff pages of the station register: list, edit (the permission rule, history kept), CSV
upload with a preview and a confirmation, limited by the permission rule."""
from django.core.files.uploadedfile import SimpleUploadedFile

from smartcity.environment.models import Station

CSV = ("code,name,kind,lat,lon,owner,industrial_park\n"
       "BD_KCNMYPHUOC_NT01,Trạm quan trắc nước thải tự động KCN Mỹ Phước,wastewater,11.1235,106.6041,DONRE,KCN Mỹ Phước\n")


def upload(client, text, name="tram.csv"):
    return client.post("/environment/manage/stations/import/", {"file": SimpleUploadedFile(name, text.encode(), "text/csv")})


def test_list_needs_login_and_shows_edit_links_by_rule(client, client_as, make_user, make_station):
    make_station("BD_TTQT_KK01", "air", name="Trạm quan trắc không khí tự động Thủ Dầu Một")
    assert client.get("/environment/manage/stations/").status_code == 302
    page = client_as(make_user("dot.nam", "DOT", "editor")).get("/environment/manage/stations/?kind=air")
    html = page.content.decode()
    assert page.status_code == 200 and "BD_TTQT_KK01" in html and "Thủ Dầu Một" in html
    assert "/environment/manage/stations/BD_TTQT_KK01/edit/" not in html
    page = client_as(make_user("donre.minh", "DONRE", "editor")).get("/environment/manage/stations/")
    assert "/environment/manage/stations/BD_TTQT_KK01/edit/" in page.content.decode()


def test_edit_form_rule_and_history(client_as, make_user, make_station):
    st = make_station("BD_TTQT_KK01", "air", name="Trạm Thủ Dầu Một", lat=10.9812, lon=106.6545)
    url = "/environment/manage/stations/BD_TTQT_KK01/edit/"
    dot = client_as(make_user("dot.nam", "DOT", "editor"))
    assert dot.get(url).status_code == 403
    assert dot.post(url, {"name": "x", "latitude": 10.9, "longitude": 106.6}).status_code == 403
    donre_user = make_user("donre.minh", "DONRE", "editor")
    donre = client_as(donre_user)
    assert donre.get(url).status_code == 200
    r = donre.post(url, {"name": "Trạm quan trắc không khí tự động Thủ Dầu Một (Phú Cường)", "latitude": 10.9813, "longitude": 106.6546,
                         "short_name": "Thủ Dầu Một", "contact_emails": "a@donre.gov.vn, b@donre.gov.vn", "published": "on"})
    assert r.status_code == 302, r.content.decode()[:2000]
    st.refresh_from_db()
    st.asset.refresh_from_db()
    assert st.asset.name.endswith("(Phú Cường)") and st.short_name == "Thủ Dầu Một" and st.contacts() == ["a@donre.gov.vn", "b@donre.gov.vn"]
    assert st.history.first().history_user == donre_user
    page = donre.get(url).content.decode()
    assert "donre.minh" in page  # history shown with who changed it
    r = donre.post(url, {"name": "x", "latitude": 48.8, "longitude": 2.3, "published": "on"})
    assert r.status_code == 200 and Station.objects.get(pk=st.pk).asset.latitude == 10.9813


def test_import_preview_then_confirm(client_as, make_user, make_station):
    c = client_as(make_user("donre.minh", "DONRE", "editor"))
    r = upload(c, CSV)
    html = r.content.decode()
    assert r.status_code == 200 and 'data-action="create"' in html and "KCN Mỹ Phước" in html
    assert not Station.objects.exists()  # the preview writes nothing
    digest = c.session["env_station_import"]["digest"]
    r = c.post("/environment/manage/stations/import/", {"confirm": "1", "digest": digest})
    assert r.status_code == 302
    st = Station.objects.get(code="BD_KCNMYPHUOC_NT01")
    assert st.industrial_park == "KCN Mỹ Phước" and st.asset.asset_type_id == "wastewater-station"
    r = upload(c, CSV)  # again: nothing to do
    assert 'data-action="unchanged"' in r.content.decode() and 'name="confirm"' not in r.content.decode()


def test_import_permission_dot_cannot_import_donre(client_as, make_user, make_station):
    c = client_as(make_user("dot.nam", "DOT", "editor"))
    r = upload(c, CSV)
    html = r.content.decode()
    assert 'data-reason="forbidden_owner"' in html and 'name="confirm"' not in html
    # forcing the confirmation anyway writes nothing: the rows are checked again
    r = c.post("/environment/manage/stations/import/", {"confirm": "1", "digest": c.session["env_station_import"]["digest"]})
    assert r.status_code == 200 and 'data-reason="forbidden_owner"' in r.content.decode()
    assert not Station.objects.exists()


def test_import_bad_file_and_bad_rows(client_as, make_user, make_station):
    c = client_as(make_user("donre.minh", "DONRE", "editor"))
    r = upload(c, "ma,ten\n1,2\n")
    assert r.status_code == 400 and 'id="file-error"' in r.content.decode()
    r = upload(c, CSV + "BD_X_1,Trạm,nuoc,10.9,106.7,DONRE,\n")
    html = r.content.decode()
    assert 'data-reason="unknown_kind"' in html and 'name="confirm"' not in html and ">3<" in html

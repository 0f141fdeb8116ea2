"""Transport projects: the seed, the API (reads, GeoJSON, owner-limited writes, geometry
checks, history) and the staff pages (list with map data, detail with milestones, form)."""
import json

import pytest

from smartcity.mobility.services.projects import GeometryError, geometry_length_km, seed_projects, validate_geometry

pytestmark = pytest.mark.django_db

LINE = {"type": "LineString", "coordinates": [[106.6704, 11.0548], [106.7000, 11.0140], [106.7660, 10.9330]]}


@pytest.fixture
def seeded(reference):
    return seed_projects()


def _project(code):
    from smartcity.mobility.models import TransportProject

    return TransportProject.objects.get(code=code)


def test_seed_is_idempotent_and_keeps_diacritics(seeded):
    from smartcity.mobility.models import Milestone, TransportProject

    assert seeded["created"] >= 8 and seeded["kept"] == 0
    counts = (TransportProject.objects.count(), Milestone.objects.count(), TransportProject.history.count())
    again = seed_projects()
    assert again == {"created": 0, "kept": seeded["created"]}
    assert (TransportProject.objects.count(), Milestone.objects.count(), TransportProject.history.count()) == counts
    names = set(TransportProject.objects.values_list("name_vi", flat=True))
    assert any("Quốc lộ 13" in n for n in names)
    assert "Đường Mỹ Phước - Tân Vạn" in names
    assert any("Vành đai 3" in n for n in names) and any("Vành đai 4" in n for n in names)
    assert any("Sông Sài Gòn".lower() in n.lower() for n in names)
    brt = _project("brt-tpm-suoi-tien")
    assert brt.length_km == 30.8 and "12 trạm" in brt.description_vi and brt.owner.code == "DOT"
    assert brt.milestones.filter(title_vi__contains="2018-2019").exists()
    kinds = set(TransportProject.objects.values_list("kind", flat=True))
    assert {"road", "brt", "rail", "waterway", "logistics", "bus"} <= kinds
    for p in TransportProject.objects.all():
        assert validate_geometry(p.geometry) == p.geometry  # stored geometries pass our own check
        if p.geometry["type"] != "Point":
            n = sum(len(line) for line in ([p.geometry["coordinates"]] if p.geometry["type"] == "LineString" else p.geometry["coordinates"]))
            assert n >= 8, p.code  # drawn along the corridor, not two end points
        assert p.budget_vnd and p.budget_vnd >= 10**9 and 0 <= p.progress <= 100
        # every seeded vertex lies in or next to Binh Duong (HCMC end points included)
        for lon, lat in (p.geometry["coordinates"] if p.geometry["type"] != "MultiLineString" else
                         [pt for line in p.geometry["coordinates"] for pt in line]) if p.geometry["type"] != "Point" else [p.geometry["coordinates"]]:
            assert 10.7 < lat < 11.5 and 106.3 < lon < 107.0, p.code


def test_geometry_rules():
    assert validate_geometry(None) == {}
    assert validate_geometry({"type": "Point", "coordinates": [106.65, 10.98]})["coordinates"] == [106.65, 10.98]
    # one degree of latitude along a meridian is 111.2 km; a MultiLineString sums its lines
    meridian = {"type": "LineString", "coordinates": [[106.7, 10.0], [106.7, 10.5], [106.7, 11.0]]}
    assert abs(geometry_length_km(meridian) - 111.19) < 0.05
    assert geometry_length_km({"type": "MultiLineString", "coordinates": [meridian["coordinates"]] * 2}) == pytest.approx(2 * 111.19, abs=0.1)
    assert geometry_length_km({"type": "Point", "coordinates": [106.7, 10.0]}) is None
    cases = [({"type": "Polygon", "coordinates": []}, "unsupported_type"),
             ({"type": "LineString", "coordinates": [[106.6, 10.9]]}, "too_few_positions"),
             ({"type": "LineString", "coordinates": [[10.98, 106.65], [10.99, 106.66]]}, "latitude_out_of_range"),
             ({"type": "Point", "coordinates": [190, 10]}, "longitude_out_of_range"),
             ({"type": "Point", "coordinates": ["106", 10]}, "bad_number"),
             ({"type": "Feature", "geometry": LINE}, "not_a_geometry"),
             ({"type": "MultiLineString", "coordinates": [[[106.6, 10.9], [106.7, 10.9]], [[106.6, 10.9]]]}, "too_few_positions"),
             ([1, 2], "not_an_object")]
    for value, code in cases:
        with pytest.raises(GeometryError) as err:
            validate_geometry(value)
        assert err.value.code == code, value
    from django.utils import translation

    swapped = {"type": "LineString", "coordinates": [[10.98, 106.65], [10.99, 106.66]]}
    with translation.override("en"), pytest.raises(GeometryError) as err:
        validate_geometry(swapped)
    assert "swap" in err.value.message and err.value.path == "coordinates[0]"
    with translation.override("vi"), pytest.raises(GeometryError) as err:
        validate_geometry(swapped)
    assert "đảo vĩ độ và kinh độ" in err.value.message


def test_api_list_detail_and_geojson(seeded, api):
    r = api.get("/api/mobility/projects/")
    assert r.status_code == 200
    body = r.json()
    codes = [p["code"] for p in body["results"]]
    assert codes == sorted(codes) and "ql13-nang-cap" in codes and body["count"] == seeded["created"]
    d = api.get("/api/mobility/projects/brt-tpm-suoi-tien/").json()
    assert d["owner"] == "DOT" and d["length_km"] == 30.8 and len(d["milestones"]) >= 3 and d["url"].endswith("/brt-tpm-suoi-tien/")
    assert api.get("/api/mobility/projects/", {"kind": "road"}).json()["count"] == 4
    g = api.get("/api/mobility/projects/geojson")
    assert g.status_code == 200 and g["Content-Type"].startswith("application/geo+json")
    fc = g.json()
    assert fc["type"] == "FeatureCollection" and len(fc["features"]) == seeded["created"]
    by_code = {f["id"]: f for f in fc["features"]}
    assert by_code["logistics-icd-song-than"]["geometry"]["type"] == "Point"
    assert by_code["duong-thuy-sai-gon-dong-nai"]["geometry"]["type"] == "MultiLineString"
    props = by_code["my-phuoc-tan-van"]["properties"]
    assert props["name_vi"] == "Đường Mỹ Phước - Tân Vạn" and props["status"] == "in-service" and props["owner"] == "BECAMEX"
    assert props["url"] == "/mobility/projects/my-phuoc-tan-van/" and props["budget_vnd"] > 10**12
    only = api.get("/api/mobility/projects/geojson", {"kind": "brt"}).json()
    assert [f["id"] for f in only["features"]] == ["brt-tpm-suoi-tien"]
    bad = api.get("/api/mobility/projects/geojson", {"status": "nope"})
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "status"


def _payload(**extra):
    return {"code": "cau-bach-dang-2", "name_vi": "Cầu Bạch Đằng 2 nối Tân Uyên - Biên Hòa", "name_en": "Bạch Đằng 2 bridge",
            "kind": "road", "status": "proposed", "geometry": LINE, "budget_vnd": "1200000000000", "progress": 0,
            "milestones": [{"date": "2026-03-01", "title_vi": "Khảo sát địa hình", "title_en": "Topographic survey", "done": False}],
            **extra}


def test_anonymous_cannot_write(seeded, api):
    from smartcity.mobility.models import TransportProject

    n = TransportProject.objects.count()
    r = api.post("/api/mobility/projects/", _payload(), format="json")
    assert r.status_code in (401, 403) and r.json()["code"] in ("not_authenticated", "authentication_failed", "permission_denied")
    r = api.patch("/api/mobility/projects/ql13-nang-cap/", {"progress": 99}, format="json")
    assert r.status_code in (401, 403)
    assert TransportProject.objects.count() == n and _project("ql13-nang-cap").progress == 65


def test_editor_of_another_org_is_refused_and_nothing_changes(seeded, api, make_user):
    from smartcity.mobility.models import TransportProject

    api.force_authenticate(make_user("bientap-tnmt", "DONRE"))
    before = api.get("/api/mobility/projects/ql13-nang-cap/").json()
    r = api.patch("/api/mobility/projects/ql13-nang-cap/", {"progress": 99, "status": "suspended"}, format="json")
    assert r.status_code == 403 and r.json()["code"] == "permission_denied"
    r = api.post("/api/mobility/projects/", _payload(owner="DOT"), format="json")
    assert r.status_code == 403
    assert api.delete("/api/mobility/projects/ql13-nang-cap/").status_code == 403
    assert api.get("/api/mobility/projects/ql13-nang-cap/").json() == before
    assert not TransportProject.objects.filter(code="cau-bach-dang-2").exists()
    # a viewer of DOT itself may not write either
    api.force_authenticate(make_user("xem-gtvt", "DOT", role="viewer"))
    assert api.patch("/api/mobility/projects/ql13-nang-cap/", {"progress": 99}, format="json").status_code == 403


def test_dot_editor_creates_and_edits_with_history(seeded, api, make_user):
    user = make_user("bientap-gtvt", "DOT")
    api.force_authenticate(user)
    r = api.post("/api/mobility/projects/", _payload(), format="json")
    assert r.status_code == 201, r.json()
    p = _project("cau-bach-dang-2")
    assert p.owner.code == "DOT" and p.milestones.count() == 1
    assert p.length_km == geometry_length_km(LINE)  # derived from the line when not given
    r = api.patch("/api/mobility/projects/cau-bach-dang-2/", {"status": "approved", "progress": 15}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "approved"
    assert _project("cau-bach-dang-2").milestones.count() == 1  # milestones untouched when not sent
    r = api.patch("/api/mobility/projects/brt-tpm-suoi-tien/", {"progress": 20}, format="json")
    assert r.status_code == 200
    hist = list(_project("cau-bach-dang-2").history.order_by("history_date"))
    assert [h.history_type for h in hist] == ["+", "~"] and hist[-1].history_user_id == user.pk
    assert hist[-1].status == "approved" and hist[0].status == "proposed"
    # the code is stable; handing the project to an organisation the user cannot edit is refused
    r = api.patch("/api/mobility/projects/cau-bach-dang-2/", {"code": "khac"}, format="json")
    assert r.status_code == 400 and r.json()["errors"][0]["code"] == "immutable"
    r = api.patch("/api/mobility/projects/cau-bach-dang-2/", {"owner": "DONRE"}, format="json")
    assert r.status_code == 403 and _project("cau-bach-dang-2").owner.code == "DOT"
    # Becamex's project is not DOT's
    assert api.patch("/api/mobility/projects/my-phuoc-tan-van/", {"progress": 1}, format="json").status_code == 403


@pytest.mark.parametrize("geometry,code", [
    ({"type": "LineString", "coordinates": [[11.05, 106.67], [10.93, 106.76]]}, "latitude_out_of_range"),
    ({"type": "Polygon", "coordinates": [[[106.6, 10.9], [106.7, 10.9], [106.7, 11.0], [106.6, 10.9]]]}, "unsupported_type"),
    ({"type": "LineString", "coordinates": [[106.6, 10.9]]}, "too_few_positions"),
    ("LINESTRING(106.6 10.9, 106.7 10.9)", "not_an_object"),
])
def test_invalid_geometry_is_400_with_the_reason(seeded, api, make_user, geometry, code):
    from smartcity.mobility.models import TransportProject

    api.force_authenticate(make_user("bientap-gtvt", "DOT"))
    r = api.post("/api/mobility/projects/", _payload(geometry=geometry), format="json")
    assert r.status_code == 400
    body = r.json()
    assert body["code"] == "validation_error" and {"field": "geometry", "code": code} == {k: body["errors"][0][k] for k in ("field", "code")}
    assert not TransportProject.objects.filter(code="cau-bach-dang-2").exists()
    before = _project("ql13-nang-cap").geometry
    r = api.patch("/api/mobility/projects/ql13-nang-cap/", {"geometry": geometry}, format="json")
    assert r.status_code == 400 and r.json()["errors"][0]["code"] == code
    assert _project("ql13-nang-cap").geometry == before


def test_pages_list_detail_and_form(seeded, client, make_user):
    r = client.get("/mobility/projects/")
    assert r.status_code == 200
    html = r.content.decode()
    assert "Đường Mỹ Phước - Tân Vạn" in html and 'id="mob-projects-map"' in html and "leaflet/leaflet.js" in html
    data = r.context["map"]["projects"]
    assert len(data["features"]) == seeded["created"]
    assert "mobility-project-edit" not in html and 'id="new-project"' not in html  # anonymous: no edit links
    d = client.get("/mobility/projects/brt-tpm-suoi-tien/")
    assert d.status_code == 200 and 'id="milestones"' in d.content.decode()
    states = [x["state"] for x in d.context["milestones"]]
    assert states[0] == "done" and d.context["history"] is None  # history only for people logged in
    assert client.get("/mobility/projects/khong-co/").status_code == 404
    # anonymous edit -> login
    assert client.get("/mobility/projects/ql13-nang-cap/edit/").status_code == 302
    # another organisation's editor: 403 on the form and on a post
    client.force_login(make_user("bientap-tnmt", "DONRE"))
    assert client.get("/mobility/projects/ql13-nang-cap/edit/").status_code == 403
    assert client.post("/mobility/projects/ql13-nang-cap/edit/", {"name_vi": "x"}).status_code == 403


def _form_data(project=None, **extra):
    base = {"code": "ben-xe-thu-dau-mot", "name_vi": "Bến xe khách Thủ Dầu Một mới", "name_en": "New Thủ Dầu Một coach station",
            "kind": "bus", "status": "proposed", "plan_item": "P8", "published": "on", "progress": "5",
            "budget_vnd": "250000000000", "geometry": json.dumps({"type": "Point", "coordinates": [106.6520, 10.9800]}),
            "ms-TOTAL_FORMS": "1", "ms-INITIAL_FORMS": "0", "ms-MIN_NUM_FORMS": "0", "ms-MAX_NUM_FORMS": "1000",
            "ms-0-date": "2026-05-01", "ms-0-title_vi": "Lập quy hoạch chi tiết", "ms-0-title_en": "Detailed plan"}
    base.update(extra)
    return base


def test_form_creates_and_edits_with_history(seeded, client, make_user):
    from smartcity.core.models import Organisation

    user = make_user("bientap-gtvt", "DOT")
    client.force_login(user)
    assert client.get("/mobility/projects/new/").status_code == 200
    dot = Organisation.objects.get(code="DOT")
    bad = client.post("/mobility/projects/new/", _form_data(owner=dot.pk, geometry='{"type": "Point", "coordinates": [10.98, 106.65]}'))
    assert bad.status_code == 400 and "đảo vĩ độ và kinh độ" in bad.content.decode()  # Vietnamese first
    bad = client.post("/mobility/projects/new/", _form_data(owner=dot.pk, geometry='{"type": "Point",'))
    assert bad.status_code == 400 and bad.context["form"].errors.as_data()["geometry"][0].code == "invalid_json"
    donre = Organisation.objects.get(code="DONRE")
    other = client.post("/mobility/projects/new/", _form_data(owner=donre.pk))
    assert other.status_code == 400 and "owner" in other.context["form"].errors  # not an organisation the user may write for
    r = client.post("/mobility/projects/new/", _form_data(owner=dot.pk))
    assert r.status_code == 302 and r["Location"] == "/mobility/projects/ben-xe-thu-dau-mot/"
    p = _project("ben-xe-thu-dau-mot")
    assert p.owner == dot and p.geometry["type"] == "Point" and p.milestones.get().title_vi == "Lập quy hoạch chi tiết"
    ms = p.milestones.get()
    edit = _form_data(owner=dot.pk, status="approved", progress="20", **{
        "ms-TOTAL_FORMS": "1", "ms-INITIAL_FORMS": "1", "ms-0-id": str(ms.pk), "ms-0-project": str(p.pk), "ms-0-done": "on"})
    r = client.post("/mobility/projects/ben-xe-thu-dau-mot/edit/", edit)
    assert r.status_code == 302
    p.refresh_from_db()
    assert p.status == "approved" and p.progress == 20 and p.milestones.get().done
    page = client.get("/mobility/projects/ben-xe-thu-dau-mot/")
    hist = page.context["history"]
    assert any(h["what"] and "status" in h["fields"] for h in hist)
    assert any(str(h["who"]) in (user.username, user.get_full_name()) for h in hist)

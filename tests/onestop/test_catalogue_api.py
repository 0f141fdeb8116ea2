"""The catalogue API (list, detail, versions; drafts written by the competent unit only,
with problem bodies) and the `smartcity onestop catalogue` commands."""
import io
import json

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(reference):
    from smartcity.onestop.services.catalogue import load_catalogue

    load_catalogue(templates=False)


def test_list_filters_and_search(api, catalogue):
    body = api.get("/api/onestop/procedures/", {"q": "GIAY PHEP xay dung"}).json()
    codes = [r["code"] for r in body["results"]]
    assert body["count"] == len(codes) and "1.009972" in codes and "2.001610" not in codes
    house = next(r for r in body["results"] if r["code"] == "1.009972")
    assert house["in_force"]["number"] == 2 and house["in_force"]["receiving_unit"] == "TTPVHCC"
    old = api.get("/api/onestop/procedures/", {"on": "2024-05-02", "unit": "DOC"}).json()
    by_code = {r["code"]: r for r in old["results"]}
    assert by_code["1.009972"]["in_force"]["rule_set"] == "2018"
    assert by_code["1.009974"]["in_force"] is None  # only a 2025 version
    full = api.get("/api/onestop/procedures/", {"online": "full"}).json()
    assert full["count"] > 0 and all(r["in_force"]["online_level"] == "full" for r in full["results"])
    bad = api.get("/api/onestop/procedures/", {"online": "sometimes"})
    assert bad.status_code == 400 and bad.json()["code"] == "invalid_choice" and bad.json()["errors"][0]["field"] == "online"


def test_detail_and_versions(api, catalogue):
    body = api.get("/api/onestop/procedures/1.009972/").json()
    assert body["version_in_force"]["time_limit_days"] == "15.0"
    assert [s["days"] for s in body["version_in_force"]["steps"] if s["key"] == "appraisal"] == [7]
    assert [v["number"] for v in body["versions"]] == [2, 1] and body["editable"] is False
    versions = api.get("/api/onestop/procedures/1.009972/versions/").json()
    assert versions[1]["rule_set"] == "2018" and versions[1]["valid_to"] == "2025-06-30"
    assert api.get("/api/onestop/procedures/0.000000/").status_code == 404


def test_writes_need_the_competent_unit(api, catalogue, make_user):
    from smartcity.onestop.models import Procedure

    proc = Procedure.objects.get(code="1.009972")
    assert api.post("/api/onestop/procedures/1.009972/versions/", {}, format="json").status_code in (401, 403)
    api.force_authenticate(make_user("pham.thi.hoa", "DPI"))
    refused = api.post("/api/onestop/procedures/1.009972/versions/", {"time_limit_days": 20}, format="json")
    assert refused.status_code == 403 and refused.json()["status"] == 403 and refused.json()["code"]
    current = proc.current_version
    refused = api.patch(f"/api/onestop/versions/{current.pk}/", {"time_limit_days": 20}, format="json")
    assert refused.status_code == 403
    assert proc.versions.count() == 2


def test_draft_edit_and_put_in_force(api, catalogue, make_user):
    from smartcity.onestop.models import Procedure

    api.force_authenticate(make_user("nguyen.thanh.tam", "DOC"))
    current = Procedure.objects.get(code="1.009972").current_version
    # a version in force is never edited
    frozen = api.patch(f"/api/onestop/versions/{current.pk}/", {"online_level": "full"}, format="json")
    assert frozen.status_code == 400 and frozen.json()["code"] == "not_draft"
    made = api.post("/api/onestop/procedures/1.009972/versions/", {"online_level": "full"}, format="json")
    assert made.status_code == 201, made.json()
    draft = made.json()
    assert draft["status"] == "draft" and draft["number"] == 3 and len(draft["documents"]) == current.documents.count()
    bad = api.patch(f"/api/onestop/versions/{draft['id']}/", {"time_limit_days": 4}, format="json")
    assert bad.status_code == 400 and bad.json()["code"] == "steps_exceed_limit" and bad.json()["errors"][0]["field"] == "steps"
    unknown = api.patch(f"/api/onestop/versions/{draft['id']}/", {"owner": "DPI"}, format="json")
    assert unknown.status_code == 400 and unknown.json()["code"] == "unknown_field"
    ok = api.patch(f"/api/onestop/versions/{draft['id']}/", {"fees": [{"name_vi": "Lệ phí", "amount_vnd": 100000}]}, format="json")
    assert ok.status_code == 200 and ok.json()["fees"][0]["amount_vnd"] == 100000
    missing = api.post(f"/api/onestop/versions/{draft['id']}/put-in-force/", {}, format="json")
    assert missing.status_code == 400 and missing.json()["code"] == "required"
    done = api.post(f"/api/onestop/versions/{draft['id']}/put-in-force/", {"valid_from": "2026-12-01"}, format="json")
    assert done.status_code == 200 and done.json()["status"] == "in_force"
    old = api.get(f"/api/onestop/versions/{current.pk}/").json()
    assert old["status"] == "retired" and old["valid_to"] == "2026-11-30"
    # the public sees the new version from its first day
    listing = api.get("/api/onestop/procedures/", {"on": "2026-12-01", "q": "1.009972"}).json()
    assert listing["results"][0]["in_force"]["online_level"] == "full"


def test_drafts_are_hidden_from_the_public(api, catalogue, make_user):
    from smartcity.onestop.models import Procedure
    from smartcity.onestop.services.catalogue import new_version

    draft = new_version(Procedure.objects.get(code="1.009972"), make_user("tran.minh.khoa", "DOC"))
    assert api.get(f"/api/onestop/versions/{draft.pk}/").status_code == 404
    assert 3 not in [v["number"] for v in api.get("/api/onestop/procedures/1.009972/versions/").json()]


def test_cli_load_list_show(reference):
    out = io.StringIO()
    call_command("onestop", "catalogue", "load", "--no-templates", stdout=out)
    assert "procedures: 30" in out.getvalue()
    out = io.StringIO()
    call_command("onestop", "catalogue", "load", "--no-templates", stdout=out)
    assert "procedures: 0" in out.getvalue()
    out = io.StringIO()
    call_command("onestop", "catalogue", "list", "--q", "giay phep xay dung", "--json", stdout=out)
    rows = json.loads(out.getvalue())
    assert "1.009972" in [r["code"] for r in rows] and all(r["unit"] == "DOC" for r in rows)
    out = io.StringIO()
    call_command("onestop", "catalogue", "show", "1.009972", "--on", "2024-01-15", "--json", stdout=out)
    shown = json.loads(out.getvalue())
    assert shown["version"] == 1 and shown["rule_set"] == "2018" and shown["receiving_unit"] == "DOC"
    assert [v["number"] for v in shown["versions"]] == [2, 1] and "receiving_unit" in shown["versions"][0]["changes"]
    out = io.StringIO()
    call_command("onestop", "catalogue", "show", "1.009972", stdout=out)
    assert "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ" in out.getvalue() and "TTPVHCC" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("onestop", "catalogue", "show", "0.000000", stdout=io.StringIO())
    with pytest.raises(CommandError):
        call_command("onestop", "catalogue", "show", "1.009972", "--on", "2017-01-01", stdout=io.StringIO())

"""Criteria sets versioned by school year: a published set is frozen (services, pages and
API), a copy makes the next year's draft with the same codes, one published set per year."""
import pytest

from smartcity.schools import services
from smartcity.schools.models import CriteriaSet, Criterion


def test_published_set_is_frozen(programme):
    cset = programme["set"]
    with pytest.raises(services.WorkflowError) as err:
        services.add_criterion(programme["groups"][0], code="1.9", name_vi="Tiêu chí mới", rule="binary", max_score=5)
    assert err.value.code == "frozen"
    with pytest.raises(services.WorkflowError):
        services.update_criterion(programme["criteria"][0], max_score=50)
    assert Criterion.objects.filter(group__criteria_set=cset).count() == 4


def test_copy_to_next_year_then_change_and_publish(programme):
    cset = programme["set"]
    new = services.copy_set(cset, programme["doet"])
    nxt = services.scoring.next_school_year(cset.school_year)
    assert (new.school_year, new.version, new.status, new.previous_id) == (nxt, 1, "draft", cset.pk)
    assert sorted(Criterion.objects.filter(group__criteria_set=new).values_list("code", flat=True)) == ["1.1", "3.1", "4.2", "4.3"]
    assert nxt in new.title_vi
    facilities = new.groups.get(code="facilities")
    services.add_criterion(facilities, code="3.5", name_vi="Chuyển đổi số: học bạ số", rule="levels", max_score=10,
                           evidence_required=True)
    services.publish_set(new, programme["doet"])
    assert new.frozen and Criterion.objects.filter(group__criteria_set=new).count() == 5
    assert Criterion.objects.filter(group__criteria_set=cset).count() == 4  # the source is untouched
    second = services.copy_set(new, programme["doet"], school_year=nxt)
    assert second.version == 2
    with pytest.raises(services.WorkflowError) as err:
        services.publish_set(second, programme["doet"])
    assert err.value.code == "already_published"


def test_threshold_criterion_needs_its_threshold(programme):
    draft = services.copy_set(programme["set"])
    with pytest.raises(services.WorkflowError) as err:
        services.add_criterion(draft.groups.first(), code="3.9", name_vi="Tỷ lệ phòng học có máy chiếu", rule="threshold")
    assert err.value.code == "threshold_required"


def test_api_sets_frozen_copy_and_permissions(api, programme):
    cset = programme["set"]
    r = api.get("/api/schools/criteria-sets/", {"school_year": cset.school_year})
    row = r.json()["results"][0]
    assert [g["code"] for g in row["groups"]] == ["management", "facilities", "teaching"]
    assert row["groups"][2]["criteria"][0]["rule"] == "levels"
    api.force_authenticate(programme["doet"])
    r = api.patch(f"/api/schools/criteria-sets/{cset.pk}/", {"pass_total": 70}, format="json")
    assert r.status_code == 409 and r.json()["code"] == "frozen"
    crit = programme["criteria"][0]
    r = api.patch(f"/api/schools/criteria/{crit.pk}/", {"max_score": 50}, format="json")
    assert r.status_code == 409 and r.json()["code"] == "frozen"
    r = api.post(f"/api/schools/criteria-sets/{cset.pk}/copy/", format="json")
    assert r.status_code == 201 and r.json()["status"] == "draft"
    new_id = r.json()["id"]
    group = r.json()["groups"][1]["id"]
    r = api.post("/api/schools/criteria/", {"group": group, "code": "3.5", "name_vi": "Chuyển đổi số", "rule": "threshold",
                                            "max_score": 10}, format="json")
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "threshold"
    r = api.post("/api/schools/criteria/", {"group": group, "code": "3.5", "name_vi": "Chuyển đổi số", "rule": "levels",
                                            "max_score": 10}, format="json")
    assert r.status_code == 201
    api.force_authenticate(programme["dpi"])
    r = api.post("/api/schools/criteria/", {"group": group, "code": "3.6", "name_vi": "Khác", "rule": "binary"}, format="json")
    assert r.status_code == 403 and r.json()["code"] == "permission_denied"
    r = api.post(f"/api/schools/criteria-sets/{new_id}/publish/", format="json")
    assert r.status_code == 403
    api.force_authenticate(programme["doet"])
    r = api.post(f"/api/schools/criteria-sets/{new_id}/publish/", format="json")
    assert r.status_code == 200 and r.json()["status"] == "published"
    assert CriteriaSet.objects.get(pk=new_id).frozen

"""The planning check keeps its evidence PDF as `PlanningCheck.document`; checks made before
that link existed still find their PDF by its file name, and can be linked once."""
import pytest

from smartcity.gis.services.planning import check_dossier, evidence_document, link_evidence_documents
from tests.gis.planning_data import build

HOUSE = {"use": "residential", "height_m": "15", "floors": 4, "coverage_pct": "70"}


@pytest.fixture
def site(make_layer, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return build(make_layer)


@pytest.fixture
def dossier(site):
    from tests.onestop.factories import make_dossier, make_procedures

    return make_dossier(make_procedures()["house"], status="processing")


@pytest.fixture
def officer(make_user):
    return make_user("tham-dinh-quy-hoach", "DOC")


def test_check_stores_its_document(site, dossier, officer):
    from smartcity.gis.models import PlanningCheck

    check = check_dossier(dossier, parcel=site["parcel_ok"], user=officer, **HOUSE)
    stored = PlanningCheck.objects.get(pk=check.pk)
    assert stored.document_id is not None
    assert stored.document == dossier.documents.get() and stored.document.file.name.endswith(f"-quy-hoach-{check.pk}.pdf")
    assert evidence_document(stored) == stored.document
    assert stored.history.latest().document_id == stored.document_id  # the link is in the check's history


def test_the_link_wins_over_the_file_name(site, dossier, officer):
    """Two checks: each points at its own PDF, even after the second's file is renamed."""
    from smartcity.gis.models import PlanningCheck

    first = check_dossier(dossier, parcel=site["parcel_ok"], user=officer, **HOUSE)
    second = check_dossier(dossier, parcel=site["parcel_road"], user=officer, **HOUSE)
    doc = PlanningCheck.objects.get(pk=second.pk).document
    doc.file.name = doc.file.name.replace("-quy-hoach-", "-phieu-kiem-tra-")
    doc.save()
    assert evidence_document(PlanningCheck.objects.get(pk=second.pk)) == doc
    assert evidence_document(PlanningCheck.objects.get(pk=first.pk)) != doc


def test_older_checks_fall_back_to_the_file_name_and_can_be_linked(site, dossier, officer):
    from smartcity.gis.models import PlanningCheck

    check = check_dossier(dossier, parcel=site["parcel_ok"], user=officer, **HOUSE)
    doc = check.document
    PlanningCheck.objects.filter(pk=check.pk).update(document=None)   # as made before migration 0003
    old = PlanningCheck.objects.get(pk=check.pk)
    assert old.document_id is None and evidence_document(old) == doc
    assert link_evidence_documents() == 1
    assert PlanningCheck.objects.get(pk=check.pk).document == doc
    assert link_evidence_documents() == 0


def test_page_and_api_link_the_stored_document(site, dossier, officer, client):
    from django.urls import reverse
    from rest_framework.test import APIClient

    from smartcity.gis.models import PlanningCheck

    check = check_dossier(dossier, parcel=site["parcel_ok"], user=officer, **HOUSE)
    doc = PlanningCheck.objects.get(pk=check.pk).document
    url = reverse("onestop-dossier-document", args=[dossier.pk, doc.pk])
    client.force_login(officer)
    page = client.get(reverse("gis-planning-dossier", args=[dossier.pk]))
    assert page.status_code == 200 and url in page.content.decode()
    api = APIClient()
    api.force_authenticate(officer)
    body = api.get(reverse("api-gis-planning-check", args=[check.pk])).json()
    assert body["document"]["id"] == doc.pk and body["document"]["url"] == url and body["document"]["sha256"] == doc.sha256

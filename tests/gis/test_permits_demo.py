"""The permits demo part: house-permit dossiers played through the one-stop services, with
their planning checks, in every state over 2024-2026; a second load adds nothing."""
import time

import pytest

from tests.gis.test_permits_fixtures import *  # noqa: F401,F403 - fixtures


@pytest.fixture
def demo_ground(units, settings, tmp_path):
    from smartcity.gis import demo_layers
    from smartcity.onestop.services import catalogue

    settings.MEDIA_ROOT = str(tmp_path / "media")
    catalogue.load_catalogue(templates=False)
    demo_layers.load(parcels_per_block=60)


def test_demo_permits_every_state_idempotent(demo_ground):
    from smartcity.gis import demo_permits
    from smartcity.gis.models import Permit, PlanningCheck
    from smartcity.gis.services import permits as service

    service.clear_cache()
    started = time.monotonic()
    first = demo_permits.load()
    elapsed = time.monotonic() - started
    assert first["dossiers"] >= 30, first
    statuses = set(Permit.objects.values_list("status", flat=True))
    assert statuses == {"appraisal", "supplement", "issued", "refused", "withdrawn"}
    years = {p.received_at.year for p in Permit.objects.all()}
    assert {2024, 2025, 2026} <= years
    assert PlanningCheck.objects.filter(dossier__notes=demo_permits.DEMO_NOTE).count() >= first["dossiers"] // demo_permits.CHECK_EVERY - 1
    located = Permit.objects.exclude(longitude=None)
    assert located.count() == Permit.objects.count()
    assert located.exclude(district=None).values("district").distinct().count() >= 2
    assert all(p.number for p in Permit.objects.filter(status="issued"))
    assert elapsed < 40, elapsed
    before = Permit.objects.count()
    again = demo_permits.load()
    assert again["dossiers"] == 0 and again["placed"] == 0 and Permit.objects.count() == before

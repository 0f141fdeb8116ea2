"""The demo loader: realistic volumes, every initiative state, supports and answers, under
5 seconds, and a second load stores nothing new; the pages render on its data."""
import time

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db


def test_demo_loads_fast_and_once(reference, client):
    from smartcity.innovation import demo, workflow
    from smartcity.innovation.models import Centre, Event, Initiative, MentoringSession, Programme, Startup, Support

    started = time.perf_counter()
    counts = demo.load_demo()
    elapsed = time.perf_counter() - started
    assert elapsed < 5.0, elapsed
    assert counts["startups.startups"] == 40 and Startup.objects.count() == 40
    assert Centre.objects.exclude(latitude=None).count() == 6
    assert Programme.objects.filter(kind="incubation").count() == 1 and MentoringSession.objects.count() >= 30
    assert Event.objects.filter(kind="techfest").exists()
    states = set(Initiative.objects.values_list("state", flat=True))
    assert states == set(workflow.TRANSITIONS)  # every state of the workflow
    for ini in Initiative.objects.all():
        assert ini.supports_count == Support.objects.filter(initiative=ini).count()
        assert ini.transitions.last().to_state == ini.state
    assert Initiative.objects.filter(state="rejected").exclude(rejection_reason="").count() == Initiative.objects.filter(state="rejected").count()
    assert Startup.objects.exclude(enterprise=None).count() >= 5
    assert demo.load_demo()["startups.startups"] == 0 and Startup.objects.count() == 40
    for url in ["/innovation/startups/stats/", "/innovation/centres/", f"/innovation/programmes/uom-tao-{timezone.localdate().year}/"]:
        assert client.get(url).status_code == 200, url
    assert "Phú Lợi" in client.get("/innovation/initiatives/?q=phu loi").content.decode()

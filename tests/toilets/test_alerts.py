"""Readings through the hub raise the toilets' alerts, and the alerts plan extra cleaning
rounds: low paper, many poor votes in an hour (not twice for the same visit), faults
(an alert, no round), and a replay over data already judged raises nothing again."""
from datetime import time, timedelta

import pytest
from django.utils import timezone

from smartcity.alerts.models import Alert
from smartcity.toilets import services
from smartcity.toilets.models import CleaningRound, RoundKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def rules(hub):
    from smartcity.alerts import index
    from smartcity.core.models import Organisation

    assert services.ensure_alert_rules(Organisation.objects.get(code="DONRE")) == len(services.RULES)
    index.invalidate()


def test_alerts_plan_extra_rounds(make_toilet, readings, rules):
    always = dict(opens=time(0), closes=time(0))
    market = make_toilet("vs-cho-thu-dau-mot", **always)
    park = make_toilet("vs-cong-vien-thanh-le", **always)
    t0 = timezone.now().replace(microsecond=0) - timedelta(minutes=50)
    readings(market, t0, {"paper_level": 70, "soap_level": 80})
    assert not CleaningRound.objects.exists()
    readings(market, t0 + timedelta(minutes=15), {"paper_level": 14})  # below 20 %
    alert = Alert.objects.get(asset=market.asset, datastream__quantity_id="paper_level")
    extra = CleaningRound.objects.get(toilet=market)
    assert extra.kind == RoundKind.EXTRA and extra.alert == alert and extra.state == "planned"
    assert extra.planned_at == alert.raised_at + timedelta(minutes=services.scoring.EXTRA_RESPONSE_MIN)
    assert "giấy" in extra.reason and extra.owner_id == market.owner_id
    # poor votes at the market while its extra round is coming: an alert, no second round
    for k in range(3):
        readings(market, t0 + timedelta(minutes=15 * (k + 1)), {"feedback_good": 2, "feedback_average": 1, "feedback_poor": 3})
    assert Alert.objects.filter(asset=market.asset, datastream__quantity_id="feedback_poor").count() == 1
    assert CleaningRound.objects.filter(toilet=market).count() == 1
    # the park: a few poor votes are not enough, a poor hour is
    readings(park, t0, {"feedback_good": 9, "feedback_average": 1, "feedback_poor": 2})
    assert not Alert.objects.filter(asset=park.asset).exists()
    readings(park, t0 + timedelta(minutes=15), {"feedback_good": 1, "feedback_average": 1, "feedback_poor": 4})
    poor = Alert.objects.get(asset=park.asset, datastream__quantity_id="feedback_poor")
    assert poor.message.startswith("6/18")
    assert CleaningRound.objects.get(toilet=park).alert == poor
    # a broken flush: an alert keyed by the fault, cleared when the device says 0; no round
    from smartcity.core.models import Organisation

    assert services.ensure_work_order_rule(Organisation.objects.get(code="DONRE")) == 1
    readings(park, t0 + timedelta(minutes=20), {"fault_flush": 1})
    fault = Alert.objects.get(asset=park.asset, datastream__quantity_id="fault_flush")
    assert fault.key == "flush" and fault.state == "raised"
    assert fault.work_orders.filter(asset=park.asset).count() == 1  # the maintenance crew gets the flush
    readings(park, t0 + timedelta(minutes=40), {"fault_flush": 0})
    fault.refresh_from_db()
    assert fault.state == "cleared"
    assert CleaningRound.objects.filter(toilet=park).count() == 1
    # replaying the hour judged already raises nothing new
    from smartcity.alerts.services import replay

    before = Alert.objects.count()
    assert replay(hours=2)["raised"] == 0
    assert Alert.objects.count() == before


def test_missed_rounds_and_schedule_command(make_toilet):
    from io import StringIO

    from django.core.management import call_command

    toilet = make_toilet("vs-ben-xe-binh-duong", round_interval_min=240)
    day = services.local_day() - timedelta(days=1)
    out = StringIO()
    call_command("toilets", "rounds", "--date", day.isoformat(), stdout=out)
    lines = [line for line in out.getvalue().splitlines() if line.startswith("vs-ben-xe")]
    expected = services.scoring.scheduled_rounds(day, toilet.hours, 240)
    assert [line.split("\t")[1] for line in lines] == [t.strftime("%H:%M") for t in expected]
    # yesterday's rounds were all overdue: the command marked them missed
    assert set(CleaningRound.objects.filter(toilet=toilet).values_list("state", flat=True)) == {"missed"}
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("toilets", "rounds", "--date", "2026-13-01")

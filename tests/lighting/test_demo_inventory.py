"""The New City demo inventory: plausible on paper (pure plan) and idempotent when loaded."""
import pytest

from smartcity.lighting import demo_inventory


def test_plan_is_several_hundred_luminaires_along_the_new_city_streets():
    p = demo_inventory.plan()
    lums, poles = p["luminaires"], p["poles"]
    assert 300 <= len(lums) <= 600 and len(p["cabinets"]) == 12
    assert all(11.02 < x["lat"] < 11.08 and 106.64 < x["lon"] < 106.72 for x in poles)
    assert len({x["code"] for x in lums}) == len(lums) and len({x["controller"] for x in lums}) == len(lums)
    led = [x for x in lums if x["tech"] == "led"]
    assert {x["rtech"] for x in led} == {"hps"} and {x["rwatts"] for x in led} <= {170.0, 280.0}
    assert any(x["tech"] == "hps" for x in lums if x["owner"] == "BECAMEX") and any(x["owner"] == "DOT" for x in lums)


@pytest.mark.django_db
def test_load_twice_adds_nothing(hub, monkeypatch):
    monkeypatch.setattr(demo_inventory, "HISTORY_HOURS", 2)
    first = demo_inventory.load()
    assert first["luminaires"] == len(demo_inventory.plan()["luminaires"]) and first["readings"] > 0
    from smartcity.lighting.models import Luminaire

    assert not Luminaire.objects.filter(asset__isnull=True).exists()
    again = demo_inventory.load()
    assert again["luminaires"] == again["poles"] == again["cabinets"] == again["readings"] == 0

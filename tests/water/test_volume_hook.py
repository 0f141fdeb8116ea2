"""Level readings arriving in the hub become stored volumes through the stage-storage table."""
from datetime import date

import orjson
import pytest

from smartcity.hub.models import Datastream, Latest, Observation

pytestmark = pytest.mark.django_db


def post(client, key, body):
    return client.post("/api/hub/observations", data=orjson.dumps(body), content_type="application/json",
                       HTTP_AUTHORIZATION=f"Bearer {key}")


def volumes(asset):
    ds = Datastream.objects.get(asset=asset, quantity_id="stored_volume")
    return dict(Observation.objects.filter(datastream_id=ds.pk).values_list("t", "value")), ds


def test_a_level_posted_by_a_device_stores_its_volume(client, make_reservoir, device_token):
    r = make_reservoir()
    _token, key = device_token("BECAMEX", assets=[r.asset])
    resp = post(client, key, [{"asset": r.slug, "time": "2025-07-01T14:00:00+07:00", "values": {"water_level": 1.5}},
                              {"asset": r.slug, "time": "2025-07-01T15:00:00+07:00", "values": {"water_level": 2.5}}])
    assert resp.status_code == 200, resp.content
    got, ds = volumes(r.asset)
    assert sorted(got.values()) == [15_000.0, 30_000.0]  # 1.5 m halfway up the 10,000 m² stretch, 2.5 m on the 20,000 m² one
    assert Latest.objects.get(datastream=ds).value == 30_000.0
    # a corrected level corrects its volume
    resp = post(client, key, [{"asset": r.slug, "time": "2025-07-01T15:00:00+07:00", "values": {"water_level": 0.5}}])
    assert resp.status_code == 200
    got, ds = volumes(r.asset)
    assert sorted(got.values()) == [5_000.0, 15_000.0]
    assert Latest.objects.get(datastream=ds).value == 5_000.0


def test_the_table_valid_on_the_reading_day_is_used_and_a_new_table_rederives(client, make_reservoir, device_token):
    from smartcity.water.services import save_stage_table

    r = make_reservoir()
    _token, key = device_token("BECAMEX", assets=[r.asset])
    post(client, key, [{"asset": r.slug, "time": "2025-02-01T08:00:00+07:00", "values": {"water_level": 1.0}},
                       {"asset": r.slug, "time": "2025-08-01T08:00:00+07:00", "values": {"water_level": 1.0}}])
    assert sorted(volumes(r.asset)[0].values()) == [10_000.0, 10_000.0]
    # dredged in spring 2025: the lake holds 12,000 m³ at 1 m from 1 June
    save_stage_table(r, date(2025, 6, 1), [0.0, 1.0, 3.0], [0.0, 12_000.0, 44_000.0], source="resurvey 2025")
    assert sorted(volumes(r.asset)[0].values()) == [10_000.0, 12_000.0]


def test_levels_of_other_assets_and_before_any_table_get_no_volume(client, make_reservoir, make_asset, device_token):
    r = make_reservoir(table=False)
    other = make_asset("ho-khong-bang", "reservoir", owner="BECAMEX")
    _token, key = device_token("BECAMEX", all_owner_assets=True)
    resp = post(client, key, [{"asset": r.slug, "time": "2025-07-01T14:00:00+07:00", "values": {"water_level": 1.5}},
                              {"asset": other.slug, "time": "2025-07-01T14:00:00+07:00", "values": {"water_level": 1.5}}])
    assert resp.status_code == 200
    assert not Datastream.objects.filter(asset=other, quantity_id="stored_volume").exists()
    assert not Observation.objects.filter(
        datastream_id__in=Datastream.objects.filter(asset=r.asset, quantity_id="stored_volume").values("pk")).exists()

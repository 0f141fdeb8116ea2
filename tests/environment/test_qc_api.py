"""QC flags and stored indices over the API: filters, decisions under the permission rule
(another organisation's editor gets 403 in the platform's error shape), index reads."""
import pytest
from django.db import transaction

from smartcity.environment import indexing
from smartcity.hub.models import Observation
from smartcity.hub.store import store

T0 = 1_763_856_000  # 2025-11-23T07:00+07:00


def write(rows):
    with transaction.atomic():
        return store(rows, "test")


@pytest.fixture
def flagged(make_station):
    st = make_station("BD_DIAN_KK02", "air", name="Trạm không khí Dĩ An", lat=10.90, lon=106.77, published=True)
    ds = st.asset.datastreams.get(quantity_id="pm25").id
    write([(ds, T0 + i * 300, 20.0 + i % 3, 0, None, None) for i in range(12)] + [(ds, T0 + 12 * 300, 1800.0, 0, None, None)])
    return st, ds


def test_list_and_filter_flags(api, flagged):
    st, ds = flagged
    r = api.get("/api/env/qc-flags/", {"station": st.code, "rule": "range"})
    assert r.status_code == 200, r.content
    rows = r.json()["results"] if isinstance(r.json(), dict) else r.json()
    assert [(x["station"], x["quantity"], x["rule"], x["state"], x["value"]) for x in rows] == [(st.code, "pm25", "range", "raised", 1800.0)]
    assert rows[0]["t"] == "2025-11-23T08:00:00+07:00" and rows[0]["can_decide"] is False
    r = api.get("/api/env/qc-flags/", {"station": st.code, "state": "confirmed"})
    assert (r.json()["results"] if isinstance(r.json(), dict) else r.json()) == []


def test_other_organisation_gets_403_and_owner_overrides(api, flagged, make_user):
    from smartcity.environment.models import QcFlag

    st, ds = flagged
    flag = QcFlag.objects.get(rule="range")
    api.force_authenticate(make_user("dot.nam", "DOT", "editor"))
    r = api.post(f"/api/env/qc-flags/{flag.pk}/override/", {"note": "thử"}, format="json")
    assert r.status_code == 403
    body = r.json()
    assert body["status"] == 403 and body["code"] == "permission_denied" and "errors" in body
    assert Observation.objects.get(datastream_id=ds, t=flag.t).status == 3
    api.force_authenticate(make_user("donre.viewer", "DONRE", "viewer"))
    assert api.post(f"/api/env/qc-flags/{flag.pk}/confirm/", {}, format="json").status_code == 403
    api.force_authenticate(make_user("donre.lan", "DONRE", "editor"))
    r = api.post(f"/api/env/qc-flags/{flag.pk}/override/", {"note": "Bụi từ công trình bên cạnh, số đo đúng"}, format="json")
    assert r.status_code == 200, r.content
    assert r.json()["state"] == "overridden" and r.json()["decided_by"] == "donre.lan"
    assert Observation.objects.get(datastream_id=ds, t=flag.t).status == 0
    r = api.post(f"/api/env/qc-flags/{flag.pk}/confirm/", {"note": "x" * 3000}, format="json")
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "note"


def test_anonymous_cannot_decide(api, flagged):
    from smartcity.environment.models import QcFlag

    flag = QcFlag.objects.get(rule="range")
    assert api.post(f"/api/env/qc-flags/{flag.pk}/confirm/", {}, format="json").status_code in (401, 403)


def test_index_values_and_latest(api, make_station):
    st = make_station("BD_TDM_KK01", "air", name="Trạm không khí Thủ Dầu Một", published=True)
    ds = st.asset.datastreams.get(quantity_id="pm25").id
    write([(ds, T0 + i * 300, 30.0 + (i % 2), 0, None, None) for i in range(48)])  # four hours
    indexing.process_dirty()
    r = api.get("/api/env/indices/", {"station": st.code, "kind": "vn_aqi_h", "from": "2025-11-23T09:00:00+07:00"})
    assert r.status_code == 200, r.content
    rows = r.json()["results"] if isinstance(r.json(), dict) else r.json()
    assert [x["t"] for x in rows] == ["2025-11-23T11:00:00+07:00", "2025-11-23T10:00:00+07:00", "2025-11-23T09:00:00+07:00"]
    assert all(x["dominant"] == "pm25" and x["band"] for x in rows)
    r = api.get("/api/env/indices/latest/", {"station": st.code})
    latest = {x["kind"]: x for x in r.json()}
    assert latest["vn_aqi_h"]["t"] == "2025-11-23T11:00:00+07:00" and "us_aqi_h" in latest
    r = api.get("/api/env/indices/", {"kind": "nope"})
    assert r.status_code == 400 and r.json()["code"]

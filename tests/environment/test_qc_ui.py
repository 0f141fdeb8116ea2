"""QC pages for staff: list filtered by station/state/check, decision form under the rule."""
import pytest
from django.db import transaction

from smartcity.hub.models import Observation
from smartcity.hub.store import store

T0 = 1_763_856_000


@pytest.fixture
def flagged(make_station):
    st = make_station("BD_DIAN_KK02", "air", name="Trạm không khí Dĩ An", published=True)
    ds = st.asset.datastreams.get(quantity_id="pm25").id
    with transaction.atomic():
        store([(ds, T0 + i * 300, 20.0 + i % 3, 0, None, None) for i in range(12)] + [(ds, T0 + 12 * 300, 1800.0, 0, None, None)], "test")
    from smartcity.environment.models import QcFlag

    return QcFlag.objects.get(rule="range"), ds


def test_list_filters_and_owner_decides(client_as, make_user, flagged):
    flag, ds = flagged
    client = client_as(make_user("donre.lan", "DONRE", "editor"))
    page = client.get("/environment/manage/qc/", {"rule": "range", "lang": "en"}).content.decode()
    assert f'data-id="{flag.pk}"' in page and "BD_DIAN_KK02" in page and "Review" in page
    assert f'data-id="{flag.pk}"' not in client.get("/environment/manage/qc/", {"rule": "spike"}).content.decode()
    detail = client.get(f"/environment/manage/qc/{flag.pk}/").content.decode()
    assert 'id="qc-decide"' in detail and "<polyline" in detail
    r = client.post(f"/environment/manage/qc/{flag.pk}/", {"action": "override", "note": "Số đo đúng"})
    assert r.status_code == 302
    assert Observation.objects.get(datastream_id=ds, t=flag.t).status == 0
    detail = client.get(f"/environment/manage/qc/{flag.pk}/").content.decode()
    assert 'data-state="overridden"' in detail and "donre.lan" in detail and "Số đo đúng" in detail


def test_other_organisation_sees_but_cannot_decide(client_as, make_user, flagged):
    flag, ds = flagged
    client = client_as(make_user("dot.nam", "DOT", "editor"))
    detail = client.get(f"/environment/manage/qc/{flag.pk}/").content.decode()
    assert 'id="qc-decide"' not in detail
    assert client.post(f"/environment/manage/qc/{flag.pk}/", {"action": "override"}).status_code == 403
    assert Observation.objects.get(datastream_id=ds, t=flag.t).status == 3

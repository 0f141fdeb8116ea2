"""What the alerts app and the limits evaluator keep for one ingest transaction
(`hub.store.batch()`) and read ahead for one evaluation pass: the query count of an hour
closing for a whole network does not grow with its datastreams, a rule created between two
transactions is seen by the next one, a rule or datastream saved inside the transaction is
not served from the cache, and the results are those of the one-by-one path."""
from datetime import date

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from smartcity.environment import limits as L

HOUR = 3600
START = L.local_midnight(date(2026, 3, 3)) + 8 * HOUR


@pytest.fixture(autouse=True)
def _fresh_caches():
    from smartcity.alerts import index
    from smartcity.environment import limits_hooks

    index.clear_all()
    limits_hooks.clear_cache()
    yield
    index.clear_all()
    limits_hooks.clear_cache()


@pytest.fixture
def network(make_station, hub):
    """DONRE's rules and four air stations (24 datastreams with legal limits)."""
    from smartcity.environment import limits_seed

    limits_seed.seed()
    names = ["Dĩ An", "Thuận An", "Bến Cát", "Tân Uyên"]
    return [make_station(f"BD_DONRE_KK{i:02d}", kind="air", name=f"Trạm không khí {n}", lat=10.9 + i / 100)
            for i, n in enumerate(names, 1)]


def streams(stations):
    from smartcity.hub.models import Datastream

    return list(Datastream.objects.filter(asset__station__in=stations).order_by("id"))


def rows_at(dss, t, value=None):
    """One reading per datastream at t (values well under every limit unless given)."""
    return [(ds.pk, t, (value if value is not None else 5.0 + (t // 300) % 3 * 0.1), 0, None, None) for ds in dss]


def store_steps(dss, start, steps, value=None):
    from smartcity.hub import store

    for k in range(steps):
        store.store(rows_at(dss, start + k * 300, value), source="test")


def test_an_hour_closing_for_the_whole_network_costs_a_few_queries(network, django_assert_max_num_queries):
    """The call that closes an hour for 24 datastreams judges all of them: the latest
    times, hour rollups and open alerts are read once for all (not three queries each),
    and the rules, Datastream objects and limits come from the transaction's caches."""
    from smartcity.environment.models import Exceedance
    from smartcity.hub import store

    dss = streams(network)
    assert len(dss) >= 24
    with transaction.atomic(), store.batch():
        store_steps(dss, START, 12)  # 08:00-08:55
        with CaptureQueriesContext(connection) as closing:
            store.store(rows_at(dss, START + HOUR), source="test")  # 09:00 closes 08:00-09:00 everywhere
    assert sum("hub_rollup_hour r" in q["sql"] for q in closing.captured_queries) == 1  # judged, in one query
    assert not any("alerts_alertrule" in q["sql"] or "environment_legallimit" in q["sql"] for q in closing.captured_queries)
    assert len(closing.captured_queries) <= 30, "\n".join(q["sql"][:120] for q in closing.captured_queries)
    assert not Exceedance.objects.exists()
    # the same with a django assertion, in a new transaction (the caches are filled again once)
    with django_assert_max_num_queries(60):
        with transaction.atomic(), store.batch():
            store.store(rows_at(dss, START + 2 * HOUR), source="test")  # closes 09:00-10:00 (1 reading: too few)


def test_exceedances_and_alerts_match_the_one_by_one_path(network, monkeypatch):
    """Two stations fed the same readings: one with read-ahead and transaction caches
    (a batch), one through the per-datastream path (no batch, no read-ahead)."""
    from smartcity.alerts.models import Alert
    from smartcity.environment import limits_hooks
    from smartcity.environment.models import Exceedance
    from smartcity.hub import store

    a, b = streams(network[:1]), streams(network[1:2])

    def no2(t):  # hours 2 and 3 above the 1-hour limit of 200 µg/m³ (moving: a stuck value is a QC flatline)
        return (260.0 if START + 2 * HOUR <= t < START + 4 * HOUR else 80.0) + (t // 300) % 3

    def rows(dss, t):
        return [(ds.pk, t, no2(t) if ds.quantity_id == "no2" else 5.0 + (t // 300) % 3 * 0.1, 0, None, None) for ds in dss]

    steps = 6 * 12 + 1
    with monkeypatch.context() as m:
        m.delattr(limits_hooks.evaluate, "prefetch")
        for k in range(steps):
            with transaction.atomic():
                store.store(rows(a, START + k * 300), source="test")
    for k0 in range(0, steps, 20):
        with transaction.atomic(), store.batch():
            for k in range(k0, min(k0 + 20, steps)):
                store.store(rows(b, START + k * 300), source="test")

    def snap(dss):
        q = {ds.pk: ds.quantity_id for ds in dss}
        ex = sorted((q[e.datastream_id], e.key, e.window_start, e.window_end, round(e.value, 9), e.evidence, e.message)
                    for e in Exceedance.objects.filter(datastream_id__in=q))
        al = sorted((q[x.datastream_id], x.key, x.state, x.severity, x.first_at, x.last_at, x.value, x.peak, x.readings,
                     x.message) for x in Alert.objects.filter(datastream_id__in=q))
        return ex, al

    ex_a, al_a = snap(a)
    assert {e[0] for e in ex_a} == {"no2"} and len(ex_a) == 2
    assert [(x[0], x[1], x[2]) for x in al_a] == [("no2", "1h", "cleared")]  # raised, then back under
    assert (ex_a, al_a) == snap(b)


def test_a_rule_created_between_two_transactions_is_seen_by_the_next(network):
    from smartcity.alerts import index
    from smartcity.alerts.models import Alert, AlertRule
    from smartcity.alerts.params import clean_rule
    from smartcity.core.models import Organisation
    from smartcity.hub import store

    dss = streams(network[:1])
    temp = next(ds for ds in dss if ds.quantity_id == "temperature")
    with transaction.atomic(), store.batch() as b:
        store_steps(dss, START, 2, value=45.0)
        assert b.cache(index.RULES_CHECKED)  # DONRE's rule confirmed once for the transaction
        with CaptureQueriesContext(connection) as again:
            store_steps(dss, START + 600, 1, value=45.0)
        assert not any("alerts_alertrule" in q["sql"] for q in again.captured_queries)
    assert not Alert.objects.filter(datastream=temp).exists()

    params, errors = clean_rule(kind="threshold", target="datastream", datastream=temp,
                                params={"op": ">", "value": 40, "clear_value": 35})
    assert not errors
    rule = AlertRule.objects.create(owner=Organisation.objects.get(code="DONRE"), name="Nhiệt độ trên 40 °C",
                                    kind="threshold", target="datastream", datastream=temp, params=params)
    with transaction.atomic(), store.batch():
        store_steps(dss, START + 900, 2, value=45.0)
    alert = Alert.objects.get(datastream=temp, rule=rule)
    assert alert.state == "raised"

    # disabled inside a transaction: the next store() of that transaction no longer applies it
    with transaction.atomic(), store.batch() as b:
        store_steps(dss, START + 1500, 1, value=45.0)
        assert rule.id in b.cache(index.RULES_CHECKED)
        rule.enabled = False
        rule.save()
        assert not b.cache(index.RULES_CHECKED)  # the save forgot what was confirmed
        alert.refresh_from_db()
        before = (alert.readings, alert.value, alert.last_at)
        store_steps(dss, START + 1800, 1, value=46.0)
    alert.refresh_from_db()
    assert (alert.readings, alert.value, alert.last_at) == before


def test_datastream_objects_are_kept_for_the_transaction_and_forgotten_when_saved(network):
    from smartcity.alerts import evaluators, index
    from smartcity.alerts.models import AlertRule
    from smartcity.core.models import Organisation
    from smartcity.hub import store

    dss = streams(network[:1])
    pm = next(ds for ds in dss if ds.quantity_id == "pm25")
    seen = []

    @evaluators.register("test-seen", label="Ghi lại")
    def record(datastream, readings):
        seen.append((id(datastream), datastream.unit, datastream.asset.name))
        return []

    try:
        AlertRule.objects.create(owner=Organisation.objects.get(code="DONRE"), name="Ghi lại PM2.5", kind="evaluator",
                                 target="datastream", datastream=pm, params={"evaluator": "test-seen"})
        with transaction.atomic(), store.batch() as b:
            store_steps([pm], START, 2)
            assert seen[0][0] == seen[1][0]  # one object for the transaction
            assert pm.pk in b.cache(index.STREAMS)
            pm.unit = "mg/m³"
            pm.save()
            store_steps([pm], START + 600, 1)
            assert seen[2][1] == "mg/m³" and seen[2][0] != seen[1][0]
        with transaction.atomic(), store.batch():
            store_steps([pm], START + 900, 1)
        assert seen[3][0] != seen[2][0] and seen[3][2] == network[0].asset.name
    finally:
        evaluators.unregister("test-seen")


def test_a_network_limits_loaded_together_equal_those_asked_one_by_one(network, make_station):
    """`load_limits` (three queries for every datastream missing from the cache) gives each
    datastream what `applicable_limits` gives it alone, permits and river classes included;
    a permit saved inside a transaction is seen by its next store() call."""
    from django.db.models.signals import post_save

    from smartcity.environment import limits_hooks
    from smartcity.environment.models import PermitLimit
    from smartcity.hub import store
    from smartcity.hub.models import Datastream

    waste = make_station("BD_KCNSONGTHAN_NT01", kind="wastewater", name="Trạm xả thải KCN Sóng Thần",
                         facility="Công ty CP Khu công nghiệp Sóng Thần")
    river = make_station("BD_DONRE_NM01", kind="surface-water", name="Trạm nước mặt Thị Tính", river="Thị Tính")
    PermitLimit.objects.create(owner=waste.owner, station=waste, quantity_id="cod", averaging="1h", limit_max=75,
                               unit="mg/L", valid_from=date(2026, 1, 1), permit_ref="GPMT 123/GP-UBND")
    dss = list(Datastream.objects.filter(asset__station__in=[*network, waste, river]).select_related("asset", "quantity"))
    alone = {ds.pk: limits_hooks.applicable_limits(ds) for ds in dss}
    assert any(lim.source == "permit" for lims in alone.values() for lim in lims)
    assert sum(bool(lims) for lims in alone.values()) >= 24

    limits_hooks.clear_cache()
    with CaptureQueriesContext(connection) as loading:
        limits_hooks.load_limits(dss)
    assert len(loading.captured_queries) <= 3
    with CaptureQueriesContext(connection) as cached:
        together = {ds.pk: limits_hooks.cached_limits(ds)[1] for ds in dss}
    assert not cached.captured_queries
    assert together == alone

    cod = next(ds for ds in dss if ds.asset_id == waste.asset_id and ds.quantity_id == "cod")
    with transaction.atomic(), store.batch() as b:
        before = limits_hooks.cached_limits(cod)[1]
        assert b.cache(limits_hooks.BATCH_KEY)  # kept for the transaction
        PermitLimit.objects.create(owner=waste.owner, station=waste, quantity_id="cod", averaging="24h", limit_max=50,
                                   unit="mg/L", valid_from=date(2026, 1, 1), permit_ref="GPMT 123/GP-UBND")
        assert not b.cache(limits_hooks.BATCH_KEY)  # the save forgot it
        after = limits_hooks.cached_limits(cod)[1]
    assert len(after) == len(before) + 1 and {lim.averaging for lim in after if lim.source == "permit"} == {"1h", "24h"}
    assert post_save.has_listeners(PermitLimit)

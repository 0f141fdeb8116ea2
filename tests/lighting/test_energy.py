"""Energy of street lighting: burning hours at the luminaire's position, daily use from
cumulative counters, savings against the replaced lamps and against no dimming, CO2; the
dashboard, the API, the monthly report (PDF, Excel) and the demo history."""
import datetime as dt
import io
import time

import pytest

from smartcity.lighting import energy

TZ = energy.TZ


def test_burning_hours_follow_sunset_and_sunrise_at_the_position():
    from astral import Observer
    from astral.sun import sun

    day = dt.date(2026, 6, 21)
    s = sun(Observer(11.0, 106.65), date=day, tzinfo=TZ)
    midnight = dt.datetime(2026, 6, 21, tzinfo=TZ)
    expected = ((s["sunrise"] - midnight) + (midnight + dt.timedelta(days=1) - s["sunset"])).total_seconds() / 3600
    assert abs(energy.burning_hours(day, 11.0, 106.65) - expected) < 0.01
    # near 11 N the nights are 11-12.5 h; longer in December than in June; offsets count
    dec = energy.burning_hours(dt.date(2026, 12, 21), 11.0, 106.65)
    assert 11 < expected < dec < 12.7
    assert abs(energy.burning_hours(day, 11.0, 106.65, on_offset_min=15, off_offset_min=-15) - (expected - 0.5)) < 0.01


def test_daily_use_from_a_cumulative_counter():
    d = [dt.date(2026, 5, i) for i in range(1, 6)]
    rows = [(d[0], 100.0, 101.2), (d[1], 101.9, 102.4), (d[2], 102.9, 103.5), (d[3], 0.2, 1.0), (d[4], 5000.0, 5000.9)]
    use = dict(energy.daily_use(rows, cap_kwh=5.0))
    assert use[d[0]] == pytest.approx(1.2)          # first day: its own rise
    assert use[d[1]] == pytest.approx(1.2)          # 102.4 - 101.2
    assert use[d[2]] == pytest.approx(1.1)
    assert use[d[3]] == pytest.approx(0.8)          # meter replaced: the day's own rise
    assert use[d[4]] == pytest.approx(0.9)          # a jump no lamp could draw: the day's own rise


def test_savings_against_replaced_lamps_and_no_dimming():
    day = dt.date(2026, 3, 10)
    hours = energy.burning_hours(day, 11.05, 106.7)
    led = energy.Lamp(1, rated_w=100, replaced_w=170, lat=11.05, lon=106.7, group="G1", district="Hòa Phú")
    new = energy.Lamp(2, rated_w=60, replaced_w=None, lat=11.05, lon=106.7, group="G2", district="Phú Mỹ")
    use1 = energy.night_profile(100, hours, dim_after_h=hours / 2, dim_level=0.5)
    use2 = energy.night_profile(60, hours, None, 1.0)
    out = energy.aggregate({1: led, 2: new}, [(1, day, use1), (2, day, use2), (3, day, 9.9)], by=("group",))
    g1, g2 = out[("G1",)], out[("G2",)]
    assert g1.saved_vs_nodim_pct == pytest.approx(25.0)                      # half the night at half power
    assert g1.saved_vs_replaced_pct == pytest.approx(100 * (1 - 0.75 * 100 / 170))
    assert g2.saved_vs_replaced_pct == pytest.approx(0.0) and g2.saved_vs_nodim_pct == pytest.approx(0.0)  # new lamp, no dimming
    # a sodium lamp still in place, drawing more than its label: its own baseline, no saving and no loss
    hps = energy.Lamp(3, rated_w=250, replaced_w=None, lat=11.05, lon=106.7, dimmable=False)
    t3 = energy.aggregate({3: hps}, [(3, day, 250 * 1.1 * hours / 1000)], by=())[()]
    assert t3.saved_vs_replaced_kwh == 0 and t3.saved_vs_nodim_kwh == 0
    total = energy.aggregate({1: led, 2: new}, [(1, day, use1), (2, day, use2)], by=())[()]
    assert total.co2_avoided_kg(0.6592) == pytest.approx(total.saved_vs_replaced_kwh * 0.6592)
    assert total.as_dict(0.5)["luminaires"] == 2


# -- Django side -----------------------------------------------------------------------------
@pytest.fixture
def luminaires(hub, make_asset):
    """Three luminaires of Becamex in two groups: two LED 100 W that replaced 170 W sodium
    (lamp + ballast), one new 60 W."""
    from smartcity.core.models import Organisation
    from smartcity.lighting.models import LightingGroup, Luminaire

    org = Organisation.objects.get(code="BECAMEX")
    g1 = LightingGroup.objects.create(owner=org, code="HV-01", name="Đại lộ Hùng Vương")
    g2 = LightingGroup.objects.create(owner=org, code="LL-01", name="Đường Lê Lợi (Thành phố mới)")
    out = []
    for i, (group, rated, replaced) in enumerate([(g1, 100, 170), (g1, 100, 170), (g2, 60, None)], 1):
        asset = make_asset(f"den-tpm-{i:03d}", type_code="streetlight", owner="BECAMEX", name=f"Đèn Thành phố mới {i:03d}",
                           lat=11.055 + i * 0.001, lon=106.67)
        out.append(Luminaire.objects.create(owner=org, asset=asset, code=f"TPM-{i:03d}", group=group, rated_power_w=rated,
                                            replaced_power_w=replaced, replaced_technology="hps" if replaced else ""))
    return out


def _store_counters(lums, days, use_of):
    """One counter reading per luminaire and day at 23:59, the day's use from use_of(lum, day)."""
    from django.db import transaction

    from smartcity.hub.models import Datastream
    from smartcity.hub.store import store

    rows = []
    for lum in lums:
        ds = Datastream.objects.create(asset=lum.asset, quantity_id="energy", unit="kWh", expected_interval_s=86400)
        counter = 1000.0
        for day in days:
            counter += use_of(lum, day)
            rows.append((ds.id, int(dt.datetime.combine(day, dt.time(23, 59), tzinfo=TZ).timestamp()), counter, 0, None, None))
    with transaction.atomic():
        store(rows)


def test_dashboard_api_and_reports_agree_with_the_metered_energy(luminaires, client, api):
    from openpyxl import load_workbook

    days = [dt.date(2026, 4, 28) + dt.timedelta(days=i) for i in range(6)]  # 28 April - 3 May

    def use(lum, day):
        h = energy.burning_hours(day, lum.asset.latitude, lum.asset.longitude)
        return energy.night_profile(lum.rated_power_w, h, 5.0, 0.5)

    _store_counters(luminaires, days, use)
    body = api.get("/api/lighting/energy/?from=2026-04-29&to=2026-05-04").json()
    measured = sum(use(lum, d) for lum in luminaires for d in days[1:])
    nodim = sum(lum.rated_power_w * energy.burning_hours(d, lum.asset.latitude, lum.asset.longitude) / 1000
                for lum in luminaires for d in days[1:])
    assert body["total"]["kwh"] == pytest.approx(measured, abs=0.01)
    assert body["total"]["nodim_kwh"] == pytest.approx(nodim, abs=0.01)
    assert body["total"]["luminaires"] == 3 and body["total"]["nights"] == 15
    assert [m["month"] for m in body["by_month"]] == ["2026-04", "2026-05"]
    groups = {g["group"]: g for g in body["by_group"]}
    # the new 60 W lamp replaced nothing: no saving claimed against a replaced lamp, only dimming's
    assert groups["LL-01"]["saved_vs_replaced_pct"] == 0 and groups["LL-01"]["saved_vs_nodim_pct"] > 20
    assert groups["HV-01"]["saved_vs_replaced_pct"] > 50
    assert body["total"]["co2_avoided_kg"] == pytest.approx(body["total"]["saved_vs_replaced_kwh"] * 0.6592, abs=0.01)
    bad = api.get("/api/lighting/energy/?month=2026-13")
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "month"
    page = client.get("/lighting/nang-luong/?month=2026-05").content.decode()
    assert 'data-kpi="saved-replaced"' in page and 'data-row="HV-01"' in page and "<svg" in page
    assert page.count('data-series="') >= 9  # three days x three series
    pdf = client.get("/lighting/nang-luong/bao-cao.pdf?month=2026-05")
    assert pdf.status_code == 200 and pdf.content[:5] == b"%PDF-"
    xlsx = client.get("/lighting/nang-luong/bao-cao.xlsx?month=2026-05")
    wb = load_workbook(io.BytesIO(xlsx.content))
    assert wb.sheetnames[0] == "Tổng hợp"
    total_row = [r for r in wb["Tổng hợp"].iter_rows(values_only=True) if r and r[0] == "Cả kỳ"][0]
    may = sum(use(lum, d) for lum in luminaires for d in days[3:])
    assert total_row[1] == pytest.approx(may, abs=0.01)


def test_demo_history_is_fast_idempotent_and_raises_work_orders(luminaires, make_asset, settings):
    from smartcity.alerts import index
    from smartcity.core.models import Organisation
    from smartcity.lighting import demo_energy
    from smartcity.lighting.models import Luminaire
    from smartcity.maintenance.models import WorkOrder

    index.clear_all()
    org = Organisation.objects.get(code="BECAMEX")
    for i in range(4, 31):
        asset = make_asset(f"den-tpm-{i:03d}", type_code="streetlight", owner="BECAMEX", name=f"Đèn {i:03d}",
                           lat=11.05 + i * 0.0005, lon=106.68)
        Luminaire.objects.create(owner=org, asset=asset, code=f"TPM-{i:03d}", rated_power_w=120, replaced_power_w=200)
    started = time.perf_counter()
    counts = demo_energy.load()
    took = time.perf_counter() - started
    assert counts["luminaires"] == 30 and counts["readings"] > 30 * demo_energy.HISTORY_DAYS
    assert took < 10
    # the failing lamp and the lamps that do not dim raised work orders through the alerts
    faults = set(WorkOrder.objects.filter(source="alert", state="open").values_list("fault_type", flat=True))
    assert {"lampFailure", "dimmingFailure", "lampUnexpectedOn"} <= faults
    assert WorkOrder.objects.filter(state="closed", fixed_at__isnull=False).exists()
    assert demo_energy.load()["readings"] == 0
    index.clear_all()

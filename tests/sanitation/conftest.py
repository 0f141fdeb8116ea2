"""A small collection area: eight DONRE bins in Thủ Dầu Một with a few hours of fill readings in
the hub (six over the threshold, two nearly empty), a depot, the disposal site, two trucks."""
import time

import pytest


@pytest.fixture
def area(make_asset):
    from django.db import transaction

    from smartcity.core.models import Organisation
    from smartcity.hub import registry
    from smartcity.hub.models import Datastream
    from smartcity.hub.store import store
    from smartcity.sanitation.models import Bin, Depot, DisposalSite, Truck

    donre = Organisation.objects.get(code="DONRE")
    now = int(time.time())
    now -= now % 60
    full, low, bins, rows = [], [], [], []
    for i in range(8):
        asset = make_asset(f"tr-test-{i}", "waste-bin", lat=10.975 + 0.003 * (i % 4), lon=106.648 + 0.004 * (i // 4),
                           name=f"Thùng thử {i}", address=f"Đường Bạch Đằng số {i}")
        b = Bin.objects.create(owner=donre, asset=asset, code=f"TEST-{i}", capacity_l=240, zone="Phú Cường")
        ds = Datastream.objects.create(asset=asset, quantity_id="fill_level", unit="%", expected_interval_s=1800)
        is_full = i < 6
        for k in range(12):  # 6 hours, every 30 minutes, up to the minute before now
            t = now - 60 - (11 - k) * 1800
            level = (60 + 3 * k + i) if is_full else (3 + 0.1 * k)
            rows.append((ds.pk, t, float(level), 0, None, None))
        (full if is_full else low).append(b)
        bins.append(b)
    with transaction.atomic():
        store(rows, source="test")
    depot = Depot.objects.create(owner=donre, name="Bãi xe thử", latitude=10.9795, longitude=106.6792)
    site = DisposalSite.objects.create(owner=donre, name="Khu liên hợp xử lý chất thải rắn Nam Bình Dương",
                                       latitude=11.1125, longitude=106.6668)
    trucks = [Truck.objects.create(owner=donre, plate=p, capacity=700, capacity_unit="L", depot=depot) for p in ("61C-000.01", "61C-000.02")]
    assert "lid_open" in registry.QUANTITIES
    return {"owner": donre, "bins": bins, "full": full, "low": low, "depot": depot, "site": site, "trucks": trucks, "now": now}

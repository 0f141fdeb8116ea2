"""Living Lab pilots: quadruple-helix coverage, indicators read from a hub datastream's daily
rollups, the API's nested partners and indicators, and who may change a pilot."""
from datetime import date, datetime, timedelta

import pytest

from smartcity.research import stats
from smartcity.research.models import Indicator, Pilot, PilotPartner
from smartcity.research.services import LOCAL, measured_from_hub

pytestmark = pytest.mark.django_db


def test_helix_coverage_and_progress_are_pure():
    cov = stats.helix_coverage(["government", "academia", "government", "international"])
    assert cov["missing"] == ["business", "citizens"] and cov["counts"]["government"] == 2 and not cov["complete"]
    assert stats.helix_coverage(["government", "business", "academia", "citizens"])["complete"]
    assert stats.progress(32.0, 25.0, 28.5) == 50.0  # an indicator that should fall
    assert stats.progress(10, 10, 12) is None and stats.progress(None, 5, 3) is None


def _pilot(owner_code="DOST", **extra):
    from smartcity.core.models import Organisation

    return Pilot.objects.create(slug=extra.pop("slug", "cam-bien-khong-khi-tdm"), owner=Organisation.objects.get(code=owner_code),
                                title_vi="Mạng cảm biến chất lượng không khí Thủ Dầu Một", challenge="Bụi mịn PM2.5",
                                place="Phường Phú Cường", latitude=10.98, longitude=106.65, start=extra.pop("start", date(2026, 11, 1)),
                                end=extra.pop("end", date(2026, 11, 30)), status="running", **extra)


def test_indicator_measured_from_daily_rollups_within_the_pilot_period(make_asset):
    from django.db import transaction

    from smartcity.hub.models import Datastream
    from smartcity.hub.store import store

    asset = make_asset("kk-phu-cuong", "air-station", owner="DONRE")
    ds = Datastream.objects.create(asset=asset, quantity_id="pm25", unit="µg/m³")
    rows = []
    for day, values in ((date(2026, 10, 31), [90.0]), (date(2026, 11, 2), [20.0, 30.0]), (date(2026, 11, 3), [40.0]),
                        (date(2026, 12, 1), [99.0])):  # the first and the last are outside the pilot's period
        for i, v in enumerate(values):
            t = int(datetime(day.year, day.month, day.day, 8 + i, tzinfo=LOCAL).timestamp())
            rows.append((ds.id, t, v, 0, None, None))
    with transaction.atomic():
        store(rows, source="test")
    pilot = _pilot()
    mean = Indicator.objects.create(pilot=pilot, name_vi="PM2.5 trung bình", unit="µg/m³", baseline=32, target=25, datastream=ds)
    peak = Indicator.objects.create(pilot=pilot, name_vi="PM2.5 cao nhất", unit="µg/m³", datastream=ds, stat="max")
    assert mean.owner_id == pilot.owner_id
    assert measured_from_hub(mean) == 30.0  # (20 + 30 + 40) / 3 readings, not the mean of daily means
    assert measured_from_hub(peak) == 40.0
    from smartcity.research.services import refresh_indicators

    assert refresh_indicators(pilot) == 2
    mean.refresh_from_db()
    assert mean.measured == 30.0 and mean.history.count() == 2


def test_pilot_api_partners_coverage_assets_and_permissions(api, make_user, make_asset):
    dost = make_user("dost.khoa", "DOST", "editor")
    tdmu = make_user("tdmu.long", "TDMU", "editor")
    bins = [make_asset(f"tr-tdm-0{i}", "waste-bin", owner="DONRE", lat=10.98, lon=106.652) for i in (1, 2)]
    api.force_authenticate(dost)
    body = {"slug": "thung-rac-thong-minh-cho-tdm", "title_vi": "Thùng rác thông minh quanh Chợ Thủ Dầu Một",
            "challenge": "Rác tràn quanh chợ", "place": "Chợ Thủ Dầu Một", "latitude": 10.9799, "longitude": 106.6521,
            "start": "2026-01-15", "end": "2026-12-31", "status": "evaluating", "assets": [b.slug for b in bins],
            "partners": [{"organisation": "DOST", "helix": "government", "role": "Chủ trì"},
                         {"organisation": "TDMU", "helix": "academia"},
                         {"name": "Ban quản lý Chợ Thủ Dầu Một", "helix": "citizens"}],
            "indicators": [{"name_vi": "Số chuyến thu gom mỗi tuần", "unit": "chuyến", "baseline": 28, "target": 18, "measured": 20}]}
    r = api.post("/api/research/pilots/", body, format="json")
    assert r.status_code == 201, r.json()
    data = r.json()
    assert data["owner"] == "DOST" and data["helix_coverage"]["missing"] == ["business"]
    assert sorted(data["assets"]) == ["tr-tdm-01", "tr-tdm-02"] and data["indicators"][0]["progress"] == 80.0
    # the partner list sent replaces the stored one
    r = api.patch("/api/research/pilots/thung-rac-thong-minh-cho-tdm/",
                  {"partners": body["partners"] + [{"name": "BIWASE", "helix": "business"}]}, format="json")
    assert r.json()["helix_coverage"]["complete"] and PilotPartner.objects.count() == 4
    # a partner needs a name or an organisation
    r = api.patch("/api/research/pilots/thung-rac-thong-minh-cho-tdm/", {"partners": [{"helix": "business"}]}, format="json")
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "partners.0.name"
    # a university may not change the DOST's pilot, nor create one for the DOST
    api.force_authenticate(tdmu)
    r = api.patch("/api/research/pilots/thung-rac-thong-minh-cho-tdm/", {"status": "closed"}, format="json")
    assert r.status_code == 403 and r.json()["code"] == "permission_denied"
    r = api.post("/api/research/pilots/", {**body, "slug": "khac", "owner": "DOST"}, format="json")
    assert r.status_code == 403
    assert Pilot.objects.get(slug="thung-rac-thong-minh-cho-tdm").status == "evaluating"


def test_pilot_pages_warn_on_missing_helix_and_show_the_map(client, reference):
    from smartcity.core.models import Organisation

    pilot = _pilot(slug="cam-bien-ngap", start=date.today(), end=date.today() + timedelta(days=300))
    PilotPartner.objects.create(pilot=pilot, organisation=Organisation.objects.get(code="DOST"), helix="government")
    PilotPartner.objects.create(pilot=pilot, organisation=Organisation.objects.get(code="TDMU"), helix="academia")
    page = client.get("/research/pilots/cam-bien-ngap/").content.decode()
    assert 'id="helix-warning"' in page and "Doanh nghiệp" in page and "Người dân" in page
    listing = client.get("/research/pilots/").content.decode()
    assert 'data-missing="business,citizens"' in listing and '"slug": "cam-bien-ngap"' in listing


def test_demo_pilots_link_existing_hub_assets_and_read_their_rollups(make_asset):
    from django.db import transaction

    from smartcity.hub.models import Datastream
    from smartcity.hub.store import store
    from smartcity.research import demo_pilots

    bins = [make_asset(f"tr-tdm-0{i}", "waste-bin", owner="DONRE") for i in (1, 2)]
    make_asset("tr-di-an-01", "waste-bin", owner="DONRE")  # not around the market: left out
    lamp = make_asset("dd-my-phuoc-tan-van-01", "streetlight", owner="BECAMEX")
    make_asset("dd-dai-lo-binh-duong-01", "streetlight", owner="DOT")  # another owner's lamps are not Becamex's pilot
    fill = Datastream.objects.create(asset=bins[0], quantity_id="fill_level", unit="%")
    power = Datastream.objects.create(asset=lamp, quantity_id="power", unit="W")
    t = int(datetime(2026, 6, 2, 20, tzinfo=LOCAL).timestamp())
    with transaction.atomic():
        store([(fill.id, t, 72.0, 0, None, None), (fill.id, t + 3600, 96.0, 0, None, None),
               (power.id, t, 60.0, 0, None, None), (power.id, t + 3600, 40.0, 0, None, None)], source="test")
    counts = demo_pilots.load()
    assert counts["pilots"] == 4
    bins_pilot = Pilot.objects.get(slug="thung-rac-thong-minh-cho-tdm")
    assert sorted(a.slug for a in bins_pilot.assets.all()) == ["tr-tdm-01", "tr-tdm-02"]
    assert bins_pilot.indicators.get(datastream=fill).measured == 96.0  # highest daily fill level
    lighting = Pilot.objects.get(slug="chieu-sang-thong-minh-tpm")
    assert [a.slug for a in lighting.assets.all()] == ["dd-my-phuoc-tan-van-01"]
    assert lighting.indicators.get(datastream=power).measured == 50.0
    assert Pilot.objects.get(slug="cam-bien-ngap").assets.count() == 0  # no reservoir in this hub: still loaded

import io
import time

import orjson
import pytest

URL = "/api/hub/observations"
T0 = (int(time.time()) // 3600 - 6) * 3600


@pytest.fixture(autouse=True)
def _fresh_index(settings, tmp_path):
    from smartcity.alerts import index

    settings.DATA_DIR = tmp_path / "data"
    index.clear_all()
    yield
    index.clear_all()


@pytest.fixture
def bin_asset(make_asset):
    return make_asset("thung-rac-cho-tdm-01", type_code="waste-bin", owner="DONRE", name="Thùng rác Chợ Thủ Dầu Một 01",
                      lat=10.9805, lon=106.6532)


@pytest.fixture
def bin_key(bin_asset, device_token):
    _token, key = device_token(assets=[bin_asset])
    return key


@pytest.fixture
def full_bin_rule(hub):
    from smartcity.alerts.models import AlertRule
    from smartcity.core.models import Organisation
    from smartcity.maintenance.models import AutoRule

    org = Organisation.objects.get(code="DONRE")
    rule = AlertRule.objects.create(owner=org, name="Thùng đầy", kind="threshold", target="asset_type",
                                    asset_type_id="waste-bin", quantity_id="fill_level",
                                    params={"op": ">", "value": 85, "clear_value": 30, "duration_s": 0}, severity="high")
    AutoRule.objects.create(owner=org, name="Thùng rác → lệnh", asset_type_id="waste-bin")
    return rule


@pytest.fixture
def ingest(client):
    def post(key, slug, minutes_and_values, quantity="fill_level"):
        rows = [{"asset": slug, "quantity": quantity, "time": T0 + m * 60, "value": v} for m, v in minutes_and_values]
        r = client.post(URL, data=orjson.dumps(rows), content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}")
        assert r.status_code == 200, r.content
        client.logout()
        return r.json()

    return post


def jpeg_with_gps(size=(64, 48)) -> bytes:
    """A real JPEG carrying EXIF with a GPS position (what a phone camera writes)."""
    from PIL import Image

    img = Image.new("RGB", size, (200, 120, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", (10.0, 58.0, 50.0), "E", (106.0, 39.0, 10.0)
    out = io.BytesIO()
    img.save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()

"""Fixtures of the participation tests: default routing rules, a clean rate-limit cache,
reports made through the service, and JPEG bytes with a GPS position in their EXIF."""
import io

import pytest


@pytest.fixture(autouse=True)
def _clean_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def rules(reference):
    from smartcity.participation import services

    services.ensure_default_rules()


@pytest.fixture
def make_report(rules):
    from smartcity.participation import services

    def make(category="streetlights", email="", phone="0912345678", lat=10.9812, lon=106.6547, **extra):
        report, _token, _code = services.submit_report(category=category, description=extra.pop("description",
                                                       "Ba cột đèn trên đường Yersin không sáng."), latitude=lat, longitude=lon,
                                                       email=email, phone=phone, send=False, **extra)
        return report

    return make


@pytest.fixture
def gps_jpeg():
    from PIL import Image

    img = Image.new("RGB", (64, 48), (200, 80, 40))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", (10.0, 58.0, 52.0), "E", (106.0, 39.0, 17.0)
    out = io.BytesIO()
    img.save(out, "JPEG", exif=exif)
    return out.getvalue()

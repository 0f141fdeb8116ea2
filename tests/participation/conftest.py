"""Fixtures of the participation tests: default routing rules, a clean rate-limit cache,
reports made through the service (confirmed by their code), the SMS outbox of each test
(a file under a temporary OUTBOX_DIR, read the way an operator would), and JPEG bytes with
a GPS position in their EXIF."""
import io

import pytest


@pytest.fixture(autouse=True)
def _clean_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def sms_outbox(settings, tmp_path):
    """The SMS sent during the test: `sms_outbox()` -> [(number, text)], from the outbox file."""
    settings.OUTBOX_DIR = tmp_path / "outbox"
    settings.SMS_BACKEND = "outbox"

    def read():
        path = tmp_path / "outbox" / "sms.log"
        if not path.exists():
            return []
        return [tuple(line.split("\t")[1:3]) for line in path.read_text(encoding="utf-8").splitlines()]

    return read


def sms_code(text: str) -> str:
    """The 6-digit code in an SMS text."""
    import re

    return re.search(r"\b(\d{6})\b", text).group(1)


@pytest.fixture
def rules(reference):
    from smartcity.participation import services

    services.ensure_default_rules()


@pytest.fixture
def make_report(rules):
    from smartcity.participation import services

    def make(category="streetlights", email="", phone="0912345678", lat=10.9812, lon=106.6547, confirm=True, **extra):
        report, _token, _code = services.submit_report(category=category, description=extra.pop("description",
                                                       "Ba cột đèn trên đường Yersin không sáng."), latitude=lat, longitude=lon,
                                                       email=email, phone=phone, send=False, **extra)
        if _token and confirm:
            services.verify(_token, _code)
            report.refresh_from_db()
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

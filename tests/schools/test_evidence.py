"""Evidence uploads: judged by their first bytes (a web page renamed .pdf is refused with the
reason, on the page and in the API), PDF kept as sent, photos re-encoded without EXIF (the
GPS position of a JPEG is gone)."""
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from smartcity.schools import services


def _jpeg_with_gps() -> bytes:
    img = Image.new("RGB", (64, 48), (30, 120, 200))
    exif = Image.Exif()
    exif[0x010F] = "Máy ảnh của trường"  # Make
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", (10.0, 59.0, 14.0), "E", (106.0, 40.0, 12.0)
    out = io.BytesIO()
    img.save(out, "JPEG", exif=exif)
    data = out.getvalue()
    with Image.open(io.BytesIO(data)) as probe:  # the test photo really carries a position
        assert probe.getexif().get_ifd(0x8825)
    return data


HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"


def test_renamed_html_refused_with_reason(programme):
    with pytest.raises(ValidationError) as err:
        services.check_evidence(SimpleUploadedFile("minh-chung.pdf", HTML))
    assert err.value.code == "content_mismatch" and "HTML" in err.value.messages[0]
    with pytest.raises(ValidationError) as err:
        services.check_evidence(SimpleUploadedFile("bao-cao.docx", b"PK\x03\x04rest"))
    assert err.value.code == "type_not_allowed"
    with pytest.raises(ValidationError) as err:
        services.check_evidence(SimpleUploadedFile("anh.png", b"\xff\xd8\xff\xe0 not a png"))
    assert err.value.code == "content_mismatch"


def test_jpeg_gps_metadata_stripped(programme, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    a = services.open_assessment(programme["school"], programme["year"], programme["teacher"])
    ev = services.add_evidence(a, programme["criteria"][1].pk, programme["teacher"],
                               SimpleUploadedFile("phong-may.jpeg", _jpeg_with_gps()), "Phòng máy tính")
    stored = services.evidence_bytes(ev)
    assert ev.content_type == "image/jpeg" and ev.file.name.endswith(".jpg") and ev.size == len(stored)
    with Image.open(io.BytesIO(stored)) as img:
        assert img.size == (64, 48)
        assert not img.getexif().get_ifd(0x8825) and 0x010F not in img.getexif()
    assert b"Exif" not in stored[:200]


def test_upload_pages_and_api_refuse_html(programme, client_as, api, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    a = services.open_assessment(programme["school"], programme["year"], programme["teacher"])
    client = client_as(programme["teacher"])
    r = client.post(f"/schools/s/th-phu-hoa-1/{a.school_year}/evidence/",
                    {"criterion": programme["criteria"][0].pk, "file": SimpleUploadedFile("ke-hoach.pdf", HTML)}, follow=True)
    assert "HTML" in r.content.decode() and a.evidence.count() == 0
    api.force_authenticate(programme["teacher"])
    r = api.post(f"/api/schools/assessments/{a.pk}/evidence/",
                 {"criterion": programme["criteria"][0].pk, "file": SimpleUploadedFile("ke-hoach.pdf", HTML)}, format="multipart")
    body = r.json()
    assert r.status_code == 400 and body["code"] == "validation_error"
    assert body["errors"][0]["field"] == "file" and body["errors"][0]["code"] == "content_mismatch"
    # a real PDF is kept and served back as a download only to those who may see it
    r = api.post(f"/api/schools/assessments/{a.pk}/evidence/",
                 {"criterion": programme["criteria"][0].pk, "file": SimpleUploadedFile("ke-hoach.pdf", b"%PDF-1.7\n%%EOF\n")},
                 format="multipart")
    assert r.status_code == 201
    url = r.json()["evidence"][0]["url"]
    got = client.get(url)
    assert got.status_code == 200 and got["Content-Disposition"].startswith("attachment") and b"".join(got.streaming_content).startswith(b"%PDF")
    client.force_login(programme["dpi"])
    assert client.get(url).status_code == 404

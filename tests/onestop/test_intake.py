"""Counter and online intake: codes by pattern, encrypted applicant data, upload checks."""
import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from tests.onestop.factories import local

pytestmark = pytest.mark.django_db

APPLICANT = {"kind": "citizen", "name": "Nguyễn Thị Thu Trang", "id_number": "074186009876", "phone": "0909 876 543",
             "email": "thutrang.nguyen@gmail.com", "address": "88 Cách Mạng Tháng Tám, phường Phú Cường, Thủ Dầu Một"}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def clerk(make_user):
    return make_user("tiepnhan.sxd", "DOC")


def _receive(version, clerk, at=None, **kw):
    from smartcity.onestop.services import intake

    return intake.receive_at_counter(version=version, applicant=kw.pop("applicant", APPLICANT),
                                     subject=kw.pop("subject", "Xây nhà ở riêng lẻ tại thửa 215, tờ bản đồ 12, phường Phú Lợi"),
                                     user=clerk, at=at or local(2026, 4, 29, 10, 30), **kw)


def test_counter_intake_gives_the_default_code_and_starts_the_clock(procedures, clerk):
    from smartcity.onestop.services import calendar

    at = local(2026, 4, 29, 10, 30)
    d = _receive(procedures["house"], clerk, at)
    assert d.code == "000.00.17.H06-260429-0001"
    assert d.status == "received" and d.channel == "counter" and d.received_by == clerk
    assert d.due_at == calendar.due_at(at, 15, unit=d.owner) and d.original_due_at == d.due_at
    assert d.due_at > at
    second = _receive(procedures["house"], clerk, local(2026, 4, 29, 14, 0))
    assert second.code.endswith("-0002")
    next_day = _receive(procedures["house"], clerk, local(2026, 4, 30, 8, 0))
    assert next_day.code == "000.00.17.H06-260430-0001"
    first_row = d.handoffs.get()
    assert first_row.kind == "receive" and first_row.to_unit == d.owner and first_row.by == clerk


def test_daily_sequence_is_per_agency(procedures, clerk, make_user):
    dpi = make_user("motcua.skhdt", "DPI")
    a = _receive(procedures["house"], clerk)
    b = _receive(procedures["business"], dpi)
    assert a.code.endswith("-0001") and b.code.endswith("-0001") and a.code != b.code
    assert b.code.startswith("000.00.07.H06-")


def test_code_pattern_is_configurable(procedures, clerk, settings):
    settings.ONESTOP_CODE_PATTERN = "{unit}/{date:%Y}/{seq:06d}"
    d = _receive(procedures["house"], clerk, local(2026, 12, 31, 16, 0))
    assert d.code == "DOC/2026/000001"


def test_sequence_day_is_the_local_day(procedures, clerk):
    """00:30 on 30/04 in Binh Duong is still 29/04 in UTC: the code takes the local date."""
    d = _receive(procedures["house"], clerk, local(2026, 4, 30, 0, 30))
    assert "-260430-" in d.code


def test_applicant_data_is_encrypted_masked_and_hashed(procedures, clerk):
    from smartcity.onestop.crypto import keyed_hash
    from smartcity.onestop.models import Dossier

    d = _receive(procedures["house"], clerk)
    again = Dossier.objects.get(pk=d.pk)
    assert again.applicant_phone == "0909876543" and again.applicant_id_number == "074186009876"
    assert again.phone_masked.endswith("543") and "0909" not in again.phone_masked
    assert again.id_number_masked.endswith("876") and "074186" not in again.id_number_masked
    assert again.lookup_secret == keyed_hash("6543", "lookup") and "6543" not in again.lookup_secret
    clear = ["074186009876", "0909876543", "thutrang.nguyen", "Cách Mạng Tháng Tám"]
    with connection.cursor() as cur:
        for table in ("onestop_dossier", "onestop_historicaldossier"):
            cur.execute(f"SELECT applicant_id_number, applicant_phone, applicant_email, applicant_address, phone_masked, "
                        f"id_number_masked, lookup_secret FROM {table} WHERE id = %s", [d.pk])
            for row in cur.fetchall():
                blob = " ".join(v or "" for v in row)
                assert not any(c in blob for c in clear), table


@pytest.mark.parametrize("change, code", [({"name": "  "}, "applicant_name"), ({"phone": "12"}, "applicant_phone"),
                                          ({"email": "khong-phai-email"}, "applicant_email"), ({"kind": "robot"}, "applicant_kind")])
def test_bad_applicant_is_refused_before_anything_is_written(procedures, clerk, change, code):
    from smartcity.onestop.errors import OneStopError
    from smartcity.onestop.models import Dossier, DossierSequence

    with pytest.raises(OneStopError) as exc:
        _receive(procedures["house"], clerk, applicant={**APPLICANT, **change})
    assert exc.value.code == code
    assert not Dossier.objects.exists() and not DossierSequence.objects.filter(last__gt=0).exists()


def test_retired_version_and_expired_area_are_refused(procedures, clerk):
    import datetime as dt

    from smartcity.core.models import AdministrativeUnit
    from smartcity.onestop.errors import OneStopError

    version = procedures["house"]
    old_area = AdministrativeUnit.objects.filter(valid_to__isnull=False, valid_to__lt=dt.date(2026, 4, 29)).first()
    assert old_area is not None  # pre-2025 districts are kept with an end date
    with pytest.raises(OneStopError) as exc:
        _receive(version, clerk, area=old_area)
    assert exc.value.code == "area_not_valid"
    version.status = "retired"
    version.save()
    with pytest.raises(OneStopError) as exc:
        _receive(version, clerk)
    assert exc.value.code == "version_not_in_force"


def test_uploads_are_checked_hashed_and_stored_under_a_generated_name(procedures, clerk):
    version = procedures["house"]
    required = version.documents.order_by("order").first()
    d = _receive(version, clerk, files=[(required, SimpleUploadedFile("đơn đề nghị.pdf", PDF, content_type="text/html"))])
    doc = d.documents.get()
    assert doc.content_type == "application/pdf" and doc.size == len(PDF)
    assert doc.sha256 == hashlib.sha256(PDF).hexdigest()
    assert doc.required == required and doc.phase == "intake"
    assert doc.file.name.endswith(".pdf") and "đơn" not in doc.file.name
    with doc.file.open("rb") as fh:
        assert fh.read() == PDF


@pytest.mark.parametrize("name, content, code", [
    ("ban-ve.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>", "file_type"),
    ("anh.png", b"%PDF-1.4 not a png", "file_type"),
    ("trang.html", b"<html></html>", "file_type"),
    ("rong.pdf", b"", "file_empty"),
])
def test_bad_uploads_are_refused_and_nothing_is_kept(procedures, clerk, name, content, code):
    from smartcity.onestop.errors import OneStopError
    from smartcity.onestop.models import Dossier

    with pytest.raises(OneStopError) as exc:
        _receive(procedures["house"], clerk, files=[(None, SimpleUploadedFile(name, content))])
    assert exc.value.code == code
    assert not Dossier.objects.exists()


def test_too_large_upload_is_refused(procedures, clerk, settings):
    from smartcity.onestop.errors import OneStopError

    settings.ONESTOP_MAX_UPLOAD_BYTES = 1000
    with pytest.raises(OneStopError) as exc:
        _receive(procedures["house"], clerk, files=[(None, SimpleUploadedFile("ban-ve.pdf", PDF + b"0" * 2000))])
    assert exc.value.code == "file_too_large"


def test_online_submission_waits_for_acceptance(procedures, clerk):
    from smartcity.onestop.errors import OneStopError
    from smartcity.onestop.services import calendar, intake

    version = procedures["business"]
    d = intake.submit_online(version=version, applicant=APPLICANT, subject="Đăng ký hộ kinh doanh tạp hóa Thu Trang",
                             files=[(None, SimpleUploadedFile("giay-de-nghi.pdf", PDF))], at=local(2026, 5, 4, 20, 15))
    assert d.status == "submitted" and d.channel == "online" and d.code.endswith("-260504-0001")
    assert d.due_at is None and d.received_at is None and d.submitted_at == local(2026, 5, 4, 20, 15)
    assert not d.handoffs.exists() and d.documents.count() == 1
    dpi = clerk.__class__.objects.create_user("kiemtra.dpi", organisation=version.receiving_unit, role="editor")
    accepted_at = local(2026, 5, 5, 9, 0)
    intake.accept_online(d, dpi, at=accepted_at)
    assert d.status == "received" and d.received_at == accepted_at
    assert d.due_at == calendar.due_at(accepted_at, 3, unit=version.receiving_unit)
    assert d.handoffs.get().kind == "receive"
    with pytest.raises(OneStopError) as exc:
        intake.accept_online(d, dpi)
    assert exc.value.code == "bad_transition"


def test_counter_only_procedure_cannot_be_submitted_online(procedures):
    from smartcity.onestop.errors import OneStopError
    from smartcity.onestop.services import intake

    version = procedures["house"]
    version.online_level = "none"
    version.save()
    with pytest.raises(OneStopError) as exc:
        intake.submit_online(version=version, applicant=APPLICANT, subject="Xin phép xây nhà")
    assert exc.value.code == "not_online"


def test_next_code_numbers_follow_each_other(procedures):
    from smartcity.onestop.services import intake

    unit = procedures["house"].receiving_unit
    codes = [intake.next_code(unit, local(2026, 6, 1, 9)) for _ in range(3)]
    assert [c.rsplit("-", 1)[1] for c in codes] == ["0001", "0002", "0003"]

"""Personal data: masked by default, the full record only on request and always logged
(Decree 13/2023/NĐ-CP), nothing in clear in the database."""
import pytest
from django.db import connection
from django.urls import reverse

from tests.onestop.factories import APPLICANTS, make_dossier

pytestmark = pytest.mark.django_db


def test_detail_page_is_masked_and_the_full_record_is_logged(client_as, make_user, procedures):
    from smartcity.onestop.models import PersonalDataAccess

    name, id_number, phone, email, address = APPLICANTS[1]
    d = make_dossier(procedures["house"], applicant=1)
    clerk = make_user("motcua.sxd", "DOC", role="viewer")
    c = client_as(clerk)
    page = c.get(reverse("onestop-dossier", args=[d.pk])).content.decode()
    assert name in page and d.phone_masked in page
    assert phone not in page and id_number not in page and address not in page and email not in page
    assert not PersonalDataAccess.objects.exists()
    response = c.post(reverse("onestop-dossier-personal", args=[d.pk]), {"purpose": "Gọi điện hẹn kiểm tra thực địa"},
                      REMOTE_ADDR="10.20.30.40")
    page = response.content.decode()
    assert response.status_code == 200 and phone in page and id_number in page and address in page
    assert response["Cache-Control"] == "no-store"
    log = PersonalDataAccess.objects.get()
    assert (log.user, log.dossier, log.action, log.ip, log.purpose) == (clerk, d, "view_full", "10.20.30.40", "Gọi điện hẹn kiểm tra thực địa")
    assert "phone" in log.fields and "id_number" in log.fields


def test_full_record_refused_to_other_units_and_not_logged(client_as, make_user, procedures):
    from smartcity.onestop.errors import OneStopError
    from smartcity.onestop.models import PersonalDataAccess
    from smartcity.onestop.services import personal

    d = make_dossier(procedures["house"])
    outsider = make_user("chuyenvien.sgtvt", "DOT")
    assert client_as(outsider).post(reverse("onestop-dossier-personal", args=[d.pk])).status_code == 403
    with pytest.raises(OneStopError):
        personal.full_record(d, outsider)
    assert not PersonalDataAccess.objects.exists()


def test_full_record_service_decrypts_and_logs(make_user, procedures):
    from smartcity.onestop.models import PersonalDataAccess
    from smartcity.onestop.services import personal

    d = make_dossier(procedures["business"], applicant=2)
    clerk = make_user("motcua.skhdt", "DPI")
    record = personal.full_record(d, clerk)
    assert record["id_number"] == APPLICANTS[2][1] and record["phone"] == APPLICANTS[2][2]
    assert PersonalDataAccess.objects.filter(dossier=d, user=clerk).count() == 1
    personal.log_access(clerk, None, "export", "phone", purpose="Báo cáo tháng")
    assert PersonalDataAccess.objects.filter(dossier__isnull=True, action="export").count() == 1
    masked = personal.masked_record(d)
    assert masked["phone"] == d.phone_masked and APPLICANTS[2][2] not in str(masked)


def test_nothing_in_clear_in_the_database_after_intake_and_notifications(make_user, procedures, settings, tmp_path):
    """Everything the service writes (dossier, its history, notifications, hand-offs) keeps
    the ID number, phone, e-mail and address out of the tables."""
    from smartcity.onestop.services import intake, lifecycle

    settings.MEDIA_ROOT = str(tmp_path)
    clerk = make_user("motcua.sxd", "DOC")
    applicant = {"name": "Hoàng Văn Nam", "id_number": "074095112233", "phone": "0966123987", "email": "hoangnam95@gmail.com",
                 "address": "17 Nguyễn Văn Tiết, phường Lái Thiêu"}
    d = intake.receive_at_counter(version=procedures["house"], applicant=applicant, subject="Xây nhà ở riêng lẻ", user=clerk)
    lifecycle.request_supplement(d, clerk, ["Bản vẽ móng"])
    secrets = ["074095112233", "0966123987", "hoangnam95", "Nguyễn Văn Tiết"]
    with connection.cursor() as cur:
        for table in ("onestop_dossier", "onestop_historicaldossier", "onestop_notification", "onestop_handoff",
                      "onestop_supplementrequest"):
            cur.execute(f"SELECT * FROM {table}")
            dump = " ".join(str(v) for row in cur.fetchall() for v in row)
            assert not any(s in dump for s in secrets), table

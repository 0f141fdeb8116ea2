"""The app's frame: encryption at rest, masks, the lateness queryset."""
import datetime as dt

import pytest
from django.db import connection

from tests.onestop.factories import local, make_dossier

pytestmark = pytest.mark.django_db


def test_personal_data_is_encrypted_in_the_table_and_clear_in_python(procedures):
    d = make_dossier(procedures["house"])
    with connection.cursor() as cur:
        cur.execute("SELECT applicant_id_number, applicant_phone FROM onestop_dossier WHERE id = %s", [d.pk])
        raw_id, raw_phone = cur.fetchone()
    assert "074085001234" not in raw_id and raw_id.startswith("enc1:")
    assert "0908123456" not in raw_phone
    from smartcity.onestop.models import Dossier

    again = Dossier.objects.get(pk=d.pk)
    assert again.applicant_id_number == "074085001234" and again.phone_masked == "*******456"
    # the history copy is encrypted too
    with connection.cursor() as cur:
        cur.execute("SELECT applicant_phone FROM onestop_historicaldossier WHERE id = %s", [d.pk])
        assert all("0908123456" not in row[0] for row in cur.fetchall())


def test_overdue_is_computed_from_the_due_date(procedures):
    from smartcity.onestop.models import Dossier

    late = make_dossier(procedures["business"], received_at=local(2026, 3, 2), due_at=local(2026, 3, 5, 9))
    make_dossier(procedures["business"], received_at=local(2026, 3, 2), due_at=local(2026, 3, 9, 9))
    make_dossier(procedures["business"], status="returned", received_at=local(2026, 3, 2), due_at=local(2026, 3, 4, 9))
    now = local(2026, 3, 6, 10)
    assert list(Dossier.objects.overdue(now)) == [late]
    assert Dossier.objects.due_within(now, now + dt.timedelta(days=5)).count() == 1

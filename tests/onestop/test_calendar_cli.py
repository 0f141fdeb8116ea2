"""`smartcity onestop due-date` and `smartcity onestop calendar seed|show`."""
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from smartcity.onestop.models import CalendarYear

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command("onestop", *args, stdout=out)
    return out.getvalue()


def test_due_date_prints_iso_with_offset(reference):
    assert run("due-date", "--received", "2026-04-29T10:30", "--days", "5").strip() == "2026-05-08T10:30:00+07:00"
    # after the 15:00 cut-off on a working day the clock starts next working day
    assert run("due-date", "--received", "2026-05-04T15:30", "--days", "1").strip() == "2026-05-05T17:00:00+07:00"


def test_due_date_with_procedure_uses_its_version_and_limit(procedures):
    assert run("due-date", "--received", "2026-03-02T08:00", "--procedure", "2.000575").strip() == "2026-03-05T08:00:00+07:00"
    assert run("due-date", "--received", "2026-03-02T08:00", "--procedure", "2.000575", "--days", "1").strip() == "2026-03-03T08:00:00+07:00"


def test_due_date_errors_are_clear(reference):
    from django.utils import translation

    with translation.override("en"), pytest.raises(CommandError, match="Unknown procedure code: 9.999999"):
        run("due-date", "--received", "2026-04-29T10:30", "--procedure", "9.999999")
    with translation.override("vi"), pytest.raises(CommandError, match="Không có thủ tục với mã 9.999999"):
        run("due-date", "--received", "2026-04-29T10:30", "--procedure", "9.999999")
    with translation.override("en"), pytest.raises(CommandError, match="ISO 8601"):
        run("due-date", "--received", "hôm nay", "--days", "1")
    with translation.override("en"), pytest.raises(CommandError, match="--days"):
        run("due-date", "--received", "2026-04-29T10:30")


def test_explain_lists_counted_days(reference):
    out = run("due-date", "--received", "2026-04-29T10:30", "--days", "5", "--explain")
    assert "+ 29/04/2026 5 h" in out and "- 30/04/2026" in out


def test_seed_and_show(reference):
    out = run("calendar", "seed", "--years", "2025-2026")
    assert "2025:" in out and "2026:" in out
    assert set(CalendarYear.objects.values_list("year", flat=True)) == {2025, 2026}
    run("calendar", "seed", "--years", "2025")  # idempotent
    assert CalendarYear.objects.get(year=2025).days.count() == CalendarYear.objects.get(year=2025).days.values("date").distinct().count()
    shown = run("calendar", "show", "2025")
    assert "26/04/2025" in shown and "makeup" in shown and "02/05/2025" in shown
    with pytest.raises(CommandError):
        run("calendar", "seed", "--years", "hai-nghìn")

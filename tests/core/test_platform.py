"""Settings, the CLI verbs, reference data and the pages of the shell."""
import subprocess
import sys

from django.core.management import call_command
from django.db import connection

from smartcity.core.models import AdministrativeUnit, Organisation, User


def test_reference_data_has_every_plan_body(reference):
    codes = set(Organisation.objects.values_list("code", flat=True))
    assert {"PPC", "BCD", "BDH", "VPTPTM", "DOFA", "DOST", "DOT", "DPI", "DOET", "DOC", "DOHA", "DONRE", "DIC",
            "BQLKCN", "VSIPMB", "BECAMEX", "BECAMEXTOKYU", "TDMU", "VGU", "EIU", "VSVC", "EIPO", "WTA", "ICF", "HORASIS"} <= codes
    assert Organisation.objects.filter(kind="district").count() == 9
    assert Organisation.objects.get(code="VPTPTM").is_coordinator
    assert set(Organisation.objects.values_list("helix", flat=True)) == {"government", "business", "academia", "international"}


def test_administrative_units_are_dated(reference):
    from datetime import date

    tdm = AdministrativeUnit.objects.get(code="718")
    assert tdm.name_vi == "Thủ Dầu Một" and tdm.parent.code == "74"
    assert tdm.is_valid_on(date(2025, 6, 30)) and not tdm.is_valid_on(date(2025, 7, 1))
    assert AdministrativeUnit.valid_on(date(2025, 7, 1)).filter(level="district").count() == 0
    assert AdministrativeUnit.valid_on(date(2025, 7, 1)).filter(level="commune", parent__code="79").count() == 36


def test_demo_command_is_idempotent(db, capsys, monkeypatch):
    monkeypatch.setenv("SMARTCITY_DEMO_HISTORY_DAYS", "1")  # the bus history: one simulated day is enough here
    monkeypatch.setenv("SMARTCITY_DEMO_DOSSIERS", "60")  # and a small flow of one-stop dossiers
    call_command("demo", "--no-serve")
    counts = (Organisation.objects.count(), AdministrativeUnit.objects.count(), User.objects.count())
    call_command("demo", "--no-serve")
    assert (Organisation.objects.count(), AdministrativeUnit.objects.count(), User.objects.count()) == counts
    out = capsys.readouterr().out
    assert "http://127.0.0.1:8000/" in out and "donre.minh" in out
    assert User.objects.get(username="donre.minh").organisation.code == "DONRE"


def test_check_reports_services(db, capsys):
    call_command("check")
    out = capsys.readouterr().out
    assert f"database   {connection.vendor}" in out
    assert "broker" in out and "data dir" in out


def test_cli_entry_point_runs():
    result = subprocess.run([sys.executable, "-m", "smartcity.cli", "help", "demo"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and "--reset" in result.stdout


def test_production_requires_secret_key(tmp_path):
    code = "import smartcity.settings"
    env = {"SMARTCITY_MODE": "production", "SMARTCITY_VAR_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode != 0 and "SECRET_KEY must be set" in result.stderr
    env["SECRET_KEY"] = "x" * 50
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode != 0 and "SMARTCITY_FIELD_KEYS must be set" in result.stderr  # personal data key
    env["SMARTCITY_FIELD_KEYS"] = "q" * 43 + "="
    assert subprocess.run([sys.executable, "-c", code + "; assert not smartcity.settings.DEBUG"], env=env, timeout=60).returncode == 0
    assert not (tmp_path / "field_key").exists()  # production never writes a key file


def test_sqlite_default_uses_wal(tmp_path):
    code = ("import django, os; os.environ['DJANGO_SETTINGS_MODULE']='smartcity.settings'; django.setup();"
            "from django.db import connection; c=connection.cursor(); c.execute('PRAGMA journal_mode'); print(c.fetchone()[0])")
    env = {"SMARTCITY_VAR_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert result.stdout.strip() == "wal", result.stderr


def test_pages_answer(client, make_user):
    for url in ["/", "/organisations/", "/organisations/DONRE/", "/admin-units/", "/accounts/login/", "/admin/login/"]:
        assert client.get(url).status_code == 200, url
    client.force_login(make_user("root", None, is_superuser=True, is_staff=True))
    for url in ["/admin/", "/admin/core/organisation/", "/admin/core/user/", "/admin/core/administrativeunit/", "/account/tokens/"]:
        assert client.get(url).status_code == 200, url


def test_home_shows_organisations_by_helix_and_counts(client, reference):
    page = client.get("/").content.decode()
    assert "Nhà nước" in page and "Doanh nghiệp" in page and "Nhà trường" in page
    assert f'data-stat="organisations">{Organisation.objects.count()}<' in page
    assert "Sở Tài nguyên và Môi trường" in page


def test_user_badge_shows_organisation(client, make_user):
    client.force_login(make_user("donre.minh", "DONRE", "editor"))
    page = client.get("/").content.decode()
    assert "org-badge" in page and "STNMT" in page

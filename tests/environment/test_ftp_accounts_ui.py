"""Staff pages of station files and FTP accounts: the permission rule, the password shown
once, history kept; received files with their rejections, the raw file, the quarantine list."""
import pytest

from smartcity.environment import inbox
from smartcity.environment.models import FtpAccount, StationFile

CODE = "BD_KCNSONGTHAN_NT01"


@pytest.fixture
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"
    return settings.DATA_DIR


@pytest.fixture
def station(make_station):
    return make_station(CODE, "wastewater", name="Trạm nước thải KCN Sóng Thần")


def test_create_account_password_shown_once_and_hashed(client_as, make_user, station):
    c = client_as(make_user("lan.donre", "DONRE", "editor"))
    r = c.post("/environment/manage/ftp-accounts/new/", {"username": "songthan", "owner": station.owner_id,
                                                         "stations": [station.pk], "active": "on"})
    assert r.status_code == 302
    page = c.get("/environment/manage/ftp-accounts/").content.decode()
    acc = FtpAccount.objects.get(username="songthan")
    shown = page.split('id="new-password">')[1].split("<")[0]
    assert len(shown) >= 16 and acc.check_password(shown) and shown not in acc.password_hash
    assert 'id="new-password"' not in c.get("/environment/manage/ftp-accounts/").content.decode()  # once only
    assert list(acc.stations.all()) == [station] and acc.history.count() == 1


def test_reset_deactivate_and_history_through_the_permission_rule(client_as, make_user, station):
    acc = FtpAccount(username="songthan", owner=station.owner)
    acc.set_password("Mật-khẩu-cũ-2025")
    acc.save()
    outsider = client_as(make_user("nam.dot", "DOT", "editor"))
    assert outsider.post("/environment/manage/ftp-accounts/songthan/", {"action": "deactivate"}).status_code in (403, 404)
    assert "songthan" not in outsider.get("/environment/manage/ftp-accounts/").content.decode()
    viewer = client_as(make_user("hoa.donre", "DONRE", "viewer"))
    assert viewer.post("/environment/manage/ftp-accounts/songthan/", {"action": "reset"}).status_code == 403
    acc.refresh_from_db()
    assert acc.active and acc.check_password("Mật-khẩu-cũ-2025")

    c = client_as(make_user("lan.donre", "DONRE", "editor"))
    assert c.post("/environment/manage/ftp-accounts/songthan/", {"action": "reset", "password": "Mật-khẩu-mới-2025"}).status_code == 302
    assert c.post("/environment/manage/ftp-accounts/songthan/", {"action": "deactivate"}).status_code == 302
    acc.refresh_from_db()
    assert not acc.active and acc.check_password("Mật-khẩu-mới-2025") and not acc.check_password("Mật-khẩu-cũ-2025")
    reasons = list(acc.history.order_by("history_date").values_list("history_change_reason", flat=True))
    assert reasons[-2:] == ["password reset", "deactivate"]
    page = c.get("/environment/manage/ftp-accounts/songthan/").content.decode()
    assert "deactivate" in page and acc.password_hash not in page


def test_files_list_detail_raw_and_quarantine(client_as, make_user, station, data_dir):
    root = inbox.inbox_dir()
    (root / f"{CODE}_20250115103000.txt").write_text("pH\t7.2\t-\t20250115103000\t00\nCOD\tabc\tmg/L\t20250115103000\t00\n")
    (root / "BD_KHONGCO_X_20250115103000.txt").write_text("pH\t7.2\t-\t20250115103000\t00\n")
    inbox.process_inbox(settle_s=0)
    stored = StationFile.objects.get(outcome="stored")
    c = client_as(make_user("lan.donre", "DONRE", "viewer"))
    page = c.get("/environment/manage/files/", {"outcome": "stored"}).content.decode()
    assert stored.name in page and "BD_KHONGCO_X" not in page
    detail = c.get(f"/environment/manage/files/{stored.pk}/").content.decode()
    assert "bad_number" in detail and "abc" in detail
    raw = c.get(f"/environment/manage/files/{stored.pk}/raw/")
    assert raw.status_code == 200 and b"".join(raw.streaming_content).startswith(b"pH\t7.2")
    # an unknown station's file: only coordinators (and superusers) see it
    assert "BD_KHONGCO_X" not in c.get("/environment/manage/files/quarantine/").content.decode()
    admin = make_user("root", None, "admin", is_superuser=True, is_staff=True)
    quarantine = client_as(admin).get("/environment/manage/files/quarantine/").content.decode()
    assert "BD_KHONGCO_X" in quarantine and stored.name not in quarantine and "unknown_station" in quarantine


def test_admin_never_shows_the_hash(client_as, make_user, station):
    acc = FtpAccount(username="songthan", owner=station.owner)
    acc.set_password("Mật-khẩu-trạm-2025")
    acc.save()
    admin = client_as(make_user("root", None, "admin", is_superuser=True, is_staff=True))
    page = admin.get(f"/admin/environment/ftpaccount/{acc.pk}/change/").content.decode()
    assert "songthan" in page and acc.password_hash not in page and "password_hash" not in page
    r = admin.post(f"/admin/environment/ftpaccount/{acc.pk}/change/", {
        "username": "songthan", "owner": station.owner_id, "stations": [station.pk], "active": "on", "published": "on",
        "new_password": "Mật-khẩu-quản-trị-2025"})
    assert r.status_code == 302
    acc.refresh_from_db()
    assert acc.check_password("Mật-khẩu-quản-trị-2025")

"""The real FTP server (pyftpdlib) driven by Python's ftplib: plain and explicit FTPS, the
accounts' rules, and a file uploaded showing up in the hub's latest values within seconds.

The server and its inbox watcher run in threads with their own database connections, so
the test data must be committed (transactional tests) and, on SQLite, the database must be
a file other connections can open (pytest-django's in-memory one is copied to a file for
the test, as tests/hub/test_mqtt.py does)."""
import datetime as dt
import ftplib
import io
import time

import pytest

from smartcity.environment import ftp
from smartcity.environment.models import FtpAccount, StationFile
from smartcity.hub.models import Latest, Status
from smartcity.hub.timebase import LOCAL_TZ

CODE = "BD_KCNSONGTHAN_NT01"
PASSWORD = "Mật-khẩu-trạm-2025"


@pytest.fixture
def setup(shared_db, settings, tmp_path, make_station):
    settings.DATA_DIR = tmp_path / "data"
    a = make_station(CODE, "wastewater", name="Trạm nước thải KCN Sóng Thần")
    b = make_station("BD_KCNMYPHUOC_NT02", "wastewater", name="Trạm nước thải KCN Mỹ Phước")
    accounts = {}
    for username, station in (("songthan", a), ("myphuoc", b)):
        acc = FtpAccount(username=username, owner=station.owner)
        acc.set_password(PASSWORD)
        acc.save()
        acc.stations.add(station)
        accounts[username] = acc
    return {"stations": (a, b), "accounts": accounts}


@pytest.fixture
def server(setup):
    handle = ftp.start_server("127.0.0.1", 0, interval=0.3, settle_s=1.0)
    yield handle
    handle.stop()
    assert not handle.thread.is_alive()


def content(when: dt.datetime, cod="45.3") -> bytes:
    s = when.strftime("%Y%m%d%H%M%S")
    return f"pH\t7.21\t-\t{s}\t00\r\nCOD\t{cod}\tmg/L\t{s}\t00\r\nFlow\t85,2\tm3/h\t{s}\t01\r\n".encode()


def now_local():
    return dt.datetime.now(LOCAL_TZ).replace(microsecond=0) - dt.timedelta(minutes=1)


def wait_for(check, timeout=10.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = check()
        if value:
            return value
        time.sleep(0.05)
    return check()


def login(port, user="songthan", password=PASSWORD, cls=ftplib.FTP) -> ftplib.FTP:
    client = cls()
    client.connect("127.0.0.1", port, timeout=10)
    if cls is ftplib.FTP_TLS:
        client.auth()
    client.login(user, password)
    return client


def test_upload_shows_up_in_the_hub_latest_values_within_seconds(server, setup):
    station = setup["stations"][0]
    when = now_local()
    client = login(server.port)
    client.mkd("2025")
    client.mkd("2025/01")
    started = time.monotonic()
    client.storbinary(f"STOR 2025/01/{CODE}_{when:%Y%m%d%H%M%S}.txt", io.BytesIO(content(when)))
    client.quit()

    def values():
        return {r.datastream.quantity_id: (r.value, r.status)
                for r in Latest.objects.filter(datastream__asset=station.asset).select_related("datastream")}

    got = wait_for(lambda: len(values()) == 3 and values(), 10)
    assert time.monotonic() - started < 5
    assert got == {"ph": (7.21, Status.VALID), "cod": (45.3, Status.VALID), "flow": (85.2, Status.CALIBRATING)}
    rec = StationFile.objects.get()
    assert (rec.outcome, rec.account.username, rec.stored) == ("stored", "songthan", 3)
    assert setup["accounts"]["songthan"].__class__.objects.get(username="songthan").last_login_at is not None
    # and through the hub's public read API
    from django.test import Client

    body = Client().get("/api/hub/latest", {"asset": station.asset.slug}).json()
    assert "45.3" in str(body)


def test_ftps_with_a_throwaway_certificate(setup, tmp_path):
    cert, key = make_certificate(tmp_path)
    handle = ftp.start_server("127.0.0.1", 0, tls=True, certfile=cert, keyfile=key, tls_required=True, interval=0.3)
    try:
        with pytest.raises(ftplib.error_perm):  # TLS required: a plain login is refused
            login(handle.port)
        client = login(handle.port, cls=ftplib.FTP_TLS)
        assert isinstance(client.sock, __import__("ssl").SSLSocket)
        client.prot_p()  # the data channel encrypted too
        when = now_local()
        client.storbinary(f"STOR {CODE}_{when:%Y%m%d%H%M%S}.txt", io.BytesIO(content(when, cod="51.0")))
        client.quit()
        assert wait_for(lambda: StationFile.objects.filter(outcome="stored").exists(), 10)
        assert Latest.objects.get(datastream__asset=setup["stations"][0].asset, datastream__quantity_id="cod").value == 51.0
    finally:
        handle.stop()


def test_wrong_password_and_deactivated_accounts_are_refused(server, setup):
    with pytest.raises(ftplib.error_perm, match="530"):
        login(server.port, password="sai-mật-khẩu")
    with pytest.raises(ftplib.error_perm, match="530"):
        login(server.port, user="khong-co")
    acc = setup["accounts"]["myphuoc"]
    acc.active = False
    acc.save()
    with pytest.raises(ftplib.error_perm, match="530"):
        login(server.port, user="myphuoc")
    assert FtpAccount.objects.get(username="myphuoc").last_login_at is None


def test_accounts_are_isolated_and_may_not_delete(server, setup):
    when = now_local()
    name = f"BD_KCNMYPHUOC_NT02_{when:%Y%m%d%H%M%S}.txt"
    other = login(server.port, user="myphuoc")
    other.storbinary(f"STOR {name}.tmp", io.BytesIO(content(when)))  # upload, then rename: complete at once
    other.rename(f"{name}.tmp", name)
    other.quit()
    assert wait_for(lambda: StationFile.objects.filter(account__username="myphuoc", outcome="stored").exists(), 10)

    client = login(server.port)
    client.storbinary("STOR note.txt", io.BytesIO(b"x"))
    assert client.pwd() == "/"
    client.cwd("..")  # the root of the jail is the account's home
    assert client.pwd() == "/" and "myphuoc" not in client.nlst()
    for attempt in (lambda: client.cwd("/../myphuoc"), lambda: client.retrbinary("RETR ../myphuoc/" + name, print),
                    lambda: client.delete("note.txt"), lambda: client.rmd("/")):
        with pytest.raises(ftplib.error_perm):
            attempt()
    client.quit()


def test_a_file_for_a_station_not_linked_to_the_account_is_quarantined(server, setup):
    when = now_local()
    client = login(server.port)  # songthan uploads Mỹ Phước's file
    client.storbinary(f"STOR BD_KCNMYPHUOC_NT02_{when:%Y%m%d%H%M%S}.txt", io.BytesIO(content(when)))
    client.quit()
    rec = wait_for(lambda: StationFile.objects.filter(outcome="quarantined").first(), 10)
    assert rec.code == "station_not_allowed" and rec.account.username == "songthan"
    assert not Latest.objects.filter(datastream__asset=setup["stations"][1].asset).exists()
    assert (server.inbox.parent / "quarantine" / f"{rec.name}.reason.txt").exists()


def make_certificate(tmp_path):
    """A self-signed certificate for 127.0.0.1, made for this test run only (never committed)."""
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "ftp.test.local")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = tmp_path / "ftp-cert.pem", tmp_path / "ftp-key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    return cert_path, key_path

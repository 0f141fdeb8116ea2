"""Staff pages and API of GTFS feeds: upload (editor of the owner only; a bad zip refused
with its reason and nothing stored), detail, activation with force, export; the admin."""
import io
import zipfile
from pathlib import Path

import pytest

from smartcity.testing import require

from smartcity.mobility.gtfs.reader import read_feed

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "gtfs"


def sample_bytes() -> bytes:
    require(DATA.is_dir(), "../shared/data/gtfs (MobilityData's real feeds, read beside the clone, never copied)")
    return (DATA / "sample_gtfs.zip").read_bytes()


def demo_bytes() -> bytes:
    """The Binh Duong demo network as a zip: a feed that is always there (the pages and the
    admin do not depend on which feed they show)."""
    from smartcity.mobility import demo_network

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name, data in demo_network.build_files().items():
            zf.writestr(name, data)
    return out.getvalue()


def without_stop_lat() -> bytes:
    """sample_gtfs with stops.txt's stop_lat column removed (ERROR notices)."""
    src = zipfile.ZipFile(io.BytesIO(sample_bytes()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "stops.txt":
                lines = data.decode().splitlines()
                i = lines[0].split(",").index("stop_lat")
                data = ("\n".join(",".join(c for k, c in enumerate(line.split(",")) if k != i) for line in lines) + "\n").encode()
            zf.writestr(info.filename, data)
    return out.getvalue()


def upload_file(data: bytes, name="tuyen-xe-buyt.zip"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="application/zip")


@pytest.fixture
def users(make_user):
    return {"dot": make_user("dot-editor", "DOT"), "viewer": make_user("dot-viewer", "DOT", role="viewer"),
            "donre": make_user("donre-editor", "DONRE")}


# -- staff pages --------------------------------------------------------------------------------
def test_upload_page_stores_a_version_and_detail_shows_it(client_as, users, client):
    from smartcity.mobility.models import Feed

    assert client.get("/mobility/feeds/upload/").status_code == 302  # login first
    c = client_as(users["dot"])
    page = c.get("/mobility/feeds/upload/")
    assert page.status_code == 200 and b'id="upload-progress"' in page.content
    r = c.post("/mobility/feeds/upload/", {"file": upload_file(sample_bytes()), "owner": "DOT", "name": ""})
    feed = Feed.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/mobility/feeds/{feed.pk}/"
    assert feed.name == "tuyen-xe-buyt" and feed.owner.code == "DOT" and feed.source_name == "tuyen-xe-buyt.zip"
    detail = c.get(r["Location"]).content.decode()
    assert 'data-route-id="AB"' in detail and 'data-file="stop_times.txt"' in detail and 'data-rows="28"' in detail
    assert f'href="/mobility/feeds/{feed.pk}/validation/"' in detail
    assert 'id="activate-form"' in detail and 'name="force"' not in detail  # no errors: no force box
    listing = c.get("/mobility/feeds/").content.decode()
    assert f'data-feed-id="{feed.pk}"' in listing and 'data-status="imported"' in listing
    # activation from the page, then the export download is the same feed
    assert c.post(f"/mobility/feeds/{feed.pk}/activate/").status_code == 302
    feed.refresh_from_db()
    assert feed.status == "active" and feed.activated_by == users["dot"]
    zipped = c.get(f"/mobility/feeds/{feed.pk}/export/")
    assert zipped["Content-Type"] == "application/zip"
    back = read_feed_bytes(zipped.content)
    orig = read_feed(DATA / "sample_gtfs.zip")
    assert {k: (t.columns, t.rows) for k, t in back.tables.items()} == {k: (t.columns, t.rows) for k, t in orig.tables.items()}
    assert back.other_files == orig.other_files


def read_feed_bytes(data: bytes):
    from smartcity.mobility.gtfs.reader import from_files

    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return from_files({i.filename: zf.read(i) for i in zf.infolist()})


def test_upload_refusals_store_nothing(client_as, users):
    from smartcity.mobility.models import Feed

    c = client_as(users["donre"])  # editor of another organisation
    r = c.post("/mobility/feeds/upload/", {"file": upload_file(sample_bytes()), "owner": "DOT"})
    assert r.status_code == 403
    c = client_as(users["viewer"])  # a viewer of the owner
    assert c.get("/mobility/feeds/upload/").status_code == 403
    c = client_as(users["dot"])
    r = c.post("/mobility/feeds/upload/", {"file": upload_file(b"PK\x03\x04garbage", "hong.zip"), "owner": "DOT"})
    assert r.status_code == 400 and "not a readable zip" in r.content.decode()
    r = c.post("/mobility/feeds/upload/", {"file": upload_file(b"PK\x03\x04garbage", "hong.zip"), "owner": "DOT"},
               HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    assert r.status_code == 400 and r.json()["code"] == "bad_feed" and "zip" in r.json()["detail"]
    assert not Feed.objects.exists()


def test_upload_progress_request_and_forced_activation(client_as, users, settings):
    from smartcity.mobility.models import Feed

    c = client_as(users["dot"])
    r = c.post("/mobility/feeds/upload/", {"file": upload_file(without_stop_lat()), "owner": "DOT", "activate": "on"},
               HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    assert r.status_code == 201
    feed = Feed.objects.get(pk=r.json()["id"])
    assert feed.errors > 0 and feed.status == "imported"  # activation asked, blocked by errors
    detail = c.get(r.json()["url"]).content.decode()
    assert 'name="force"' in detail and f'data-errors="{feed.errors}"' in detail
    c.post(f"/mobility/feeds/{feed.pk}/activate/")
    feed.refresh_from_db()
    assert feed.status == "imported"
    c.post(f"/mobility/feeds/{feed.pk}/activate/", {"force": "1"})
    feed.refresh_from_db()
    assert feed.status == "active" and feed.forced
    # another organisation's editor cannot activate it; the size limit refuses big files
    other = client_as(users["donre"])
    assert other.post(f"/mobility/feeds/{feed.pk}/activate/").status_code == 403
    settings.MOBILITY_GTFS_MAX_UPLOAD = 1000
    c = client_as(users["dot"])
    r = c.post("/mobility/feeds/upload/", {"file": upload_file(sample_bytes()), "owner": "DOT"})
    assert r.status_code == 400 and Feed.objects.count() == 1


# -- API -------------------------------------------------------------------------------------
def test_api_upload_list_routes_activate(api, users):
    from smartcity.mobility.models import Feed

    api.force_authenticate(users["donre"])
    r = api.post("/api/mobility/feeds/upload/", {"file": upload_file(sample_bytes()), "owner": "DOT"}, format="multipart")
    assert r.status_code == 403 and r.json()["code"] == "permission_denied" and not Feed.objects.exists()
    api.force_authenticate(users["dot"])
    r = api.post("/api/mobility/feeds/upload/", {"file": upload_file(b"garbage")}, format="multipart")
    body = r.json()
    assert r.status_code == 400 and body["code"] == "bad_feed" and body["status"] == 400 and "zip" in body["detail"]
    assert not Feed.objects.exists()
    r = api.post("/api/mobility/feeds/upload/", {"file": upload_file(without_stop_lat()), "name": "bd"}, format="multipart")
    assert r.status_code == 201 and r.json()["owner"] == "DOT" and r.json()["errors"] > 0
    fid = r.json()["id"]
    api.force_authenticate(None)
    listing = api.get("/api/mobility/feeds/").json()
    assert [f["id"] for f in listing["results"]] == [fid]
    routes = api.get(f"/api/mobility/feeds/{fid}/routes/").json()
    assert sorted(x["route_id"] for x in routes["results"]) == ["AAMV", "AB", "BFC", "CITY", "STBA"]
    stops = api.get(f"/api/mobility/feeds/{fid}/stops/").json()
    assert stops["count"] == 9 and all(s["stop_lat"] is None for s in stops["results"])
    assert api.post(f"/api/mobility/feeds/{fid}/activate/").status_code in (401, 403)
    api.force_authenticate(users["donre"])
    assert api.post(f"/api/mobility/feeds/{fid}/activate/", {"force": True}, format="json").status_code == 403
    api.force_authenticate(users["dot"])
    r = api.post(f"/api/mobility/feeds/{fid}/activate/", {}, format="json")
    assert r.status_code == 409 and r.json()["code"] == "activation_blocked"
    r = api.post(f"/api/mobility/feeds/{fid}/activate/", {"force": True}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "active" and r.json()["forced"] is True


# -- admin ---------------------------------------------------------------------------------------
def test_admin_pages(client_as, make_user, reference):
    from smartcity.mobility.services import feeds

    admin = make_user("root", None, is_superuser=True, is_staff=True)
    feed = feeds.import_feed(demo_bytes(), owner="DOT", name="binh-duong-bus")
    c = client_as(admin)
    for url in ("/admin/mobility/feed/", f"/admin/mobility/feed/{feed.pk}/change/", "/admin/mobility/vehicle/",
                "/admin/mobility/transportproject/", "/admin/mobility/transportproject/add/",
                "/admin/mobility/realtimesource/", "/admin/mobility/realtimesource/add/"):
        assert c.get(url).status_code == 200, url
    assert c.get("/admin/mobility/feed/add/").status_code == 403


def test_pages_in_vietnamese(client_as, users):
    from smartcity.mobility.services import feeds

    feed = feeds.import_feed(demo_bytes(), owner="DOT", name="binh-duong-bus")
    c = client_as(users["dot"])
    c.cookies["django_language"] = "vi"
    listing = c.get("/mobility/feeds/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Dữ liệu lịch trình GTFS" in listing and "Tải lên dữ liệu GTFS" in listing
    detail = c.get(f"/mobility/feeds/{feed.pk}/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Áp dụng phiên bản này" in detail and "Báo cáo kiểm tra đầy đủ" in detail
    c.cookies["django_language"] = "en"
    assert "Activate this version" in c.get(f"/mobility/feeds/{feed.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()


# -- the upload page in a real Chromium --------------------------------------------------------
@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_upload_in_browser_shows_progress_then_the_version(page, live_server, make_user, tmp_path, screenshot):
    from smartcity.mobility.models import Feed

    make_user("dot.lan", "DOT")
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    base = live_server.url
    page.goto(base + "/accounts/login/?next=/mobility/feeds/upload/")
    page.fill("input[name=username]", "dot.lan")
    page.fill("input[name=password]", "Mật-khẩu-thử-2018")
    page.locator("main button[type=submit]").click()
    page.wait_for_url(base + "/mobility/feeds/upload/")
    assert page.get_by_role("heading", level=1).inner_text() == "Tải lên dữ liệu GTFS"
    # a file that is not a zip: the reason is shown on the page, nothing stored
    bad = tmp_path / "hong.zip"
    bad.write_bytes(b"PK\x03\x04 not a zip")
    page.set_input_files("input[name=file]", str(bad))
    page.locator("#upload-button").click()
    page.locator("#upload-error").wait_for(state="visible")
    assert "zip" in page.locator("#file-error").inner_text() and not Feed.objects.exists()
    assert page.url == base + "/mobility/feeds/upload/"
    # the real feed: progress shown, then the version's page
    good = tmp_path / "tuyen-binh-duong.zip"
    good.write_bytes(sample_bytes())
    page.set_input_files("input[name=file]", str(good))
    page.evaluate("""() => {
        const bar = document.getElementById('upload-progress');
        new MutationObserver(() => { if (!bar.hidden) sessionStorage.setItem('progressSeen', '1'); })
          .observe(bar, {attributes: true}); }""")
    page.locator("#upload-button").click()
    page.wait_for_url(lambda url: url.rstrip("/").split("/")[-1].isdigit())
    feed = Feed.objects.get()
    assert page.url == f"{base}/mobility/feeds/{feed.pk}/"
    assert page.evaluate("sessionStorage.getItem('progressSeen')") == "1"  # the progress bar was shown during the upload
    assert feed.name == "tuyen-binh-duong" and feed.owner.code == "DOT"
    assert page.locator('#routes tr[data-route-id]').count() == 5
    screenshot(page, "mobility-feed-detail")
    assert errors == []

"""Search without diacritics, filters of the list and the API, access levels per field group
and the access log (page, API, export)."""
import io

import pytest
from openpyxl import load_workbook

from smartcity.economy import search
from smartcity.economy.models import Enterprise, EnterpriseAccessLog

pytestmark = pytest.mark.django_db


def _names(qs):
    return sorted(e.name_vi for e in qs)


def test_search_folds_diacritics_case_and_d(register):
    qs = Enterprise.objects.all()
    assert _names(search.search(qs, "thu dau mot")) == ["Công ty TNHH Gỗ Minh Phát"]  # address in phường Thủ Dầu Một
    assert _names(search.search(qs, "THỦ DẦU MỘT")) == ["Công ty TNHH Gỗ Minh Phát"]
    assert _names(search.search(qs, "may mac dong a")) == ["Công ty Cổ phần May mặc Đông Á"]  # đ folds to d
    assert _names(search.search(qs, "garment")) == ["Công ty Cổ phần May mặc Đông Á"]  # English name
    assert _names(search.search(qs, "nhua duc")) == ["Công ty TNHH Nhựa Đức Thành"]
    assert len(search.search(qs, "vsip kcn")) == 2
    assert search.search(qs, "khong co ten nay").count() == 0
    assert _names(search.search(qs, "phat minh")) == ["Công ty TNHH Gỗ Minh Phát"]  # not as a phrase: every word anywhere
    code = register["by_name"]["Công ty TNHH Katsura Electronics Việt Nam"].tax_code
    assert _names(search.search(qs, code[:7])) and all(e.tax_code.startswith(code[:7]) for e in search.search(qs, code[:7]))
    assert _names(search.search(qs, code)) == ["Công ty TNHH Katsura Electronics Việt Nam"]


def test_search_within_a_place_and_by_ids(register, monkeypatch):
    """A park or ward filter reads the text of its rows (no index list); a search with few
    matches is answered by their ids; the province at the end of addresses is not searched."""
    qs = Enterprise.objects.all()
    found, used = search.apply_filters(qs, {"park": "vsip-1", "search": "logistics"})
    assert _names(found) == ["Công ty TNHH Straits Logistics Vietnam"]
    found, used = search.apply_filters(qs, {"park": "vsip-1", "search": "LÔ B4"})
    assert _names(found) == ["Công ty TNHH Katsura Electronics Việt Nam"]
    assert search.apply_filters(qs, {"park": "my-phuoc-3", "search": "logistics"})[0].count() == 0
    assert search.search(qs, "ho chi minh").count() == 0  # in every address, in no name
    assert search.search(qs, "dai lo binh duong").count() == 1  # a street keeps its name
    assert _names(search.search(qs, "duc tha")) == ["Công ty TNHH Nhựa Đức Thành"]  # words are typed from their start
    assert search.search(qs, "hanh").count() == 0  # inside "Thành": not the start of a word
    assert search.search(qs, "uc thanh").count() == 0
    listed = search.by_name(*search.apply_filters(qs, {"search": "cong ty"}))
    names = [e.name_vi for e in listed]
    assert len(names) == 7 and names == sorted(names) and listed.count() == 7
    monkeypatch.setattr(search, "FEW", 3)  # more matches than FEW: the text match stays in the query
    many = search.by_name(*search.apply_filters(qs, {"search": "cong ty"}))
    assert [e.name_vi for e in many] == names


def test_search_text_kept_on_save(register):
    e = register["by_name"]["Công ty TNHH Nhựa Đức Thành"]
    e.address = "Số 9 đường Nguyễn Văn Tiết, phường Lái Thiêu, Thành phố Hồ Chí Minh"
    e.save()
    assert "lai thieu" in Enterprise.objects.get(pk=e.pk).search_text
    assert e in search.search(Enterprise.objects.all(), "nguyen van tiet")
    assert e not in search.search(Enterprise.objects.all(), "dt 743")  # the old address left the index


def test_api_filters_and_error_shape(api, register):
    r = api.get("/api/economy/enterprises", {"search": "thu dau mot"})
    assert r.status_code == 200 and [x["name_vi"] for x in r.json()["results"]] == ["Công ty TNHH Gỗ Minh Phát"]
    assert api.get("/api/economy/enterprises", {"park": "vsip-1"}).json()["count"] == 2
    assert api.get("/api/economy/enterprises", {"sector": "C"}).json()["count"] == 6
    assert api.get("/api/economy/enterprises", {"sector": "52"}).json()["count"] == 2
    assert api.get("/api/economy/enterprises", {"foreign": "true", "country": "KR"}).json()["count"] == 1
    assert api.get("/api/economy/enterprises", {"former_unit": "725"}).json()["count"] == 3  # Thuận An
    assert api.get("/api/economy/enterprises", {"size": "large", "sector": "C"}).json()["count"] == 4
    assert api.get("/api/economy/enterprises/", {"search": "kho van"}).json()["count"] == 1  # with or without the slash
    bad = api.get("/api/economy/enterprises", {"status": "sleeping"})
    assert bad.status_code == 400 and bad.json()["code"] == "validation_error" and bad.json()["errors"][0]["field"] == "status"


def test_field_groups_and_access_log_api(api, register, users):
    code = register["by_name"]["Công ty TNHH Gỗ Minh Phát"].tax_code
    url = f"/api/economy/enterprises/{code}"
    anon = api.get(url).json()
    assert anon["access"] == ["public"] and "employees" not in anon and "notes" not in anon and anon["name_vi"]
    assert EnterpriseAccessLog.objects.count() == 0  # public fields are not logged
    api.force_authenticate(users["tdmu"])  # a university: not a government body
    assert "employees" not in api.get(url).json()
    api.force_authenticate(users["dost"])
    gov = api.get(url).json()
    assert gov["employees"] == 320 and gov["contact_phone"] and "notes" not in gov
    api.force_authenticate(users["dpi_viewer"])
    own = api.get(url).json()
    assert own["notes"].startswith("Đã làm việc") and "links" in own and set(own["access"]) == {"public", "government", "owner"}
    log = list(EnterpriseAccessLog.objects.order_by("id").values_list("user__username", "field_group", "channel"))
    assert log == [("dost.khoa", "government", "api"), ("dpi.xem", "government", "api"), ("dpi.xem", "owner", "api")]
    api.force_authenticate(users["dost"])
    page = api.get("/api/economy/enterprises", {"park": "vsip-1"}).json()
    assert all("employees" in x for x in page["results"])
    assert EnterpriseAccessLog.objects.filter(user=users["dost"], channel="api").count() == 3  # one per enterprise read
    assert api.get("/api/economy/access-log").status_code == 403
    api.force_authenticate(users["dpi"])
    body = api.get("/api/economy/access-log", {"user": "dost.khoa"}).json()
    assert body["count"] == 3


def test_pages_and_export_honour_groups(client, client_as, register, users):
    e = register["by_name"]["Công ty TNHH Gỗ Minh Phát"]
    page = client.get(f"/economy/enterprises/{e.tax_code}/").content.decode()
    assert e.name_vi in page and 'data-group="government"' not in page and "Đã làm việc" not in page
    listing = client.get("/economy/enterprises/", {"search": "thu dau mot"}).content.decode()
    assert e.name_vi in listing and 'data-count="1"' in listing
    c = client_as(users["dost"])
    page = c.get(f"/economy/enterprises/{e.tax_code}/").content.decode()
    assert 'data-group="government"' in page and 'data-group="owner"' not in page
    assert EnterpriseAccessLog.objects.filter(user=users["dost"], channel="page", enterprise=e).count() == 1
    r = c.get("/economy/enterprises/export/", {"park": "vsip-1", "as": "xlsx"})
    ws = load_workbook(io.BytesIO(r.content)).worksheets[0]
    header = [cell.value for cell in ws[1]]
    assert ws.max_row == 3 and "Số lao động" in header and "Ghi chú nội bộ" not in header
    assert EnterpriseAccessLog.objects.filter(user=users["dost"], channel="export").count() == 2
    anon_csv = client.logout() or client.get("/economy/enterprises/export/", {"as": "csv"}).content.decode("utf-8-sig")
    assert "Số lao động" not in anon_csv.splitlines()[0] and len(anon_csv.splitlines()) == 9
    c = client_as(users["dpi"])
    assert "Ghi chú nội bộ" in c.get("/economy/enterprises/export/", {"as": "csv"}).content.decode("utf-8-sig").splitlines()[0]
    log_page = c.get("/economy/access-log/", {"user": "dost.khoa"}).content.decode()
    assert log_page.count('data-user="dost.khoa"') == 3
    assert client_as(users["dost"]).get("/economy/access-log/").status_code == 403


def test_stats_api_and_page(api, client, register, users):
    body = api.get("/api/economy/stats").json()
    assert body["total"] == 8 and body["money"] is False and "employees" not in body["by_section"][0]
    sections = {r["key"]: r["count"] for r in body["by_section"]}
    assert sections == {"C": 6, "H": 2}
    assert {r["key"]: r["count"] for r in body["by_country"]} == {"JP": 1, "KR": 1, "SG": 1}
    assert {r["key"]: r["count"] for r in body["by_former_unit"]}["725"] == 3
    assert {r["key"]: r["count"] for r in body["by_park"]}["vsip-1"] == 2
    api.force_authenticate(users["dost"])
    body = api.get("/api/economy/stats", {"sector": "C"}).json()
    assert body["total"] == 6 and body["totals"]["employees"] == 320 + 850 + 1200 + 3400 + 8 + 60
    html = client.get("/economy/stats/").content.decode()
    assert html.count("<svg") >= 6 and 'data-key="C"' in html


def test_other_pages_render(client, client_as, register, users):
    from smartcity.economy.models import DuplicateCandidate

    by = register["by_name"]
    DuplicateCandidate.objects.create(enterprise=by["Công ty TNHH Nhựa Đức Thành"], other=by["Công ty TNHH Gỗ Minh Phát"], reason="name", score=70)
    home = client.get("/economy/").content.decode()
    assert "Cơ sở dữ liệu doanh nghiệp dùng chung" in home and "/economy/duplicates/" not in home
    park = client.get("/economy/parks/vsip-1/").content.decode()
    assert "Công ty TNHH Katsura Electronics Việt Nam" in park and 'id="eco-map-data"' in park
    assert client.get("/economy/parks/").status_code == 200
    c = client_as(users["dpi"])
    assert "/economy/duplicates/" in c.get("/economy/").content.decode()
    dup = c.get("/economy/duplicates/").content.decode()
    assert dup.count('class="card eco-dup"') == 1
    assert c.get("/economy/import/").status_code == 200 and c.get("/economy/enterprises/new/").status_code == 200
    cand = DuplicateCandidate.objects.get()
    assert c.post(f"/economy/duplicates/{cand.pk}/", {"decision": "keep_second"}).status_code == 302
    assert by["Công ty TNHH Nhựa Đức Thành"].__class__.objects.get(pk=by["Công ty TNHH Nhựa Đức Thành"].pk).merged_into_id == by["Công ty TNHH Gỗ Minh Phát"].pk


def test_sqlite_index_rebuilt_when_triggers_are_lost(register):
    """A table rebuild by a later migration drops the FTS triggers; the post-migrate check
    puts them back and search finds records written meanwhile."""
    from django.db import connection

    from smartcity.economy.search_hooks import ensure_sqlite_fts

    if connection.vendor != "sqlite":
        assert ensure_sqlite_fts() is False
        return
    assert ensure_sqlite_fts() is False  # whole: nothing to do
    with connection.cursor() as c:
        c.execute("DROP TRIGGER economy_enterprise_fts_ai")
    e = Enterprise.objects.create(owner=register["dpi"], tax_code=next(register["codes"]), name_vi="Công ty TNHH Gốm sứ Lái Thiêu")
    assert ensure_sqlite_fts() is True
    assert list(search.search(Enterprise.objects.all(), "gom su lai thieu")) == [e]

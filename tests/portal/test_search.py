"""Site search: Vietnamese with or without diacritics, across articles, plan items,
open datasets and module pages."""
import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan_item(reference):
    from smartcity.core.models import Organisation
    from smartcity.programme.models import Item, Plan

    dic = Organisation.objects.get(code="DIC")
    plan = Plan.objects.create(code="kh-thu", owner=dic, number="11/KH-BDH", title_vi="Kế hoạch thử", issued_on="2018-03-08",
                               year=2018, start_date="2018-01-01", end_date="2018-12-31")
    return Item.objects.create(plan=plan, owner=dic, kind="item", number="II.10.1", title_vi="Lộ trình Wi-Fi công cộng miễn phí",
                               title_en="Free public Wi-Fi road map", reference="P18")


def test_search_with_and_without_diacritics(client, make_article, plan_item):
    from smartcity.portal import search

    search._INDEX.clear()
    make_article("khong-khi", title_vi="Chất lượng không khí Thủ Dầu Một", title_en="Air quality in Thu Dau Mot")
    make_article("chua-dang", title_vi="Không khí ngày mai", days=-1)
    for q in ("không khí thủ dầu một", "khong khi thu dau mot", "KHONG KHI"):
        page = client.get("/portal/tim-kiem/", {"q": q}).content.decode()
        assert "Chất lượng không khí Thủ Dầu Một" in page and "Không khí ngày mai" not in page, q
    result = search.search("wi-fi cong cong")
    items = [g for g in result["groups"] if g["kind"] == "item"][0]["results"]
    assert items[0]["title"] == "II.10.1 Lộ trình Wi-Fi công cộng miễn phí" and items[0]["url"] == f"/programme/items/{plan_item.pk}/"
    pages = search.search("ban do wifi")
    assert any(r["url"] == "/wifi/" for g in pages["groups"] for r in g["results"])
    assert search.search("xyzzy khong co")["total"] == 0


def test_search_finds_open_datasets(client, reference):
    from smartcity.core.models import Organisation
    from smartcity.opendata.models import Dataset, Licence
    from smartcity.portal.search import search

    licence = Licence.objects.create(code="cc-by-4.0", title="Creative Commons Attribution 4.0",
                                     url="https://creativecommons.org/licenses/by/4.0/")
    Dataset.objects.create(licence=licence, slug="chi-so-aqi-gio", owner=Organisation.objects.get(code="DONRE"), theme="ENVI",
                           title_vi="Chỉ số chất lượng không khí theo giờ", title_en="Hourly air quality index",
                           description_vi="VN_AQI từng giờ của các trạm quan trắc tự động.")
    found = search("chi so chat luong khong khi")
    datasets = [g for g in found["groups"] if g["kind"] == "dataset"][0]["results"]
    assert [d["url"] for d in datasets] == ["/opendata/d/chi-so-aqi-gio/"]

"""Articles: who may write them, scheduling, history, images cleaned of EXIF, the public
list and detail pages, the feeds and the page cache."""
import datetime as dt
import io
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db


def _form(category, **extra):
    data = {"title_vi": "Ra mắt bản đồ xe buýt trực tuyến", "title_en": "Live bus map launched", "slug": "ban-do-xe-buyt",
            "category": category.pk, "summary_vi": "Vị trí xe buýt cập nhật từng giây.", "summary_en": "Bus positions live.",
            "body_vi": '<p onmouseover="x()">Xem <a href="javascript:alert(1)">bản đồ</a></p><script>alert(1)</script>',
            "body_en": "<p>See the map</p>", "status": "published",
            "publish_at": (timezone.localtime() - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"), "published": "on"}
    data.update(extra)
    return data


def test_anonymous_is_sent_to_login_and_other_departments_get_403(client, donre_editor, category, make_article):
    article = make_article()
    for url in ("/portal/quan-tri/", "/portal/quan-tri/moi/", f"/portal/quan-tri/{article.pk}/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    client.force_login(donre_editor)
    for url in ("/portal/quan-tri/", "/portal/quan-tri/moi/", f"/portal/quan-tri/{article.pk}/",
                f"/portal/quan-tri/{article.pk}/xoa/"):
        assert client.get(url).status_code == 403
    assert client.post("/portal/quan-tri/moi/", _form(category)).status_code == 403
    assert client.post(f"/portal/quan-tri/{article.pk}/xoa/").status_code == 403
    from smartcity.portal.models import Article

    assert list(Article.objects.values_list("slug", flat=True)) == ["tuyen-xe-buyt-70"]


def test_department_editor_writes_sanitised_article_with_history(client, dic_editor, category):
    from smartcity.portal.models import Article

    client.force_login(dic_editor)
    form_page = client.get("/portal/quan-tri/moi/").content.decode()
    assert 'class="toolbar"' in form_page and 'name="body_vi"' in form_page
    response = client.post("/portal/quan-tri/moi/", _form(category))
    assert response.status_code == 302
    article = Article.objects.get(slug="ban-do-xe-buyt")
    assert article.owner.code == "DIC" and article.author == dic_editor
    assert article.body_vi == "<p>Xem <a>bản đồ</a></p>"
    assert "ban do xe buyt" in article.search_text
    response = client.post(f"/portal/quan-tri/{article.pk}/", _form(category, title_vi="Bản đồ xe buýt trực tuyến"))
    assert response.status_code == 302
    versions = list(article.history.order_by("history_date").values_list("title_vi", flat=True))
    assert versions == ["Ra mắt bản đồ xe buýt trực tuyến", "Bản đồ xe buýt trực tuyến"]
    page = client.get(f"/portal/quan-tri/{article.pk}/lich-su/")
    assert page.status_code == 200 and "Ra mắt bản đồ xe buýt trực tuyến" in page.content.decode()
    assert client.get("/portal/tin-tuc/ban-do-xe-buyt/").status_code == 200
    assert "Bản đồ xe buýt trực tuyến" in client.get("/portal/quan-tri/").content.decode()


def test_scheduled_and_draft_articles_stay_hidden(client, make_article):
    from smartcity.portal import cache as portal_cache
    from smartcity.portal.models import Article

    make_article("da-dang", title_vi="Bài đã đăng")
    make_article("se-dang", title_vi="Bài sẽ đăng", days=-2)
    make_article("ban-nhap", title_vi="Bài nháp", status="draft")
    listing = client.get("/portal/tin-tuc/").content.decode()
    assert "Bài đã đăng" in listing and "Bài sẽ đăng" not in listing and "Bài nháp" not in listing
    assert client.get("/portal/tin-tuc/se-dang/").status_code == 404
    assert client.get("/portal/tin-tuc/ban-nhap/").status_code == 404
    # the moment comes: the article shows without anyone saving it (the cache token counts live ones)
    Article.objects.filter(slug="se-dang").update(publish_at=timezone.now() - dt.timedelta(minutes=1))
    portal_cache.forget_token()  # what a second's wait does in a web process
    assert "Bài sẽ đăng" in client.get("/portal/tin-tuc/").content.decode()
    assert client.get("/portal/tin-tuc/se-dang/").status_code == 200


def test_image_upload_is_stripped_of_exif_and_thumbnailed(client, dic_editor, make_article):
    from PIL import Image

    article = make_article()
    img = Image.new("RGB", (1600, 900), (30, 120, 200))
    exif = Image.Exif()
    exif[0x010F] = "Máy ảnh thử"  # Make
    exif[0x8825] = {1: "N", 2: (10.0, 58.0, 47.0), 3: "E", 4: (106.0, 39.0, 8.0)}  # GPS
    raw = io.BytesIO()
    img.save(raw, "JPEG", exif=exif)
    data = raw.getvalue()
    assert Image.open(io.BytesIO(data)).getexif()  # the upload carries EXIF
    client.force_login(dic_editor)
    upload = io.BytesIO(data)
    upload.name = "anh-xe-buyt.jpg"
    response = client.post(f"/portal/quan-tri/{article.pk}/anh/", {"file": upload, "alt_vi": "Xe buýt tuyến 70", "alt_en": "Route 70 bus"})
    assert response.status_code == 302
    image = article.images.get()
    stored = Image.open(io.BytesIO(bytes(image.data)))
    assert dict(stored.getexif()) == {} and "exif" not in stored.info
    assert (image.width, image.height) == (1600, 900)
    assert Image.open(io.BytesIO(bytes(image.thumb))).size == (640, 360)
    served = client.get(f"/portal/anh/{image.pk}/full.img")
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg" and served.content == bytes(image.data)
    fake = io.BytesIO(b"<svg onload=alert(1)></svg>")
    fake.name = "anh.jpg"
    client.post(f"/portal/quan-tri/{article.pk}/anh/", {"file": fake, "alt_vi": "giả"})
    assert article.images.count() == 1


def test_news_list_filters_paginates_and_feeds_parse(client, make_article, category):
    from smartcity.portal.models import Category

    other = Category.objects.create(slug="moi-truong", owner=category.owner, name_vi="Môi trường", name_en="Environment")
    for i in range(11):
        make_article(f"bai-{i}", title_vi=f"Tin giao thông số {i}", days=i + 1)
    make_article("khong-khi", title_vi="Chất lượng không khí", category=other)
    make_article("tuong-lai", title_vi="Tin tương lai", days=-1)
    first = client.get("/portal/tin-tuc/").content.decode()
    assert first.count('class="article-card"') == 9 and "Trang 1 / 2" in first or "Page 1 of 2" in first
    second = client.get("/portal/tin-tuc/?page=2").content.decode()
    assert second.count('class="article-card"') == 3
    env = client.get("/portal/tin-tuc/?category=moi-truong").content.decode()
    assert "Chất lượng không khí" in env and "Tin giao thông số 0" not in env
    assert client.get("/portal/tin-tuc/?category=khong-co").status_code == 404
    rss = ET.fromstring(client.get("/portal/tin-tuc/rss.xml").content)
    titles = [i.findtext("title") for i in rss.iter("item")]
    assert len(titles) == 12 and "Tin tương lai" not in titles and "Chất lượng không khí" in titles
    atom = ET.fromstring(client.get("/portal/tin-tuc/atom.xml").content)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert len(atom.findall("a:entry", ns)) == 12
    assert atom.find("a:entry/a:link", ns).get("href").startswith("http://testserver/portal/tin-tuc/")


def test_pages_are_cached_and_invalidated_when_an_article_is_saved(client, make_article):
    from smartcity.portal import services
    from smartcity.portal.models import Article

    make_article()
    first = client.get("/portal/tin-tuc/tuyen-xe-buyt-70/")
    assert first["X-Portal-Cache"] == "miss" and first["ETag"] and first["Last-Modified"]
    again = client.get("/portal/tin-tuc/tuyen-xe-buyt-70/")
    # answered by the first middleware, before sessions and auth: same body, headers of the page
    assert again["X-Portal-Cache"] == "hit-early" and again.content == first.content and again["ETag"] == first["ETag"]
    assert again["Content-Language"] == "vi" and again["X-Frame-Options"] == "DENY" and "max-age=" in again["Cache-Control"]
    assert client.get("/portal/tin-tuc/tuyen-xe-buyt-70/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    english = client.get("/portal/tin-tuc/tuyen-xe-buyt-70/?lang=en")
    assert "Bus route 70 links the New City with My Phuoc" in english.content.decode()  # one cached copy per language
    assert english["X-Portal-Cache"] == "miss" and english["Content-Language"] == "en"
    assert client.get("/portal/tin-tuc/tuyen-xe-buyt-70/?lang=en")["X-Portal-Cache"] == "hit-early"
    staff = client.get("/portal/quan-tri/")
    assert staff.status_code == 302 and "X-Portal-Cache" not in staff  # staff pages go down the whole stack
    assert client.head("/portal/tin-tuc/tuyen-xe-buyt-70/")["X-Portal-Cache"] == "hit-early"
    article = Article.objects.get()
    article.title_vi = "Tuyến 70 tăng chuyến giờ cao điểm"
    services.save_article(article, check=False)
    fresh = client.get("/portal/tin-tuc/tuyen-xe-buyt-70/")
    assert fresh["X-Portal-Cache"] == "miss" and "Tuyến 70 tăng chuyến giờ cao điểm" in fresh.content.decode()
    assert fresh["ETag"] != first["ETag"]
    news = client.get("/portal/tin-tuc/").content.decode()
    assert "Tuyến 70 tăng chuyến giờ cao điểm" in news

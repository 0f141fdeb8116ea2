"""The public accountability page (/programme/) and the public progress API: published plans
and items only, filters, both languages."""
import datetime as dt

import pytest

from tests.programme.factories import make_small_plan


def cards(html):
    start = html.index('id="prog-item-cards"')
    end = html.index("</ul>", start)
    return [chunk.split('"')[0] for chunk in html[start:end].split('data-item="')[1:]]


def test_home_lists_published_items_vietnamese(client, small_plan):
    plan, items, status = small_plan
    response = client.get("/programme/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="vi">' in html and html.count("<h1") == 1
    assert plan.title_vi in html and "11/KH-BDH" in html and "08/03/2018" in html
    assert "tính đến ngày" in html and "31/12/2018" in html
    assert cards(html) == ["II.4.1", "II.4.2", "II.9.1", "II.9.3", "III.4"]
    assert f'href="/programme/items/{items["II.4.1"].pk}/"' in html
    assert 'data-overall="20.0"' in html and "20,0 %" in html
    assert 'data-programme="II.4"' in html and 'data-programme="II.9"' in html
    assert "Chậm tiến độ" in html  # II.4.2's status badge
    for control in ("prog-f-status", "prog-f-unit", "prog-f-programme", "prog-as-of"):
        assert f'for="{control}"' in html and f'id="{control}"' in html
    assert 'href="/programme/helix/"' in html  # the links to the public parts


def test_unpublished_item_disappears(client, small_plan):
    plan, items, status = small_plan
    items["II.9.1"].published = False
    items["II.9.1"].save()
    html = client.get("/programme/").content.decode()
    assert "II.9.1" not in cards(html)
    assert items["II.9.1"].title_vi not in html
    # II.9 = II.9.3 alone (0 %), so section II = (30 + 0) / 2 = 15 and the plan = (15 + 0) / 2 = 7.5
    assert 'data-overall="7.5"' in html
    plan.published = False
    plan.save()
    html = client.get("/programme/").content.decode()
    assert 'id="prog-no-plan"' in html and plan.title_vi not in html


def test_filters(client, small_plan):
    plan, items, status = small_plan
    assert cards(client.get("/programme/?status=behind").content.decode()) == ["II.4.2"]
    assert cards(client.get("/programme/?unit=DONRE").content.decode()) == ["II.9.1", "II.9.3"]
    assert cards(client.get("/programme/?programme=II.4").content.decode()) == ["II.4.1", "II.4.2"]
    assert cards(client.get("/programme/?programme=III").content.decode()) == ["III.4"]
    assert cards(client.get("/programme/?programme=II.9&status=done").content.decode()) == ["II.9.1"]
    assert client.get("/programme/?programme=II.99").status_code == 404


def test_english(client, small_plan):
    html = client.get("/programme/?lang=en").content.decode()
    assert '<html lang="en">' in html
    assert "Plan for implementing the Binh Duong Smart City programme in 2018" in html
    assert "Smart transport roadmap" in html and "Behind schedule" in html and "as of" in html
    assert "20.0 %" in html


def test_public_api(client, small_plan):
    plan, items, status = small_plan
    response = client.get(f"/api/programme/public/progress?plan={plan.code}")
    assert response.status_code == 200 and response["Access-Control-Allow-Origin"] == "*"
    body = response.json()
    assert body["plan"]["number"] == "11/KH-BDH" and body["as_of"] == "2018-12-31" and body["overall"] == 20.0
    assert [(p["number"], p["progress"]) for p in body["programmes"]] == [("II.4", 30.0), ("II.9", 50.0)]
    ii42 = next(i for i in body["items"] if i["number"] == "II.4.2")
    assert ii42["status"]["key"] == "behind" and ii42["status"]["name_en"] == "Behind schedule"
    assert ii42["title_vi"].startswith("Nâng cao chất lượng") and ii42["title_en"] == "Improving the quality of public bus transport"
    assert ii42["lead"]["code"] == "DOT" and ii42["deadline"] == "2018-10-31" and ii42["programme"] == "II.4"
    assert ii42["url"] == f"http://testserver/programme/items/{items['II.4.2'].pk}/"
    assert "budget" not in body and "escalations" not in body and "published" not in body["plan"]
    items["II.4.2"].published = False
    items["II.4.2"].save()
    body = client.get(f"/api/programme/public/progress?plan={plan.code}").json()
    assert "II.4.2" not in [i["number"] for i in body["items"]]
    assert client.get(f"/api/programme/public/progress?plan={plan.code}&as_of=2018-06-01").json()["as_of"] == "2018-06-01"
    assert client.get(f"/api/programme/public/progress?plan={plan.code}&as_of=xx").status_code == 400
    plan.published = False
    plan.save()
    response = client.get(f"/api/programme/public/progress?plan={plan.code}")
    assert response.status_code == 404 and response.json()["errors"]


def test_public_api_default_plan_and_reverse(client, small_plan):
    from django.urls import reverse

    assert reverse("api-prog-public-progress") == "/api/programme/public/progress"
    other, _, _ = make_small_plan("kh-thu-nghiem-2019")
    other.issued_on = dt.date(2019, 2, 20)
    other.save()
    assert client.get("/api/programme/public/progress").json()["plan"]["code"] == other.code


@pytest.mark.django_db
def test_public_home_without_plan(client):
    response = client.get("/programme/")
    assert response.status_code == 200 and 'id="prog-no-plan"' in response.content.decode()

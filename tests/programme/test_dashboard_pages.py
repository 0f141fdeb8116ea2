"""The executive dashboard page and its JSON: login required, tiles and tables from the
summary, the as-of date and the plan chosen by the query, Vietnamese and English."""
import datetime as dt
import json

import pytest

from tests.programme.factories import make_small_plan


def embedded(response, name="prog-dashboard-data"):
    html = response.content.decode()
    start = html.index(f'<script id="{name}" type="application/json">') + len(f'<script id="{name}" type="application/json">')
    return json.loads(html[start:html.index("</script>", start)])


def tile(html, key):
    start = html.index(f'data-tile="{key}"')
    num = html.index('class="prog-num">', start) + len('class="prog-num">')
    return html[num:html.index("</span>", num)]


def test_login_required(client, small_plan):
    response = client.get("/programme/dashboard/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    response = client.get("/programme/dashboard/data.json")
    assert response.status_code == 403 and response.json()["errors"]


def test_dashboard_page_vietnamese(client_as, make_user, small_plan):
    plan, items, status = small_plan
    client = client_as(make_user("dot.lan", "DOT"))
    response = client.get("/programme/dashboard/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="vi">' in html and html.count("<h1") == 1
    assert "Bảng điều hành" in html  # the Vietnamese title
    assert tile(html, "overall") == "20,0 %"
    assert tile(html, "done") == "1 / 5"
    assert tile(html, "overdue_items") == "2"
    assert 'data-item="II.4.2"' in html and 'data-item="III.4"' in html  # the overdue table
    assert f'href="/programme/items/{items["II.4.2"].pk}/"' in html
    data = embedded(response)
    assert data["as_of"] == "2018-12-31" and [p["number"] for p in data["programmes"]] == ["II.4", "II.9"]
    labels = embedded(response, "prog-dashboard-labels")
    assert labels["as_of"] == "tính đến ngày"
    assert 'for="prog-as-of"' in html and 'id="prog-as-of"' in html  # the date field has its label
    assert "programme/dashboard.js" in html and "programme/programme.css" in html


def test_dashboard_as_of_and_english(client_as, make_user, small_plan):
    client = client_as(make_user("bdh.an", "BDH"))
    response = client.get("/programme/dashboard/?as_of=2018-04-20&lang=en")
    html = response.content.decode()
    assert '<html lang="en">' in html and "Executive dashboard" in html
    assert tile(html, "overall") == "20.0 %"
    assert tile(html, "overdue_items") == "1"  # III.4 only: II.4.2 is not due before 31/10
    assert 'data-sub="overdue_unit_plans">2<' in html  # DOT's and DONRE's plans were due on 15/04
    assert "Department of Transport" in html
    response = client.get("/programme/dashboard/?as_of=20-04-2018")
    assert response.status_code == 200 and "không phải là ngày" in response.content.decode()


def test_json_endpoint(client_as, make_user, small_plan):
    plan, items, status = small_plan
    client = client_as(make_user("donre.minh", "DONRE"))
    body = client.get("/programme/dashboard/data.json?as_of=2019-01-01").json()
    assert body["as_of"] == "2019-01-01" and body["counts"]["overdue_items"] == 4
    assert body["plan"]["code"] == plan.code and body["overall"] == 20.0
    assert body["timeline"]["groups"][0]["rows"][0]["number"] == "II.4.1"
    assert client.get("/programme/dashboard/data.json?as_of=hôm-nay").status_code == 400
    response = client.get("/programme/dashboard/data.json?plan=khong-co")
    assert response.status_code == 404 and response.json()["errors"]


def test_plan_selector_when_several_plans(client_as, make_user, small_plan):
    plan, items, status = small_plan
    other, _, _ = make_small_plan("kh-thu-nghiem-2019")
    other.year, other.number, other.issued_on = 2019, "05/KH-BDH", dt.date(2019, 2, 20)
    other.save()
    client = client_as(make_user("bdh.an", "BDH"))
    html = client.get("/programme/dashboard/").content.decode()
    assert 'id="prog-plan"' in html and "05/KH-BDH" in html and "11/KH-BDH" in html
    assert f'<option value="{other.code}" selected' in html  # the newest by default
    html = client.get(f"/programme/dashboard/?plan={plan.code}").content.decode()
    assert f'<option value="{plan.code}" selected' in html
    assert client.get("/programme/dashboard/?plan=khong-co").status_code == 404


@pytest.mark.django_db
def test_no_plan_yet(client_as, make_user):
    client = client_as(make_user("bdh.an", "BDH"))
    response = client.get("/programme/dashboard/")
    assert response.status_code == 200 and 'id="prog-no-plan"' in response.content.decode()

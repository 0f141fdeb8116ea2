"""Answering by token: recipients chosen by filters, e-mail and letters, a saved draft, one
submission per token (API and page, with CSRF enforced), the closing date, the open link's
rate limit, reminders and the response rate."""
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from smartcity.surveys import services
from tests.surveys.conftest import GOOD


def test_recipients_by_filters_and_profiles(make_campaign, enterprises):
    campaign = make_campaign()
    assert services.add_recipients(campaign, {"sectors": ["C"], "sizes": ["small", "medium"]}) == 2
    assert {r.enterprise.name_vi for r in campaign.recipients.all()} == {"Công ty TNHH Giày da Tân Uyên", "Công ty TNHH Cơ khí Bến Cát"}
    assert services.add_recipients(campaign, {"parks": ["vsip-1"], "fdi": "yes"}) == 1  # the FDI garment firm
    assert services.add_recipients(campaign, {}) == 3  # the rest; nobody twice
    profiles = {r.enterprise.tax_code: r.profile for r in campaign.recipients.select_related("enterprise")}
    assert profiles["3700000000"] == {"sector": "C", "size": "large", "park": "vsip-1", "fdi": True}
    assert profiles["3700000004"] == {"sector": "G", "size": "medium", "park": "", "fdi": True}  # trade: 70 > 50
    tokens = list(campaign.recipients.values_list("token", flat=True))
    assert len(set(tokens)) == 6 and all(len(t) >= 32 for t in tokens)


def test_send_letters_remind_and_rate(make_campaign, enterprises, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    campaign = make_campaign()
    services.add_recipients(campaign, {})
    out = services.send(campaign)
    assert out == {"sent": 6, "emailed": 5, "letters": 1}  # one enterprise has no e-mail address
    first = campaign.recipients.order_by("pk").first()
    assert services.answer_url(first) in mail.outbox[0].body and "Kính gửi: Công ty TNHH May mặc Phú Cường" in mail.outbox[0].body
    services.submit(first, GOOD)
    assert services.remind(campaign) == 4  # submitted and address-less ones are not reminded
    assert mail.outbox[-1].subject.startswith("[Nhắc lại]")
    assert [h.state for h in campaign.recipients.get(pk=first.pk).history.order_by("history_date", "history_id")] == ["pending", "sent", "submitted"]
    rate = services.response_rate(campaign)
    assert rate["sent"] == 6 and rate["states"]["submitted"] == 1 and rate["rate"] == round(1 / 6, 4)
    from smartcity.surveys.exports import letters_pdf

    pdf = letters_pdf(campaign, list(campaign.recipients.filter(email="")))
    assert pdf.startswith(b"%PDF") and len(pdf) > 2000


def test_api_draft_then_submit_once(api, make_campaign, enterprises):
    campaign = make_campaign()
    services.add_recipients(campaign, {"limit": 1})
    r = campaign.recipients.get()
    url = f"/api/surveys/answer/{r.token}/"
    body = api.get(url).json()
    assert body["questionnaire"]["definition"]["sections"][0]["key"] == "chung" and body["state"] == "opened"
    # a draft keeps what is valid and says what is not
    body = api.post(url, {"answers": {"outlook": "keep", "hires": "nhiều"}, "submit": False}, format="json").json()
    assert body["state"] == "partial" and body["answers"] == {"outlook": "keep"}
    assert body["problems"][0]["field"] == "hires" and body["problems"][0]["code"] == "not_a_number"
    # submission refused with one error per question, in the error shape
    bad = api.post(url, {"answers": {"outlook": "keep"}, "submit": True}, format="json")
    assert bad.status_code == 400
    err = bad.json()
    assert err["code"] == "validation_error" and {e["field"] for e in err["errors"]} == {"difficulties", "procedures", "infra.power", "infra.water"}
    ok = api.post(url, {"answers": GOOD, "submit": True}, format="json")
    assert ok.status_code == 200 and ok.json()["state"] == "submitted"
    again = api.post(url, {"answers": GOOD, "submit": True}, format="json")
    assert again.status_code == 409 and again.json()["code"] == "already_submitted"
    assert api.post(url, {"answers": {}, "submit": False}, format="json").status_code == 409  # no more drafts either
    assert api.get("/api/surveys/answer/not-a-real-token-at-all-xxxxxxxxxx/").status_code == 404


def test_closed_campaign_refuses(api, make_campaign, enterprises):
    now = timezone.now()
    campaign = make_campaign(opens_at=now - timedelta(days=30), closes_at=now - timedelta(days=1))
    services.add_recipients(campaign, {"limit": 1})
    r = campaign.recipients.get()
    resp = api.post(f"/api/surveys/answer/{r.token}/", {"answers": GOOD, "submit": True}, format="json")
    assert resp.status_code == 409 and resp.json()["code"] == "closed"


def test_page_with_csrf_saves_a_draft_then_submits_once(make_campaign, enterprises):
    campaign = make_campaign()
    services.add_recipients(campaign, {"limit": 1})
    r = campaign.recipients.get()
    c = Client(enforce_csrf_checks=True)
    url = f"/surveys/a/{r.token}/"
    page = c.get(url)
    assert page.status_code == 200 and "Kế hoạch kinh doanh 2026-2028?" in page.content.decode()
    token = page.cookies["csrftoken"].value
    assert c.post(url, {"outlook": "keep", "action": "save"}).status_code == 403  # no CSRF token: refused
    saved = c.post(url, {"csrfmiddlewaretoken": token, "outlook": "keep", "procedures": "4", "action": "save"})
    assert saved.status_code == 200 and "đã được lưu" in saved.content.decode()
    r.refresh_from_db()
    assert r.state == "partial" and r.answers == {"outlook": "keep", "procedures": 4}
    missing = c.post(url, {"csrfmiddlewaretoken": token, "outlook": "keep", "action": "submit"})
    assert missing.status_code == 400 and "Câu hỏi này cần được trả lời." in missing.content.decode()
    form = {"csrfmiddlewaretoken": token, "outlook": "keep", "difficulties": ["labour", "other"], "difficulties:other": "Nhà ở công nhân",
            "procedures": "2", "infra.power": "3", "infra.water": "5", "action": "submit"}
    done = c.post(url, form)
    assert done.status_code == 302 and done["Location"].endswith("/thanks/")
    r.refresh_from_db()
    assert r.state == "submitted" and r.answers["difficulties"] == ["labour", "other"] and r.answers["difficulties:other"] == "Nhà ở công nhân"
    assert c.post(url, form).status_code == 409
    assert "đã được gửi" in c.get(url).content.decode()


def test_open_link_is_rate_limited(api, make_campaign, settings):
    settings.SURVEYS_OPEN_LIMIT = 3
    campaign = make_campaign(open_link=True)
    url = f"/api/surveys/open/{campaign.public_token}/"
    made = [api.post(url, REMOTE_ADDR="203.113.1.9") for _ in range(3)]
    assert [m.status_code for m in made] == [201, 201, 201] and len({m.json()["token"] for m in made}) == 3
    refused = api.post(url, REMOTE_ADDR="203.113.1.9")
    assert refused.status_code == 429 and refused.json()["code"] == "rate_limited"
    assert api.post(url, REMOTE_ADDR="203.113.1.10").status_code == 201  # another connection is not blocked
    token = made[0].json()["token"]
    assert api.post(f"/api/surveys/answer/{token}/", {"answers": GOOD, "submit": True}, format="json").status_code == 200
    assert services.response_rate(campaign)["open_link_submitted"] == 1
    closed = make_campaign(code="khong-mo", open_link=False)
    assert api.post(f"/api/surveys/open/{closed.public_token}/").status_code == 404


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    cache.clear()

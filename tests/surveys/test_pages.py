"""The staff pages end to end with the test client: the module home, a new campaign from a
published version, choosing recipients, sending, reminding, the letters PDF, a finding, the
question editor; and the open link's start page."""
from django.core import mail

from smartcity.surveys.models import Campaign


def test_staff_runs_a_campaign_from_the_pages(client_as, dpi_user, make_campaign, enterprises, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    first = make_campaign()
    version = first.version
    c = client_as(dpi_user)
    home = c.get("/surveys/").content.decode()
    assert "Khảo sát nhu cầu doanh nghiệp 2026" in home and 'id="sv-campaigns"' in home
    assert c.get(f"/surveys/q/{version.questionnaire_id}/v/1/question/").status_code == 302  # frozen: back to the page
    r = c.post(f"/surveys/v/{version.pk}/campaign/", {"title_vi": "Khảo sát doanh nghiệp FDI 2026", "title_en": "FDI survey 2026",
                                                     "opens_at": "2026-01-05T08:00", "closes_at": "2099-02-28T17:00",
                                                     "open_link": "on", "contact": "Phòng Doanh nghiệp, Sở KH&ĐT"})
    assert r.status_code == 302
    campaign = Campaign.objects.get(title_vi="Khảo sát doanh nghiệp FDI 2026")
    assert campaign.owner.code == "DPI" and campaign.version == version
    assert c.post(f"/surveys/c/{campaign.pk}/", {"fdi": "yes"}).status_code == 302
    assert campaign.recipients.count() == 2
    c.post(f"/surveys/c/{campaign.pk}/send/")
    assert len(mail.outbox) == 2 and campaign.recipients.filter(state="sent").count() == 2
    c.post(f"/surveys/c/{campaign.pk}/remind/")
    assert len(mail.outbox) == 4 and campaign.recipients.filter(reminders=1).count() == 2
    page = c.get(f"/surveys/c/{campaign.pk}/").content.decode()
    assert "<svg" in page and f"/surveys/o/{campaign.public_token}/" in page  # the open link and its QR
    pdf = c.get(f"/surveys/c/{campaign.pk}/letters.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    r = c.post(f"/surveys/c/{campaign.pk}/findings/", {"title_vi": "Thủ tục đầu tư còn chậm", "text_vi": "Doanh nghiệp FDI chấm thấp.",
                                                      "evidence": ["procedures"], "severity": "high", "priority": 1})
    assert r.status_code == 302 and campaign.findings.get().evidence == ["procedures"]
    edit = c.post(f"/surveys/c/{campaign.pk}/edit/", {"title_vi": "Khảo sát doanh nghiệp FDI 2026", "opens_at": "2026-01-05T08:00",
                                                    "closes_at": "2099-03-31T17:00"})
    assert edit.status_code == 302
    campaign.refresh_from_db()
    assert campaign.closes_at.month == 3 and not campaign.open_link  # the closing date moved, the open link closed
    results = c.get(f"/surveys/c/{campaign.pk}/results/?by=fdi")
    assert results.status_code == 200


def test_open_link_page_starts_an_anonymous_answer(client, make_campaign):
    campaign = make_campaign(open_link=True)
    page = client.get(f"/surveys/o/{campaign.public_token}/")
    assert page.status_code == 200 and "sv-submit" in page.content.decode()
    r = client.post(f"/surveys/o/{campaign.public_token}/")
    assert r.status_code == 302 and r["Location"].startswith("/surveys/a/")
    recipient = campaign.recipients.get()
    assert recipient.channel == "open" and recipient.enterprise is None and r["Location"] == f"/surveys/a/{recipient.token}/"
    assert client.get(r["Location"]).status_code == 200
    assert client.get("/surveys/o/khong-ton-tai/").status_code == 404

"""Senders: the log sender of the demo, Django mail, and an HTTP SMS gateway reached over a
real loopback connection."""
import logging
import time

import pytest

from smartcity.onestop.senders import EmailSender, HttpSmsSender, LogSender, SendError, sender_for
from tests.onestop.sms_gateway import Gateway


def test_log_sender_logs_the_message_with_the_number_masked(caplog):
    with caplog.at_level(logging.INFO, logger="smartcity.onestop.notify"):
        LogSender().send("0908123456", "Hồ sơ SXD-260302-0001", "Hồ sơ đã được tiếp nhận")
    text = caplog.text
    assert "Hồ sơ đã được tiếp nhận" in text and "SXD-260302-0001" in text
    assert "0908123456" not in text and "456" in text


def test_http_sms_sender_posts_json_with_the_bearer_token():
    with Gateway() as gw:
        HttpSmsSender(url=gw.url, token="sms-gw-7f3a9c", timeout=3).send("0912654321", "Thông báo", "Hồ sơ DVTN-1 đã có kết quả")
    assert len(gw.requests) == 1
    req = gw.requests[0]
    assert req["path"] == "/sms/send"
    assert req["json"]["to"] == "0912654321" and req["json"]["message"] == "Hồ sơ DVTN-1 đã có kết quả"
    assert req["headers"]["Authorization"] == "Bearer sms-gw-7f3a9c"
    assert req["headers"]["Content-Type"].startswith("application/json")


def test_http_sms_sender_reads_settings(settings):
    with Gateway() as gw:
        settings.ONESTOP_SMS_GATEWAY_URL = gw.url
        settings.ONESTOP_SMS_GATEWAY_TOKEN = "token-binh-duong"
        HttpSmsSender().send("0978111222", "", "Mời đánh giá")
    assert gw.requests[0]["headers"]["Authorization"] == "Bearer token-binh-duong"


@pytest.mark.parametrize("status", [400, 500, 503])
def test_http_sms_sender_fails_on_an_error_status(status):
    with Gateway(status=status) as gw, pytest.raises(SendError, match=str(status)):
        HttpSmsSender(url=gw.url, token="t", timeout=3).send("0908123456", "", "x")


def test_http_sms_sender_gives_up_after_its_timeout():
    with Gateway(delay=1.5) as gw:
        start = time.monotonic()
        with pytest.raises(SendError):
            HttpSmsSender(url=gw.url, token="t", timeout=0.3).send("0908123456", "", "x")
        assert time.monotonic() - start < 1.2


def test_http_sms_sender_fails_when_nothing_listens_or_no_url():
    with Gateway() as gw:
        url = gw.url
    with pytest.raises(SendError):
        HttpSmsSender(url=url, token="t", timeout=1).send("0908123456", "", "x")
    with pytest.raises(SendError, match="ONESTOP_SMS_GATEWAY_URL"):
        HttpSmsSender(url="", token="").send("0908123456", "", "x")


def test_email_sender_uses_django_mail(mailoutbox, settings):
    settings.DEFAULT_FROM_EMAIL = "motcua@binhduong.gov.vn"
    EmailSender().send("mylinh.tran@yahoo.com", "Hồ sơ đã tiếp nhận", "Nội dung")
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["mylinh.tran@yahoo.com"] and mailoutbox[0].from_email == "motcua@binhduong.gov.vn"
    with pytest.raises(SendError):
        EmailSender().send("", "x", "y")


def test_senders_are_chosen_per_channel_by_settings(settings):
    assert isinstance(sender_for("sms"), LogSender) and isinstance(sender_for("email"), LogSender)
    settings.ONESTOP_SENDERS = {"sms": "smartcity.onestop.senders.HttpSmsSender"}
    assert isinstance(sender_for("sms"), HttpSmsSender)
    assert isinstance(sender_for("email"), LogSender)  # a channel left out keeps the default
    with pytest.raises(ValueError):
        sender_for("zalo")

"""Pluggable senders for the messages to an applicant (e-mail, SMS).

A sender is one small class with `send(recipient, subject, body)` that either returns or
raises `SendError`; `services.notify` stores the outcome on the Notification row. Which
class serves a channel is configuration, not code:

    ONESTOP_SENDERS = {
        "email": "smartcity.onestop.senders.EmailSender",
        "sms": "smartcity.onestop.senders.HttpSmsSender",
    }
    ONESTOP_SMS_GATEWAY_URL = "https://sms.example.vn/api/send"
    ONESTOP_SMS_GATEWAY_TOKEN = "..."
    ONESTOP_SMS_GATEWAY_TIMEOUT = 5  # seconds

Without settings both channels use `LogSender`, which writes the message to the
`smartcity.onestop.notify` logger: the demo needs no mail server and no SMS contract.
"""
import json
import logging
import urllib.error
import urllib.request

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("smartcity.onestop.notify")

CHANNELS = ("email", "sms")
DEFAULT_SENDERS = {"email": "smartcity.onestop.senders.LogSender", "sms": "smartcity.onestop.senders.LogSender"}


class SendError(Exception):
    """The message did not leave: the reason is stored on the Notification."""


class Sender:
    """One way of delivering a message. `name` is what the Notification row records."""

    @property
    def name(self) -> str:
        return type(self).__name__

    def send(self, recipient: str, subject: str, body: str) -> None:  # pragma: no cover - interface
        raise NotImplementedError


class LogSender(Sender):
    """The demo default: the message goes to the log and counts as sent. The recipient is
    logged masked, so the log does not become a copy of the applicants' contacts."""

    def send(self, recipient, subject, body):
        from smartcity.onestop.crypto import mask

        logger.info("message to %s: %s\n%s", mask(recipient, 0, 3), subject, body)


class EmailSender(Sender):
    """Django's mail (EMAIL_BACKEND, DEFAULT_FROM_EMAIL)."""

    def send(self, recipient, subject, body):
        from django.core.mail import send_mail

        if not recipient or "@" not in recipient:
            raise SendError("no e-mail address")
        try:
            send_mail(subject[:200], body, settings.DEFAULT_FROM_EMAIL, [recipient], fail_silently=False)
        except Exception as exc:  # SMTP and socket errors alike
            raise SendError(f"e-mail: {exc}") from exc


class HttpSmsSender(Sender):
    """An SMS gateway reached by an HTTP POST of JSON {"to", "message", "subject"} with a
    bearer token; any answer other than 2xx, a timeout or a refused connection is a failure."""

    def __init__(self, url: str | None = None, token: str | None = None, timeout: float | None = None):
        self.url = url if url is not None else getattr(settings, "ONESTOP_SMS_GATEWAY_URL", "")
        self.token = token if token is not None else getattr(settings, "ONESTOP_SMS_GATEWAY_TOKEN", "")
        self.timeout = float(timeout if timeout is not None else getattr(settings, "ONESTOP_SMS_GATEWAY_TIMEOUT", 5))

    def send(self, recipient, subject, body):
        if not self.url:
            raise SendError("ONESTOP_SMS_GATEWAY_URL is not set")
        if not recipient:
            raise SendError("no phone number")
        data = json.dumps({"to": recipient, "message": body, "subject": subject}, ensure_ascii=False).encode("utf-8")
        headers = {"Content-Type": "application/json; charset=utf-8", "User-Agent": "smartcity-onestop/1"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        request = urllib.request.Request(self.url, data=data, method="POST", headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                response.read(4096)
                if not 200 <= response.status < 300:
                    raise SendError(f"SMS gateway answered HTTP {response.status}")
        except urllib.error.HTTPError as exc:
            raise SendError(f"SMS gateway answered HTTP {exc.code}") from exc
        except (urllib.error.URLError, OSError, ValueError) as exc:
            raise SendError(f"SMS gateway: {getattr(exc, 'reason', exc)}") from exc


def sender_for(channel: str) -> Sender:
    """The configured sender for 'email' or 'sms' (a fresh instance, so settings changes
    apply at once)."""
    if channel not in CHANNELS:
        raise ValueError(f"unknown channel {channel!r}")
    configured = {**DEFAULT_SENDERS, **(getattr(settings, "ONESTOP_SENDERS", None) or {})}
    return import_string(configured[channel])()

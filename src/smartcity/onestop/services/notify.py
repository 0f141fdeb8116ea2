"""Messages to the applicant through pluggable senders (`onestop/senders.py`).

Contract:
    notify(dossier, event: str, *, extra: dict | None = None) -> list[Notification]
events: submitted, received, supplement, rejected, apology, result_ready, returned, survey.

One short SMS (Vietnamese, with diacritics: phones have shown Unicode SMS for years) to the
applicant's phone and one e-mail (Vietnamese, then English) to their address, each with
the dossier code, the appointment and the public lookup link (the same link as the QR on
the forms); after a return, the satisfaction survey link. A channel without an address is
skipped. Each message is a Notification row (recipient encrypted); the send happens at
once and its outcome is stored (`sent_at` or `error`): a failing gateway never breaks the
staff action that triggered the message.

`extra` may carry what the dossier does not hold yet: `items` (supplement list), `reason`
(refusal), `new_due_at` (apology), `summary` (result).
"""
import logging
from urllib.parse import quote

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

logger = logging.getLogger("smartcity.onestop.notify")

EVENTS = {
    "submitted": gettext_lazy("dossier submitted online"),
    "received": gettext_lazy("dossier received"),
    "supplement": gettext_lazy("documents to complete"),
    "rejected": gettext_lazy("dossier refused"),
    "apology": gettext_lazy("apology and new appointment"),
    "result_ready": gettext_lazy("result ready"),
    "returned": gettext_lazy("result returned"),
    "survey": gettext_lazy("satisfaction survey"),
}
SURVEY_EVENTS = ("returned", "survey")


def lookup_url(dossier) -> str:
    """The public status page for this dossier (also encoded in the forms' QR)."""
    return settings.SMARTCITY_BASE_URL + reverse("onestop-lookup") + "?code=" + quote(dossier.code)


def local_time(value) -> str:
    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M") if value else ""


def _context(dossier, event: str, extra: dict) -> dict:
    ctx = {"code": dossier.code, "due": local_time(extra.get("new_due_at") or dossier.due_at),
           "link": lookup_url(dossier), "procedure": dossier.procedure_version.name_vi,
           "items": "", "reason": extra.get("reason", ""), "survey": ""}
    if event == "supplement":
        items = extra.get("items")
        if items is None:
            last = dossier.supplements.order_by("-requested_at", "-id").first()
            items = last.items if last else []
        ctx["items"] = "; ".join(str(i) for i in items) or gettext_lazy("see the request to complete")
    if event == "rejected" and not ctx["reason"]:
        last = dossier.handoffs.filter(kind="reject").order_by("-seq").first()
        ctx["reason"] = (last.note if last else "") or gettext_lazy("see the refusal notice")
    if event == "apology" and not extra.get("new_due_at"):
        last = dossier.apologies.order_by("-issued_at", "-id").first()
        if last:
            ctx["due"] = local_time(last.new_due_at)
    if event in SURVEY_EVENTS:
        from smartcity.onestop.services import surveys

        ctx["survey"] = surveys.survey_url(surveys.create_invitation(dossier))
    return ctx


def _sms(event: str, c: dict) -> str:
    """The SMS in the active language: short, one message where possible."""
    texts = {
        "submitted": _("Dossier %(code)s was submitted online; the office will check it and confirm. Status: %(link)s"),
        "received": _("Dossier %(code)s is received. Appointment: %(due)s. Status: %(link)s"),
        "supplement": _("Dossier %(code)s must be completed: %(items)s. Status: %(link)s"),
        "rejected": _("Dossier %(code)s was refused: %(reason)s. Status: %(link)s"),
        "apology": _("We apologise: dossier %(code)s is delayed. New appointment: %(due)s. Status: %(link)s"),
        "result_ready": _("The result of dossier %(code)s is ready (appointment %(due)s). Status: %(link)s"),
        "returned": _("The result of dossier %(code)s was returned. Please rate our service: %(survey)s"),
        "survey": _("Please rate how dossier %(code)s was handled: %(survey)s"),
    }
    return texts[event] % c


def _email_part(event: str, c: dict) -> str:
    lines = [_sms(event, c), "",
             _("Procedure: %(procedure)s") % c,
             _("Dossier code: %(code)s") % c]
    if c["due"]:
        lines.append(_("Appointment to return the result: %(due)s") % c)
    lines.append(_("Look up the status (with the last 4 digits of your phone): %(link)s") % c)
    if c["survey"]:
        lines.append(_("Satisfaction survey: %(survey)s") % c)
    return "\n".join(lines)


def compose(dossier, event: str, extra: dict | None = None) -> dict:
    """{'sms': text, 'subject': ..., 'email': text}: the SMS in Vietnamese, the e-mail in
    Vietnamese then English."""
    if event not in EVENTS:
        raise ValueError(f"unknown notification event {event!r}")
    c = _context(dossier, event, extra or {})
    with translation.override("vi"):
        sms = _sms(event, c)
        subject = _("[One-stop shop] Dossier %(code)s: %(event)s") % {"code": c["code"], "event": EVENTS[event]}
        vi = _email_part(event, c)
    with translation.override("en"):
        en = _email_part(event, c)
    return {"sms": sms, "subject": subject, "email": vi + "\n\n---\n\n" + en}


def notify(dossier, event: str, *, extra: dict | None = None) -> list:
    from smartcity.onestop.models import Notification
    from smartcity.onestop.senders import sender_for

    message = compose(dossier, event, extra)
    out = []
    for channel, recipient, body in [("sms", dossier.applicant_phone, message["sms"]),
                                     ("email", dossier.applicant_email, message["email"])]:
        if not recipient:
            continue
        try:
            sender = sender_for(channel)
            sender_name = sender.name
        except Exception as exc:  # a wrong dotted path in settings must not break the dossier
            sender, sender_name = None, "?"
            error = f"sender not configured: {exc}"
        row = Notification.objects.create(dossier=dossier, channel=channel, event=event, recipient=recipient,
                                          body=body, sender=sender_name[:60])
        if sender is not None:
            error = ""
            try:
                sender.send(recipient, message["subject"], body)
            except Exception as exc:  # SendError, or a bug in a third-party sender
                error = str(exc) or type(exc).__name__
        if error:
            logger.warning("notification %s (%s, %s) for %s failed: %s", row.pk, channel, event, dossier.code, error)
            row.error = error[:2000]
            row.save(update_fields=["error"])
        else:
            row.sent_at = timezone.now()
            row.save(update_fields=["sent_at"])
        out.append(row)
    return out


def retry_failed(*, max_age_hours: int = 48, max_attempts: int = 5, limit: int = 500) -> dict:
    """Send again the notices whose sender failed (gateway down, mail server refused), the
    oldest first, for up to `max_age_hours` and `max_attempts`; a notice older than that is
    left with its error for staff to see. Returns {"sent": n, "failed": n}."""
    from datetime import timedelta

    from smartcity.onestop.models import Notification
    from smartcity.onestop.senders import sender_for

    since = timezone.now() - timedelta(hours=max_age_hours)
    due = (Notification.objects.filter(sent_at__isnull=True, created_at__gte=since, attempts__lt=max_attempts)
           .exclude(error="").select_related("dossier").order_by("created_at", "id")[:limit])
    counts = {"sent": 0, "failed": 0}
    for row in due:
        try:
            sender = sender_for(row.channel)
            sender.send(row.recipient, compose(row.dossier, row.event, {})["subject"], row.body)
        except Exception as exc:
            row.error, row.attempts = (str(exc) or type(exc).__name__)[:2000], row.attempts + 1
            row.save(update_fields=["error", "attempts"])
            counts["failed"] += 1
        else:
            row.sent_at, row.error, row.attempts, row.sender = timezone.now(), "", row.attempts + 1, sender.name[:60]
            row.save(update_fields=["sent_at", "error", "attempts", "sender"])
            counts["sent"] += 1
    return counts

"""A small SMS sender for verification codes.

SMS_BACKEND (setting, else the environment; default "outbox"):
- "outbox": one line per message appended to <OUTBOX_DIR>/sms.log (var/outbox/, next to the
  demo's mail), so nothing leaves the machine;
- "http": POST JSON {"to", "text"} to SMS_GATEWAY_URL with `Authorization: Bearer
  <SMS_GATEWAY_TOKEN>`; the token is read from the environment only, never from the repo.
Numbers are normalised by participation.phone (E.164 +84...)."""
from __future__ import annotations

import json
import os
import urllib.request
from datetime import datetime, timezone
from pathlib import Path

from django.conf import settings


class SMSError(RuntimeError):
    """The gateway refused or could not be reached."""


def _setting(name: str, default: str = "") -> str:
    return str(getattr(settings, name, "") or os.environ.get(name, default))


def outbox_path() -> Path:
    base = Path(getattr(settings, "OUTBOX_DIR", Path(settings.VAR_DIR) / "outbox"))
    return base / "sms.log"


def send_sms(to: str, text: str) -> None:
    backend = _setting("SMS_BACKEND", "outbox")
    if backend == "outbox":
        path = outbox_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(timezone.utc).isoformat(timespec="seconds")
        with path.open("a", encoding="utf-8") as fh:
            fh.write(f"{stamp}\t{to}\t{' '.join(text.split())}\n")
        return
    if backend == "http":
        url = _setting("SMS_GATEWAY_URL")
        if not url:
            raise SMSError("SMS_GATEWAY_URL is not set")
        req = urllib.request.Request(url, data=json.dumps({"to": to, "text": text}).encode(), method="POST",
                                     headers={"Content-Type": "application/json",
                                              "Authorization": f"Bearer {os.environ.get('SMS_GATEWAY_TOKEN', '')}"})
        try:
            with urllib.request.urlopen(req, timeout=10) as resp:
                if resp.status >= 300:
                    raise SMSError(f"gateway answered {resp.status}")
        except OSError as exc:
            raise SMSError(str(exc)) from exc
        return
    raise SMSError(f"unknown SMS_BACKEND {backend!r}")

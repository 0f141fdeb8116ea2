"""The wall's alert stream: the latest alerts a user may see, then only what changed since
the wall's cursor. Alerts are read through alerts.services.visible_alerts, the one rule of
who sees which alert."""
from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import get_language

from smartcity.alerts import services as alert_services
from smartcity.alerts.models import OPEN_STATES, Alert
from smartcity.opscentre import cursor as cursor_mod

INITIAL = 50  # alerts a wall starts with (it keeps at most this many on screen)
DELTA_MAX = 200  # changes sent in one answer; `more` says the wall should ask again


def _ms(dt) -> int | None:
    return int(dt.timestamp() * 1000) if dt else None


def _qs(user):
    return alert_services.visible_alerts(user, Alert.objects.all())


def as_dict(a: Alert) -> dict:
    asset = a.asset
    kind = asset.asset_type
    english = (get_language() or "vi").startswith("en")
    return {
        "id": a.pk, "severity": a.severity, "severity_label": a.get_severity_display(),
        "state": a.state, "state_label": a.get_state_display(),
        "rule": a.rule_name, "asset": asset.name_en if english and asset.name_en else asset.name, "asset_type": (kind.name_en if english and kind.name_en else kind.name_vi) if kind else "",
        "owner": a.owner.abbreviation or a.owner.code, "text": alert_services.describe(a),
        "raised_at": _ms(a.raised_at), "last_at": _ms(a.last_at), "acknowledged_at": _ms(a.acknowledged_at),
        "cleared_at": _ms(a.cleared_at), "url": reverse("alert-detail", args=[a.pk]),
    }


def _rows(qs):
    return qs.select_related("asset__asset_type", "owner", "rule")


def _cursor_of(qs) -> str:
    last = qs.order_by("-updated_at", "-id").values_list("updated_at", "id").first()
    return cursor_mod.encode(*last) if last else ""


def changes(user, cursor: str | None) -> dict:
    """{"alerts": [...], "cursor", "more", "reset"}: with no (or an unreadable) cursor the
    latest INITIAL alerts and `reset` true (the wall replaces its list); else the alerts
    changed after the cursor, oldest change first, at most DELTA_MAX."""
    qs = _qs(user)
    pos = cursor_mod.decode(cursor)
    if pos is None:
        # the cursor is taken before the rows: a change landing in between is sent again
        # next time rather than lost
        cur = _cursor_of(qs)
        rows = list(_rows(qs).order_by("-raised_at", "-id")[:INITIAL])
        return {"alerts": [as_dict(a) for a in rows], "cursor": cur, "more": False, "reset": True}
    at, pk = pos
    delta = qs.filter(Q(updated_at__gt=at) | Q(updated_at=at, id__gt=pk)).order_by("updated_at", "id")
    rows = list(_rows(delta)[:DELTA_MAX + 1])
    more = len(rows) > DELTA_MAX
    rows = rows[:DELTA_MAX]
    cur = cursor_mod.encode(rows[-1].updated_at, rows[-1].pk) if rows else cursor
    return {"alerts": [as_dict(a) for a in rows], "cursor": cur, "more": more, "reset": False}


def open_counts(user) -> dict:
    """{severity: n} of the open alerts the user may see."""
    rows = _qs(user).filter(state__in=OPEN_STATES).order_by().values_list("severity").annotate(n=Count("id"))
    return dict(rows)

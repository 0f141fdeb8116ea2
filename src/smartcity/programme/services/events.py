"""International cooperation (I.4, II.1, II.2) and strategic projects (II.2, II.11): events and
delegations with their participants, memberships of networks, milestones and studies of the
strategic items. The pages, the API and the command use these functions; the pure maths
(layout, states, iCalendar) is in `events_calc`."""
from __future__ import annotations

import datetime as dt
import hashlib

from django.conf import settings
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from smartcity.core.permissions import visible
from smartcity.programme.models import Attachment, DocumentKind, Event, EventKind, EventParticipant, Item, Milestone, Plan
from smartcity.programme.services import clock, events_calc, helix

KIND_COLOURS = {
    EventKind.CONFERENCE: "#0b5d8f", EventKind.FORUM: "#7b3fa0", EventKind.ANNIVERSARY: "#e8a317", EventKind.SUMMIT: "#c0262d",
    EventKind.DELEGATION_OUT: "#1b8a4b", EventKind.DELEGATION_IN: "#2aa5a0", EventKind.WORKSHOP: "#6b7785", EventKind.SIGNING: "#a0522d",
}
MILESTONE_COLOURS = {events_calc.DONE: "#1b8a4b", events_calc.OVERDUE: "#c0262d", events_calc.DUE_SOON: "#d97706",
                     events_calc.PLANNED: "#0b5d8f"}
UPCOMING_STATUSES = (Event.Status.PLANNED, Event.Status.CONFIRMED)


def english() -> bool:
    return (get_language() or "vi").startswith("en")


def pick(obj, base: str) -> str:
    vi, en = getattr(obj, base + "_vi", ""), getattr(obj, base + "_en", "")
    return en if english() and en else vi


def _short(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def kind_colour(kind: str) -> str:
    return KIND_COLOURS.get(kind, "#6b7785")


def max_upload_bytes() -> int:
    return int(getattr(settings, "PROGRAMME_MAX_UPLOAD", 20 * 1024 * 1024))


# -- events ---------------------------------------------------------------------------------------
def events_for(user):
    """Events the user may see, with participants, items and owner loaded."""
    qs = Event.objects.select_related("owner").prefetch_related(
        Prefetch("participants", queryset=EventParticipant.objects.select_related("organisation")),
        Prefetch("items", queryset=Item.objects.select_related("plan").order_by("plan_id", "position")))
    return visible(qs, user)


def filter_events(qs, *, year=None, kind="", country="", organisation="", item=None):
    """Filters of the list, the API and the command. `organisation` is a code: the owner or
    any participant; `item` an item id (events linked to it or to one of its children)."""
    if year:
        start, end = dt.date(int(year), 1, 1), dt.date(int(year), 12, 31)
        qs = qs.filter(starts_on__lte=end).filter(Q(ends_on__gte=start) | Q(ends_on__isnull=True, starts_on__gte=start))
    if kind:
        qs = qs.filter(kind=kind)
    if country:
        qs = qs.filter(country__iexact=country)
    if organisation:
        qs = qs.filter(Q(owner__code__iexact=organisation) | Q(participants__organisation__code__iexact=organisation))
    if item:
        qs = qs.filter(Q(items__pk=item) | Q(items__parent_id=item))
    return qs.distinct()


def event_years(qs) -> list[int]:
    return sorted({d.year for d in qs.values_list("starts_on", flat=True)}, reverse=True)


def event_helices(event) -> dict:
    """Triple Helix of an event: its participants' helices and the organising owner's."""
    helices = {p.organisation.helix for p in event.participants.all()}
    helices.add(event.owner.helix)
    return helix.present(helices)


def participants_by_role(event) -> list[dict]:
    order = {value: i for i, value in enumerate(EventParticipant.Role.values)}
    rows = sorted(event.participants.all(), key=lambda p: (order.get(p.role, 99), p.organisation.code))
    return [{"p": p, "org": p.organisation, "role": p.get_role_display(), "people": [s.strip() for s in p.people.split(",") if s.strip()]}
            for p in rows]


def timeline(events, year: int, url_for=lambda e: "") -> dict:
    """The events of `year` on a time axis, coloured by kind (see events_calc.events_timeline)."""
    data = []
    for e in events:
        parts = list(e.participants.all())
        data.append({"key": e.code, "start": e.starts_on, "end": e.ends_on, "kind": e.kind, "title": e.title,
                     "colour": kind_colour(e.kind), "status": e.status, "url": url_for(e),
                     "participants": ",".join(sorted({p.organisation.code for p in parts})),
                     "participant_names": "; ".join(f"{p.organisation.abbreviation or p.organisation.code} ({p.get_role_display()})" for p in parts)})
    return events_calc.events_timeline(data, year)


def upcoming_events(user, as_of: dt.date):
    """Events not over by `as_of`, or still planned/confirmed: what a calendar should hold."""
    qs = events_for(user).exclude(status=Event.Status.CANCELLED)
    return qs.filter(Q(starts_on__gte=as_of) | Q(ends_on__gte=as_of) | Q(status__in=UPCOMING_STATUSES)).order_by("starts_on", "code")


def ics(events, base_url: str = "", url_for=lambda e: "", name: str = "") -> str:
    rows = []
    for e in events:
        where = ", ".join(x for x in (e.venue, e.city, e.country) if x)
        parts = "; ".join(f"{p.organisation.abbreviation or p.organisation.code} ({p.get_role_display()})" for p in e.participants.all())
        description = pick(e, "description")
        if parts:
            description = (description + "\n\n" if description else "") + _("Participants") + ": " + parts
        link = url_for(e)
        rows.append({"uid": f"{e.code}@programme.smartcity.binhduong", "start": e.starts_on, "end": e.ends_on, "summary": e.title,
                     "location": where, "description": description, "status": e.status, "categories": e.get_kind_display(),
                     "url": (base_url.rstrip("/") + link) if link else ""})
    return events_calc.ics_calendar(rows, timezone.now(), name=name)


# -- attachments --------------------------------------------------------------------------------------
class UploadRejected(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code, self.message = code, message


def upload_messages() -> dict:
    limit = max_upload_bytes() // (1024 * 1024)
    kinds = ", ".join(sorted(events_calc.UPLOAD_TYPES))
    return {"empty": _("The file is empty."),
            "too_large": _("The file is larger than %(n)s MB.") % {"n": limit},
            "type_not_allowed": _("This type of file is not accepted; use one of: %(kinds)s.") % {"kinds": kinds},
            "content_mismatch": _("The file's content does not match its extension.")}


def check_upload(upload) -> str:
    """The content type of an acceptable upload; raises UploadRejected with the reason."""
    head = upload.read(16)
    upload.seek(0)
    content_type, code = events_calc.sniff_upload(upload.name or "", head, upload.size or 0, max_upload_bytes())
    if code:
        raise UploadRejected(code, upload_messages()[code])
    return content_type


def save_attachment(*, user, title: str, upload=None, url: str = "", kind: str = DocumentKind.OTHER, event=None, item=None) -> Attachment:
    """A file (checked) or a link attached to an event or an item; size and SHA-256 kept."""
    if upload is None and not url:
        raise UploadRejected("required", _("Choose a file or give a link."))
    att = Attachment(event=event, item=item, kind=kind, title=title, url=url or "", uploaded_by=user if getattr(user, "pk", None) else None)
    if upload is not None:
        att.content_type = check_upload(upload)
        digest = hashlib.sha256()
        for chunk in upload.chunks():
            digest.update(chunk)
        upload.seek(0)
        att.sha256, att.size = digest.hexdigest(), upload.size
        att.file.save(upload.name, upload, save=False)
    att.save()
    return att


# -- strategic projects and milestones -------------------------------------------------------------------
def strategic_items(user, plan=None):
    qs = Item.objects.filter(strategic=True).select_related("owner", "status", "plan", "parent")
    if plan is not None:
        qs = qs.filter(plan=plan)
    return visible(qs, user).prefetch_related("participants__organisation", "milestones", "attachments",
                                               "events__participants__organisation").order_by("plan_id", "position")


def strategic_plan(code: str = ""):
    """The plan the strategic page shows: `code`, else the latest with strategic items."""
    if code:
        return Plan.objects.filter(code=code).first()
    return Plan.objects.filter(items__strategic=True).order_by("-year", "-issued_on").distinct().first()


def milestone_rows(milestones, as_of: dt.date) -> list[dict]:
    rows = []
    for m in milestones:
        state = events_calc.milestone_state(m.due, m.done_on, as_of)
        rows.append({"m": m, "title": m.title, "state": state, "colour": MILESTONE_COLOURS[state],
                     "late": events_calc.days_late(m.due, m.done_on, as_of)})
    return rows


def strategic_overview(user, plan=None, requested: dt.date | None = None) -> dict:
    """What the strategic page shows: each strategic item with partners, helices, progress,
    studies, milestones (states as of the plan's date) and linked events; the milestone chart."""
    as_of = clock.as_of(plan, requested)
    projects = []
    for item in strategic_items(user, plan):
        milestones = sorted(item.milestones.all(), key=lambda m: (m.due, m.pk))
        rows = milestone_rows(milestones, as_of)
        projects.append({
            "item": item, "title": item.title, "text": item.text, "helices": helix.item_helices(item),
            "partners": sorted(item.participants.all(), key=lambda p: (p.role, p.organisation.code)),
            "studies": [a for a in item.attachments.all() if a.kind == DocumentKind.STUDY],
            "milestones": rows, "overdue": sum(r["state"] == events_calc.OVERDUE for r in rows),
            "done": sum(r["state"] == events_calc.DONE for r in rows),
            "events": sorted(item.events.all(), key=lambda e: e.starts_on),
        })
    chart = None
    if any(p["milestones"] for p in projects):
        chart = events_calc.milestone_chart(
            [{"key": str(p["item"].pk), "label": _short(f"{p['item'].number} {p['title']}", 34),
              "milestones": [{"key": str(r["m"].pk), "due": r["m"].due, "done_on": r["m"].done_on, "title": r["title"]}
                             for r in p["milestones"]]} for p in projects if p["milestones"]], as_of)
        for row in chart["rows"]:
            for mark in row["marks"]:
                mark["colour"] = MILESTONE_COLOURS[mark["state"]]
    return {"as_of": as_of, "projects": projects, "chart": chart,
            "overdue": sum(p["overdue"] for p in projects)}


def milestones_for(user):
    return Milestone.objects.filter(item__in=visible(Item.objects.all(), user)).select_related("item", "item__plan", "item__owner")

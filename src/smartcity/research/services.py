"""Domain operations of the research app (no HTTP): booking requests and decisions with
their rules (`slots`), notifications by Django mail, the iCalendar of a lab, a pilot
indicator's measured value read from a hub datastream's daily rollups."""
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import override
from django.utils.translation import pgettext

from smartcity.core.permissions import can_change
from smartcity.research import ical, slots, stats
from smartcity.research.models import Booking, BookingStatus, Closure, EquipmentStatus, Indicator, Lab

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")


class BookingError(Exception):
    """A request or decision the rules refuse; `problems` are (code, message) pairs."""

    def __init__(self, problems: list[tuple[str, str]], conflict: bool = False):
        self.problems = problems
        self.conflict = conflict
        super().__init__("; ".join(m for _c, m in problems))

    @property
    def code(self) -> str:
        return self.problems[0][0] if self.problems else "invalid"


def _fmt(dt: datetime) -> str:
    return dt.astimezone(LOCAL).strftime("%d/%m/%Y %H:%M")


def describe(problem: slots.Problem, lab: Lab) -> str:
    p = problem.params
    if problem.code == "end_before_start":
        return _("The end of the slot must come after its start.")
    if problem.code == "closed_day":
        return _("The lab is closed on %(day)s (open days: %(days)s).") % {
            "day": p["day"].strftime("%d/%m/%Y"), "days": weekday_names(lab.weekdays)}
    if problem.code == "outside_hours":
        return _("The slot is outside the opening hours (%(opens)s–%(closes)s).") % {
            "opens": f"{p['opens']:%H:%M}", "closes": f"{p['closes']:%H:%M}"}
    if problem.code == "closure":
        return _("The lab is closed from %(start)s to %(end)s: %(reason)s.") % {
            "start": _fmt(p["start"]), "end": _fmt(p["end"]), "reason": p["reason"]}
    if problem.code == "conflict":
        return _("It overlaps approved booking %(ref)s (%(start)s–%(end)s) of the same equipment.") % {
            "ref": p["ref"], "start": _fmt(p["start"]), "end": _fmt(p["end"])}
    return problem.code


def weekday_names(days) -> str:
    names = [_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun")]
    return ", ".join(names[d] for d in sorted(days))


def _approved_slots(lab: Lab, exclude_pk=None) -> list[slots.Slot]:
    qs = lab.bookings.filter(status=BookingStatus.APPROVED)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return [slots.Slot(b.start, b.end, b.equipment_id, f"#{b.pk}") for b in qs.only("pk", "start", "end", "equipment_id")]


def problems_for(lab: Lab, start, end, equipment=None, exclude_pk=None) -> list[slots.Problem]:
    closures = [slots.Slot(c.start, c.end, None, c.reason)
                for c in Closure.objects.filter(lab=lab, end__gt=start, start__lt=end)]
    return slots.check(slots.Slot(start, end, equipment.pk if equipment else None), opens=lab.opens, closes=lab.closes,
                       weekdays=lab.weekdays, tz=LOCAL, closures=closures, approved=_approved_slots(lab, exclude_pk))


def _raise(lab, problems):
    raise BookingError([(p.code, describe(p, lab)) for p in problems],
                       conflict=any(p.code == "conflict" for p in problems))


@transaction.atomic
def request_booking(lab: Lab, *, start, end, purpose: str, equipment=None, user=None, contact_name="", contact_email="",
                    contact_phone="", affiliation="") -> Booking:
    """A new pending request; refused at once when the rules already say no."""
    if equipment is not None:
        if equipment.lab_id != lab.pk:
            raise BookingError([("wrong_lab", _("This equipment belongs to another lab."))])
        if not equipment.bookable:
            raise BookingError([("not_bookable", _("This equipment cannot be booked."))])
        if equipment.status != EquipmentStatus.OPERATIONAL:
            raise BookingError([("unavailable", _("This equipment is not in service (%(status)s).")
                                 % {"status": equipment.get_status_display()})])
    user = user if getattr(user, "is_authenticated", False) else None
    if user is None and not (contact_name and contact_email):
        raise BookingError([("contact_required", _("Give your name and e-mail so the lab can answer."))])
    if end <= timezone.now():
        raise BookingError([("past", _("The slot is already over."))])
    Lab.objects.select_for_update().filter(pk=lab.pk).first()  # one decision at a time per lab (PostgreSQL)
    problems = problems_for(lab, start, end, equipment)
    if problems:
        _raise(lab, problems)
    booking = Booking.objects.create(
        lab=lab, owner_id=lab.owner_id, published=False, equipment=equipment, start=start, end=end, purpose=purpose,
        requester=user, contact_name=contact_name or (user.get_full_name() if user else ""),
        contact_email=contact_email or (user.email if user else ""), contact_phone=contact_phone, affiliation=affiliation)
    transaction.on_commit(lambda: notify_request(booking))
    return booking


@transaction.atomic
def approve(booking: Booking, user) -> Booking:
    if booking.status != BookingStatus.PENDING:
        raise BookingError([("not_pending", _("Only a pending request can be approved."))])
    lab = Lab.objects.select_for_update().get(pk=booking.lab_id)
    problems = problems_for(lab, booking.start, booking.end, booking.equipment, exclude_pk=booking.pk)
    if problems:
        _raise(lab, problems)
    return _decide(booking, user, BookingStatus.APPROVED, "")


@transaction.atomic
def decline(booking: Booking, user, reason: str) -> Booking:
    if booking.status != BookingStatus.PENDING:
        raise BookingError([("not_pending", _("Only a pending request can be declined."))])
    if not reason.strip():
        raise BookingError([("reason_required", _("Say why the request is declined."))])
    return _decide(booking, user, BookingStatus.DECLINED, reason.strip())


@transaction.atomic
def cancel(booking: Booking, user, reason: str = "") -> Booking:
    if booking.status not in (BookingStatus.PENDING, BookingStatus.APPROVED):
        raise BookingError([("not_active", _("This booking is already closed."))])
    return _decide(booking, user, BookingStatus.CANCELLED, reason.strip())


def _decide(booking, user, status, reason):
    booking.status = status
    booking.reason = reason
    booking.decided_by = user if getattr(user, "is_authenticated", False) else None
    booking.decided_at = timezone.now()
    booking.save(update_fields=["status", "reason", "decided_by", "decided_at", "updated_at"])
    transaction.on_commit(lambda: notify_decision(booking))
    return booking


def may_decide(user, booking) -> bool:
    return can_change(user, booking)


def may_cancel(user, booking) -> bool:
    return can_change(user, booking) or (getattr(user, "is_authenticated", False) and booking.requester_id == user.pk)


def may_see_contact(user, booking) -> bool:
    return may_cancel(user, booking)


# -- notifications ----------------------------------------------------------------------------
def _link(booking) -> str:
    base = getattr(settings, "SMARTCITY_BASE_URL", "") or ""
    return base.rstrip("/") + reverse("research-lab-detail", args=[booking.lab.slug])


def notify_request(booking: Booking) -> int:
    """Tell the lab (its contact e-mail) that a request waits for a decision. Vietnamese."""
    to = booking.lab.contact_email
    if not to:
        return 0
    with override("vi"):
        subject = _("Booking request for %(lab)s") % {"lab": booking.lab.name_vi}
        body = "\n".join([
            _("A new booking request waits for a decision."),
            f"{_('Lab')}: {booking.lab.name_vi}",
            f"{pgettext('lab booking', 'Resource')}: {booking.equipment.name_vi if booking.equipment_id else _('whole lab')}",
            f"{_('Time')}: {_fmt(booking.start)} – {_fmt(booking.end)}",
            f"{_('Purpose')}: {booking.purpose}",
            f"{_('Requested by')}: {booking.contact_name} <{booking.contact_email}> {booking.affiliation}".rstrip(),
            _link(booking),
        ])
    return send_mail(subject, body, None, [to], fail_silently=True)


def notify_decision(booking: Booking) -> int:
    to = booking.contact_email or (booking.requester.email if booking.requester_id else "")
    if not to:
        return 0
    with override("vi"):
        subject = _("Your booking of %(lab)s: %(status)s") % {"lab": booking.lab.name_vi, "status": booking.get_status_display()}
        lines = [f"{_('Lab')}: {booking.lab.name_vi}",
                 f"{pgettext('lab booking', 'Resource')}: {booking.equipment.name_vi if booking.equipment_id else _('whole lab')}",
                 f"{_('Time')}: {_fmt(booking.start)} – {_fmt(booking.end)}",
                 f"{_('Status')}: {booking.get_status_display()}"]
        if booking.reason:
            lines.append(f"{_('Reason')}: {booking.reason}")
        lines.append(_link(booking))
    return send_mail(subject, "\n".join(lines), None, [to], fail_silently=True)


# -- calendar ------------------------------------------------------------------------------------
def lab_ics(lab: Lab, since=None) -> str:
    """The lab's approved bookings (from 90 days back by default) as an iCalendar file."""
    since = since or timezone.now() - timedelta(days=90)
    events = []
    for b in lab.bookings.filter(status=BookingStatus.APPROVED, end__gte=since).select_related("equipment").order_by("start"):
        what = b.equipment.name_vi if b.equipment_id else lab.name_vi
        events.append(ical.Event(
            uid=f"booking-{b.pk}@research.smartcity.binhduong", start=b.start, end=b.end,
            summary=f"{what}: {b.purpose}", location=", ".join(x for x in (lab.building, lab.address) if x),
            description=f"{lab.name_vi} · {b.affiliation}".rstrip(" ·")))
    return ical.calendar(events, name=lab.name_vi)


def week_view(lab: Lab, day, user) -> dict:
    """Columns of one ISO week: approved bookings (and the viewer's own or, for staff, pending
    ones) and closures placed by hour between the lab's opening hours."""
    days = slots.week_days(day)
    start = datetime.combine(days[0], time(0), tzinfo=LOCAL)
    end = start + timedelta(days=7)
    staff = can_change(user, lab)
    qs = lab.bookings.filter(start__lt=end, end__gt=start).exclude(status__in=[BookingStatus.DECLINED, BookingStatus.CANCELLED])
    bookings = [b for b in qs.select_related("equipment")
                if b.status == BookingStatus.APPROVED or staff
                or (getattr(user, "is_authenticated", False) and b.requester_id == user.pk)]
    closures = list(lab.closures.filter(start__lt=end, end__gt=start))
    first, last = 0, 24
    if lab.opens < lab.closes:
        first, last = lab.opens.hour, lab.closes.hour + (1 if lab.closes.minute else 0)
    span = max(1, last - first)
    columns = []
    for d in days:
        items = []
        for b in bookings:
            part = slots.clip_to_day(b.start, b.end, d, LOCAL)
            if part:
                items.append({"kind": "booking", "status": b.status, "b": b, "label": b.resource_label,
                              "text": b.purpose if (b.status == BookingStatus.APPROVED or staff or b.requester_id == getattr(user, "pk", None)) else "",
                              "top": round((max(part[0], first) - first) / span * 100, 2),
                              "height": round((min(part[1], last) - max(part[0], first)) / span * 100, 2),
                              "time": f"{b.start.astimezone(LOCAL):%H:%M}–{b.end.astimezone(LOCAL):%H:%M}"})
        for c in closures:
            part = slots.clip_to_day(c.start, c.end, d, LOCAL)
            if part:
                items.append({"kind": "closure", "label": c.reason, "text": "",
                              "top": round((max(part[0], first) - first) / span * 100, 2),
                              "height": round((min(part[1], last) - max(part[0], first)) / span * 100, 2), "time": ""})
        columns.append({"day": d, "open": d.weekday() in lab.weekdays, "items": [i for i in items if i["height"] > 0],
                        "label": formats.date_format(d, "D d/m")})
    return {"days": columns, "hours": list(range(first, last)), "first": first, "span": span,
            "prev": days[0] - timedelta(days=7), "next": days[0] + timedelta(days=7), "monday": days[0], "sunday": days[-1]}


# -- pilot indicators from the hub ----------------------------------------------------------------
def measured_from_hub(indicator: Indicator) -> float | None:
    """The indicator's figure over the pilot's period from its datastream's daily rollups
    (local days; the hub keeps them exact as readings arrive)."""
    if not indicator.datastream_id:
        return indicator.measured
    from smartcity.hub.models import DailyRollup

    pilot = indicator.pilot
    start = int(datetime.combine(pilot.start, time(0), tzinfo=LOCAL).timestamp())
    qs = DailyRollup.objects.filter(datastream_id=indicator.datastream_id, bucket__gte=start)
    if pilot.end:
        qs = qs.filter(bucket__lt=int(datetime.combine(pilot.end + timedelta(days=1), time(0), tzinfo=LOCAL).timestamp()))
    value = stats.aggregate_daily(qs.values_list("n", "total", "vmin", "vmax"), indicator.stat)
    return round(value, 3) if value is not None else indicator.measured


def refresh_indicators(pilot) -> int:
    """Store the hub figures into `measured` (kept in history); returns how many changed."""
    changed = 0
    for ind in pilot.indicators.filter(datastream__isnull=False):
        value = measured_from_hub(ind)
        if value is not None and value != ind.measured:
            ind.measured = value
            ind.save(update_fields=["measured", "updated_at"])
            changed += 1
    return changed


def indicator_rows(pilot) -> list[dict]:
    rows = []
    for ind in pilot.indicators.select_related("datastream__asset", "datastream__quantity"):
        measured = measured_from_hub(ind) if ind.datastream_id else ind.measured
        rows.append({"i": ind, "measured": measured, "progress": stats.progress(ind.baseline, ind.target, measured),
                     "from_hub": bool(ind.datastream_id)})
    return rows


# -- training statistics ----------------------------------------------------------------------------
def training_stats(user, topic=None, provider=None) -> dict:
    from smartcity.core.permissions import visible
    from smartcity.research.models import Course

    qs = visible(Course.objects.select_related("owner"), user)
    if topic:
        qs = qs.filter(topic=topic)
    if provider:
        qs = qs.filter(owner__code=provider)
    rows = [{"year": c.end.year, "topic": c.topic, "provider": c.owner.code, "participants": c.participants,
             "completed": c.completed} for c in qs]
    return stats.people_trained(rows)

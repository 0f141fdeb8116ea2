"""`smartcity programme events [--year Y] [--kind K] [--json]`: the international events and
delegations of a year (all years without --year), with dates, place, status, participants
and linked plan items; JSON for scripts."""
import json

from django.core.management.base import CommandError
from django.utils.translation import gettext as _


def register(sub) -> None:
    p = sub.add_parser("events", help=_("international events and delegations (I.4, II.1, II.2)"),
                       description=_("List the events and delegations of a year with their participants and plan items."))
    p.add_argument("--year", type=int, help=_("only this year"))
    p.add_argument("--kind", help=_("only this kind (conference, forum, anniversary, summit, delegation_out, ...)"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(handler=run_events)


def rows(year=None, kind=""):
    from django.contrib.auth.models import AnonymousUser

    from smartcity.programme.services import events as svc

    qs = svc.filter_events(svc.events_for(AnonymousUser()), year=year, kind=kind or "").order_by("starts_on", "code")
    out = []
    for e in qs:
        out.append({
            "code": e.code, "kind": e.kind, "status": e.status, "title_vi": e.title_vi, "title_en": e.title_en,
            "starts_on": e.starts_on.isoformat(), "ends_on": e.ends_on.isoformat() if e.ends_on else None,
            "venue": e.venue, "city": e.city, "country": e.country, "attendance": e.attendance, "owner": e.owner.code,
            "participants": [{"organisation": p.organisation.code, "role": p.role, "people": p.people} for p in e.participants.all()],
            "items": [i.number for i in e.items.all()], "helices": svc.event_helices(e)["present"],
        })
    return out


def run_events(command, options):
    from smartcity.programme.models import EventKind

    kind = options.get("kind") or ""
    if kind and kind not in EventKind.values:
        raise CommandError(_("Unknown kind %(kind)s; use one of: %(all)s") % {"kind": kind, "all": ", ".join(EventKind.values)})
    data = rows(options.get("year"), kind)
    if options.get("json"):
        command.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
        return
    if not data:
        command.stdout.write(_("No events."))
        return
    for r in data:
        dates = r["starts_on"] + (f" – {r['ends_on']}" if r["ends_on"] and r["ends_on"] != r["starts_on"] else "")
        place = ", ".join(x for x in (r["city"], r["country"]) if x)
        command.stdout.write(f"{dates:<25} {r['kind']:<15} {r['status']:<10} {r['title_vi']} ({place})")
        if r["participants"]:
            command.stdout.write("    " + ", ".join(f"{p['organisation']} ({p['role']})" for p in r["participants"]))
        if r["items"]:
            command.stdout.write("    " + _("plan items") + ": " + ", ".join(r["items"]))
    command.stdout.write(_("%(n)s events") % {"n": len(data)})

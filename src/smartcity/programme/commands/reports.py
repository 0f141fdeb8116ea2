"""`smartcity programme overdue` (reports owed past their due date, as a table or JSON) and
`smartcity programme remind` (e-mail the units' editors about reports due soon or overdue;
each reminder goes out once)."""
import json

from django.core.management.base import CommandError
from django.utils.translation import gettext as _


def register(sub) -> None:
    o = sub.add_parser("overdue", help=_("list progress reports and unit plans owed past their due date"))
    o.add_argument("--plan", help=_("plan code (default: the 2018 plan, else the latest)"))
    o.add_argument("--as-of", dest="as_of", help=_("judge as of this date YYYY-MM-DD (default: the plan's clock)"))
    o.add_argument("--json", action="store_true", help=_("JSON on stdout"))
    o.set_defaults(handler=overdue_command)

    r = sub.add_parser("remind", help=_("e-mail units about reports due soon or overdue (once per report)"))
    r.add_argument("--plan", help=_("plan code (default: every plan with a report schedule)"))
    r.add_argument("--as-of", dest="as_of", help=_("judge as of this date YYYY-MM-DD"))
    r.set_defaults(handler=remind_command)


def _plans(code, all_scheduled=False):
    from smartcity.programme.models import Plan

    if code:
        plan = Plan.objects.filter(code=code).first()
        if plan is None:
            raise CommandError(_("No plan with code %(c)s.") % {"c": code})
        return [plan]
    if all_scheduled:
        return list(Plan.objects.filter(schedule__isnull=False).order_by("code"))
    plan = Plan.objects.filter(code="kh-11-2018").first() or Plan.objects.order_by("-year", "-issued_on").first()
    if plan is None:
        raise CommandError(_("No plan is loaded."))
    return [plan]


def _as_of(value):
    from smartcity.programme.services import clock

    try:
        return clock.parse_as_of(value)
    except ValueError:
        raise CommandError(_("--as-of must be YYYY-MM-DD")) from None


def overdue_command(command, options):
    from smartcity.programme.services import clock
    from smartcity.programme.services import reports as rs

    plan = _plans(options.get("plan"))[0]
    as_of = clock.as_of(plan, _as_of(options.get("as_of")))
    rows = rs.overdue_reports(plan, as_of)
    plans = [r for r in rs.unit_plan_states(plan, as_of) if r["overdue"]]
    if options.get("json"):
        command.stdout.write(json.dumps({
            "plan": plan.code, "as_of": as_of.isoformat(), "count": len(rows),
            "reports": [{"organisation": e.organisation.code, "item": e.item.number, "period": e.period, "due_date": e.due_date.isoformat(),
                         "state": e.state, "days_overdue": e.days_overdue} for e in rows],
            "unit_plans": [{"organisation": r["organisation"].code, "state": r["state"], "due_date": r["due_date"].isoformat(),
                            "days_overdue": r["days_overdue"]} for r in plans]}, ensure_ascii=False, indent=1))
        return
    states = {"missing": _("not written"), "draft": _("draft"), "submitted": _("submitted"), "accepted": _("accepted"),
              "returned": _("returned for changes")}
    command.stdout.write(f"{plan.number} · {_('as of')} {as_of:%d/%m/%Y}: {len(rows)} {_('reports overdue')}")
    for e in rows:
        command.stdout.write(f"{e.organisation.code:<10} {e.item.number:<10} {e.period:<8} {_('due')} {e.due_date:%d/%m/%Y}  "
                             f"{_('%(n)s days overdue') % {'n': e.days_overdue}}  {states.get(e.state, e.state)}")
    for r in plans:
        command.stdout.write(f"{r['organisation'].code:<10} {_('unit plan'):<19} {_('due')} {r['due_date']:%d/%m/%Y}  "
                             f"{_('%(n)s days overdue') % {'n': r['days_overdue']}}  {states.get(r['state'], r['state'])}")


def remind_command(command, options):
    from smartcity.programme.services import reports as rs

    as_of = _as_of(options.get("as_of"))
    for plan in _plans(options.get("plan"), all_scheduled=True):
        counts = rs.send_reminders(plan, as_of)
        command.stdout.write(f"{plan.code}: {counts['sent']} {_('reminders sent')} ({counts['emails']} {_('e-mails')}), "
                             f"{counts['skipped']} {_('already sent')}, {counts['no_recipients']} {_('without recipients')}")

"""`smartcity onestop` verbs of the calendar part:

    smartcity onestop due-date --received 2026-04-29T10:30 --days 5 [--procedure CODE] [--unit ORG] [--explain]
        prints the due date-time in ISO 8601 with its offset (+07:00); with --procedure the
        version in force on the day received gives the receiving unit's rules and (without
        --days) the time limit.
    smartcity onestop calendar seed --years 2018-2030     (idempotent; staff rows kept)
    smartcity onestop calendar show 2026                   (the exceptions of a year)
"""
import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from smartcity.onestop.workdays import LOCAL


def register(sub) -> None:
    d = sub.add_parser("due-date", help=_("compute a due date in working days"))
    d.add_argument("--received", required=True, help=_("when the complete dossier was received, ISO 8601 (local time if no offset)"))
    d.add_argument("--days", help=_("time limit in working days (fractions allowed); default: the procedure's"))
    d.add_argument("--procedure", help=_("procedure code: its version in force and receiving unit's rules"))
    d.add_argument("--unit", help=_("receiving unit's organisation code (its own office hours and cut-off)"))
    d.add_argument("--explain", action="store_true", help=_("also print the days counted and skipped"))
    d.set_defaults(handler=due_date_command)

    c = sub.add_parser("calendar", help=_("the working-day calendar"))
    csub = c.add_subparsers(dest="calendar_verb", required=True)
    seed = csub.add_parser("seed", help=_("seed years from the Labor Code rules (idempotent; staff edits kept)"))
    seed.add_argument("--years", required=True, help=_("a year, a range 2018-2030 or a list 2025,2026"))
    seed.set_defaults(handler=seed_command)
    show = csub.add_parser("show", help=_("list a year's holidays, swaps and make-up days"))
    show.add_argument("year", type=int)
    show.set_defaults(handler=show_command)


def parse_received(value: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        raise CommandError(_("--received must be a date-time in ISO 8601, e.g. 2026-04-29T10:30.")) from None
    return moment.replace(tzinfo=LOCAL) if moment.tzinfo is None else moment


def parse_days(value) -> Decimal | None:
    if value is None:
        return None
    try:
        days = Decimal(str(value))
    except InvalidOperation:
        raise CommandError(_("--days must be a number of working days, e.g. 5 or 0.5.")) from None
    if not days.is_finite() or days < 0 or days > 1000:
        raise CommandError(_("--days must be between 0 and 1000."))
    return days


def parse_years(value: str) -> list[int]:
    try:
        years = set()
        for part in value.replace(" ", "").split(","):
            if "-" in part:
                a, b = (int(x) for x in part.split("-", 1))
                years.update(range(a, b + 1))
            elif part:
                years.add(int(part))
    except ValueError:
        raise CommandError(_("--years must be a year, a range like 2018-2030 or a list like 2025,2026.")) from None
    if not years or min(years) < 1900 or max(years) > 2150 or len(years) > 100:
        raise CommandError(_("--years must lie between 1900 and 2150 (at most 100 years)."))
    return sorted(years)


def due_date_command(command, options):
    from smartcity.core.models import Organisation
    from smartcity.onestop.errors import OneStopError
    from smartcity.onestop.services import calendar

    received = parse_received(options["received"])
    days = parse_days(options.get("days"))
    unit = None
    if options.get("unit"):
        unit = Organisation.objects.filter(code=options["unit"]).first()
        if unit is None:
            raise CommandError(_("Unknown organisation code: %(c)s.") % {"c": options["unit"]})
    if options.get("procedure"):
        try:
            due, version = calendar.due_for_procedure(received, options["procedure"], days)
        except OneStopError as exc:
            if exc.code == "unknown_procedure":
                raise CommandError(_("Unknown procedure code: %(c)s.") % {"c": options["procedure"]}) from None
            raise CommandError(_("Procedure %(c)s has no version in force on %(d)s.")
                               % {"c": options["procedure"], "d": received.astimezone(LOCAL).strftime("%d/%m/%Y")}) from None
        unit, days = version.receiving_unit, version.time_limit_days if days is None else days
    else:
        if days is None:
            raise CommandError(_("Give --days, or --procedure to use its time limit."))
        due = calendar.due_at(received, days, unit=unit)
    command.stdout.write(due.astimezone(LOCAL).isoformat())
    if options.get("explain"):
        info = calendar.explain(received, days, unit=unit)
        command.stdout.write(_("clock starts %(s)s%(c)s") % {"s": info["clock_start"].strftime("%d/%m/%Y %H:%M"),
                                                            "c": _(" (received after the cut-off hour)") if info["cutoff_applied"] else ""})
        for day, hours in info["counted"]:
            command.stdout.write(f"  + {day:%d/%m/%Y} {hours:g} h")
        for day in info["skipped"]:
            command.stdout.write(f"  - {day:%d/%m/%Y} " + _("not a working day"))


def seed_command(command, options):
    from smartcity.onestop.services import calendar

    years = parse_years(options["years"])
    for year in years:
        cal_year = calendar.seed_year(year)
        command.stdout.write(_("%(y)s: %(n)s days stored, %(w)s working days") % {
            "y": year, "n": cal_year.days.count(), "w": calendar.working_days_in_year(year)})


def show_command(command, options):
    from smartcity.onestop.models import CalendarYear
    from smartcity.onestop.services import calendar

    year = options["year"]
    if not 1900 <= year <= 2150:
        raise CommandError(_("The year must lie between 1900 and 2150."))
    stored = CalendarYear.objects.filter(year=year).first()
    status = (_("confirmed by staff") if stored.confirmed else _("seeded, not confirmed")) if stored else _("not stored: computed from the rules")
    command.stdout.write(f"{year} — {status} — " + _("%(w)s working days") % {"w": calendar.working_days_in_year(year)})
    for d in calendar.year_days(year):
        command.stdout.write(f"{d['date']:%d/%m/%Y} {d['date']:%a} {'work' if d['working'] else 'off ':4} "
                             f"{d['kind']:<10} {d['source']:<5} {d['name_vi']}")

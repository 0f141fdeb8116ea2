"""`smartcity sanitation plan --owner ORG [--date D --shift S --seconds N]`: build and optimise a
collection plan from the live bin levels and print its routes; `smartcity sanitation
alert-rules --owner ORG`: create the smart bin alert rules of an organisation."""
import datetime as dt
import time

from django.core.management.base import CommandError

EXIT_BAD_INPUT = 2


def register(sub) -> None:
    """Add this part's sub-commands (each sets `handler=fn(command, options)`)."""
    p = sub.add_parser("plan", help="plan a shift's collection from the live bin levels and print the routes")
    p.add_argument("--owner", required=True, help="organisation code (its bins, trucks, depot)")
    p.add_argument("--date", help="YYYY-MM-DD (default: the current or next shift's)")
    p.add_argument("--shift", choices=("morning", "afternoon", "night"))
    p.add_argument("--seconds", type=float, default=3.0, help="solver time budget (at most 5 s)")
    p.add_argument("--trips", type=int, default=2, help="trips per truck (default 2)")
    p.set_defaults(handler=plan_command)
    r = sub.add_parser("alert-rules", help="create the smart bin alert rules of an organisation")
    r.add_argument("--owner", required=True)
    r.set_defaults(handler=rules_command)


def _org(code):
    from smartcity.core.models import Organisation

    org = Organisation.objects.filter(code=code).first()
    if org is None:
        raise CommandError(f"no organisation {code}", returncode=EXIT_BAD_INPUT)
    return org


def plan_command(command, options) -> None:
    from smartcity.sanitation import planning, services
    from smartcity.sanitation.models import CollectionPlan, Depot, DisposalSite, Truck

    org = _org(options["owner"])
    day, shift = planning.current_shift(int(time.time()))
    if options.get("date"):
        try:
            day = dt.date.fromisoformat(options["date"])
        except ValueError:
            raise CommandError("--date is YYYY-MM-DD", returncode=EXIT_BAD_INPUT) from None
    shift = options.get("shift") or shift
    depot = Depot.objects.filter(owner=org).first()
    trucks = list(Truck.objects.filter(owner=org, active=True))
    if depot is None or not trucks:
        raise CommandError(f"{org.code} has no depot or no truck in service", returncode=EXIT_BAD_INPUT)
    if not 0 < options["seconds"] <= services.MAX_SECONDS:
        raise CommandError(f"--seconds must be in (0, {services.MAX_SECONDS}]", returncode=EXIT_BAD_INPUT)
    plan = CollectionPlan.objects.create(owner=org, date=day, shift=shift, depot=depot,
                                         disposal_site=DisposalSite.objects.filter(owner=org).first(),
                                         seconds=options["seconds"], trips_per_truck=max(1, options["trips"]))
    plan.trucks.set(trucks)
    try:
        services.optimise(plan)
    except services.PlanError as exc:
        raise CommandError(str(exc), returncode=EXIT_BAD_INPUT) from None
    out = command.stdout
    s = plan.summary
    out.write(f"plan {plan.pk} {plan.date} {plan.shift}: {s['must']} must + {s['may']} may of {s['bins_considered']} bins, "
              f"{plan.distance_m / 1000:.1f} km, {plan.solve_seconds:.1f} s, {'feasible' if plan.feasible else 'OVER CAPACITY'}")
    for t in services.plan_totals(plan):
        r = t["route"]
        codes = " ".join(st.bin.code for st in r.stops.select_related("bin").order_by("order"))
        out.write(f"route {r.number} {r.truck.plate}: {t['bins']} bins, {t['km']:.1f} km, {t['load']}/{t['capacity']} {t['unit']}: {codes}")


def rules_command(command, options) -> None:
    from smartcity.sanitation.bin_alerts import ensure_rules

    command.stdout.write(f"{ensure_rules(_org(options['owner']))} rules created")

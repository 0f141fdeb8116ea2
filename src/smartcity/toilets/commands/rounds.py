"""`smartcity toilets rounds [--date YYYY-MM-DD] [--days N]`: plan the scheduled cleaning
rounds of each toilet for N local days from the date (idempotent), mark overdue rounds
missed, and print the day's rounds per toilet."""
from datetime import date, timedelta

from django.core.management.base import CommandError


def register(sub) -> None:
    p = sub.add_parser("rounds", help="Plan and list the cleaning rounds of a day")
    p.add_argument("--date", help="local day YYYY-MM-DD (default today)")
    p.add_argument("--days", type=int, default=1, help="days to plan from the date (default 1)")
    p.set_defaults(handler=handle)


def handle(cmd, options) -> None:
    from smartcity.toilets import services
    from smartcity.toilets.models import CleaningRound

    try:
        day = date.fromisoformat(options["date"]) if options["date"] else services.local_day()
    except ValueError:
        raise CommandError("--date must be YYYY-MM-DD") from None
    if not 1 <= options["days"] <= 31:
        raise CommandError("--days must be between 1 and 31")
    planned = sum(services.ensure_rounds(day + timedelta(days=i)) for i in range(options["days"]))
    missed = services.mark_missed()
    cmd.stdout.write(f"planned {planned} new round(s), marked {missed} missed")
    start, end = services.day_bounds(day)
    for r in CleaningRound.objects.filter(planned_at__gte=start, planned_at__lt=end).select_related("toilet__asset").order_by(
            "toilet__asset__slug", "planned_at"):
        local = r.planned_at.astimezone(services.scoring.LOCAL)
        cmd.stdout.write(f"{r.toilet.asset.slug}\t{local:%H:%M}\t{r.kind}\t{r.state}")

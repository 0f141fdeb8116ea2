"""`smartcity surveys remind [--campaign ID]`: e-mail a reminder to the invited enterprises
that have not submitted, in every open campaign (or one); `smartcity surveys rates` prints
each campaign's recipients per state and its response rate."""
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Survey campaigns: remind non-respondents, print response rates."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="verb", required=True)
        remind = sub.add_parser("remind", help="Remind invited enterprises that have not submitted")
        remind.add_argument("--campaign", type=int, help="campaign id (default: every open campaign)")
        sub.add_parser("rates", help="Recipients per state and response rate of each campaign")

    def handle(self, *args, **options):
        from django.utils import timezone

        from smartcity.surveys import services
        from smartcity.surveys.models import Campaign

        if options["verb"] == "rates":
            for c in Campaign.objects.order_by("pk"):
                r = services.response_rate(c)
                rate = "-" if r["rate"] is None else f"{100 * r['rate']:.1f} %"
                states = " ".join(f"{k}={v}" for k, v in r["states"].items())
                self.stdout.write(f"{c.pk}\t{c.title_vi}\t{states}\topen_link={r['open_link_submitted']}\trate={rate}")
            return
        now = timezone.now()
        campaigns = Campaign.objects.filter(opens_at__lte=now, closes_at__gt=now)
        if options["campaign"]:
            campaigns = Campaign.objects.filter(pk=options["campaign"])
            if not campaigns.exists():
                raise CommandError(f"no campaign {options['campaign']}")
        for c in campaigns:
            try:
                n = services.remind(c, now)
            except services.SurveyError as exc:
                raise CommandError(f"campaign {c.pk}: {exc.message}") from None
            self.stdout.write(f"campaign {c.pk}: {n} reminder(s) sent")

"""`smartcity alerts check-missing | replay | resend | evaluators`: operator verbs of the alerts."""
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Alerts: run the missing-data sweep now, replay recent readings, re-queue unsent notifications, list domain evaluators."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="verb", required=True)
        sub.add_parser("check-missing", help="raise/clear missing-data alerts now (the worker does it every minute)")
        resend = sub.add_parser("resend", help="queue pending notifications again (after the queue was down)")
        resend.add_argument("--older-than", type=int, default=120, help="only deliveries pending for this many seconds (default 120)")
        resend.add_argument("--failed", action="store_true", help="also retry failed deliveries")
        sub.add_parser("evaluators", help="list the domain evaluators that apps installed")
        replay = sub.add_parser("replay", help="evaluate the rules on recent readings (e.g. after adding a rule)")
        replay.add_argument("--hours", type=float, default=6, help="how far back (default 6 hours)")

    def handle(self, *args, **opts):
        verb = opts["verb"]
        if verb == "check-missing":
            from smartcity.alerts.services import check_missing

            summary = check_missing()
            self.stdout.write(" ".join(f"{k}={v}" for k, v in summary.items()))
        elif verb == "resend":
            from datetime import timedelta

            from django.utils import timezone

            from smartcity.alerts.models import Delivery, DeliveryStatus
            from smartcity.alerts.notify import enqueue

            states = [DeliveryStatus.PENDING] + ([DeliveryStatus.FAILED] if opts["failed"] else [])
            ids = list(Delivery.objects.filter(status__in=states, created_at__lt=timezone.now() - timedelta(seconds=opts["older_than"]))
                       .values_list("id", flat=True))
            Delivery.objects.filter(id__in=ids, status=DeliveryStatus.FAILED).update(status=DeliveryStatus.PENDING)
            enqueue(ids)
            self.stdout.write(f"queued={len(ids)}")
        elif verb == "replay":
            from smartcity.alerts.services import replay

            summary = replay(opts["hours"])
            self.stdout.write(" ".join(f"{k}={v}" for k, v in summary.items()))
        elif verb == "evaluators":
            from smartcity.alerts.evaluators import all_evaluators

            for ev in all_evaluators():
                self.stdout.write(f"{ev.name}\t{ev.label}")
        else:  # pragma: no cover - argparse refuses other verbs
            raise CommandError(verb)

"""`smartcity worker`: the background worker (Huey consumer) that sends alert
notifications and runs periodic jobs such as the missing-data sweep.

Uses the queue configured in settings.HUEY (SQLite under var/ by default, Redis when
REDIS_URL is set). Takes the options of Huey's consumer (-w workers, -k worker type, ...);
`--burst` runs the tasks already queued and exits (for cron jobs and scripts)."""
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.module_loading import autodiscover_modules


class Command(BaseCommand):
    help = "Run the background worker (Huey consumer): alert notifications and periodic jobs."

    def add_arguments(self, parser):
        parser.add_argument("-w", "--workers", type=int, default=2, help="worker threads (default 2)")
        parser.add_argument("-k", "--worker-type", default="thread", choices=["thread", "process", "greenlet"])
        parser.add_argument("--no-periodic", action="store_true", help="do not run periodic jobs in this worker")
        parser.add_argument("--burst", action="store_true", help="run the queued tasks, then exit")
        parser.add_argument("--max-tasks", type=int, default=10_000, help="with --burst: stop after this many tasks")

    def handle(self, *args, **opts):
        if opts["burst"]:
            self._burst(opts["max_tasks"])
            return
        options = ["--workers", str(opts["workers"]), "--worker-type", opts["worker_type"]]
        if opts["no_periodic"]:
            options.append("--no-periodic")
        call_command("run_huey", *options)

    def _burst(self, limit: int) -> None:
        from huey.contrib import djhuey

        autodiscover_modules("tasks")
        huey = djhuey.HUEY
        done = 0
        while done < limit:
            task = huey.dequeue()
            if task is None:
                break
            huey.execute(task)  # failures are logged by huey and retried on schedule
            done += 1
        self.stdout.write(f"tasks={done}")

"""`smartcity bench <suite>`: run a benchmark suite from the repository's bench/ folder."""
import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

import smartcity

REPO = Path(smartcity.__file__).resolve().parents[2]


class Command(BaseCommand):
    help = "Run benchmarks (bench/<suite>.py) on the current database and print a table (or --json)."

    def add_arguments(self, parser):
        parser.add_argument("suite", choices=["hub", "env-aqi", "env-files", "mobility-gtfs", "mobility-positions",
                                              "mobility-predict", "onestop", "gis", "cvrp"])
        parser.add_argument("--only", help="comma-separated subset, e.g. store,http")
        parser.add_argument("--rows", type=int, default=1_000_000)
        parser.add_argument("--json", action="store_true")
        parser.add_argument("--keep", action="store_true", help="keep the bench data afterwards")
        parser.add_argument("--dossiers", type=int, help="onestop: dossiers in the big database (default 1,000,000)")
        parser.add_argument("--samples", type=int, help="onestop: timed calls per measure and database (default 500)")

    def handle(self, *args, **opts):
        if not (REPO / "bench").is_dir():
            raise CommandError(f"no bench/ folder beside the package ({REPO}); run from a source checkout")
        sys.path.insert(0, str(REPO))
        err = lambda line: self.stderr.write(str(line))  # noqa: E731
        if opts["suite"] in ("env-files", "onestop"):  # a scratch database and data folder of its own: its own process
            import subprocess

            script = opts["suite"].replace("-", "_") + ".py"
            extra = [f"--{k}={opts[k]}" for k in ("dossiers", "samples") if opts.get(k) is not None]
            code = subprocess.call([sys.executable, str(REPO / "bench" / script), *(["--json"] if opts["json"] else []), *extra])
            if code:
                raise CommandError(f"bench/{script} exited with {code}")
            return
        if opts["suite"] != "hub":
            import importlib

            module = importlib.import_module("bench." + opts["suite"].replace("-", "_"))
            result = module.main(out=err)
            if opts["json"]:
                self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2, default=str))
            return
        from bench import hub

        only = opts["only"].split(",") if opts["only"] else None
        # each result goes to stderr as soon as it is measured, so a later failure loses nothing
        results = hub.main(only=only, rows=opts["rows"], keep=opts["keep"], out=lambda line: self.stderr.write(line))
        if opts["json"]:
            self.stdout.write(json.dumps(results, ensure_ascii=False, indent=2))
            return
        for r in results:
            self.stdout.write(f"\n{r['name']}")
            for k, v in r.items():
                if k != "name":
                    self.stdout.write(f"  {k:<22} {v}")

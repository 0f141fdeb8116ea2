"""`smartcity env import-files PATH...` (backfill of station files) and `smartcity env inbox`
(one pass over the FTP inbox, or a watcher, for servers run with --no-process).

Each file is stored in its own transaction with its StationFile row and is known by its
SHA-256, so a run killed at any moment and started again stores nothing twice and finishes
the rest (files already stored are counted as duplicates). Exit status: 0 when every line
was stored, 1 when some lines were rejected, 2 when a file was quarantined or failed.
"""
import argparse
import threading

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from smartcity.environment import inbox

EXIT_REJECTED = 1
EXIT_FILE_FAILED = 2


def register(sub) -> None:
    """Add this part's sub-commands."""
    p = sub.add_parser("import-files", help=_("load station files (Circular 10/2021) from files or folders"),
                       description=_("Load station files (<code>_<yyyyMMddHHmmss>.txt) from files and folders (walked "
                                     "recursively) in measurement-time order. Resumable: a file already stored is not "
                                     "stored again. Prints files, lines, stored, replaced, rejected, quarantined."))
    p.add_argument("paths", nargs="+", metavar="PATH", help=_("station files or folders"))
    p.add_argument("--json", action="store_true", help=_("print the summary as JSON"))
    p.add_argument("--archive", action=argparse.BooleanOptionalAction, default=True,
                   help=_("copy each stored file into DATA_DIR/environment/archive/yyyy/mm/dd/ (the originals stay where they are)"))
    bar = p.add_mutually_exclusive_group()
    bar.add_argument("--no-progress", action="store_true", help=_("no progress bar"))
    bar.add_argument("--progress", action="store_true", help=_("always show the progress bar (by default only on a terminal)"))
    p.set_defaults(handler=import_files)

    w = sub.add_parser("inbox", help=_("process the station-file inbox (once, or --watch)"))
    w.add_argument("--watch", action="store_true", help=_("keep processing files as they arrive, until stopped"))
    w.add_argument("--interval", type=float, default=2.0, help=_("seconds between polls (default %(default)s)"))
    w.add_argument("--json", action="store_true", help=_("print the summary as JSON"))
    w.set_defaults(handler=process_inbox)


def import_files(command, options):
    from tqdm import tqdm

    files = inbox.collect(options["paths"])
    missing = [p for p in files if not p.exists()]
    disable = True if options["no_progress"] else (False if options["progress"] else None)
    bar = tqdm(total=len(files), desc=_("station files"), unit=_("file"), file=command.stderr._out, disable=disable,
               dynamic_ncols=True)

    def progress(result):
        bar.update(1)
        if result.outcome in ("quarantined", "failed"):
            bar.write(f"{result.name}: {result.outcome} [{result.code}] {result.reason}", file=command.stderr._out)

    try:
        summary = inbox.process_paths(files, mode="copy" if options["archive"] else "keep", progress=progress)
    except KeyboardInterrupt:
        raise CommandError(_("interrupted: what was committed is kept; run the same command again to resume"), returncode=130) from None
    finally:
        bar.close()
    summary.failed += len(missing)
    _print(command, summary, options["json"])
    for p in missing:
        command.stderr.write(f"{p}: {_('no such file')}")
    if summary.quarantined or summary.failed:
        raise CommandError(_("some files were quarantined or failed"), returncode=EXIT_FILE_FAILED)
    if summary.rejected:
        raise CommandError(_("some lines were rejected"), returncode=EXIT_REJECTED)


def process_inbox(command, options):
    if options["watch"]:
        stop = threading.Event()
        import signal

        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_a: stop.set())
        summary = inbox.run_watcher(stop, options["interval"])
    else:
        summary = inbox.process_inbox()
    _print(command, summary, options["json"])


def _print(command, summary, as_json: bool):
    if as_json:
        command.stdout.write(inbox.summary_json(summary))
        return
    d = summary.as_dict()
    heads = ["files", "lines", "stored", "replaced", "unchanged", "rejected", "quarantined", "duplicates", "failed"]
    labels = heads  # stable column names: scripts read them (the issue names them)
    cells = [f"{d[h]:,}" for h in heads]
    widths = [max(len(a), len(b)) for a, b in zip(labels, cells)]
    command.stdout.write("  ".join(a.rjust(w) for a, w in zip(labels, widths)))
    command.stdout.write("  ".join(b.rjust(w) for b, w in zip(cells, widths)))
    rate = d["files"] / d["seconds"] if d["seconds"] else 0
    command.stdout.write(_("%(seconds).1f s, %(rate).0f files/s") % {"seconds": d["seconds"], "rate": rate})

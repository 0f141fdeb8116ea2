"""Compile the shipped .po catalogues to .mo at start, so no gettext tools are needed.

Only catalogues whose .mo is missing or was built from another version of the .po (its
modification time differs) are rebuilt; the check is a few stat() calls, cheap enough to
run on every process start.
"""
import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def compile_catalogues(root: Path = PACKAGE_DIR) -> list[Path]:
    """Build every stale django.mo below `root`; return the files written."""
    written = []
    for po_path in root.rglob("locale/*/LC_MESSAGES/*.po"):
        mo_path = po_path.with_suffix(".mo")
        # the .mo carries the modification time of the .po it was built from: a .po changed
        # while another process compiled it (a translator adding entries as a server starts)
        # no longer matches, so it is built again on the next start instead of staying stale
        po_ns = po_path.stat().st_mtime_ns
        if mo_path.exists() and mo_path.stat().st_mtime_ns == po_ns:
            continue
        import polib  # imported lazily: only needed when something is stale

        catalogue = polib.pofile(str(po_path))
        # a name of this process's own: the web server, the worker or two test runs may
        # start at the same moment on a fresh checkout and compile the same catalogue
        tmp = mo_path.with_name(f"{mo_path.name}.{os.getpid()}.tmp")
        catalogue.save_as_mofile(str(tmp))
        os.utime(tmp, ns=(po_ns, po_ns))
        os.replace(tmp, mo_path)  # atomic: a reader sees the old file or the new one
        written.append(mo_path)
    return written


def add_entries(po_path: Path, pairs: list[tuple[str, str]]) -> int:
    """Add (msgid, msgstr) pairs to a catalogue under an exclusive file lock, keeping
    existing translations; returns how many were new. Used by developers (no gettext tools):
    `python -m smartcity.i18n add PO_FILE MSGID MSGSTR [MSGID MSGSTR ...]`."""
    import fcntl

    import polib

    po_path = Path(po_path)
    po_path.parent.mkdir(parents=True, exist_ok=True)
    with open(po_path.with_suffix(".po.lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        catalogue = polib.pofile(str(po_path)) if po_path.exists() else polib.POFile()
        if not po_path.exists():
            catalogue.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "vi",
                                  "MIME-Version": "1.0", "Content-Transfer-Encoding": "8bit"}
        added = 0
        for msgid, msgstr in pairs:
            entry = catalogue.find(msgid)
            if entry is None:
                catalogue.append(polib.POEntry(msgid=msgid, msgstr=msgstr))
                added += 1
            elif not entry.msgstr:
                entry.msgstr = msgstr
        tmp = po_path.with_suffix(".po.tmp")
        catalogue.save(str(tmp))
        tmp.replace(po_path)
    return added


if __name__ == "__main__":
    import sys

    if len(sys.argv) < 5 or sys.argv[1] != "add" or len(sys.argv[3:]) % 2:
        sys.exit("usage: python -m smartcity.i18n add PO_FILE MSGID MSGSTR [MSGID MSGSTR ...]")
    args = sys.argv[3:]
    n = add_entries(Path(sys.argv[2]), list(zip(args[0::2], args[1::2])))
    print(f"{n} new entries in {sys.argv[2]}")

"""Compile the shipped .po catalogues to .mo at start, so no gettext tools are needed.

Only catalogues whose .mo is missing or older than the .po are rebuilt; the check is a
few stat() calls, cheap enough to run on every process start.
"""
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def compile_catalogues(root: Path = PACKAGE_DIR) -> list[Path]:
    """Build every stale django.mo below `root`; return the files written."""
    written = []
    for po_path in root.rglob("locale/*/LC_MESSAGES/*.po"):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        import polib  # imported lazily: only needed when something is stale

        catalogue = polib.pofile(str(po_path))
        tmp = mo_path.with_suffix(".mo.tmp")
        catalogue.save_as_mofile(str(tmp))
        tmp.replace(mo_path)
        written.append(mo_path)
    return written

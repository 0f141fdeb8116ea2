"""`smartcity gis` verbs of the planning part:

    smartcity gis planning-check --dossier CODE (--parcel LAYER/FID | --footprint FILE.geojson)
        --use residential --height 15 --floors 4 --coverage 70 --user USERNAME [--json]
        runs the planning check of a permit dossier as that officer, attaches the evidence PDF
        to the dossier and prints the result (pass / warn / fail) and each finding.
"""
import json
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from smartcity.gis import planning as rules


def register(sub) -> None:
    c = sub.add_parser("planning-check", help=_("check a permit dossier against the planning layers"))
    c.add_argument("--dossier", required=True, help=_("dossier code"))
    c.add_argument("--parcel", help=_("parcel as LAYER/FID"))
    c.add_argument("--footprint", help=_("GeoJSON file with the building footprint (WGS84)"))
    c.add_argument("--use", required=True, choices=sorted(rules.LAND_USES), help=_("requested use"))
    c.add_argument("--height", required=True, help=_("height in metres"))
    c.add_argument("--floors", required=True, help=_("number of floors"))
    c.add_argument("--coverage", required=True, help=_("building coverage in percent"))
    c.add_argument("--user", required=True, help=_("the officer running the check (username)"))
    c.add_argument("--json", action="store_true", help=_("print the check as JSON"))
    c.set_defaults(handler=planning_check_command)


def planning_check_command(cmd, options) -> None:
    from smartcity.core.models import User
    from smartcity.gis.api.planning import find_parcel
    from smartcity.gis.services.planning import (
        PlanningError,
        check_dossier,
        evidence_document,
    )
    from smartcity.onestop.models import Dossier

    dossier = Dossier.objects.filter(code=options["dossier"]).first()
    if dossier is None:
        raise CommandError(_("No dossier with this code."))
    user = User.objects.filter(username=options["user"]).first()
    if user is None:
        raise CommandError(_("No user with this name."))
    parcel = footprint = None
    if options.get("parcel"):
        parcel = find_parcel(options["parcel"])
        if parcel is None:
            raise CommandError(_("No such parcel."))
    if options.get("footprint"):
        try:
            footprint = json.loads(Path(options["footprint"]).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise CommandError(_("The footprint file cannot be read as GeoJSON.")) from exc
        if footprint.get("type") == "FeatureCollection" and footprint.get("features"):
            footprint = footprint["features"][0]
    try:
        check = check_dossier(dossier, parcel=parcel, footprint=footprint, use=options["use"], height_m=options["height"],
                              floors=options["floors"], coverage_pct=options["coverage"], user=user)
    except PermissionDenied:
        raise CommandError(_("Only the unit holding the dossier may run its planning check.")) from None
    except PlanningError as exc:
        raise CommandError(f"{exc.field or ''}: {exc.message}".lstrip(": ")) from None
    doc = evidence_document(check)
    if options.get("json"):
        cmd.stdout.write(json.dumps({"id": check.pk, "result": check.result, "findings": check.findings,
                                     "document": doc.file.name if doc else None}, ensure_ascii=False, indent=1))
        return
    cmd.stdout.write(f"{check.result.upper()}  {dossier.code}  #{check.pk}")
    for f in check.findings:
        cmd.stdout.write(f"  [{f['result']}] {f['zone'] or '-'} {f.get('decision') or ''} {f.get('version') or ''}".rstrip())
        for c in f["checks"]:
            cmd.stdout.write(f"      {c['result']:<4}  {c['message']}")
    if doc:
        cmd.stdout.write(f"{_('Evidence')}: {doc.file.name}")

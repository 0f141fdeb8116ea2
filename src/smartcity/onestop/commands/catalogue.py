"""`smartcity onestop catalogue load|list|show CODE`: load the seed catalogue (idempotent),
list the procedures (filters as on the page, search without diacritics), show one
procedure's version in force with its documents, steps and version history. `--json` for
scripts."""
import datetime as dt
import json

from django.core.management.base import CommandError
from django.utils.translation import gettext as _


def register(sub) -> None:
    p = sub.add_parser("catalogue", help=_("the procedure catalogue: load, list, show"),
                       description=_("Load the seed catalogue, list procedures or show one."))
    verbs = p.add_subparsers(dest="catalogue_verb", required=True)
    load = verbs.add_parser("load", help=_("load the seed catalogue (idempotent)"))
    load.add_argument("--no-templates", action="store_true", help=_("do not generate the .docx form templates"))
    load.set_defaults(handler=run_load)
    ls = verbs.add_parser("list", help=_("list procedures"))
    ls.add_argument("--q", default="", help=_("search words (diacritics optional)"))
    ls.add_argument("--field", default="", help=_("field code"))
    ls.add_argument("--unit", default="", help=_("competent unit code, e.g. DOC"))
    ls.add_argument("--online", default="", help=_("full, partial or none"))
    ls.add_argument("--on", default="", help=_("the version in force on this day (YYYY-MM-DD)"))
    ls.add_argument("--json", action="store_true", help=_("print JSON"))
    ls.set_defaults(handler=run_list)
    show = verbs.add_parser("show", help=_("show one procedure"))
    show.add_argument("code")
    show.add_argument("--on", default="", help=_("the version in force on this day (YYYY-MM-DD)"))
    show.add_argument("--json", action="store_true", help=_("print JSON"))
    show.set_defaults(handler=run_show)


def _on(value):
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(_("Give the date as YYYY-MM-DD.")) from None


def run_load(command, options):
    from smartcity.onestop.services.catalogue import load_catalogue

    counts = load_catalogue(templates=not options.get("no_templates"))
    command.stdout.write(", ".join(f"{k}: {v}" for k, v in counts.items()))


def run_list(command, options):
    from django.contrib.auth.models import AnonymousUser

    from smartcity.onestop.services import catalogue as svc

    rows = svc.search(svc.procedures_for(AnonymousUser()), q=options["q"], field=options["field"], unit=options["unit"],
                      online=options["online"], on=_on(options["on"]))
    data = [{"code": p.code, "name_vi": p.name_vi, "name_en": p.name_en, "field": p.field.code, "unit": p.owner.code,
             "version": v.number if v else None, "time_limit_days": float(v.time_limit_days) if v else None,
             "online_level": v.online_level if v else None} for p, v in rows]
    if options["json"]:
        command.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
        return
    for r in data:
        limit = f"{r['time_limit_days']:g}" if r["time_limit_days"] is not None else "—"
        command.stdout.write(f"{r['code']:<10} {r['unit']:<8} {limit:>5} {r['online_level'] or '—':<8} {r['name_vi']}")
    command.stdout.write(_("%(n)s procedures") % {"n": len(data)})


def run_show(command, options):
    from django.contrib.auth.models import AnonymousUser

    from smartcity.onestop.errors import OneStopError
    from smartcity.onestop.services import catalogue as svc

    proc = svc.procedures_for(AnonymousUser()).filter(code=options["code"]).first()
    if proc is None:
        raise CommandError(_("No procedure with code %(code)s.") % {"code": options["code"]})
    try:
        v = svc.version_in_force(proc, _on(options["on"]))
    except OneStopError as exc:
        raise CommandError(exc.message) from None
    data = {
        "code": proc.code, "name_vi": v.name_vi, "name_en": v.name_en, "field": proc.field.code, "level": proc.level,
        "competent_unit": v.competent_unit.code, "receiving_unit": v.receiving_unit.code, "version": v.number, "rule_set": v.rule_set,
        "valid_from": v.valid_from.isoformat(), "valid_to": v.valid_to.isoformat() if v.valid_to else None,
        "time_limit_days": float(v.time_limit_days), "online_level": v.online_level, "fees": v.fees, "steps": v.steps,
        "legal_basis": v.legal_basis,
        "documents": [{"name_vi": d.name_vi, "copies": d.copies, "original": d.original, "form": d.template_name,
                       "template": bool(d.template)} for d in v.documents.all()],
        "versions": [{"number": h["version"].number, "status": h["version"].status, "rule_set": h["version"].rule_set,
                      "valid_from": h["version"].valid_from.isoformat(),
                      "valid_to": h["version"].valid_to.isoformat() if h["version"].valid_to else None,
                      "changes": [c["key"] for c in h["changes"]]}
                     for h in svc.history(proc) if h["version"].status != "draft"],
    }
    if options["json"]:
        command.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
        return
    w = command.stdout.write
    w(f"{proc.code}  {v.name_vi}")
    w(f"  {v.name_en}")
    w(_("version %(n)s (%(rules)s), in force from %(d)s") % {"n": v.number, "rules": v.rule_set, "d": v.valid_from.strftime("%d/%m/%Y")})
    w(_("time limit: %(d)s working days; online: %(o)s; received at %(u)s") % {
        "d": f"{float(v.time_limit_days):g}", "o": v.online_level, "u": v.receiving_unit.code})
    w(_("fees: %(f)s") % {"f": svc.describe_fees(v.fees)})
    w(_("documents:"))
    for i, d in enumerate(v.documents.all(), 1):
        w(f"  {i}. {d.name_vi} ×{d.copies}{' [' + d.template_name + ']' if d.template_name else ''}")
    w(_("steps:"))
    for i, s in enumerate(v.steps, 1):
        w(f"  {i}. {s['name_vi']} — {s['unit']}, {s['days']}")
    w(_("versions:") + " " + ", ".join(f"{h['number']} {h['status']} {h['valid_from']}" for h in data["versions"]))

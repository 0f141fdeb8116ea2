"""`smartcity gis permits ...`: the construction permit register.

    smartcity gis permits list [--year 2026] [--status issued] [--json]
    smartcity gis permits stats --year 2026 [--json]     per ward/commune and former district
    smartcity gis permits sync                           rebuild the register from the dossiers
"""
import json

from django.utils.translation import gettext as _


def register(sub) -> None:
    p = sub.add_parser("permits", help=_("the construction permit register"))
    verbs = p.add_subparsers(dest="permits_verb", required=True)
    ls = verbs.add_parser("list", help=_("list permits"))
    ls.add_argument("--year")
    ls.add_argument("--status")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(handler=list_command)
    st = verbs.add_parser("stats", help=_("yearly statistics per ward and former district"))
    st.add_argument("--year", type=int, required=True)
    st.add_argument("--json", action="store_true")
    st.set_defaults(handler=stats_command)
    sy = verbs.add_parser("sync", help=_("rebuild the register from the one-stop dossiers"))
    sy.set_defaults(handler=sync_command)


def list_command(cmd, options) -> None:
    from smartcity.gis.services import permits as service

    params = {k: options.get(k) or "" for k in ("year", "status")}
    qs = service.filter_permits(service.visible(None), params).order_by("received_at", "pk")
    if options.get("json"):
        cmd.stdout.write(json.dumps([service.as_dict(p, full=True) for p in qs], ensure_ascii=False, indent=1))
        return
    for p in qs:
        cmd.stdout.write(f"{p.pk}\t{p.number or '-'}\t{p.status}\t{p.received_at:%Y-%m-%d}\t"
                         f"{p.ward.name_vi if p.ward else '-'}\t{p.project_name[:60]}")
    cmd.stdout.write(_("%(n)d permits") % {"n": qs.count()})


def stats_command(cmd, options) -> None:
    from smartcity.gis.services import permits as service

    data = service.stats(options["year"])
    if options.get("json"):
        cmd.stdout.write(json.dumps(data, ensure_ascii=False, indent=1))
        return
    t = data["total"]
    cmd.stdout.write(f"{data['year']}: received {t['received']}, issued {t['issued']}, refused {t['refused']}, "
                     f"in progress {t['in_progress']}, on time {t['on_time_rate']} %, median {t['median_days']} working days")
    for title, rows in (("wards", data["wards"]), ("districts", data["districts"])):
        cmd.stdout.write(f"-- {title}")
        for r in rows:
            cmd.stdout.write(f"{r['name'] or '-'}\t{r['received']}\t{r['issued']}\t{r['refused']}\t{r['in_progress']}\t"
                             f"{r['on_time_rate'] if r['on_time_rate'] is not None else '-'}\t{r['median_days'] or '-'}")


def sync_command(cmd, options) -> None:
    from smartcity.gis.services import permits as service

    counts = service.sync()
    cmd.stdout.write(_("%(d)d construction dossiers, %(p)d permits in the register") % {"d": counts["dossiers"], "p": counts["permits"]})

"""`smartcity hub ...`: the hub's operator verbs.

    smartcity hub export [--asset A,B] [--type T] [--quantity Q] [--owner ORG] [--from ISO] [--to ISO] [--agg raw|1h|1d]
    smartcity hub recompute (--datastream N [N ...] | --all)
    smartcity hub tokens create --owner ORG --name NAME (--asset SLUG ... | --all-assets)
    smartcity hub tokens list [--owner ORG] [--all]
    smartcity hub tokens revoke ID|PREFIX

`export` writes CSV to stdout (asset,quantity,unit,time,value,status; time ISO 8601 with
the +07:00 offset), streaming keyset pages so any range exports whole in bounded memory.
An operator on the server sees every asset, published or not.
"""
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from smartcity.hub import queries


class Command(BaseCommand):
    help = "City data hub: export readings as CSV, rebuild rollups, manage device tokens."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="verb", required=True)
        ex = sub.add_parser("export", help="readings as CSV on stdout")
        ex.add_argument("--asset", action="append", help="asset identifier(s), comma-separated or repeated")
        ex.add_argument("--type", action="append", help="asset type code(s)")
        ex.add_argument("--quantity", action="append", help="quantity code(s) or aliases")
        ex.add_argument("--owner", action="append", help="owner organisation code(s)")
        ex.add_argument("--datastream", action="append", help="datastream id(s)")
        ex.add_argument("--from", dest="start", help="ISO 8601 start, inclusive (naive = Vietnam time)")
        ex.add_argument("--to", dest="end", help="ISO 8601 end, exclusive")
        ex.add_argument("--agg", default="raw", choices=["raw", "1h", "1d"], help="raw readings or hourly/daily means")
        ex.add_argument("--stat", default="avg", choices=list(queries.STATS), help="with --agg: avg (default), min, max, count, sum")
        ex.add_argument("--no-header", action="store_true", help="leave out the header line")

        rc = sub.add_parser("recompute", help="rebuild rollups and latest values from the raw readings")
        group = rc.add_mutually_exclusive_group(required=True)
        group.add_argument("--datastream", type=int, nargs="+", help="datastream id(s)")
        group.add_argument("--all", action="store_true", help="every datastream")

        tk = sub.add_parser("tokens", help="device and integration tokens")
        tsub = tk.add_subparsers(dest="token_verb", required=True)
        create = tsub.add_parser("create", help="issue a token; the key is printed once")
        create.add_argument("--owner", required=True, help="organisation code, e.g. DONRE")
        create.add_argument("--name", required=True)
        create.add_argument("--asset", action="append", default=[], help="asset identifier(s) it may write to")
        create.add_argument("--all-assets", action="store_true", help="an integration token for every asset of the owner")
        ls = tsub.add_parser("list", help="list tokens")
        ls.add_argument("--owner", help="organisation code")
        ls.add_argument("--all", action="store_true", help="include revoked tokens")
        rv = tsub.add_parser("revoke", help="revoke a token by id or key prefix")
        rv.add_argument("token", help="token id or prefix (dv_...)")

    def handle(self, *args, **options):
        verb = options["verb"]
        if verb == "export":
            return self.export(options)
        if verb == "recompute":
            return self.recompute(options)
        return self.tokens(options)

    # -- export --------------------------------------------------------------------------
    def export(self, o):
        try:
            start = queries.parse_time_param(o["start"], "from")
            end = queries.parse_time_param(o["end"], "to")
            if start is not None and end is not None and end <= start:
                raise queries.QueryError("to", "bad_range", "--to must be later than --from")
            flt = queries.asset_filter(asset=o["asset"], type=o["type"], owner=o["owner"], quantity=o["quantity"],
                                       datastream=o["datastream"])
            streams = queries.find_streams(flt, user=_Operator())
        except queries.QueryError as exc:
            raise CommandError(f"--{exc.field}: {exc.message}") from None
        out = self.stdout
        try:
            for chunk in queries.iter_csv(streams, start, end, o["agg"], o["stat"], header=not o["no_header"]):
                out.write(chunk, ending="")
            out.flush()
        except BrokenPipeError:  # `smartcity hub export | head`: the reader has all it wanted
            import os
            import sys

            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())

    # -- recompute -----------------------------------------------------------------------
    def recompute(self, o):
        from smartcity.hub.models import Datastream
        from smartcity.hub.store import recompute_all

        ids = list(Datastream.objects.order_by("id").values_list("id", flat=True)) if o["all"] else o["datastream"]
        known = set(Datastream.objects.filter(id__in=ids).values_list("id", flat=True))
        missing = [i for i in ids if i not in known]
        if missing:
            raise CommandError(f"no datastream {missing[0]}")
        for ds in ids:
            with transaction.atomic():
                recompute_all(ds)
        self.stdout.write(f"recomputed rollups and latest value of {len(ids)} datastream(s)")

    # -- tokens --------------------------------------------------------------------------
    def tokens(self, o):
        from smartcity.core.models import Organisation
        from smartcity.hub.models import Asset, DeviceToken
        from smartcity.hub.services import issue_device_token, revoke_device_token

        verb = o["token_verb"]
        if verb == "create":
            owner = Organisation.objects.filter(code=o["owner"]).first()
            if owner is None:
                raise CommandError(f"no organisation {o['owner']!r}")
            slugs = queries.split_list(o["asset"])
            assets = list(Asset.objects.filter(slug__in=slugs))
            found = {a.slug for a in assets}
            missing = [s for s in slugs if s not in found]
            if missing:
                raise CommandError(f"no asset {missing[0]!r}")
            foreign = [a.slug for a in assets if a.owner_id != owner.pk]
            if foreign:
                raise CommandError(f"asset {foreign[0]!r} belongs to another organisation")
            if not assets and not o["all_assets"]:
                raise CommandError("name the assets (--asset) or give --all-assets")
            token, key = issue_device_token(owner, o["name"], assets=assets, all_owner_assets=o["all_assets"])
            self.stdout.write(f"token {token.id} {token.name!r} for {owner.code}; key (shown once, keep it safe):")
            self.stdout.write(key)
            return
        if verb == "list":
            qs = DeviceToken.objects.select_related("owner").prefetch_related("assets").order_by("owner__code", "id")
            if o["owner"]:
                qs = qs.filter(owner__code=o["owner"])
            if not o["all"]:
                qs = qs.filter(revoked_at__isnull=True)
            self.stdout.write("id\tprefix\towner\tname\tscope\tlast used\trevoked")
            for t in qs:
                scope = "all assets" if t.all_owner_assets else ",".join(a.slug for a in t.assets.all())
                self.stdout.write(f"{t.id}\t{t.prefix}\t{t.owner.code}\t{t.name}\t{scope}\t"
                                  f"{t.last_used_at.isoformat() if t.last_used_at else '-'}\t"
                                  f"{t.revoked_at.isoformat() if t.revoked_at else '-'}")
            return
        ref = o["token"]
        qs = DeviceToken.objects.filter(pk=int(ref)) if ref.isdigit() else DeviceToken.objects.filter(prefix=ref[:10])
        tokens = list(qs)
        if not tokens:
            raise CommandError(f"no device token {ref!r}")
        if len(tokens) > 1:
            raise CommandError(f"{len(tokens)} tokens share the prefix {ref!r}; revoke by id")
        revoke_device_token(tokens[0])
        self.stdout.write(f"revoked token {tokens[0].id} ({tokens[0].prefix}…)")


class _Operator:
    """The operator at the server's console reads everything (like a coordinator)."""

    is_authenticated = True
    is_superuser = True
    is_active = True
    organisation = None
    organisation_id = None

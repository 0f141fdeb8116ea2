"""Domain operations of the open data catalogue, no HTTP: the sync from the providers,
generated files with their cache, tabular records, search with facets, download counts,
API keys."""
from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from smartcity.opendata import providers
from smartcity.opendata.models import ApiKey, Dataset, DownloadCount, Licence, Resource
from smartcity.opendata.text import fold, terms

log = logging.getLogger(__name__)
LOCAL = dt.timezone(dt.timedelta(hours=7))

LICENCES = [
    ("cc-by", "Creative Commons Attribution 4.0 (CC BY 4.0)", "https://creativecommons.org/licenses/by/4.0/"),
    ("odc-odbl", "Open Data Commons Open Database License 1.0 (ODbL)", "https://opendatacommons.org/licenses/odbl/1-0/"),
    ("cc-zero", "Creative Commons CC0 1.0", "https://creativecommons.org/publicdomain/zero/1.0/"),
]
EXTENSIONS = {"CSV": ".csv", "JSON": ".json", "GeoJSON": ".geojson", "GTFS": ".zip", "ZIP": ".zip", "XLSX": ".xlsx"}


def local_today() -> dt.date:
    return timezone.now().astimezone(LOCAL).date()


def ensure_licences() -> dict[str, Licence]:
    have = {lic.code: lic for lic in Licence.objects.all()}
    missing = [Licence(code=c, title=t, url=u) for c, t, u in LICENCES if c not in have]
    for lic in missing:
        lic.save()
        have[lic.code] = lic
    return have


def _path(value: str) -> str:
    """A URL name is reversed; a path or URL is kept."""
    if not value or "/" in value:
        return value
    try:
        return reverse(value)
    except NoReverseMatch:
        return ""


# -- sync ------------------------------------------------------------------------------------------
@dataclass
class SyncReport:
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: int = 0
    retired: list = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"created": len(self.created), "updated": len(self.updated), "unchanged": self.unchanged, "retired": len(self.retired)}


def _apply(obj, values: dict) -> bool:
    changed = False
    for k, v in values.items():
        if getattr(obj, k) != v:
            setattr(obj, k, v)
            changed = True
    return changed


def sync(specs: list | None = None) -> SyncReport:
    """Create or update the catalogue records of the providers' datasets. Idempotent: a
    second run changes nothing and writes no history. A staff member's choice to unpublish
    a dataset is kept; a dataset whose provider no longer offers it is unpublished."""
    from smartcity.core.models import Organisation

    specs = providers.all_datasets() if specs is None else specs
    report = SyncReport()
    licences = ensure_licences()
    orgs = {o.code: o for o in Organisation.objects.filter(code__in={s.publisher for s in specs})}
    existing = {d.source_key: d for d in Dataset.objects.exclude(source_key="")}
    seen = set()
    now = timezone.now()
    with transaction.atomic():
        for spec in specs:
            owner = orgs.get(spec.publisher)
            if owner is None:
                log.warning("open data: unknown publisher %s for %s", spec.publisher, spec.key)
                continue
            seen.add(spec.key)
            start, end = spec.temporal() if spec.temporal else (None, None)
            values = dict(slug=spec.slug, owner=owner, title_vi=spec.title_vi, title_en=spec.title_en,
                          description_vi=spec.description_vi, description_en=spec.description_en, theme=spec.theme,
                          keywords=list(spec.keywords), frequency=spec.frequency, licence=licences[spec.licence],
                          temporal_start=start, temporal_end=end, contact_name=spec.contact_name, contact_email=spec.contact_email,
                          landing_page=_path(spec.landing_page), modified=spec.modified() if spec.modified else None)
            ds = existing.get(spec.key)
            adopted = False
            if ds is None:
                clash = Dataset.objects.filter(slug=spec.slug).first()
                if clash is not None:  # a record entered by hand under the same name: adopt it
                    ds = clash
                    ds.source_key = spec.key
                    adopted = True
            if ds is None:
                ds = Dataset(source_key=spec.key, published=True, issued=values["modified"] or now, **values)
                ds.save()
                report.created.append(ds.slug)
            elif _apply(ds, values) or adopted:
                ds.save()
                report.updated.append(ds.slug)
            else:
                report.unchanged += 1
            _sync_resources(ds, spec, report)
        for key, ds in existing.items():
            if key not in seen and ds.published and key.split(":", 1)[0] in _live_modules(specs):
                ds.published = False
                ds.save()
                report.retired.append(ds.slug)
    return report


def _live_modules(specs) -> set[str]:
    return {s.key.split(":", 1)[0] for s in specs} | set(providers._BUILTIN)


def _sync_resources(ds: Dataset, spec, report: SyncReport) -> None:
    have = {r.key: r for r in ds.resources.all()}
    keys = set()
    changed = False
    for pos, rs in enumerate(spec.resources):
        keys.add(rs.key)
        values = dict(position=pos, title_vi=rs.title_vi, title_en=rs.title_en, description=rs.description, format=rs.format,
                      media_type=rs.media_type, url=_path(rs.url) if rs.url else "",
                      generator=f"{spec.key}/{rs.key}" if rs.write else "", filename=rs.filename, tabular=bool(rs.records))
        r = have.get(rs.key)
        if r is None:
            Resource.objects.create(dataset=ds, key=rs.key, **values)
            changed = True
        elif _apply(r, values):
            r.save()
            changed = True
    for key, r in have.items():
        if key not in keys and r.generator:
            r.delete()
            changed = True
    if changed and ds.slug not in report.created and ds.slug not in report.updated:
        report.updated.append(ds.slug)
        report.unchanged -= 1


# -- generated files ---------------------------------------------------------------------------------
class NotGenerated(Exception):
    """The resource has no generator any more (its provider dropped it)."""


def _spec_of(resource: Resource):
    if not resource.generator:
        raise NotGenerated(str(resource))
    source_key, _, res_key = resource.generator.rpartition("/")
    spec = providers.find(source_key)
    rs = next((r for r in spec.resources if r.key == res_key), None) if spec else None
    if rs is None:
        raise NotGenerated(str(resource))
    return spec, rs


def cache_dir() -> Path:
    path = Path(settings.VAR_DIR) / "opendata"
    path.mkdir(parents=True, exist_ok=True)
    return path


def generated_file(resource: Resource) -> tuple[Path, str]:
    """The file of a generated resource and its ETag. The file is named by a hash of the
    data's version: built (streamed to disk) only when the data changed since."""
    spec, rs = _spec_of(resource)
    tag = hashlib.sha256(f"{resource.uuid}|{spec.version()}".encode()).hexdigest()[:24]
    folder = cache_dir()
    path = folder / f"{resource.uuid}-{tag}{EXTENSIONS.get(resource.format, '.bin')}"
    if not path.exists():
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".part-")
        size = 0
        try:
            with os.fdopen(fd, "wb") as out:
                for chunk in rs.write():
                    out.write(chunk)
                    size += len(chunk)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        for old in folder.glob(f"{resource.uuid}-*"):
            if old != path:
                old.unlink(missing_ok=True)
        Resource.objects.filter(pk=resource.pk).update(byte_size=size, last_modified=timezone.now())
        resource.byte_size = size
    return path, tag


def records(resource: Resource):
    """(fields, iterator of dicts) of a tabular resource."""
    _spec, rs = _spec_of(resource)
    if not rs.records:
        raise NotGenerated(str(resource))
    return rs.fields, rs.records()


def datastore_page(resource: Resource, *, q: str = "", filters: dict | None = None, limit: int = 100, offset: int = 0,
                   fields: list[str] | None = None, sort: str = "") -> dict:
    """The rows of a tabular resource as CKAN's DataStore pages them: `_id` numbers rows
    from 1 in file order; filters are exact matches (a list means any of), q matches a
    folded substring of any cell."""
    all_fields, rows = records(resource)
    names = [f.id for f in all_fields]
    filters = filters or {}
    unknown = [k for k in list(filters) + list(fields or []) if k not in names and k != "_id"]
    if unknown:
        raise ValueError(unknown)
    wanted = terms(q) if q else []
    matched = []
    for i, row in enumerate(rows, 1):
        ok = True
        for k, v in filters.items():
            allowed = v if isinstance(v, list) else [v]
            if str(row.get(k) if row.get(k) is not None else "") not in [str(a) for a in allowed]:
                ok = False
                break
        if ok and wanted:
            text = fold(" ".join("" if v is None else str(v) for v in row.values()))
            ok = all(t in text for t in wanted)
        if ok:
            matched.append({"_id": i, **{k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in row.items() if k in names}})
    if sort:
        for part in reversed([p.strip() for p in sort.split(",") if p.strip()]):
            name, _, direction = part.partition(" ")
            if name not in names and name != "_id":
                raise ValueError([name])
            matched.sort(key=lambda r: (r.get(name) is None, r.get(name) if r.get(name) is not None else ""),
                         reverse=direction.strip().lower() == "desc")
    page = matched[offset:offset + limit]
    keep = ["_id"] + [n for n in names if not fields or n in fields]
    if fields:
        page = [{k: r.get(k) for k in keep} for r in page]
    types = {f.id: f.type for f in all_fields}
    return {"fields": [{"id": "_id", "type": "int"}] + [{"id": n, "type": types[n]} for n in keep[1:]],
            "records": page, "total": len(matched)}


# -- search and facets ---------------------------------------------------------------------------------
FACETS = ("organization", "groups", "tags", "res_format", "license_id")


def published():
    return (Dataset.objects.filter(published=True).select_related("owner", "licence")
            .prefetch_related("resources"))


def facet_values(ds: Dataset, name: str) -> list[str]:
    if name == "organization":
        return [ds.owner.code.lower()]
    if name == "groups":
        return [ds.theme.lower()]
    if name == "tags":
        return list(ds.keywords or [])
    if name == "res_format":
        return sorted({r.format for r in ds.resources.all()})
    if name == "license_id":
        return [ds.licence.code]
    return []


def search(q: str = "", filters: dict | None = None, sort: str = "") -> list[Dataset]:
    """Published datasets matching every folded word of `q` and every filter
    ({facet: [values]}, values of one facet ORed). In Python: a province's catalogue holds
    tens to hundreds of datasets, and keywords are a JSON list SQLite cannot index."""
    wanted = terms(q)
    out = []
    for ds in published():
        if wanted and not all(t in ds.search_text for t in wanted):
            continue
        if any(not ({fold(v) for v in values} & {fold(v) for v in facet_values(ds, name)})
               for name, values in (filters or {}).items() if values):
            continue
        out.append(ds)
    return sort_datasets(out, sort)


def sort_datasets(items: list[Dataset], sort: str) -> list[Dataset]:
    for part in reversed([p.strip() for p in (sort or "").split(",") if p.strip()]):
        name, _, direction = part.partition(" ")
        desc = direction.strip().lower() == "desc"
        key = {"name": lambda d: d.slug, "title_string": lambda d: fold(d.title), "title": lambda d: fold(d.title),
               "metadata_modified": lambda d: d.updated_at, "metadata_created": lambda d: d.created_at,
               "score": None}.get(name.strip())
        if key is not None:
            items.sort(key=key, reverse=desc)
    return items


def facets(items: list[Dataset], names=FACETS) -> dict[str, dict[str, int]]:
    out = {n: {} for n in names}
    for ds in items:
        for n in names:
            for v in set(facet_values(ds, n)):
                out[n][v] = out[n].get(v, 0) + 1
    return out


# -- downloads ----------------------------------------------------------------------------------------
def count_download(resource: Resource, day: dt.date | None = None) -> None:
    day = day or local_today()
    if DownloadCount.objects.filter(resource=resource, day=day).update(count=F("count") + 1):
        return
    try:
        with transaction.atomic():
            DownloadCount.objects.create(resource=resource, day=day, count=1)
    except IntegrityError:  # another request created the day's row first
        DownloadCount.objects.filter(resource=resource, day=day).update(count=F("count") + 1)


def download_totals(resource_ids=None) -> dict[int, int]:
    qs = DownloadCount.objects.all()
    if resource_ids is not None:
        qs = qs.filter(resource_id__in=resource_ids)
    return dict(qs.order_by().values_list("resource_id").annotate(n=Sum("count")))


def downloads_by_month(months: int = 12) -> tuple[list[str], list[tuple[Dataset, list[int]]]]:
    """The last `months` local months and each published dataset's downloads in them,
    most downloaded first."""
    today = local_today()
    y, m = today.year, today.month
    keys = []
    for _ in range(months):
        keys.append(f"{y:04d}-{m:02d}")
        y, m = (y - 1, 12) if m == 1 else (y, m - 1)
    keys.reverse()
    first = dt.date(int(keys[0][:4]), int(keys[0][5:]), 1)
    per: dict[int, list[int]] = {}
    for ds_id, day, n in (DownloadCount.objects.filter(day__gte=first, resource__dataset__published=True)
                          .values_list("resource__dataset_id", "day", "count")):
        row = per.setdefault(ds_id, [0] * months)
        row[keys.index(f"{day.year:04d}-{day.month:02d}")] += n
    datasets = {d.pk: d for d in Dataset.objects.filter(pk__in=per)}
    series = sorted(((datasets[k], v) for k, v in per.items()), key=lambda kv: -sum(kv[1]))
    return keys, series


# -- API keys ------------------------------------------------------------------------------------------
def create_key(user, name: str, created_by=None) -> tuple[ApiKey, str]:
    from smartcity.core.tokens import hash_key, key_prefix, new_key

    key = new_key("od")
    record = ApiKey.objects.create(user=user, name=name, prefix=key_prefix(key), key_hash=hash_key(key), created_by=created_by or user)
    return record, key


def revoke_key(record: ApiKey) -> None:
    if record.revoked_at is None:
        record.revoked_at = timezone.now()
        record.save()


def is_dic_staff(user) -> bool:
    """Staff of the Department of Information and Communications (editor and up) run the
    catalogue: they see and revoke every key and create keys for other users."""
    from smartcity.core.models import Role
    from smartcity.core.permissions import is_coordinator

    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser or is_coordinator(user):
        return True
    return bool(user.organisation_id and user.organisation.code == "DIC" and user.has_role(Role.EDITOR))

"""The provider registry: each provider describes the datasets of one module and
generates their files on request.

A provider is a function returning a list of `DatasetSpec`. It reads its module's records
read-only and only what is published; it never writes. Generated files are streamed (an
iterator of bytes) and cached under a key made of the data's last change (`version`), so a
file is built again only when its data changed. Tabular resources also give their rows as
dicts (`records`), which `datastore_search` pages through.

Other apps may register a provider of their own with `register(name, fn)`; the providers
written here cover the modules that existed when the catalogue was built.
"""
from __future__ import annotations

import csv
import io
import json
import logging
from dataclasses import dataclass, field
from importlib import import_module
from typing import Callable, Iterable, Iterator

log = logging.getLogger(__name__)

# modules of this package that hold providers (each has `datasets() -> list[DatasetSpec]`)
_BUILTIN = ("environment", "mobility", "onestop", "programme", "gis", "hub", "economy")
_EXTRA: dict[str, Callable[[], list]] = {}

MEDIA = {"CSV": "text/csv", "JSON": "application/json", "GeoJSON": "application/geo+json", "GTFS": "application/zip",
         "XLSX": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "ZIP": "application/zip",
         "API": "application/json"}


@dataclass
class Field:
    """A column of a tabular resource; `type` is a CKAN DataStore type (text, int, numeric,
    timestamp, date, bool)."""

    id: str
    type: str = "text"
    label: str = ""


@dataclass
class ResourceSpec:
    key: str
    title_vi: str
    title_en: str
    format: str
    filename: str = ""
    write: Callable[[], Iterable[bytes]] | None = None  # streamed file content
    fields: list[Field] | None = None  # tabular: the columns of `records`
    records: Callable[[], Iterable[dict]] | None = None
    url: str = ""  # external or API link instead of a file
    description: str = ""

    @property
    def media_type(self) -> str:
        return MEDIA.get(self.format, "application/octet-stream")


@dataclass
class DatasetSpec:
    key: str  # provider key, stable: "<module>:<name>"
    slug: str
    title_vi: str
    title_en: str
    description_vi: str
    description_en: str
    publisher: str  # organisation code
    theme: str
    keywords: list[str]
    frequency: str
    version: Callable[[], str]  # changes whenever the data changes
    resources: list[ResourceSpec] = field(default_factory=list)
    licence: str = "cc-by"
    modified: Callable[[], object] | None = None  # datetime of the last change
    temporal: Callable[[], tuple] | None = None  # (start date, end date)
    landing_page: str = ""  # a path on this site (made absolute) or a URL
    contact_name: str = ""
    contact_email: str = ""


def register(name: str, fn: Callable[[], list]) -> None:
    _EXTRA[name] = fn


def _providers() -> list[tuple[str, Callable[[], list]]]:
    out = [(name, import_module(f"{__name__}.{name}").datasets) for name in _BUILTIN]
    return out + sorted(_EXTRA.items())


def all_datasets() -> list[DatasetSpec]:
    """Every provider's datasets; a provider whose module lacks something is skipped with
    a warning, so one module's change never empties the catalogue."""
    specs = []
    for name, fn in _providers():
        try:
            specs.extend(fn())
        except Exception:  # noqa: BLE001 - a provider must not stop the others
            log.warning("open data provider %s failed", name, exc_info=True)
    return specs


def find(source_key: str) -> DatasetSpec | None:
    module = source_key.split(":", 1)[0]
    fns = dict(_providers())
    fn = fns.get(module)
    if fn is None:
        return None
    try:
        return next((s for s in fn() if s.key == source_key), None)
    except Exception:  # noqa: BLE001
        log.warning("open data provider %s failed", module, exc_info=True)
        return None


# -- helpers the providers share --------------------------------------------------------------
def _cell(value):
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def csv_stream(fields: list[Field], records: Callable[[], Iterable[dict]]) -> Iterator[bytes]:
    """CSV in UTF-8 with a BOM (Excel reads the Vietnamese right), flushed every 500 rows."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([f.id for f in fields])
    yield ("\ufeff" + buf.getvalue()).encode("utf-8")
    buf.seek(0)
    buf.truncate()
    for i, row in enumerate(records(), 1):
        writer.writerow([_cell(row.get(f.id)) for f in fields])
        if i % 500 == 0:
            yield buf.getvalue().encode("utf-8")
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue().encode("utf-8")


def json_stream(records: Callable[[], Iterable[dict]]) -> Iterator[bytes]:
    """A JSON array, one record at a time."""
    yield b"["
    for i, row in enumerate(records()):
        yield (("," if i else "") + json.dumps({k: _cell(v) for k, v in row.items()}, ensure_ascii=False)).encode("utf-8")
    yield b"]"


def geojson_stream(features: Callable[[], Iterable[tuple[dict, dict]]]) -> Iterator[bytes]:
    """A GeoJSON FeatureCollection (RFC 7946, WGS84) from (geometry, properties) pairs."""
    yield b'{"type":"FeatureCollection","features":['
    for i, (geom, props) in enumerate(features()):
        body = {"type": "Feature", "geometry": geom, "properties": {k: _cell(v) for k, v in props.items()}}
        yield (("," if i else "") + json.dumps(body, ensure_ascii=False)).encode("utf-8")
    yield b"]}"


def table(key: str, title_vi: str, title_en: str, fields: list[Field], records, filename: str, fmt: str = "CSV") -> ResourceSpec:
    """A tabular resource: CSV (or JSON) built from `records`, also served by datastore_search."""
    write = (lambda: csv_stream(fields, records)) if fmt == "CSV" else (lambda: json_stream(records))
    return ResourceSpec(key=key, title_vi=title_vi, title_en=title_en, format=fmt, filename=filename, write=write,
                        fields=fields, records=records)


def point_features(rows: Iterable[dict], lat="latitude", lon="longitude") -> Iterator[tuple[dict, dict]]:
    for r in rows:
        if r.get(lat) is None or r.get(lon) is None:
            continue
        yield {"type": "Point", "coordinates": [round(r[lon], 7), round(r[lat], 7)]}, r


def stamp(*parts) -> str:
    """A version string from counts and last-change times."""
    return "|".join("" if p is None else (p.isoformat() if hasattr(p, "isoformat") else str(p)) for p in parts)

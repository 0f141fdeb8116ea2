"""Importing a file into a layer: an ImportJob whose progress is saved as it goes (the page's
progress bar reads it), geometries repaired or rejected with reasons, attributes checked
against the layer's schema, reprojected to WGS84, then the layer's extent, feature count and
source CRS kept.

    job = importer.create_job(layer, "/path/thua_dat.zip", user=user, source_crs="VN2000-BD",
                              encoding="cp1258", mode="replace")
    importer.run(job)          # job.status "done"/"failed", job.report, job.missing

The web and the API queue the job (`smartcity.gis.tasks.run_import(job_id)`, run by
`smartcity worker`); the CLI runs it in place. Two phases: reading, repairing and
reprojecting every row (progress 0-90 %, saved every ~5 % so a polling page sees it move),
then writing the layer in ONE transaction (replace = delete + insert, append = insert +
update): a job that fails at any point leaves the layer as it was, and ends "failed" with
its error.

Features keep their id from a `fid`/`id`/`ma` column when the file has one (so "append"
updates them), else their row number. Changes go through django-simple-history.
"""
from __future__ import annotations

import json
import logging
import shutil
import uuid
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Min
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from smartcity.gis import crs as crsmod
from smartcity.gis import formats, validate
from smartcity.gis.models import Feature, ImportJob, ImportStatus, Layer

BATCH = 500
PREPARE_SHARE = 90  # % of the bar for reading/validating; the atomic write takes the rest
log = logging.getLogger(__name__)
FID_COLUMNS = ("fid", "id", "ma", "ma_doi_tuong", "objectid")


class ImportError_(ValueError):
    pass


def upload_dir() -> Path:
    d = Path(settings.DATA_DIR) / "gis" / "imports"
    d.mkdir(parents=True, exist_ok=True)
    return d


def store_upload(uploaded, name: str | None = None) -> Path:
    """Saves an uploaded file (Django UploadedFile or a path) under DATA_DIR/gis/imports/<uuid>/."""
    d = upload_dir() / uuid.uuid4().hex
    d.mkdir(parents=True)
    if isinstance(uploaded, (str, Path)):
        src = Path(uploaded)
        for part in ([src] if src.suffix.lower() != ".shp" and src.suffix.lower() != ".tab" else formats.shapefile_parts(src)):
            shutil.copy(part, d / part.name)
        return d / src.name
    target = d / Path(name or uploaded.name).name
    with open(target, "wb") as fh:
        fh.writelines(uploaded.chunks())
    return target


def create_job(layer: Layer, path, *, user=None, file_name=None, source_crs=None, encoding=None, mode="append") -> ImportJob:
    if mode not in ("append", "replace"):
        raise ImportError_(f"unknown mode {mode}")
    if source_crs:
        crsmod.get(source_crs)  # raises CRSError for an unknown key
        source_crs = crsmod.normalise_key(source_crs)
    path = Path(path)
    fmt = "zip" if path.suffix.lower() == ".zip" else formats.detect_format(path)
    return ImportJob.objects.create(layer=layer, file_name=file_name or path.name, path=str(path), file_format=fmt,
                                    source_crs=source_crs or "", encoding=encoding or "", mode=mode,
                                    created_by=user if getattr(user, "is_authenticated", False) else None)


def _save(job: ImportJob, **fields) -> None:
    for k, v in fields.items():
        setattr(job, k, v)
    ImportJob.objects.filter(pk=job.pk).update(**fields)


def _fid(props: dict, index: int) -> str:
    lower = {k.lower(): v for k, v in props.items()}
    for col in FID_COLUMNS:
        v = lower.get(col)
        if v not in (None, ""):
            return str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)[:80]
    return str(index + 1)


def infer_schema(ds: formats.Dataset) -> list[dict]:
    """A schema from the file's columns for a layer that has none (types from the values)."""
    schema = []
    for name in ds.fields:
        values = [p.get(name) for _, p in ds.features if p.get(name) is not None]
        if values and all(isinstance(v, bool) for v in values):
            t = "boolean"
        elif values and all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            t = "integer"
        elif values and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
            t = "number"
        else:
            t = "string"
        schema.append({"name": name, "type": t, "label_vi": name, "label_en": name, "required": False})
    return schema


def run(job: ImportJob) -> ImportJob:
    """Runs the job to the end; never raises for bad data (the job says "failed" and why)."""
    _save(job, status=ImportStatus.RUNNING, progress=0, error="")
    try:
        _run(job)
    except (formats.FormatError, crsmod.CRSError, ImportError_) as exc:
        _save(job, status=ImportStatus.FAILED, error=str(exc), finished_at=timezone.now())
    except Exception as exc:  # a crash: the write is atomic, so the layer is untouched
        log.exception("GIS import job %s crashed", job.pk)
        _save(job, status=ImportStatus.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000], finished_at=timezone.now())
    return job


def _run(job: ImportJob) -> None:
    layer = job.layer
    ds = formats.read(job.path, encoding=job.encoding or None)
    src = job.source_crs or ds.crs_key or (layer.source_crs if not ds.crs_wkt else None)
    if not src:
        raise ImportError_("the file's coordinate system is not recognised: give the source CRS (e.g. VN2000-BD)")
    src = crsmod.normalise_key(src)
    crsmod.get(src)
    if not layer.schema:
        layer.schema = infer_schema(ds)
    schema = layer.schema
    missing = validate.missing_attributes(ds.fields, schema)
    total = len(ds.features)
    _save(job, source_crs=src, encoding=job.encoding or ds.encoding or "", total=total, missing=missing)

    existing = {} if job.mode == "replace" else dict(Feature.objects.filter(layer=layer).values_list("fid", "id"))
    report, imported, repaired, rejected = [], 0, 0, 0
    seen = set()
    to_create, to_update = [], []
    step = max(1, min(BATCH, total // 20))

    for i, (geom, raw_props) in enumerate(ds.features):
        fid = _fid(raw_props, i)
        fixed, outcome = validate.check_shape(geom, layer.geometry_type)
        reasons = []
        if fixed is not None:
            fixed = crsmod.transform_geometry(fixed, src, crsmod.WGS84)
            fixed, range_outcome = validate.check_shape(fixed, None, lonlat=True)
            if not range_outcome.ok:
                outcome = range_outcome
        props, problems = validate.check_properties(raw_props, schema)
        problems = [p for p in problems if p["field"] not in missing]
        # a required column absent from the whole file is reported once (job.missing), not per row
        required_missing = [p for p in problems if p["field"] not in missing and (p["code"] == "missing" or
                            any(a["name"] == p["field"] and a.get("required") for a in schema))]
        if fixed is None or not outcome.ok:
            rejected += 1
            report.append({"index": i, "fid": fid, "action": validate.REJECTED, "reason": outcome.reason})
        elif required_missing:
            rejected += 1
            report.append({"index": i, "fid": fid, "action": validate.REJECTED,
                           "reason": "; ".join(p["message"] for p in required_missing)})
        elif fid in seen:
            rejected += 1
            report.append({"index": i, "fid": fid, "action": validate.REJECTED, "reason": f"duplicate feature id {fid}"})
        else:
            seen.add(fid)
            if outcome.action == validate.REPAIRED:
                repaired += 1
                reasons.append(outcome.reason)
            reasons.extend(p["message"] for p in problems)
            if reasons:
                report.append({"index": i, "fid": fid, "action": validate.REPAIRED if outcome.action else "warning",
                               "reason": "; ".join(reasons)})
            minx, miny, maxx, maxy = fixed.bounds
            gj = json.dumps(fixed.__geo_interface__, separators=(",", ":"))
            now = timezone.now()
            if fid in existing:
                to_update.append(Feature(id=existing[fid], layer=layer, fid=fid, geometry=gj, minx=minx, miny=miny,
                                         maxx=maxx, maxy=maxy, properties=props, updated_at=now))
            else:
                to_create.append(Feature(layer=layer, fid=fid, geometry=gj, minx=minx, miny=miny, maxx=maxx, maxy=maxy,
                                         properties=props, updated_at=now))
            imported += 1
        if (i + 1) % step == 0 or i + 1 == total:
            _save(job, progress=min(PREPARE_SHARE, int((i + 1) * PREPARE_SHARE / max(total, 1))), imported=imported,
                  repaired=repaired, rejected=rejected)
    write_features(layer, job.mode, to_create, to_update, source_crs=src)
    _save(job, status=ImportStatus.DONE, progress=100, imported=imported, repaired=repaired, rejected=rejected,
          report=report, finished_at=timezone.now())


def write_features(layer: Layer, mode: str, to_create: list, to_update: list, *, source_crs: str | None = None) -> None:
    """The layer's change in one transaction: all of it, or (on any error) none of it."""
    with transaction.atomic():
        if mode == "replace":
            Feature.objects.filter(layer=layer).delete()
        if to_create:
            bulk_create_with_history(to_create, Feature, batch_size=BATCH)
        if to_update:
            bulk_update_with_history(to_update, Feature, ["geometry", "minx", "miny", "maxx", "maxy", "properties", "updated_at"],
                                     batch_size=BATCH)
        refresh_layer(layer, source_crs=source_crs)


def refresh_layer(layer: Layer, *, source_crs: str | None = None) -> Layer:
    """Extent (WGS84 [minx, miny, maxx, maxy]) and feature count from the stored features;
    the source CRS the data came in; the version moves on."""
    agg = Feature.objects.filter(layer=layer).aggregate(minx=Min("minx"), miny=Min("miny"), maxx=Max("maxx"), maxy=Max("maxy"))
    layer.extent = [agg["minx"], agg["miny"], agg["maxx"], agg["maxy"]] if agg["minx"] is not None else None
    layer.feature_count = Feature.objects.filter(layer=layer).count()
    if source_crs:
        layer.source_crs = source_crs
    layer.version = (layer.version or 0) + 1
    layer.save()
    return layer


def import_file(layer: Layer, path, **kwargs) -> ImportJob:
    """create_job + run, for the CLI and tests."""
    return run(create_job(layer, path, **kwargs))

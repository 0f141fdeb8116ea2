"""GIS of the Department of Construction: layers with a typed schema per layer, features
stored as GeoJSON in WGS84 with their bounding box (the spatial index works on it), import
jobs with a validation report and progress, and the planning check of a construction
permit dossier.

Geometries are GeoJSON text (shapely 2 computes, pyproj reprojects): nothing requires
PostGIS. Every layer keeps the CRS its data came in (VN-2000 3-degree TM or WGS84) and a
version; every feature keeps its history.
"""
from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from smartcity.core.models import AdministrativeUnit, OwnedModel


class LayerKind(models.TextChoices):
    BOUNDARY = "boundary", _("administrative boundaries")
    PLANNING_ZONE = "planning_zone", _("planning zones")
    RED_LINE = "red_line", _("red lines")
    CORRIDOR = "corridor", _("protection corridors")
    PARCEL = "parcel", _("parcels")
    PROJECT = "project", _("construction projects")
    PERMIT = "permit", _("construction permits")
    OTHER = "other", _("other")


class GeometryType(models.TextChoices):
    POINT = "Point", _("points")
    LINE = "LineString", _("lines")
    POLYGON = "Polygon", _("polygons")
    ANY = "any", _("any geometry")


class Layer(OwnedModel):
    """A spatial layer. `schema` lists its attributes: [{"name", "type" (string, integer,
    number, boolean, date), "label_vi", "label_en", "required"}]; features' properties are
    checked against it. `source_crs` is a key of `gis.crs.CRS` (e.g. "EPSG:4326",
    "VN2000-BD") or an EPSG code."""

    key = models.SlugField(_("key"), max_length=80, unique=True, help_text=_("Stable id, also the OGC API collection id"))
    title_vi = models.CharField(_("title (Vietnamese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=LayerKind.choices, default=LayerKind.OTHER)
    geometry_type = models.CharField(_("geometry type"), max_length=12, choices=GeometryType.choices, default=GeometryType.ANY)
    schema = models.JSONField(_("attribute schema"), default=list, blank=True)
    source_crs = models.CharField(_("source CRS"), max_length=40, default="EPSG:4326")
    version = models.PositiveIntegerField(_("version"), default=1)
    area = models.ForeignKey(AdministrativeUnit, verbose_name=_("administrative unit"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    style = models.JSONField(_("map style"), default=dict, blank=True, help_text=_('e.g. {"color": "#c0392b", "fill": 0.2}'))
    extent = models.JSONField(_("extent (WGS84 bbox)"), null=True, blank=True)
    feature_count = models.PositiveIntegerField(_("features"), default=0)

    class Meta:
        ordering = ["kind", "key"]
        verbose_name = _("layer")
        verbose_name_plural = _("layers")

    @property
    def title(self) -> str:
        if (get_language() or "vi").startswith("en") and self.title_en:
            return self.title_en
        return self.title_vi

    def __str__(self) -> str:
        return self.title


class Feature(models.Model):
    """One feature: GeoJSON geometry in WGS84 (lon, lat) and its bounding box, properties
    by the layer's schema, an optional validity interval (the OGC `datetime` filter)."""

    layer = models.ForeignKey(Layer, verbose_name=_("layer"), on_delete=models.CASCADE, related_name="features")
    fid = models.CharField(_("feature id"), max_length=80)
    geometry = models.TextField(_("geometry (GeoJSON, WGS84)"))
    minx = models.FloatField()
    miny = models.FloatField()
    maxx = models.FloatField()
    maxy = models.FloatField()
    properties = models.JSONField(_("attributes"), default=dict, blank=True)
    area = models.ForeignKey(AdministrativeUnit, verbose_name=_("administrative unit"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    valid_from = models.DateTimeField(_("valid from"), null=True, blank=True)
    valid_to = models.DateTimeField(_("valid until"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["layer", "id"]
        constraints = [models.UniqueConstraint(fields=["layer", "fid"], name="gis_feature_fid_unique")]
        indexes = [models.Index(fields=["layer", "minx", "maxx"], name="gis_feature_bbox_x"),
                   models.Index(fields=["layer", "miny", "maxy"], name="gis_feature_bbox_y")]
        verbose_name = _("feature")
        verbose_name_plural = _("features")

    def __str__(self) -> str:
        return f"{self.layer.key}/{self.fid}"

    @property
    def owner_id(self):
        return self.layer.owner_id


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


class ImportJob(models.Model):
    """A file brought into a layer: progress for the page's bar, and the validation report
    (`report`: [{"index", "fid", "action": "repaired"|"rejected", "reason"}]; `missing`:
    attributes the schema requires that the file lacks)."""

    layer = models.ForeignKey(Layer, verbose_name=_("layer"), on_delete=models.CASCADE, related_name="imports")
    file_name = models.CharField(_("file"), max_length=255)
    path = models.CharField(_("stored at"), max_length=500, blank=True)
    file_format = models.CharField(_("format"), max_length=20)
    source_crs = models.CharField(_("source CRS"), max_length=40, blank=True)
    encoding = models.CharField(_("attribute encoding"), max_length=20, blank=True)
    mode = models.CharField(_("mode"), max_length=8, choices=[("append", _("add and update")), ("replace", _("replace the layer"))], default="append")
    status = models.CharField(_("status"), max_length=8, choices=ImportStatus.choices, default=ImportStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    total = models.PositiveIntegerField(_("features in the file"), default=0)
    imported = models.PositiveIntegerField(_("imported"), default=0)
    repaired = models.PositiveIntegerField(_("repaired"), default=0)
    rejected = models.PositiveIntegerField(_("rejected"), default=0)
    report = models.JSONField(_("validation report"), default=list, blank=True)
    missing = models.JSONField(_("missing attributes"), default=list, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]


class CheckResult(models.TextChoices):
    PASS = "pass", _("pass")
    WARN = "warn", _("warn")
    FAIL = "fail", _("fail")


class PlanningCheck(models.Model):
    """The planning check of a construction permit dossier: the parcel (or a drawn
    footprint) intersected with the planning layers, the request compared with each zone's
    rules. `findings`: [{"layer", "fid", "zone", "decision", "version", "checks": [{"rule",
    "requested", "allowed", "result", "message"}], "result"}]."""

    dossier = models.ForeignKey("onestop.Dossier", verbose_name=_("dossier"), null=True, blank=True, on_delete=models.CASCADE,
                                related_name="planning_checks")
    parcel = models.ForeignKey(Feature, verbose_name=_("parcel"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    footprint = models.TextField(_("footprint (GeoJSON, WGS84)"))
    use = models.CharField(_("requested use"), max_length=40)
    height_m = models.DecimalField(_("height (m)"), max_digits=6, decimal_places=2)
    floors = models.PositiveSmallIntegerField(_("floors"))
    coverage_pct = models.DecimalField(_("building coverage (%)"), max_digits=5, decimal_places=2)
    result = models.CharField(_("result"), max_length=4, choices=CheckResult.choices)
    findings = models.JSONField(_("findings"), default=list)
    document = models.ForeignKey("onestop.DossierDocument", verbose_name=_("evidence document"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    checked_at = models.DateTimeField(_("checked at"), auto_now_add=True)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-checked_at"]


class PermitKind(models.TextChoices):
    NEW = "new", _("new construction")
    REPAIR = "repair", _("repair or renovation")
    RELOCATION = "relocation", _("relocation")
    TEMPORARY = "temporary", _("temporary (limited term)")


class PermitStatus(models.TextChoices):
    """Where a construction permit stands; the one-stop dossier carries the full workflow,
    this is the register's view of it (Construction Law art. 102)."""
    APPRAISAL = "appraisal", _("under appraisal")
    SUPPLEMENT = "supplement", _("asked to complete")
    ISSUED = "issued", _("issued")
    REFUSED = "refused", _("refused")
    WITHDRAWN = "withdrawn", _("withdrawn")


class Permit(OwnedModel):
    """A construction permit in the register: the one-stop dossier it came from, where it
    is (parcel or drawn footprint, a point for the register map), what it allows, its state
    and the art. 102 deadlines. `ward` is the commune-level unit valid on the day it was
    received (old or new), `district` the former district-level unit that contains it, so
    yearly statistics work on both sides of 1 July 2025."""

    dossier = models.OneToOneField("onestop.Dossier", verbose_name=_("dossier"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="permit")
    number = models.CharField(_("permit number"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=12, choices=PermitKind.choices, default=PermitKind.NEW)
    status = models.CharField(_("status"), max_length=12, choices=PermitStatus.choices, default=PermitStatus.APPRAISAL)
    project_name = models.CharField(_("works"), max_length=255)
    address = models.CharField(_("address"), max_length=255, blank=True)
    parcel = models.ForeignKey(Feature, verbose_name=_("parcel"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    footprint = models.TextField(_("footprint (GeoJSON, WGS84)"), blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    ward = models.ForeignKey(AdministrativeUnit, verbose_name=_("ward or commune"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    district = models.ForeignKey(AdministrativeUnit, verbose_name=_("former district"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    use = models.CharField(_("use"), max_length=40, blank=True)
    floors = models.PositiveSmallIntegerField(_("floors"), null=True, blank=True)
    height_m = models.DecimalField(_("height (m)"), max_digits=6, decimal_places=2, null=True, blank=True)
    footprint_m2 = models.DecimalField(_("building footprint (m²)"), max_digits=10, decimal_places=2, null=True, blank=True)
    floor_area_m2 = models.DecimalField(_("total floor area (m²)"), max_digits=12, decimal_places=2, null=True, blank=True)
    coverage_pct = models.DecimalField(_("building coverage (%)"), max_digits=5, decimal_places=2, null=True, blank=True)
    received_at = models.DateTimeField(_("received at"))
    appraisal_due_at = models.DateTimeField(_("appraisal due"), null=True, blank=True)
    decision_due_at = models.DateTimeField(_("decision due"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    planning_check = models.ForeignKey(PlanningCheck, verbose_name=_("planning check"), null=True, blank=True,
                                       on_delete=models.SET_NULL, related_name="+")
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-received_at", "id"]
        indexes = [models.Index(fields=["status", "received_at"], name="gis_permit_status_recv"),
                   models.Index(fields=["longitude", "latitude"], name="gis_permit_lonlat")]
        verbose_name = _("construction permit")
        verbose_name_plural = _("construction permits")

    def __str__(self) -> str:
        return self.number or self.project_name

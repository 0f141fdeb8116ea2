"""The city data hub: typed assets owned by organisations, their datastreams, and the
readings (observations) with latest state and hourly/daily rollups.

Observations, latest values and rollups are narrow tables written in bulk by `store.py`
with the database driver; times there are integer seconds since the epoch (UTC).
"""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from smartcity.core.models import AdministrativeUnit, Organisation, OwnedModel


class Quantity(models.Model):
    """Mirror of `registry.QUANTITIES`, so datastreams can point at it."""

    code = models.SlugField(_("code"), max_length=40, primary_key=True)
    name_vi = models.CharField(_("Vietnamese name"), max_length=120)
    name_en = models.CharField(_("English name"), max_length=120)
    unit = models.CharField(_("unit"), max_length=20)

    class Meta:
        ordering = ["code"]
        verbose_name = _("quantity")
        verbose_name_plural = _("quantities")

    def __str__(self):
        return f"{self.code} ({self.unit})"


class AssetType(models.Model):
    """Mirror of `registry.ASSET_TYPES`; retention and intervals may be tuned here."""

    code = models.SlugField(_("code"), max_length=40, primary_key=True)
    name_vi = models.CharField(_("Vietnamese name"), max_length=120)
    name_en = models.CharField(_("English name"), max_length=120)
    ngsi_type = models.CharField(_("NGSI-LD type"), max_length=60)
    default_interval_s = models.PositiveIntegerField(_("expected interval (s)"), default=300)
    retention_days = models.PositiveIntegerField(_("raw data retention (days)"), null=True, blank=True)
    attribute_map = models.JSONField(_("short attribute keys"), default=dict, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("asset type")
        verbose_name_plural = _("asset types")

    def __str__(self):
        return self.name_vi


class Asset(OwnedModel):
    slug = models.SlugField(_("identifier"), max_length=100, unique=True, help_text=_("Stable id, also urn:ngsi-ld:<Type>:<id>"))
    asset_type = models.ForeignKey(AssetType, verbose_name=_("type"), on_delete=models.PROTECT, related_name="assets")
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    geometry = models.JSONField(_("GeoJSON geometry"), null=True, blank=True)
    admin_unit = models.ForeignKey(AdministrativeUnit, verbose_name=_("administrative unit"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="assets")
    address = models.CharField(_("address"), max_length=255, blank=True)
    properties = models.JSONField(_("properties"), default=dict, blank=True)
    attribute_map = models.JSONField(_("short attribute keys"), default=dict, blank=True,
                                     help_text=_("UltraLight keys of this device, e.g. {\"t\": \"temperature\"}"))
    active = models.BooleanField(_("active"), default=True)
    retention_days = models.PositiveIntegerField(_("raw data retention (days)"), null=True, blank=True)

    class Meta:
        ordering = ["slug"]
        indexes = [models.Index(fields=["asset_type", "owner"]), models.Index(fields=["latitude", "longitude"])]
        verbose_name = _("asset")
        verbose_name_plural = _("assets")

    def __str__(self):
        return f"{self.name} ({self.slug})"

    @property
    def ngsi_id(self) -> str:
        return f"urn:ngsi-ld:{self.asset_type.ngsi_type}:{self.slug}"


class Datastream(models.Model):
    asset = models.ForeignKey(Asset, verbose_name=_("asset"), on_delete=models.CASCADE, related_name="datastreams")
    quantity = models.ForeignKey(Quantity, verbose_name=_("quantity"), on_delete=models.PROTECT, related_name="datastreams")
    unit = models.CharField(_("unit"), max_length=20)
    expected_interval_s = models.PositiveIntegerField(_("expected interval (s)"), default=300)
    retention_days = models.PositiveIntegerField(_("raw data retention (days)"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["asset", "quantity"]
        constraints = [models.UniqueConstraint(fields=["asset", "quantity"], name="datastream_asset_quantity_unique")]
        verbose_name = _("datastream")
        verbose_name_plural = _("datastreams")

    def __str__(self):
        return f"{self.asset.slug}/{self.quantity_id}"

    @property
    def owner_id(self):
        return self.asset.owner_id


class Status(models.IntegerChoices):
    """Reading status. Only VALID readings enter rollups, indices and limit checks."""

    VALID = 0, _("valid")
    CALIBRATING = 1, _("calibrating")
    ERROR = 2, _("instrument error")
    SUSPECT = 3, _("suspect")
    MAINTENANCE = 4, _("maintenance")
    UNKNOWN = 9, _("unknown")


STATUS_BY_NAME = {s.name.lower(): s.value for s in Status}


class Observation(models.Model):
    """One reading. The table is created by hand (WITHOUT ROWID on SQLite), keyed (datastream, t)."""

    pk = models.CompositePrimaryKey("datastream", "t")
    datastream = models.ForeignKey(Datastream, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    t = models.BigIntegerField()
    value = models.FloatField(null=True)
    status = models.SmallIntegerField(default=0)
    received = models.BigIntegerField()
    lat = models.FloatField(null=True)
    lon = models.FloatField(null=True)

    class Meta:
        db_table = "hub_observation"


class Latest(models.Model):
    datastream = models.OneToOneField(Datastream, on_delete=models.CASCADE, primary_key=True, related_name="latest")
    t = models.BigIntegerField()
    value = models.FloatField(null=True)
    status = models.SmallIntegerField(default=0)
    received = models.BigIntegerField()
    lat = models.FloatField(null=True)
    lon = models.FloatField(null=True)

    class Meta:
        db_table = "hub_latest"


class RollupBase(models.Model):
    pk = models.CompositePrimaryKey("datastream", "bucket")
    datastream = models.ForeignKey(Datastream, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    bucket = models.BigIntegerField()
    n = models.IntegerField()
    total = models.FloatField()
    vmin = models.FloatField()
    vmax = models.FloatField()

    class Meta:
        abstract = True


class HourlyRollup(RollupBase):
    class Meta:
        db_table = "hub_rollup_hour"


class DailyRollup(RollupBase):
    """Days are local (Asia/Ho_Chi_Minh, UTC+7) days: bucket = local midnight in UTC seconds."""

    class Meta:
        db_table = "hub_rollup_day"


class Correction(models.Model):
    """A reading replaced by a different value or status for the same (datastream, time)."""

    datastream = models.ForeignKey(Datastream, on_delete=models.CASCADE, related_name="corrections")
    t = models.BigIntegerField()
    old_value = models.FloatField(null=True)
    new_value = models.FloatField(null=True)
    old_status = models.SmallIntegerField()
    new_status = models.SmallIntegerField()
    source = models.CharField(max_length=120)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["datastream", "t"])]
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")


class DeviceToken(models.Model):
    """A revocable token for a device or an integration, scoped to assets of its owner."""

    name = models.CharField(_("name"), max_length=120)
    owner = models.ForeignKey(Organisation, verbose_name=_("owner organisation"), on_delete=models.CASCADE, related_name="device_tokens")
    assets = models.ManyToManyField(Asset, verbose_name=_("assets"), blank=True, related_name="device_tokens")
    all_owner_assets = models.BooleanField(_("all assets of the owner"), default=False,
                                           help_text=_("An integration token: may write to every asset of its organisation"))
    prefix = models.CharField(_("prefix"), max_length=16, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["key_hash", "last_used_at"])

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("device token")
        verbose_name_plural = _("device tokens")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def active(self) -> bool:
        return self.revoked_at is None


class IngestFile(models.Model):
    """Progress of a file backfill, so an interrupted `smartcity ingest csv` resumes."""

    path = models.CharField(max_length=500)
    sha256 = models.CharField(max_length=64, unique=True)
    size = models.BigIntegerField()
    rows_done = models.BigIntegerField(default=0)
    bytes_done = models.BigIntegerField(default=0)
    stored = models.BigIntegerField(default=0)
    replaced = models.BigIntegerField(default=0)
    unchanged = models.BigIntegerField(default=0)
    rejected = models.BigIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

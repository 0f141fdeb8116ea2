"""Environmental monitoring: stations (each one a hub asset), the files they send, quality
flags on their readings, computed indices, legal and permit limits, FTP accounts.

Readings themselves live in the hub (`hub.Observation`); this app owns their meaning.
Sections below are kept in the order data flows: stations -> files -> QC -> indices -> limits.
"""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from smartcity.core.models import OwnedModel


# -- stations -------------------------------------------------------------------------------
class StationKind(models.TextChoices):
    AIR = "air", _("ambient air")
    SURFACE_WATER = "surface-water", _("surface water")
    GROUNDWATER = "groundwater", _("groundwater")
    WASTEWATER = "wastewater", _("wastewater discharge")
    EMISSION = "emission", _("stack emission")
    MOBILE = "mobile", _("mobile (vehicle)")


class Station(OwnedModel):
    """An automatic monitoring station. `code` is its transmission code: the station file
    name without `_<yyyyMMddHHmmss>.txt`, e.g. BD_KCNSONGTHAN_NT01."""

    asset = models.OneToOneField("hub.Asset", verbose_name=_("hub asset"), on_delete=models.CASCADE, related_name="station")
    code = models.CharField(_("transmission code"), max_length=80, unique=True)
    kind = models.CharField(_("station kind"), max_length=20, choices=StationKind.choices)
    short_name = models.CharField(_("short name"), max_length=40, blank=True,
                                  help_text=_("Shown on the display board, e.g. 'Dĩ An'"))
    river = models.CharField(_("river"), max_length=120, blank=True)
    industrial_park = models.CharField(_("industrial park"), max_length=120, blank=True)
    facility = models.CharField(_("facility"), max_length=200, blank=True,
                                help_text=_("The company or plant that runs the station, if not DONRE"))
    contact_emails = models.TextField(_("facility contacts (e-mail)"), blank=True,
                                      help_text=_("One address per line; they receive exceedance alerts"))
    method = models.TextField(_("measurement method"), blank=True)
    commissioned = models.DateField(_("in operation since"), null=True, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("monitoring station")
        verbose_name_plural = _("monitoring stations")

    def __str__(self):
        return f"{self.code} – {self.asset.name}" if self.asset_id else self.code

    @property
    def name(self) -> str:
        return self.asset.name

    def contacts(self) -> list[str]:
        return [line.strip() for line in self.contact_emails.splitlines() if line.strip()]


# -- station files and FTP accounts ----------------------------------------------------------
class FtpAccount(OwnedModel):
    """One FTP login per station or facility; only a password hash is kept."""

    username = models.CharField(_("user name"), max_length=60, unique=True)
    password_hash = models.CharField(max_length=200)
    stations = models.ManyToManyField(Station, verbose_name=_("stations"), blank=True, related_name="ftp_accounts")
    active = models.BooleanField(_("active"), default=True)
    last_login_at = models.DateTimeField(_("last login"), null=True, blank=True)

    class Meta:
        ordering = ["username"]
        verbose_name = _("FTP account")
        verbose_name_plural = _("FTP accounts")

    def __str__(self):
        return self.username

    def set_password(self, raw: str) -> None:
        """Hash with Django's password hashers (PBKDF2 by default); the plain text is never kept."""
        from django.contrib.auth.hashers import make_password

        self.password_hash = make_password(raw)

    def check_password(self, raw: str) -> bool:
        from django.contrib.auth.hashers import check_password

        return bool(self.password_hash) and check_password(raw, self.password_hash)


class FileOutcome(models.TextChoices):
    STORED = "stored", _("stored")
    DUPLICATE = "duplicate", _("same file again")
    QUARANTINED = "quarantined", _("quarantined")


class StationFile(models.Model):
    """One station file processed from the inbox (or a backfill), with what became of it."""

    name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(max_length=64, db_index=True)
    station = models.ForeignKey(Station, verbose_name=_("station"), null=True, blank=True, on_delete=models.SET_NULL, related_name="files")
    station_code = models.CharField(_("transmission code"), max_length=80, blank=True, db_index=True)
    account = models.ForeignKey(FtpAccount, verbose_name=_("FTP account"), null=True, blank=True, on_delete=models.SET_NULL, related_name="files")
    outcome = models.CharField(_("outcome"), max_length=20, choices=FileOutcome.choices)
    code = models.CharField(_("reason code"), max_length=40, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    notes = models.JSONField(_("remarks on kept lines"), default=list, blank=True)
    lines = models.PositiveIntegerField(_("lines"), default=0)
    stored = models.PositiveIntegerField(_("stored"), default=0)
    replaced = models.PositiveIntegerField(_("replaced"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    rejected = models.PositiveIntegerField(_("rejected"), default=0)
    rejections = models.JSONField(_("rejected lines"), default=list, blank=True)
    measured_at = models.DateTimeField(_("measured at"), null=True, blank=True)
    archive_path = models.CharField(_("kept at"), max_length=500, blank=True)
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)

    class Meta:
        ordering = ["-received_at"]
        indexes = [models.Index(fields=["station", "-received_at"]), models.Index(fields=["outcome", "-received_at"])]
        verbose_name = _("station file")
        verbose_name_plural = _("station files")

    def __str__(self):
        return self.name


# -- quality control -------------------------------------------------------------------------
class QcCheck(models.TextChoices):
    RANGE = "range", _("out of range")
    FLATLINE = "flatline", _("stuck sensor (flat line)")
    SPIKE = "spike", _("spike")
    MISSING = "missing", _("missing data")


class FlagState(models.TextChoices):
    RAISED = "raised", _("raised by the checks")
    CONFIRMED = "confirmed", _("confirmed by staff")
    OVERRIDDEN = "overridden", _("overridden by staff (reading valid)")
    CLEARED = "cleared", _("cleared by newer data")


ACTIVE_FLAG_STATES = (FlagState.RAISED, FlagState.CONFIRMED)


class QcFlag(models.Model):
    """A quality flag on one reading (datastream, t). While raised or confirmed the reading
    is SUSPECT and stays out of indices and limit checks; overriding restores it."""

    datastream = models.ForeignKey("hub.Datastream", verbose_name=_("datastream"), on_delete=models.CASCADE, related_name="qc_flags")
    t = models.BigIntegerField(_("reading time (UTC seconds)"))
    rule = models.CharField(_("check"), max_length=20, choices=QcCheck.choices)
    detail = models.CharField(_("detail"), max_length=255, blank=True)
    value = models.FloatField(_("value"), null=True, blank=True)
    since = models.BigIntegerField(_("gap start (UTC seconds)"), null=True, blank=True,
                                   help_text=_("Missing data: time of the last reading before the gap"))
    original_status = models.SmallIntegerField(_("status before the flag"), default=0)
    state = models.CharField(_("state"), max_length=20, choices=FlagState.choices, default=FlagState.RAISED)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-t"]
        constraints = [models.UniqueConstraint(fields=["datastream", "t", "rule"], name="qcflag_unique")]
        indexes = [models.Index(fields=["state", "-t"]), models.Index(fields=["datastream", "t"])]
        verbose_name = _("quality flag")
        verbose_name_plural = _("quality flags")

    @property
    def owner_id(self):
        return self.datastream.asset.owner_id


# -- indices ---------------------------------------------------------------------------------
class IndexKind(models.TextChoices):
    VN_AQI_HOURLY = "vn_aqi_h", _("VN_AQI hourly (Decision 1459)")
    VN_AQI_DAILY = "vn_aqi_d", _("VN_AQI daily (Decision 1459)")
    US_AQI_HOURLY = "us_aqi_h", _("US EPA AQI hourly (2024)")
    VN_WQI = "vn_wqi", _("VN_WQI (Decision 1460)")


class IndexValue(models.Model):
    """A computed index of a station for one period, stored so the board and the API read
    it instead of recomputing. `t` is the end of the period (UTC seconds): the hour's end for
    hourly values, the 00:00 local end of the 01:00-00:00 day for daily ones."""

    station = models.ForeignKey(Station, verbose_name=_("station"), on_delete=models.CASCADE, related_name="indices")
    kind = models.CharField(_("index"), max_length=12, choices=IndexKind.choices)
    t = models.BigIntegerField(_("period end (UTC seconds)"))
    value = models.IntegerField(_("value"), null=True)
    dominant = models.CharField(_("dominant parameter"), max_length=20, blank=True)
    band = models.CharField(_("band"), max_length=20, blank=True)
    parts = models.JSONField(_("sub-indices and inputs"), default=dict, blank=True)
    computed_at = models.DateTimeField(_("computed at"), auto_now=True)

    class Meta:
        ordering = ["station", "kind", "-t"]
        constraints = [models.UniqueConstraint(fields=["station", "kind", "t"], name="indexvalue_unique")]
        verbose_name = _("index value")
        verbose_name_plural = _("index values")


class IndexDirty(models.Model):
    """An hour of a station whose readings changed since its indices were computed (the
    queue the index worker drains; durable, so nothing is lost if the worker is down).
    `hour` is the hub's hourly bucket (its start, UTC seconds)."""

    station = models.ForeignKey(Station, on_delete=models.CASCADE, related_name="+")
    hour = models.BigIntegerField()
    marked = models.FloatField(default=0.0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["station", "hour"], name="indexdirty_unique")]


# -- legal and permit limits -----------------------------------------------------------------
class Averaging(models.TextChoices):
    INSTANT = "instant", _("each reading")
    HOUR = "1h", _("1 hour")
    EIGHT_HOURS = "8h", _("8 hours")
    DAY = "24h", _("24 hours")
    YEAR = "year", _("year")


class LegalLimit(models.Model):
    """A national technical regulation value (QCVN) with its validity dates. Seeded from
    `limits_seed` (versioned data with citations); `column` is a class of the regulation
    (QCVN 08:2023 river classes A/B/C) or empty for limits that apply everywhere."""

    regulation = models.CharField(_("regulation"), max_length=60)
    station_kind = models.CharField(_("station kind"), max_length=20, choices=StationKind.choices)
    quantity = models.ForeignKey("hub.Quantity", verbose_name=_("parameter"), on_delete=models.PROTECT, related_name="+")
    averaging = models.CharField(_("averaging period"), max_length=10, choices=Averaging.choices)
    limit_max = models.FloatField(_("upper limit"), null=True, blank=True)
    limit_min = models.FloatField(_("lower limit"), null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=20)
    column = models.CharField(_("class / column"), max_length=20, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    citation = models.CharField(_("citation"), max_length=200, blank=True)
    verified = models.BooleanField(_("checked against the legal text"), default=True)
    note = models.CharField(_("note"), max_length=255, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["regulation", "quantity", "averaging", "valid_from"]
        constraints = [models.UniqueConstraint(fields=["regulation", "station_kind", "quantity", "averaging", "column", "valid_from"],
                                               name="legallimit_unique")]
        verbose_name = _("legal limit")
        verbose_name_plural = _("legal limits")

    def __str__(self):
        return f"{self.regulation} {self.quantity_id} {self.averaging}"


class PermitLimit(OwnedModel):
    """A limit of one station's environmental permit, entered by staff (wastewater and
    emissions follow QCVN 40:2025 / QCVN 19-20 through the permit). Values are kept in the
    parameter's canonical unit (converted on entry). Ending a limit sets `valid_to`; the
    row and its history stay."""

    station = models.ForeignKey(Station, verbose_name=_("station"), on_delete=models.CASCADE, related_name="permit_limits")
    quantity = models.ForeignKey("hub.Quantity", verbose_name=_("parameter"), on_delete=models.PROTECT, related_name="+")
    averaging = models.CharField(_("averaging period"), max_length=10, choices=Averaging.choices, default=Averaging.HOUR)
    limit_max = models.FloatField(_("upper limit"), null=True, blank=True)
    limit_min = models.FloatField(_("lower limit"), null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=20)
    permit_ref = models.CharField(_("permit reference"), max_length=120, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        ordering = ["station", "quantity", "valid_from"]
        verbose_name = _("permit limit")
        verbose_name_plural = _("permit limits")

    def __str__(self):
        return f"{self.station_id} {self.quantity_id} {self.averaging}"


class Exceedance(models.Model):
    """One averaging window whose mean broke a limit, with the evidence: the hour means
    (or readings, for 'instant' limits) that made the mean. Linked to the hub alert that
    reported it (alerts.Alert has no field for evidence, so the evidence lives here)."""

    alert = models.ForeignKey("alerts.Alert", verbose_name=_("alert"), null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="exceedances")
    datastream = models.ForeignKey("hub.Datastream", verbose_name=_("datastream"), on_delete=models.CASCADE, related_name="+")
    station = models.ForeignKey(Station, verbose_name=_("station"), null=True, blank=True, on_delete=models.CASCADE,
                                related_name="exceedances")
    quantity = models.ForeignKey("hub.Quantity", verbose_name=_("parameter"), on_delete=models.PROTECT, related_name="+")
    key = models.CharField(_("alert key"), max_length=100)
    averaging = models.CharField(_("averaging period"), max_length=10, choices=Averaging.choices)
    window_start = models.BigIntegerField(_("window start (UTC seconds)"))
    window_end = models.BigIntegerField(_("window end (UTC seconds)"))
    value = models.FloatField(_("mean"))
    limit_value = models.FloatField(_("limit"))
    bound = models.CharField(_("bound"), max_length=3, choices=[("max", _("upper")), ("min", _("lower"))])
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    regulation = models.CharField(_("regulation or permit"), max_length=200)
    legal_limit = models.ForeignKey(LegalLimit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    permit_limit = models.ForeignKey(PermitLimit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    coverage = models.FloatField(_("data coverage"), null=True, blank=True)
    advisory = models.BooleanField(_("advisory only"), default=False)
    evidence = models.JSONField(_("evidence"), default=list, blank=True,
                                help_text=_("[[UTC seconds, value, valid readings], ...] that made the mean"))
    message = models.CharField(_("message"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("recorded at"), auto_now=True)

    class Meta:
        ordering = ["-window_end", "id"]
        constraints = [models.UniqueConstraint(fields=["datastream", "key", "window_end"], name="exceedance_unique")]
        indexes = [models.Index(fields=["station", "window_end"]), models.Index(fields=["datastream", "key", "window_end"])]
        verbose_name = _("exceedance")
        verbose_name_plural = _("exceedances")

    @property
    def owner_id(self):
        return self.station.owner_id if self.station_id else None

    @staticmethod
    def _dt(t):
        from datetime import datetime, timezone

        return datetime.fromtimestamp(t, tz=timezone.utc)

    @property
    def start_dt(self):
        return self._dt(self.window_start)

    @property
    def end_dt(self):
        return self._dt(self.window_end)

    @property
    def coverage_pct(self):
        return None if self.coverage is None else round(self.coverage * 100, 1)

    @property
    def evidence_rows(self):
        """(time, value, valid readings) with aware datetimes, for pages."""
        return [(self._dt(t), v, n) for t, v, n in self.evidence]

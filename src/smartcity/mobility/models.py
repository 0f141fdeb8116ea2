"""Bus transport: versioned GTFS schedules (one active version per owner), live vehicles
(hub assets) with their matched state and stop events, realtime feed sources and their
check counts, service-quality KPIs, learned segment times, transport projects.

Positions themselves are hub observations (located readings of the bus's `speed`
datastream); this app keeps what they mean: which trip, which stop, how late.
Sections follow the data flow: schedule -> realtime -> quality -> projects.
"""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from smartcity.core.models import OwnedModel


# -- schedule (GTFS) -------------------------------------------------------------------------
class FeedStatus(models.TextChoices):
    IMPORTED = "imported", _("imported")
    ACTIVE = "active", _("active")
    ARCHIVED = "archived", _("archived")
    FAILED = "failed", _("import failed")


class Feed(OwnedModel):
    """One imported version of a GTFS feed. `name` groups versions of the same feed; at most
    one version per (owner, name) is active, the previous ones stay queryable."""

    name = models.CharField(_("feed name"), max_length=120)
    version = models.PositiveIntegerField(_("version"), default=1)
    status = models.CharField(_("status"), max_length=12, choices=FeedStatus.choices, default=FeedStatus.IMPORTED)
    source_name = models.CharField(_("source file"), max_length=255, blank=True)
    sha256 = models.CharField(_("SHA-256 of the source"), max_length=64, blank=True)
    timezone = models.CharField(_("time zone"), max_length=64, default="Asia/Ho_Chi_Minh")
    # file name -> {"columns": [...], "rows": n}; keeps column order and unknown files for export
    files = models.JSONField(_("files"), default=dict, blank=True)
    errors = models.PositiveIntegerField(_("validation errors"), default=0)
    warnings = models.PositiveIntegerField(_("validation warnings"), default=0)
    infos = models.PositiveIntegerField(_("validation notices (info)"), default=0)
    validated_at = models.DateTimeField(_("validated at"), null=True, blank=True)
    activated_at = models.DateTimeField(_("activated at"), null=True, blank=True)
    activated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name=_("activated by"))
    forced = models.BooleanField(_("activated despite errors"), default=False)
    start_date = models.DateField(_("first service date"), null=True, blank=True)
    end_date = models.DateField(_("last service date"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name", "-version"]
        unique_together = [("owner", "name", "version")]
        verbose_name = _("GTFS feed version")
        verbose_name_plural = _("GTFS feed versions")

    def __str__(self):
        return f"{self.name} v{self.version}"


class FeedFile(models.Model):
    """A file of the feed that has no table of its own (transfers.txt, attributions.txt,
    a vendor extension): kept verbatim so export gives it back."""

    feed = models.ForeignKey(Feed, on_delete=models.CASCADE, related_name="raw_files")
    name = models.CharField(max_length=120)
    content = models.BinaryField()

    class Meta:
        unique_together = [("feed", "name")]


class ValidationNotice(models.Model):
    """One notice code of a feed's validation report (MobilityData's snake_case codes)."""

    class Severity(models.TextChoices):
        ERROR = "ERROR", _("error")
        WARNING = "WARNING", _("warning")
        INFO = "INFO", _("info")

    feed = models.ForeignKey(Feed, on_delete=models.CASCADE, related_name="notices")
    code = models.CharField(max_length=80)
    severity = models.CharField(max_length=8, choices=Severity.choices)
    count = models.PositiveIntegerField(default=0)
    samples = models.JSONField(default=list, blank=True)  # up to N dicts: filename, csvRowNumber, fieldName, value...

    class Meta:
        ordering = ["feed", "severity", "code"]
        unique_together = [("feed", "code")]


class GtfsRow(models.Model):
    """Columns every GTFS table row shares: its feed, and the non-standard columns kept for
    a lossless export."""

    feed = models.ForeignKey(Feed, on_delete=models.CASCADE, related_name="+")
    extra = models.JSONField(default=dict, blank=True)

    class Meta:
        abstract = True


class Agency(GtfsRow):
    agency_id = models.CharField(max_length=100, blank=True)
    agency_name = models.CharField(max_length=255)
    agency_url = models.CharField(max_length=255, blank=True)
    agency_timezone = models.CharField(max_length=64, blank=True)
    agency_lang = models.CharField(max_length=16, blank=True)
    agency_phone = models.CharField(max_length=64, blank=True)
    agency_fare_url = models.CharField(max_length=255, blank=True)
    agency_email = models.CharField(max_length=255, blank=True)

    class Meta:
        unique_together = [("feed", "agency_id")]


class Stop(GtfsRow):
    stop_id = models.CharField(max_length=100)
    stop_code = models.CharField(max_length=64, blank=True)
    stop_name = models.CharField(max_length=255, blank=True)
    stop_desc = models.TextField(blank=True)
    stop_lat = models.FloatField(null=True, blank=True)
    stop_lon = models.FloatField(null=True, blank=True)
    zone_id = models.CharField(max_length=64, blank=True)
    stop_url = models.CharField(max_length=255, blank=True)
    location_type = models.CharField(max_length=2, blank=True)
    parent_station = models.CharField(max_length=100, blank=True)
    stop_timezone = models.CharField(max_length=64, blank=True)
    wheelchair_boarding = models.CharField(max_length=2, blank=True)
    platform_code = models.CharField(max_length=32, blank=True)

    class Meta:
        unique_together = [("feed", "stop_id")]
        indexes = [models.Index(fields=["feed", "stop_lat", "stop_lon"])]


class Route(GtfsRow):
    route_id = models.CharField(max_length=100)
    agency_id = models.CharField(max_length=100, blank=True)
    route_short_name = models.CharField(max_length=64, blank=True)
    route_long_name = models.CharField(max_length=255, blank=True)
    route_desc = models.TextField(blank=True)
    route_type = models.CharField(max_length=8)
    route_url = models.CharField(max_length=255, blank=True)
    route_color = models.CharField(max_length=8, blank=True)
    route_text_color = models.CharField(max_length=8, blank=True)
    route_sort_order = models.CharField(max_length=16, blank=True)

    class Meta:
        unique_together = [("feed", "route_id")]


class Calendar(GtfsRow):
    service_id = models.CharField(max_length=100)
    monday = models.CharField(max_length=1)
    tuesday = models.CharField(max_length=1)
    wednesday = models.CharField(max_length=1)
    thursday = models.CharField(max_length=1)
    friday = models.CharField(max_length=1)
    saturday = models.CharField(max_length=1)
    sunday = models.CharField(max_length=1)
    start_date = models.CharField(max_length=8)
    end_date = models.CharField(max_length=8)

    class Meta:
        unique_together = [("feed", "service_id")]


class CalendarDate(GtfsRow):
    service_id = models.CharField(max_length=100)
    date = models.CharField(max_length=8)
    exception_type = models.CharField(max_length=1)

    class Meta:
        unique_together = [("feed", "service_id", "date")]


class Trip(GtfsRow):
    trip_id = models.CharField(max_length=100)
    route_id = models.CharField(max_length=100)
    service_id = models.CharField(max_length=100)
    trip_headsign = models.CharField(max_length=255, blank=True)
    trip_short_name = models.CharField(max_length=64, blank=True)
    direction_id = models.CharField(max_length=1, blank=True)
    block_id = models.CharField(max_length=100, blank=True)
    shape_id = models.CharField(max_length=100, blank=True)
    wheelchair_accessible = models.CharField(max_length=1, blank=True)
    bikes_allowed = models.CharField(max_length=1, blank=True)

    class Meta:
        unique_together = [("feed", "trip_id")]
        indexes = [models.Index(fields=["feed", "route_id"])]


class StopTime(GtfsRow):
    """Times are kept as GTFS text (may pass 24:00:00) and as seconds after noon-minus-12h
    of the service day, for sorting and arithmetic; NULL when the row has no time."""

    trip_id = models.CharField(max_length=100)
    stop_sequence = models.PositiveIntegerField()
    stop_id = models.CharField(max_length=100)
    arrival_time = models.CharField(max_length=9, blank=True)
    departure_time = models.CharField(max_length=9, blank=True)
    arrival_s = models.IntegerField(null=True)
    departure_s = models.IntegerField(null=True)
    stop_headsign = models.CharField(max_length=255, blank=True)
    pickup_type = models.CharField(max_length=1, blank=True)
    drop_off_type = models.CharField(max_length=1, blank=True)
    shape_dist_traveled = models.FloatField(null=True, blank=True)
    timepoint = models.CharField(max_length=1, blank=True)

    class Meta:
        unique_together = [("feed", "trip_id", "stop_sequence")]
        indexes = [models.Index(fields=["feed", "stop_id", "departure_s"])]


class ShapePoint(GtfsRow):
    shape_id = models.CharField(max_length=100)
    shape_pt_sequence = models.PositiveIntegerField()
    shape_pt_lat = models.FloatField()
    shape_pt_lon = models.FloatField()
    shape_dist_traveled = models.FloatField(null=True, blank=True)

    class Meta:
        unique_together = [("feed", "shape_id", "shape_pt_sequence")]


class Frequency(GtfsRow):
    trip_id = models.CharField(max_length=100)
    start_time = models.CharField(max_length=9)
    end_time = models.CharField(max_length=9)
    headway_secs = models.PositiveIntegerField()
    exact_times = models.CharField(max_length=1, blank=True)


class FareAttribute(GtfsRow):
    fare_id = models.CharField(max_length=100)
    price = models.CharField(max_length=32)
    currency_type = models.CharField(max_length=3)
    payment_method = models.CharField(max_length=1)
    transfers = models.CharField(max_length=1, blank=True)
    agency_id = models.CharField(max_length=100, blank=True)
    transfer_duration = models.CharField(max_length=16, blank=True)

    class Meta:
        unique_together = [("feed", "fare_id")]


class FareRule(GtfsRow):
    fare_id = models.CharField(max_length=100)
    route_id = models.CharField(max_length=100, blank=True)
    origin_id = models.CharField(max_length=64, blank=True)
    destination_id = models.CharField(max_length=64, blank=True)
    contains_id = models.CharField(max_length=64, blank=True)


class FeedInfo(GtfsRow):
    feed_publisher_name = models.CharField(max_length=255)
    feed_publisher_url = models.CharField(max_length=255, blank=True)
    feed_lang = models.CharField(max_length=16, blank=True)
    feed_start_date = models.CharField(max_length=8, blank=True)
    feed_end_date = models.CharField(max_length=8, blank=True)
    feed_version = models.CharField(max_length=64, blank=True)
    feed_contact_email = models.CharField(max_length=255, blank=True)
    feed_contact_url = models.CharField(max_length=255, blank=True)


# -- live vehicles and realtime feeds --------------------------------------------------------
class Vehicle(models.Model):
    """A bus: its hub asset (type `bus`) carries owner, name, token and readings; this adds
    what the transport department needs to know about it."""

    asset = models.OneToOneField("hub.Asset", verbose_name=_("hub asset"), on_delete=models.CASCADE, related_name="vehicle")
    label = models.CharField(_("fleet number"), max_length=32, blank=True)
    license_plate = models.CharField(_("licence plate"), max_length=20, blank=True)
    capacity = models.PositiveIntegerField(_("capacity (passengers)"), null=True, blank=True)
    fuel = models.CharField(_("fuel"), max_length=20, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["label"]
        verbose_name = _("bus")
        verbose_name_plural = _("buses")

    def __str__(self):
        return self.label or self.asset.slug


class VehicleState(models.Model):
    """The matched state of a vehicle now: last position and the trip it is on."""

    vehicle = models.OneToOneField(Vehicle, on_delete=models.CASCADE, primary_key=True, related_name="state")
    feed = models.ForeignKey(Feed, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    t = models.BigIntegerField()  # epoch seconds of the position
    lat = models.FloatField()
    lon = models.FloatField()
    bearing = models.FloatField(null=True)
    speed_kmh = models.FloatField(null=True)
    trip_id = models.CharField(max_length=100, blank=True)
    route_id = models.CharField(max_length=100, blank=True)
    direction_id = models.SmallIntegerField(null=True)
    service_date = models.DateField(null=True)
    start_time = models.CharField(max_length=9, blank=True)
    stop_sequence = models.IntegerField(null=True)  # next (or current) stop on the trip
    stop_id = models.CharField(max_length=100, blank=True)
    at_stop = models.BooleanField(default=False)
    delay_s = models.IntegerField(null=True)
    dist_along_m = models.FloatField(null=True)
    match = models.CharField(max_length=12, blank=True)  # given | inferred | none
    source = models.CharField(max_length=40, blank=True)
    # the matcher's memory between fixes: first stop not yet departed (index in the trip),
    # arrival time at the stop it is at, seconds added to the schedule (frequency trips),
    # metres off the trip's line
    next_idx = models.IntegerField(default=0)
    arrived_at = models.BigIntegerField(null=True)
    shift_s = models.IntegerField(default=0)
    off_m = models.FloatField(null=True)
    # no index on `t`: every fix changes it, and an index on it would turn each state update
    # into a non-HOT update on PostgreSQL (index churn); a fleet's states are a small table


class StopEvent(models.Model):
    """An observed arrival/departure of a trip at a stop, with its delay against schedule."""

    feed = models.ForeignKey(Feed, on_delete=models.CASCADE, related_name="+")
    service_date = models.DateField()
    trip_id = models.CharField(max_length=100)
    route_id = models.CharField(max_length=100)
    direction_id = models.SmallIntegerField(null=True)
    stop_id = models.CharField(max_length=100)
    stop_sequence = models.IntegerField()
    vehicle = models.ForeignKey(Vehicle, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    scheduled_arrival = models.BigIntegerField(null=True)  # epoch seconds
    scheduled_departure = models.BigIntegerField(null=True)
    arrival = models.BigIntegerField(null=True)
    departure = models.BigIntegerField(null=True)
    delay_s = models.IntegerField(null=True)  # departure (or arrival) minus schedule
    source = models.CharField(max_length=40, blank=True)

    class Meta:
        unique_together = [("feed", "service_date", "trip_id", "stop_sequence")]
        indexes = [models.Index(fields=["feed", "route_id", "service_date"]),
                   models.Index(fields=["feed", "stop_id", "arrival"])]


class RealtimeSource(OwnedModel):
    """A GTFS-Realtime producer: polled from URLs on an interval, or pushed to our endpoint."""

    name = models.CharField(_("name"), max_length=120)
    feed_name = models.CharField(_("schedule feed name"), max_length=120,
                                 help_text=_("The GTFS feed (name) whose active version this source refers to"))
    vehicle_positions_url = models.URLField(_("VehiclePositions URL"), blank=True)
    trip_updates_url = models.URLField(_("TripUpdates URL"), blank=True)
    interval_s = models.PositiveIntegerField(_("poll interval (s)"), default=30)
    enabled = models.BooleanField(_("enabled"), default=True)
    last_polled_at = models.DateTimeField(_("last polled"), null=True, blank=True)
    last_header_t = models.BigIntegerField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("realtime source")
        verbose_name_plural = _("realtime sources")

    def __str__(self):
        return self.name


class RealtimeCheck(models.Model):
    """Counts of one realtime check code (E003, W008 ...) per source and day, with samples."""

    source_key = models.CharField(max_length=120)  # RealtimeSource id as text, or "mqtt"
    date = models.DateField()
    code = models.CharField(max_length=8)
    count = models.PositiveIntegerField(default=0)
    samples = models.JSONField(default=list, blank=True)
    last_seen = models.BigIntegerField(null=True)

    class Meta:
        unique_together = [("source_key", "date", "code")]


class TripUpdateState(models.Model):
    """The latest TripUpdate received for a trip (per stop predictions, as given)."""

    feed = models.ForeignKey(Feed, on_delete=models.CASCADE, related_name="+")
    trip_id = models.CharField(max_length=100)
    start_date = models.CharField(max_length=8, blank=True)
    t = models.BigIntegerField()
    vehicle_ref = models.CharField(max_length=100, blank=True)
    delay_s = models.IntegerField(null=True)
    stops = models.JSONField(default=list)  # [{stop_sequence, stop_id, arrival_delay, arrival_time, ...}]
    schedule_relationship = models.CharField(max_length=16, blank=True)

    class Meta:
        unique_together = [("feed", "trip_id", "start_date")]


# -- service quality and predictions ---------------------------------------------------------
class RouteKpi(models.Model):
    """Service quality of a route and direction on a day (hour NULL = the whole day)."""

    feed = models.ForeignKey(Feed, on_delete=models.CASCADE, related_name="+")
    route_id = models.CharField(max_length=100)
    direction_id = models.SmallIntegerField(null=True)
    date = models.DateField()
    hour = models.SmallIntegerField(null=True)
    otp = models.FloatField(null=True)
    cv_h = models.FloatField(null=True)
    los = models.CharField(max_length=1, blank=True)
    bunching = models.FloatField(null=True)
    ewt_s = models.FloatField(null=True)
    trips_scheduled = models.PositiveIntegerField(default=0)
    trips_observed = models.PositiveIntegerField(default=0)
    missed_trips = models.PositiveIntegerField(default=0)
    running_time_cv = models.FloatField(null=True)
    buffer_time_s = models.FloatField(null=True)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        unique_together = [("feed", "route_id", "direction_id", "date", "hour")]


class SegmentTime(models.Model):
    """Learned running time between consecutive stops of a pattern, by hour of day:
    running mean/variance (Welford), the last vehicle's time, and a Kalman estimate.
    A row with from_stop_id == to_stop_id is the dwell at that stop; last_t is when the
    last observation completed (the feed's largest is the incremental-learning watermark)."""

    feed = models.ForeignKey(Feed, on_delete=models.CASCADE, related_name="+")
    from_stop_id = models.CharField(max_length=100)
    to_stop_id = models.CharField(max_length=100)
    hour = models.SmallIntegerField()
    n = models.PositiveIntegerField(default=0)
    mean_s = models.FloatField(default=0)
    m2 = models.FloatField(default=0)
    planned_s = models.FloatField(null=True)  # mean scheduled time of the same runs: mean_s / planned_s scales the timetable
    last_s = models.FloatField(null=True)
    last_t = models.BigIntegerField(null=True)
    kalman_s = models.FloatField(null=True)
    kalman_p = models.FloatField(null=True)

    class Meta:
        unique_together = [("feed", "from_stop_id", "to_stop_id", "hour")]


# -- transport projects ----------------------------------------------------------------------
class ProjectKind(models.TextChoices):
    ROAD = "road", _("road")
    BRT = "brt", _("bus rapid transit")
    RAIL = "rail", _("rail / metro")
    WATERWAY = "waterway", _("waterway")
    LOGISTICS = "logistics", _("smart logistics")
    BUS = "bus", _("bus service")
    OTHER = "other", _("other")


class ProjectStatus(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    APPROVED = "approved", _("approved")
    UNDER_CONSTRUCTION = "construction", _("under construction")
    IN_SERVICE = "in-service", _("in service")
    SUSPENDED = "suspended", _("suspended")


class TransportProject(OwnedModel):
    code = models.SlugField(_("code"), max_length=60, unique=True)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    kind = models.CharField(_("kind"), max_length=12, choices=ProjectKind.choices)
    status = models.CharField(_("status"), max_length=14, choices=ProjectStatus.choices, default=ProjectStatus.PROPOSED)
    geometry = models.JSONField(_("geometry (GeoJSON, WGS84)"), default=dict, blank=True)
    length_km = models.FloatField(_("length (km)"), null=True, blank=True)
    budget_vnd = models.DecimalField(_("budget (VND)"), max_digits=20, decimal_places=0, null=True, blank=True)
    spent_vnd = models.DecimalField(_("spent (VND)"), max_digits=20, decimal_places=0, null=True, blank=True)
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("planned completion"), null=True, blank=True)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    description_vi = models.TextField(_("description (Vietnamese)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    plan_item = models.CharField(_("plan item"), max_length=10, blank=True, default="P8")

    class Meta:
        ordering = ["code"]
        verbose_name = _("transport project")
        verbose_name_plural = _("transport projects")

    def __str__(self):
        return self.name_vi


class Milestone(models.Model):
    project = models.ForeignKey(TransportProject, on_delete=models.CASCADE, related_name="milestones")
    date = models.DateField(_("date"))
    title_vi = models.CharField(_("title (Vietnamese)"), max_length=255)
    title_en = models.CharField(_("title (English)"), max_length=255, blank=True)
    done = models.BooleanField(_("done"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "date"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

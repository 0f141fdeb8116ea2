"""Records of the smart bins and waste collection module.

A bin is a hub asset of type waste-bin (its readings, position and address live in the
hub); this app adds what collection needs: the kind of waste, the volume, the zone and the
last emptying. Trucks leave a depot and unload at a disposal site; a collection plan for a
shift holds one planned route per truck with its ordered stops; drivers record what they
actually emptied (a Collection), which restarts the bin's fill-rate estimate.
"""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from smartcity.core.models import OwnedModel


class WasteKind(models.TextChoices):
    GENERAL = "general", _("General waste")
    RECYCLABLE = "recyclable", _("Recyclable")
    ORGANIC = "organic", _("Organic")


class Bin(OwnedModel):
    asset = models.OneToOneField("hub.Asset", verbose_name=_("hub asset"), on_delete=models.CASCADE, related_name="waste_bin")
    code = models.SlugField(_("code"), max_length=40, unique=True)
    waste_kind = models.CharField(_("waste kind"), max_length=12, choices=WasteKind.choices, default=WasteKind.GENERAL)
    capacity_l = models.PositiveIntegerField(_("capacity (L)"), default=240)
    zone = models.CharField(_("zone"), max_length=80, blank=True)
    threshold_pct = models.FloatField(_("collect at (% full)"), default=80.0)
    last_emptied_at = models.DateTimeField(_("last emptied"), null=True, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("smart bin")
        verbose_name_plural = _("smart bins")

    def __str__(self):
        return f"{self.code} – {self.asset.name}"


class Depot(OwnedModel):
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=255, blank=True)
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("depot")
        verbose_name_plural = _("depots")

    def __str__(self):
        return self.name


class DisposalSite(OwnedModel):
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=255, blank=True)
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("disposal site")
        verbose_name_plural = _("disposal sites")

    def __str__(self):
        return self.name


class CapacityUnit(models.TextChoices):
    KG = "kg", _("kg")
    LITRE = "L", _("litres")


class Truck(OwnedModel):
    plate = models.CharField(_("number plate"), max_length=20, unique=True)
    model_name = models.CharField(pgettext_lazy("vehicle", "model"), max_length=120, blank=True)
    capacity = models.PositiveIntegerField(pgettext_lazy("vehicle load", "capacity"))
    capacity_unit = models.CharField(_("capacity unit"), max_length=2, choices=CapacityUnit.choices, default=CapacityUnit.KG)
    depot = models.ForeignKey(Depot, verbose_name=_("depot"), on_delete=models.PROTECT, related_name="trucks")
    driver = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("usual driver"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    active = models.BooleanField(_("in service"), default=True)

    class Meta:
        ordering = ["plate"]
        verbose_name = _("collection truck")
        verbose_name_plural = _("collection trucks")

    def __str__(self):
        return self.plate


class RoadGraph(OwnedModel):
    """A road network for distances (format in sanitation/distance.py)."""

    name = models.CharField(_("name"), max_length=200)
    data = models.JSONField(_("graph"), default=dict)

    class Meta:
        verbose_name = _("road graph")
        verbose_name_plural = _("road graphs")

    def __str__(self):
        return self.name


class Shift(models.TextChoices):
    MORNING = "morning", _("Morning (05:00–12:00)")
    AFTERNOON = "afternoon", _("Afternoon (13:00–20:00)")
    NIGHT = "night", _("Night (21:00–04:00)")


class PlanState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PLANNED = "planned", _("Planned")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class CollectionPlan(OwnedModel):
    date = models.DateField(_("date"))
    shift = models.CharField(_("shift"), max_length=10, choices=Shift.choices)
    depot = models.ForeignKey(Depot, verbose_name=_("depot"), on_delete=models.PROTECT, related_name="plans")
    disposal_site = models.ForeignKey(DisposalSite, verbose_name=_("disposal site"), null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="plans")
    road_graph = models.ForeignKey(RoadGraph, verbose_name=_("road graph"), null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="plans")
    trucks = models.ManyToManyField(Truck, verbose_name=_("trucks"), related_name="plans")
    state = models.CharField(_("state"), max_length=10, choices=PlanState.choices, default=PlanState.DRAFT)
    zone = models.CharField(_("zone"), max_length=80, blank=True, help_text=_("Only bins of this zone (empty: all)"))
    threshold_pct = models.FloatField(_("threshold (% full)"), default=80.0)
    margin_h = models.FloatField(_("may-visit margin (h)"), default=12.0)
    include_may = models.BooleanField(_("take may-visit bins when there is room"), default=True)
    trips_per_truck = models.PositiveSmallIntegerField(_("trips per truck"), default=2)
    detour = models.FloatField(_("detour factor"), default=1.3)
    seconds = models.FloatField(_("solver time (s)"), default=3.0)
    # outcome of the last optimisation
    planned_at = models.DateTimeField(_("planned at"), null=True, blank=True)
    levels_at = models.DateTimeField(_("bin levels read at"), null=True, blank=True)
    distance_m = models.PositiveIntegerField(_("distance (m)"), null=True, blank=True)
    feasible = models.BooleanField(_("fits the fleet"), default=True)
    solve_seconds = models.FloatField(_("solve time (s)"), null=True, blank=True)
    iterations = models.PositiveIntegerField(_("solver iterations"), null=True, blank=True)
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("collection plan")
        verbose_name_plural = _("collection plans")

    def __str__(self):
        return f"{self.date:%d/%m/%Y} · {self.get_shift_display()}"


class PlannedRoute(OwnedModel):
    plan = models.ForeignKey(CollectionPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="routes")
    number = models.PositiveSmallIntegerField(_("route number"))
    truck = models.ForeignKey(Truck, verbose_name=_("truck"), on_delete=models.PROTECT, related_name="routes")
    driver = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("driver"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="collection_routes")
    trips = models.PositiveSmallIntegerField(_("trips"), default=1)
    distance_m = models.PositiveIntegerField(_("distance (m)"), default=0)
    load = models.PositiveIntegerField(_("planned load"), default=0)
    geometry = models.JSONField(_("path"), default=list, blank=True, help_text=_("[[lat, lon], ...] in visiting order"))

    class Meta:
        ordering = ["plan", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="sanitation_route_number_unique")]
        verbose_name = _("planned route")
        verbose_name_plural = _("planned routes")

    def __str__(self):
        return f"{self.plan} · {self.number} · {self.truck}"


class StopState(models.TextChoices):
    PENDING = "pending", _("To collect")
    COLLECTED = "collected", _("Collected")
    SKIPPED = "skipped", _("Skipped")


class PlannedStop(models.Model):
    """One bin on a route, in order (owned through its route)."""

    route = models.ForeignKey(PlannedRoute, on_delete=models.CASCADE, related_name="stops")
    order = models.PositiveSmallIntegerField(_("order"))
    trip = models.PositiveSmallIntegerField(_("trip"), default=1)
    bin = models.ForeignKey(Bin, verbose_name=_("bin"), on_delete=models.PROTECT, related_name="stops")
    visit = models.CharField(_("visit"), max_length=4, choices=[("must", _("must")), ("may", _("may"))])
    level_pct = models.FloatField(_("expected level (%)"))
    load = models.PositiveIntegerField(_("expected load"))
    leg_m = models.PositiveIntegerField(_("leg (m)"), default=0)
    state = models.CharField(_("state"), max_length=10, choices=StopState.choices, default=StopState.PENDING)

    class Meta:
        ordering = ["route", "order"]
        constraints = [models.UniqueConstraint(fields=["route", "order"], name="sanitation_stop_order_unique")]

    @property
    def owner_id(self):
        return self.route.owner_id


class Collection(OwnedModel):
    """An emptying as it happened; the bin's fill cycle restarts at `collected_at`."""

    bin = models.ForeignKey(Bin, verbose_name=_("bin"), on_delete=models.CASCADE, related_name="collections")
    stop = models.OneToOneField(PlannedStop, verbose_name=_("planned stop"), null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="collection")
    truck = models.ForeignKey(Truck, verbose_name=_("truck"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    collected_at = models.DateTimeField(_("collected at"))
    fill_before_pct = models.FloatField(_("level before (%)"), null=True, blank=True)
    weight_kg = models.FloatField(_("weight (kg)"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-collected_at"]
        indexes = [models.Index(fields=["bin", "collected_at"])]
        verbose_name = _("collection")
        verbose_name_plural = _("collections")

    def __str__(self):
        return f"{self.bin.code} {self.collected_at:%d/%m/%Y %H:%M}"

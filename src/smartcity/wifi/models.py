"""Records of the public Wi-Fi module.

A hotspot is a hub asset (type `wifi-hotspot`): name, position and address live on the
asset, its readings (connected users, traffic, sessions, daily unique users) in the hub.
This module adds what the hub does not know: operator, SSID, capacity, backhaul, status,
venue and the roadmap item that planned it. Roadmap items tie hotspots to the programme
(plan item P18). Both are OwnedModels (owner, published, history)."""
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from smartcity.core.models import OwnedModel
from smartcity.wifi import usage


class HotspotStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ACTIVE = "active", _("Active")
    MAINTENANCE = "maintenance", _("Under maintenance")
    RETIRED = "retired", _("Retired")


class VenueKind(models.TextChoices):
    PARK = "park", _("Park or square")
    MARKET = "market", _("Market")
    STATION = "station", _("Bus or coach station")
    OFFICE = "office", _("Public office")
    SCHOOL = "school", _("School or university")
    HOSPITAL = "hospital", _("Hospital")
    CULTURE = "culture", _("Cultural house or library")


class RoadmapStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DELAYED = "delayed", _("Delayed")


class RoadmapItem(OwnedModel):
    """One step of the public Wi-Fi roadmap: a phase, a target year and how many hotspots
    it should bring, linked to the programme item it delivers."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    phase = models.PositiveSmallIntegerField(_("phase"), default=1)
    title_vi = models.CharField(_("title (Vietnamese)"), max_length=255)
    title_en = models.CharField(_("title (English)"), max_length=255, blank=True)
    target_year = models.PositiveSmallIntegerField(_("target year"))
    planned_hotspots = models.PositiveIntegerField(_("planned hotspots"), default=0)
    status = models.CharField(_("status"), max_length=12, choices=RoadmapStatus.choices, default=RoadmapStatus.PLANNED)
    programme_item = models.ForeignKey("programme.Item", verbose_name=_("programme item"), null=True, blank=True,
                                       on_delete=models.SET_NULL, related_name="wifi_roadmap")
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["phase", "target_year", "code"]
        verbose_name = _("Wi-Fi roadmap item")
        verbose_name_plural = _("Wi-Fi roadmap items")

    def __str__(self):
        return f"{self.phase}. {self.title_vi}"

    def title(self, english: bool = False) -> str:
        return self.title_en if english and self.title_en else self.title_vi


class Hotspot(OwnedModel):
    asset = models.OneToOneField("hub.Asset", verbose_name=_("hub asset"), on_delete=models.CASCADE, related_name="wifi_hotspot")
    operator = models.CharField(pgettext_lazy("network operator", "operator"), max_length=100, help_text=_("Network operator: VNPT, Viettel, FPT, MobiFone..."))
    ssid = models.CharField(_("SSID"), max_length=32, default="BinhDuong-Free-WiFi")
    capacity = models.PositiveIntegerField(_("capacity (concurrent users)"), default=100)
    backhaul_mbps = models.PositiveIntegerField(_("backhaul (Mbps)"), default=100)
    status = models.CharField(_("status"), max_length=12, choices=HotspotStatus.choices, default=HotspotStatus.ACTIVE)
    installed = models.DateField(_("installed on"), null=True, blank=True)
    venue_kind = models.CharField(_("venue"), max_length=10, choices=VenueKind.choices, default=VenueKind.PARK)
    ward = models.ForeignKey("core.AdministrativeUnit", verbose_name=_("ward"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+",
                             help_text=_("Ward or commune formed on 1 July 2025; found from the position when empty"))
    roadmap = models.ForeignKey(RoadmapItem, verbose_name=_("roadmap item"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="hotspots")
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["asset__slug"]
        verbose_name = _("Wi-Fi hotspot")
        verbose_name_plural = _("Wi-Fi hotspots")

    def __str__(self):
        return self.asset.name if self.asset_id else f"hotspot {self.pk}"

    @property
    def slug(self) -> str:
        return self.asset.slug

    @property
    def radius_m(self) -> int:
        return usage.RADIUS_M.get(self.venue_kind, usage.DEFAULT_RADIUS_M)

    def save(self, *args, **kwargs):
        if self.ward_id is None and self.asset_id and self.asset.latitude is not None:
            try:
                from smartcity.gis.units import WARD, locate

                self.ward = locate(self.asset.longitude, self.asset.latitude)[WARD]
            except Exception:  # no polygons loaded (a bare database): the ward stays empty
                self.ward = None
        super().save(*args, **kwargs)

"""Records of the rainwater reservoirs module: reservoirs (each a hub asset) and their
versioned stage-storage tables. Readings (level, volume, rain, metered amounts) live in
the hub; daily accounting is computed from them on demand (balance.py), not stored."""
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from smartcity.core.models import OwnedModel
from smartcity.hub.models import Asset


class ReservoirKind(models.TextChoices):
    RAINWATER = "rainwater", _("Rainwater")
    TREATED = "treated", _("Treated water")
    MIXED = "mixed", _("Rainwater and treated water")


class Reservoir(OwnedModel):
    """A reservoir: its hub asset (position, readings), hydraulic levels and catchment."""

    asset = models.OneToOneField(Asset, verbose_name=_("hub asset"), on_delete=models.CASCADE, related_name="reservoir",
                                 limit_choices_to={"asset_type": "reservoir"})
    kind = models.CharField(_("kind"), max_length=10, choices=ReservoirKind.choices, default=ReservoirKind.RAINWATER)
    crest_level = models.FloatField(_("crest (overflow) level (m)"), help_text=_("Level of the spillway crest"))
    min_operating_level = models.FloatField(_("minimum operating level (m)"),
                                            help_text=_("Below it the reuse pumps must stop"))
    capacity_m3 = models.FloatField(_("capacity (m³)"), validators=[MinValueValidator(0)],
                                    help_text=_("Volume stored at the crest level"))
    spillway_width_m = models.FloatField(_("spillway width (m)"), default=0, validators=[MinValueValidator(0)])
    catchment_area_m2 = models.FloatField(_("catchment area (m²)"), default=0, validators=[MinValueValidator(0)])
    runoff_coefficient = models.FloatField(_("runoff coefficient"), default=0.6,
                                           validators=[MinValueValidator(0), MaxValueValidator(1)])
    overflow_margin_m = models.FloatField(_("overflow warning margin (m)"), default=0.15,
                                          validators=[MinValueValidator(0)],
                                          help_text=_("Warn when the level is this close to the crest while it rains"))
    rain_gauge = models.ForeignKey(Asset, verbose_name=_("rain gauge"), null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="reservoirs_gauged", limit_choices_to={"asset_type": "weather-station"})
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["asset__name"]
        verbose_name = _("reservoir")
        verbose_name_plural = _("reservoirs")

    def __str__(self) -> str:
        return self.asset.name

    @property
    def name(self) -> str:
        return self.asset.name

    @property
    def slug(self) -> str:
        return self.asset.slug


class StageTable(OwnedModel):
    """One version of a reservoir's stage-storage (level -> volume) table, valid from a day
    until the next version starts."""

    reservoir = models.ForeignKey(Reservoir, verbose_name=_("reservoir"), on_delete=models.CASCADE, related_name="stage_tables")
    valid_from = models.DateField(_("valid from"))
    source = models.CharField(_("source"), max_length=200, blank=True, help_text=_("Survey or file it comes from"))

    class Meta:
        ordering = ["reservoir_id", "-valid_from"]
        verbose_name = _("stage-storage table")
        verbose_name_plural = _("stage-storage tables")
        constraints = [models.UniqueConstraint(fields=["reservoir", "valid_from"], name="water_stage_reservoir_from_unique")]

    def __str__(self) -> str:
        return f"{self.reservoir} {self.valid_from}"

    def stage(self):
        from smartcity.water.stage import Stage

        rows = list(self.rows.order_by("level").values_list("level", "volume"))
        return Stage.of([r[0] for r in rows], [r[1] for r in rows])


class StageRow(models.Model):
    """A row of a stage-storage table. Rows are written together with their table (an
    import or an API call replaces them all, checked as a whole), so the table's history
    dates every change."""

    table = models.ForeignKey(StageTable, on_delete=models.CASCADE, related_name="rows")
    level = models.FloatField(_("level (m)"))
    volume = models.FloatField(_("volume (m³)"), validators=[MinValueValidator(0)])

    class Meta:
        ordering = ["table_id", "level"]
        constraints = [models.UniqueConstraint(fields=["table", "level"], name="water_stagerow_table_level_unique")]

"""Records of the street-lighting module: the inventory a lighting operator keeps (control
cabinets with their circuits, poles, luminaires) and the groups that schedules and energy
reports address. Each luminaire and cabinet is a hub asset: readings, alerts and the map
come from the hub; these tables add what the lamp is, what it replaced and where it hangs.

Terms follow the TALQ Smart City Protocol (a luminaire's controller is a TALQ "device",
a group is a TALQ "group") and FIWARE's Streetlight / StreetlightControlCabinet models."""
from django.db import models
from django.utils.translation import gettext_lazy as _

from smartcity.core.models import AdministrativeUnit, OwnedModel


class LampTechnology(models.TextChoices):
    LED = "led", _("LED")
    HPS = "hps", _("high-pressure sodium")
    LPS = "lps", _("low-pressure sodium")
    METAL_HALIDE = "mh", _("metal halide")
    MERCURY = "hg", _("mercury vapour")
    CFL = "cfl", _("compact fluorescent")
    INDUCTION = "induction", _("induction")


class LightingGroup(OwnedModel):
    """A set of luminaires switched and reported together (a street, an area, a park)."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    admin_unit = models.ForeignKey(AdministrativeUnit, verbose_name=_("administrative unit"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["code"]
        verbose_name = _("lighting group")
        verbose_name_plural = _("lighting groups")

    def __str__(self):
        return f"{self.code} – {self.name}"


class Cabinet(OwnedModel):
    """A lighting control cabinet (tủ điện điều khiển chiếu sáng): the feeder, its meter
    (per-phase voltage, current and energy as hub readings) and the circuits it feeds."""

    asset = models.OneToOneField("hub.Asset", verbose_name=_("hub asset"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="lighting_cabinet")
    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    admin_unit = models.ForeignKey(AdministrativeUnit, verbose_name=_("administrative unit"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    address = models.CharField(_("address"), max_length=255, blank=True)
    phases = models.PositiveSmallIntegerField(_("phases"), default=3, choices=[(1, _("single phase")), (3, _("three phase"))])
    rated_kva = models.FloatField(_("rated capacity (kVA)"), null=True, blank=True)
    meter_number = models.CharField(_("meter number"), max_length=40, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("control cabinet")
        verbose_name_plural = _("control cabinets")

    def __str__(self):
        return f"{self.code} – {self.name}"


class Circuit(OwnedModel):
    """One outgoing circuit of a cabinet, on one phase (or all three)."""

    cabinet = models.ForeignKey(Cabinet, verbose_name=_("control cabinet"), on_delete=models.CASCADE, related_name="circuits")
    code = models.CharField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=200, blank=True)
    phase = models.CharField(_("phase"), max_length=3, default="L1",
                             choices=[("L1", "L1"), ("L2", "L2"), ("L3", "L3"), ("3P", _("three phase"))])

    class Meta:
        ordering = ["cabinet__code", "code"]
        constraints = [models.UniqueConstraint(fields=["cabinet", "code"], name="lighting_circuit_code_per_cabinet")]
        verbose_name = _("circuit")
        verbose_name_plural = _("circuits")

    def __str__(self):
        return f"{self.cabinet.code}/{self.code}"


class Pole(OwnedModel):
    """A lighting column; one or more luminaires hang on its arms."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    longitude = models.FloatField(_("longitude"))
    latitude = models.FloatField(_("latitude"))
    admin_unit = models.ForeignKey(AdministrativeUnit, verbose_name=_("administrative unit"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    street = models.CharField(_("street"), max_length=200, blank=True)
    height_m = models.FloatField(_("height (m)"), null=True, blank=True)
    material = models.CharField(_("material"), max_length=40, blank=True, help_text=_("e.g. galvanised steel, concrete"))
    arms = models.PositiveSmallIntegerField(_("arms"), default=1)

    class Meta:
        ordering = ["code"]
        verbose_name = _("pole")
        verbose_name_plural = _("poles")

    def __str__(self):
        return self.code


class Luminaire(OwnedModel):
    """A luminaire with its controller. `controller_id` is the TALQ device address the
    controller answers to on MQTT; the hub asset carries its readings (power, energy,
    dimming level, operating hours, state). `replaced_*` keep the lamp it replaced, the
    baseline of the savings figures."""

    asset = models.OneToOneField("hub.Asset", verbose_name=_("hub asset"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="luminaire")
    code = models.CharField(_("code"), max_length=40, unique=True)
    pole = models.ForeignKey(Pole, verbose_name=_("pole"), null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="luminaires")
    circuit = models.ForeignKey(Circuit, verbose_name=_("circuit"), null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="luminaires")
    group = models.ForeignKey(LightingGroup, verbose_name=_("lighting group"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="luminaires")
    model_name = models.CharField(_("luminaire model"), max_length=120, blank=True)
    technology = models.CharField(_("lamp technology"), max_length=12, choices=LampTechnology.choices,
                                  default=LampTechnology.LED)
    rated_power_w = models.FloatField(_("rated power (W)"))
    replaced_technology = models.CharField(_("replaced lamp technology"), max_length=12, choices=LampTechnology.choices,
                                           blank=True)
    replaced_power_w = models.FloatField(_("replaced lamp power (W)"), null=True, blank=True,
                                         help_text=_("with its ballast, e.g. 150 W sodium draws about 170 W"))
    mounting_height_m = models.FloatField(_("mounting height (m)"), null=True, blank=True)
    controller_id = models.CharField(_("controller address"), max_length=64, blank=True, db_index=True)
    installed_on = models.DateField(_("installed on"), null=True, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("luminaire")
        verbose_name_plural = _("luminaires")

    def __str__(self):
        return self.code

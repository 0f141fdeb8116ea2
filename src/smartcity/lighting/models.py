"""Records of the street-lighting module: the inventory a lighting operator keeps (control
cabinets with their circuits, poles, luminaires) and the groups that schedules and energy
reports address. Each luminaire and cabinet is a hub asset: readings, alerts and the map
come from the hub; these tables add what the lamp is, what it replaced and where it hangs.

Terms follow the TALQ Smart City Protocol (a luminaire's controller is a TALQ "device",
a group is a TALQ "group") and FIWARE's Streetlight / StreetlightControlCabinet models."""
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

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
    calendar = models.ForeignKey("Calendar", verbose_name=_("calendar"), null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="groups", help_text=_("The schedule its luminaires follow"))

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
    phase = models.CharField(pgettext_lazy("electrical phase", "phase"), max_length=3, default="L1",
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


# -- schedules (TALQ CalendarService / ControlProgram) ----------------------------------------
class ControlProgram(OwnedModel):
    """A TALQ control program: the light level through the night as steps, each at switch-on
    (`on`), switch-off (`off`) or a local clock time: [{"at": "on", "level": 100},
    {"at": "23:00", "level": 50}, {"at": "04:30", "level": 100}]. See schedule.py."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    steps = models.JSONField(_("steps"), default=list)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("control program")
        verbose_name_plural = _("control programs")

    def __str__(self):
        return f"{self.code} – {self.name}"

    def step_objects(self):
        from smartcity.lighting import schedule

        return schedule.steps_from(self.steps)


class SwitchingMode(models.TextChoices):
    ASTRO = "astro", _("astronomical clock")
    FIXED = "fixed", _("fixed times")


class Calendar(OwnedModel):
    """A TALQ calendar: how lights switch (astronomical clock with offsets, or fixed times)
    and ordered rules choosing the night's control program; `default_program` when no rule
    matches. Groups are assigned a calendar (LightingGroup.calendar)."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    switching = models.CharField(_("switching"), max_length=8, choices=SwitchingMode.choices, default=SwitchingMode.ASTRO)
    on_offset_min = models.SmallIntegerField(_("switch-on offset after sunset (min)"), default=0)
    off_offset_min = models.SmallIntegerField(_("switch-off offset after sunrise (min)"), default=0)
    on_time = models.CharField(_("fixed switch-on time"), max_length=5, default="18:00")
    off_time = models.CharField(_("fixed switch-off time"), max_length=5, default="06:00")
    default_program = models.ForeignKey(ControlProgram, verbose_name=_("default program"), null=True, blank=True,
                                        on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["code"]
        verbose_name = _("calendar")
        verbose_name_plural = _("calendars")

    def __str__(self):
        return f"{self.code} – {self.name}"


class SpecialDays(models.TextChoices):
    TET = "tet", _("Tết (Lunar New Year)")
    HOLIDAYS = "holidays", _("public holidays")


class CalendarRule(models.Model):
    """One ordered rule of a calendar: the first matching rule chooses the program."""

    calendar = models.ForeignKey(Calendar, verbose_name=_("calendar"), on_delete=models.CASCADE, related_name="rules")
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("name"), max_length=120, blank=True)
    program = models.ForeignKey(ControlProgram, verbose_name=_("control program"), on_delete=models.PROTECT, related_name="+")
    weekdays = models.CharField(_("weekdays"), max_length=20, blank=True, help_text=_("0=Monday … 6=Sunday, e.g. 0,1,2,3,4"))
    date_from = models.DateField(_("from"), null=True, blank=True)
    date_to = models.DateField(_("to"), null=True, blank=True)
    special = models.CharField(_("special days"), max_length=10, choices=SpecialDays.choices, blank=True)

    class Meta:
        ordering = ["calendar", "position", "id"]
        verbose_name = _("calendar rule")
        verbose_name_plural = _("calendar rules")

    def __str__(self):
        return f"{self.calendar.code} #{self.position} → {self.program.code}"

    @property
    def owner_id(self):
        return self.calendar.owner_id


class CommandAction(models.TextChoices):
    SWITCH_ON = "switch_on", _("switch on")
    SWITCH_OFF = "switch_off", _("switch off")
    DIM = "dim", _("set dimming level")
    SCHEDULE = "schedule", _("load schedule")


class CommandState(models.TextChoices):
    QUEUED = "queued", _("queued")
    SENT = "sent", _("sent")
    ACKNOWLEDGED = "acknowledged", _("acknowledged")
    FAILED = "failed", _("failed")
    TIMEOUT = "timeout", _("timed out")


class Command(models.Model):
    """One command to one luminaire controller and its acknowledgement. A command to a group
    is one record per luminaire sharing a `batch`. `id` travels with the message and comes
    back in the ack; see services_commands.py for the transports (MQTT or HTTP)."""

    id = models.UUIDField(primary_key=True, editable=False)
    batch = models.UUIDField(_("batch"), db_index=True)
    owner = models.ForeignKey("core.Organisation", verbose_name=_("owner organisation"), on_delete=models.PROTECT, related_name="+")
    luminaire = models.ForeignKey(Luminaire, verbose_name=_("luminaire"), on_delete=models.CASCADE, related_name="commands")
    group = models.ForeignKey(LightingGroup, verbose_name=_("lighting group"), null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="commands")
    controller_id = models.CharField(_("controller address"), max_length=64, db_index=True)
    action = models.CharField(_("action"), max_length=12, choices=CommandAction.choices)
    level = models.PositiveSmallIntegerField(_("level (%)"), null=True, blank=True)
    payload = models.JSONField(_("payload"), default=dict, blank=True)
    transport = models.CharField(_("transport"), max_length=6, choices=[("mqtt", "MQTT"), ("http", "HTTP")])
    state = models.CharField(_("state"), max_length=14, choices=CommandState.choices, default=CommandState.QUEUED, db_index=True)
    created_by = models.ForeignKey("core.User", verbose_name=_("created by"), null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    acked_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"))
    ack = models.JSONField(_("acknowledgement"), default=dict, blank=True)
    error = models.CharField(_("error"), max_length=255, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("command")
        verbose_name_plural = _("commands")

    def __str__(self):
        return f"{self.action} → {self.controller_id} ({self.state})"

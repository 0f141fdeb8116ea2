"""Records of labs, Living Labs, research and training (plan item P6: II.3b, II.12).

Owners: universities and colleges (TDMU, VGU, EIU, VSVC) own their labs, projects and
courses; the Department of Science and Technology owns the Living Lab pilots. Child records
(equipment, closures, bookings, indicators) copy the owner of their parent, so the one
permission rule (`core.permissions.can_change`) decides who edits them and who approves a
booking. Every record keeps its history (django-simple-history)."""
from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from smartcity.core.models import Helix, OwnedModel


def _en() -> bool:
    return (get_language() or "vi").startswith("en")


class Named:
    """`name` in the active language (Vietnamese first)."""

    @property
    def name(self) -> str:
        return self.name_en if _en() and self.name_en else self.name_vi

    def __str__(self):
        return self.name


class Titled:
    @property
    def title(self) -> str:
        return self.title_en if _en() and self.title_en else self.title_vi

    def __str__(self):
        return self.title


# -- labs -------------------------------------------------------------------------------
class Lab(Named, OwnedModel):
    slug = models.SlugField(_("identifier"), max_length=80, unique=True)
    name_vi = models.CharField(_("Vietnamese name"), max_length=255)
    name_en = models.CharField(_("English name"), max_length=255, blank=True)
    field = models.CharField(_("field"), max_length=120, help_text=_("e.g. IoT and embedded systems"))
    building = models.CharField(_("building and room"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    capabilities = models.JSONField(_("capabilities"), default=list, blank=True, help_text=_("Tags, e.g. LoRaWAN, PCB, HPLC"))
    opens = models.TimeField(_("opens at"), default="08:00")
    closes = models.TimeField(_("closes at"), default="17:00")
    open_days = models.CharField(_("open days"), max_length=7, default="01234",
                                 help_text=_("Weekdays the lab opens: 0 = Monday ... 6 = Sunday, e.g. 012345"))
    contact_name = models.CharField(_("contact person"), max_length=120, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True, help_text=_("Receives the booking requests"))

    class Meta:
        ordering = ["owner__code", "name_vi"]
        verbose_name = _("lab")
        verbose_name_plural = _("labs")

    @property
    def weekdays(self) -> set[int]:
        return {int(c) for c in self.open_days if c.isdigit() and int(c) < 7}

    @property
    def hours_label(self) -> str:
        return f"{self.opens:%H:%M}–{self.closes:%H:%M}"


class EquipmentStatus(models.TextChoices):
    OPERATIONAL = "operational", _("Operational")
    MAINTENANCE = "maintenance", _("Under maintenance")
    OUT_OF_ORDER = "out_of_order", _("Out of order")


class Equipment(Named, OwnedModel):
    lab = models.ForeignKey(Lab, verbose_name=_("lab"), on_delete=models.CASCADE, related_name="equipment")
    name_vi = models.CharField(_("Vietnamese name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    model = models.CharField(_("model"), max_length=120, blank=True)
    quantity = models.PositiveSmallIntegerField(pgettext_lazy("count", "quantity"), default=1)
    status = models.CharField(_("status"), max_length=12, choices=EquipmentStatus.choices, default=EquipmentStatus.OPERATIONAL)
    hourly_fee_vnd = models.PositiveIntegerField(_("hourly fee (VND)"), default=0)
    bookable = models.BooleanField(_("bookable"), default=True)

    class Meta:
        ordering = ["lab_id", "name_vi"]
        verbose_name = _("equipment")
        verbose_name_plural = _("equipment")

    def save(self, *args, **kwargs):
        if self.lab_id and not self.owner_id:
            self.owner_id = self.lab.owner_id
        super().save(*args, **kwargs)


class Closure(OwnedModel):
    """A time the lab is closed (holiday, maintenance, exams): no booking may overlap it."""

    lab = models.ForeignKey(Lab, verbose_name=_("lab"), on_delete=models.CASCADE, related_name="closures")
    start = models.DateTimeField(_("from"))
    end = models.DateTimeField(_("until"))
    reason = models.CharField(_("reason"), max_length=200)

    class Meta:
        ordering = ["start"]
        verbose_name = _("closure")
        verbose_name_plural = _("closures")

    def save(self, *args, **kwargs):
        if self.lab_id and not self.owner_id:
            self.owner_id = self.lab.owner_id
        super().save(*args, **kwargs)

    def __str__(self):
        return f"{self.lab} {self.start:%Y-%m-%d} {self.reason}"


class BookingStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("approval", "Pending")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")


class Booking(OwnedModel):
    """A request for a lab (equipment empty) or one piece of equipment over a time slot.

    Owned by the lab's organisation (it approves); `requester` is the logged-in user, or
    nobody for the public form, whose contact fields are shown only to the lab's staff
    and the requester."""

    lab = models.ForeignKey(Lab, verbose_name=_("lab"), on_delete=models.CASCADE, related_name="bookings")
    equipment = models.ForeignKey(Equipment, verbose_name=_("equipment"), null=True, blank=True, on_delete=models.CASCADE,
                                  related_name="bookings", help_text=_("Empty: the whole lab"))
    start = models.DateTimeField(_("from"))
    end = models.DateTimeField(_("until"))
    purpose = models.CharField(_("purpose"), max_length=300)
    requester = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("requested by"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    contact_name = models.CharField(_("contact name"), max_length=120, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    affiliation = models.CharField(_("affiliation"), max_length=200, blank=True, help_text=_("School, company or group"))
    status = models.CharField(_("status"), max_length=10, choices=BookingStatus.choices, default=BookingStatus.PENDING)
    reason = models.CharField(_("reason"), max_length=300, blank=True, help_text=_("Why it was declined or cancelled"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["start", "id"]
        indexes = [models.Index(fields=["lab", "status", "start"])]
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")

    def save(self, *args, **kwargs):
        if self.lab_id and not self.owner_id:
            self.owner_id = self.lab.owner_id
        super().save(*args, **kwargs)

    def __str__(self):
        return f"{self.lab} {self.start:%Y-%m-%d %H:%M} ({self.status})"

    @property
    def resource_label(self) -> str:
        return self.equipment.name if self.equipment_id else str(_("whole lab"))


# -- Living Lab pilots --------------------------------------------------------------------
class PartnerHelix(models.TextChoices):
    """The quadruple helix of a Living Lab: core's helices plus citizens (ENoLL)."""

    GOVERNMENT = Helix.GOVERNMENT.value, Helix.GOVERNMENT.label
    BUSINESS = Helix.BUSINESS.value, Helix.BUSINESS.label
    ACADEMIA = Helix.ACADEMIA.value, Helix.ACADEMIA.label
    CITIZENS = "citizens", _("Citizens")
    INTERNATIONAL = Helix.INTERNATIONAL.value, Helix.INTERNATIONAL.label


class PilotStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    RUNNING = "running", pgettext_lazy("pilot", "Running")
    EVALUATING = "evaluating", _("Evaluating")
    CLOSED = "closed", _("Closed")


class Pilot(Titled, OwnedModel):
    slug = models.SlugField(_("identifier"), max_length=80, unique=True)
    title_vi = models.CharField(_("title (Vietnamese)"), max_length=255)
    title_en = models.CharField(_("title (English)"), max_length=255, blank=True)
    challenge = models.TextField(_("challenge"), help_text=_("The city problem the experiment addresses"))
    place = models.CharField(_("place"), max_length=255)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    area = models.JSONField(_("area (GeoJSON, WGS84)"), null=True, blank=True)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=PilotStatus.choices, default=PilotStatus.PLANNED)
    assets = models.ManyToManyField("hub.Asset", verbose_name=_("hub assets"), blank=True, related_name="research_pilots")
    lessons = models.TextField(_("lessons learned"), blank=True)

    class Meta:
        ordering = ["-start", "slug"]
        verbose_name = _("Living Lab pilot")
        verbose_name_plural = _("Living Lab pilots")


class PilotPartner(models.Model):
    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey("core.Organisation", verbose_name=_("organisation"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=200, blank=True, help_text=_("For partners that are not organisations of the platform"))
    helix = models.CharField(_("helix"), max_length=14, choices=PartnerHelix.choices)
    role = models.CharField(_("role"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["helix", "id"]
        verbose_name = _("pilot partner")
        verbose_name_plural = _("pilot partners")

    @property
    def label(self) -> str:
        return self.organisation.name if self.organisation_id else self.name

    def __str__(self):
        return self.label


class Stat(models.TextChoices):
    MEAN = "mean", _("Mean")
    MIN = "min", _("Minimum")
    MAX = "max", _("Maximum")
    TOTAL = "total", _("Total")


class Indicator(Named, OwnedModel):
    """A result of a pilot: baseline, target and measured value. With a hub datastream the
    measured value is read from its daily rollups over the pilot's period (services)."""

    pilot = models.ForeignKey(Pilot, verbose_name=_("pilot"), on_delete=models.CASCADE, related_name="indicators")
    name_vi = models.CharField(_("Vietnamese name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    unit = models.CharField(_("unit"), max_length=30, blank=True)
    baseline = models.FloatField(_("baseline"), null=True, blank=True)
    target = models.FloatField(_("target"), null=True, blank=True)
    measured = models.FloatField(_("measured"), null=True, blank=True)
    datastream = models.ForeignKey("hub.Datastream", verbose_name=_("hub datastream"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    stat = models.CharField(_("statistic of the daily rollups"), max_length=6, choices=Stat.choices, default=Stat.MEAN)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["pilot_id", "position", "id"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def save(self, *args, **kwargs):
        if self.pilot_id and not self.owner_id:
            self.owner_id = self.pilot.owner_id
        super().save(*args, **kwargs)


# -- research projects ------------------------------------------------------------------
class ProjectStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    APPROVED = "approved", _("Approved")
    ONGOING = "ongoing", _("Ongoing")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class ResearchProject(Titled, OwnedModel):
    """A research project; the owner is the lead organisation."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    title_vi = models.CharField(_("title (Vietnamese)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    partners = models.ManyToManyField("core.Organisation", verbose_name=_("partners"), blank=True, related_name="+")
    principal_investigator = models.CharField(_("principal investigator"), max_length=160)
    budget_province_vnd = models.BigIntegerField(_("province budget (VND)"), default=0)
    budget_ministry_vnd = models.BigIntegerField(_("ministry budget (VND)"), default=0)
    budget_university_vnd = models.BigIntegerField(_("university funds (VND)"), default=0)
    budget_enterprise_vnd = models.BigIntegerField(_("enterprise funds (VND)"), default=0)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ProjectStatus.choices, default=ProjectStatus.PROPOSED)
    abstract = models.TextField(_("abstract"), blank=True)
    plan_items = models.ManyToManyField("programme.Item", verbose_name=_("plan items"), blank=True, related_name="research_projects")

    class Meta:
        ordering = ["-start", "code"]
        verbose_name = _("research project")
        verbose_name_plural = _("research projects")

    @property
    def budget_total_vnd(self) -> int:
        return (self.budget_province_vnd + self.budget_ministry_vnd + self.budget_university_vnd
                + self.budget_enterprise_vnd)


class OutputKind(models.TextChoices):
    PAPER = "paper", pgettext_lazy("publication", "Paper")
    PATENT = "patent", _("Patent")
    PROTOTYPE = "prototype", _("Prototype")
    DATASET = "dataset", _("Dataset")


class ProjectOutput(models.Model):
    project = models.ForeignKey(ResearchProject, on_delete=models.CASCADE, related_name="outputs")
    kind = models.CharField(_("kind"), max_length=10, choices=OutputKind.choices)
    title = models.CharField(_("title"), max_length=300)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    link = models.URLField(_("link"), blank=True)
    reference = models.CharField(pgettext_lazy("citation", "reference"), max_length=200, blank=True, help_text=_("Journal, patent number, DOI"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "-year", "id"]
        verbose_name = _("project output")
        verbose_name_plural = _("project outputs")

    def __str__(self):
        return self.title


# -- training courses ---------------------------------------------------------------------
class Topic(models.TextChoices):
    IOT = "iot", _("IoT and embedded systems")
    DATA = "data", _("Data and AI")
    MANUFACTURING = "manufacturing", _("Smart manufacturing and automation")
    DIGITAL_GOV = "digital_gov", _("Digital government")
    CYBERSECURITY = "cybersecurity", _("Cybersecurity")
    ENVIRONMENT = "environment", _("Environmental monitoring")
    URBAN = "urban", _("Urban planning and GIS")
    INNOVATION = "innovation", _("Innovation and startups")


class Mode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    BLENDED = "blended", _("Blended")


class Course(Titled, OwnedModel):
    """A training course; the owner is the provider."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    title_vi = models.CharField(_("title (Vietnamese)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    topic = models.CharField(_("topic"), max_length=14, choices=Topic.choices)
    mode = models.CharField(pgettext_lazy("course format", "mode"), max_length=10, choices=Mode.choices, default=Mode.IN_PERSON)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    hours = models.PositiveSmallIntegerField(_("hours"))
    capacity = models.PositiveSmallIntegerField(_("capacity"))
    participants = models.PositiveSmallIntegerField(pgettext_lazy("course", "participants"), default=0)
    completed = models.PositiveSmallIntegerField(_("completed"), default=0)
    skills = models.JSONField(_("skills"), default=list, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["-start", "code"]
        verbose_name = _("training course")
        verbose_name_plural = _("training courses")

    @property
    def completion_rate(self) -> float | None:
        from smartcity.research.stats import completion_rate

        return completion_rate(self.participants, self.completed)


class CourseEmployer(models.Model):
    """How many participants one employer sent (linked to the shared enterprise record when known)."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="employers")
    enterprise = models.ForeignKey("economy.Enterprise", verbose_name=_("enterprise"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    employer_name = models.CharField(_("employer"), max_length=300, blank=True)
    participants = models.PositiveSmallIntegerField(pgettext_lazy("course", "participants"), default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-participants", "id"]
        verbose_name = _("course employer")
        verbose_name_plural = _("course employers")

    @property
    def label(self) -> str:
        return self.enterprise.name_vi if self.enterprise_id else self.employer_name

    def __str__(self):
        return self.label

"""Innovation and startups (plan item P5, Department of Science and Technology and the
Community Initiative and Startup Support Centre).

Startups with their team, products and funding; the Centre's programmes (incubation and
acceleration cohorts with milestones), mentoring sessions and events; the network of
startup centres of the province; community initiatives that citizens submit, the Centre
reviews and publishes, others support (one support per verified e-mail) and the
department answers officially, the way Decidim proposals work.

Proposers' contacts are personal data (Decree 13/2023/NĐ-CP): encrypted at rest with the
one-stop app's field keys and never part of a public page or API answer. Supporters are
kept only as a keyed hash of their e-mail address.
"""
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from smartcity.core.models import AdministrativeUnit, Organisation, OwnedModel
from smartcity.onestop.crypto import EncryptedTextField


class OwnedByParent:
    """Child rows (team members, funding rounds...) follow their parent's owner, so the
    one permission rule (`can_change`) answers for them too."""

    parent_field = "startup"

    @property
    def owner(self):
        return getattr(self, self.parent_field).owner

    @property
    def owner_id(self):
        return getattr(self, self.parent_field).owner_id

    @property
    def published(self):
        return getattr(self, self.parent_field).published


# -- startups -------------------------------------------------------------------------------
class Stage(models.TextChoices):
    IDEA = "idea", pgettext_lazy("startup stage", "Idea")
    PROTOTYPE = "prototype", pgettext_lazy("startup stage", "Prototype / MVP")
    SEED = "seed", pgettext_lazy("startup stage", "Seed")
    GROWTH = "growth", pgettext_lazy("startup stage", "Growth")
    SCALE = "scale", pgettext_lazy("startup stage", "Scale")


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other")
    UNKNOWN = "unknown", _("Not stated")


class FundingKind(models.TextChoices):
    GRANT = "grant", _("Grant")
    ANGEL = "angel", _("Angel")
    SEED = "seed", _("Seed")
    SERIES_A = "series_a", _("Series A")
    LOAN = "loan", _("Loan")


class Mentor(OwnedModel):
    name = models.CharField(_("name"), max_length=200)
    expertise = models.CharField(_("expertise"), max_length=300)
    organisation = models.ForeignKey(Organisation, verbose_name=_("organisation"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    affiliation = models.CharField(_("affiliation"), max_length=255, blank=True,
                                   help_text=_("When the organisation is not in the platform's list"))
    bio = models.TextField(_("short biography"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("mentor")
        verbose_name_plural = _("mentors")

    def __str__(self):
        return self.name


class Startup(OwnedModel):
    slug = models.SlugField(_("code"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    tagline = models.CharField(_("tagline"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    stage = models.CharField(_("stage"), max_length=12, choices=Stage.choices, default=Stage.IDEA)
    tags = models.JSONField(_("sector tags"), default=list, blank=True, help_text=_("e.g. agritech, edtech, logistics"))
    sector = models.ForeignKey("economy.Sector", verbose_name=_("VSIC sector"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    founded = models.DateField(_("founded"), null=True, blank=True)
    unit = models.ForeignKey(AdministrativeUnit, verbose_name=_("ward or commune"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    address = models.CharField(_("address"), max_length=300, blank=True)
    website = models.URLField(_("website"), blank=True)
    universities = models.ManyToManyField(Organisation, verbose_name=_("universities"), blank=True, related_name="+",
                                          limit_choices_to={"kind": "university"})
    mentors = models.ManyToManyField(Mentor, verbose_name=_("mentors"), blank=True, related_name="startups")
    enterprise = models.ForeignKey("economy.Enterprise", verbose_name=_("registered enterprise"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+",
                                   help_text=_("The shared enterprise record once the startup is incorporated"))
    # folded (lower case, no diacritics) name, tagline, tags and description, kept on save, for search
    search_text = models.TextField(editable=False, blank=True)
    tag_text = models.CharField(max_length=500, editable=False, blank=True)  # "|agritech|iot|" for an exact tag filter

    class Meta:
        ordering = ["name"]
        verbose_name = _("startup")
        verbose_name_plural = _("startups")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        from smartcity.innovation.textsearch import fold

        self.tags = [t.strip().lower() for t in (self.tags or []) if t and t.strip()]
        self.search_text = fold(" ".join([self.name, self.tagline, " ".join(self.tags), self.description]))
        self.tag_text = ("|" + "|".join(self.tags) + "|") if self.tags else ""
        super().save(*args, **kwargs)


class TeamMember(OwnedByParent, models.Model):
    startup = models.ForeignKey(Startup, verbose_name=_("startup"), on_delete=models.CASCADE, related_name="team")
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=120)
    founder = models.BooleanField(_("founder"), default=False)
    gender = models.CharField(_("gender"), max_length=8, choices=Gender.choices, default=Gender.UNKNOWN,
                              help_text=_("For the ecosystem's statistics only"))
    university = models.ForeignKey(Organisation, verbose_name=_("university"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["startup", "-founder", "name"]
        verbose_name = _("team member")
        verbose_name_plural = _("team members")

    def __str__(self):
        return f"{self.name} ({self.role})"


class Product(OwnedByParent, models.Model):
    startup = models.ForeignKey(Startup, verbose_name=_("startup"), on_delete=models.CASCADE, related_name="products")
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    launched = models.DateField(_("launched"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["startup", "name"]
        verbose_name = _("product")
        verbose_name_plural = _("products")

    def __str__(self):
        return self.name


class FundingRound(OwnedByParent, models.Model):
    startup = models.ForeignKey(Startup, verbose_name=_("startup"), on_delete=models.CASCADE, related_name="funding")
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=10, choices=FundingKind.choices)
    amount_vnd = models.DecimalField(_("amount (VND)"), max_digits=18, decimal_places=0)
    investor = models.CharField(_("investor"), max_length=255)
    history = HistoricalRecords()

    class Meta:
        ordering = ["startup", "date"]
        verbose_name = _("funding round")
        verbose_name_plural = _("funding rounds")

    def __str__(self):
        return f"{self.startup} {self.get_kind_display()} {self.date}"


# -- the Centre's programmes ---------------------------------------------------------------------
class ProgrammeKind(models.TextChoices):
    INCUBATION = "incubation", _("Incubation")
    ACCELERATION = "acceleration", _("Acceleration")


class Programme(OwnedModel):
    """An incubation or acceleration cohort of the Centre (or of a partner centre)."""

    slug = models.SlugField(_("code"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=12, choices=ProgrammeKind.choices, default=ProgrammeKind.INCUBATION)
    starts = models.DateField(_("starts"))
    ends = models.DateField(_("ends"))
    description = models.TextField(_("description"), blank=True)
    centre = models.ForeignKey("Centre", verbose_name=_("centre"), null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="programmes")
    startups = models.ManyToManyField(Startup, verbose_name=_("startups admitted"), blank=True, related_name="programmes")

    class Meta:
        ordering = ["-starts", "name"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self):
        return self.name


class Milestone(OwnedByParent, models.Model):
    parent_field = "programme"
    programme = models.ForeignKey(Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("title"), max_length=255)
    due = models.DateField(_("due"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "due"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self):
        return self.title


class MentoringSession(OwnedModel):
    mentor = models.ForeignKey(Mentor, verbose_name=_("mentor"), on_delete=models.PROTECT, related_name="sessions")
    startup = models.ForeignKey(Startup, verbose_name=_("startup"), on_delete=models.CASCADE, related_name="sessions")
    programme = models.ForeignKey(Programme, verbose_name=_("programme"), null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="sessions")
    at = models.DateTimeField(_("date and time"))
    minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=60)
    topic = models.CharField(_("topic"), max_length=255)
    notes = models.TextField(_("notes"), blank=True)
    follow_ups = models.TextField(_("follow-ups"), blank=True, help_text=_("One action per line"))
    follow_up_due = models.DateField(_("follow-ups due"), null=True, blank=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("mentoring session")
        verbose_name_plural = _("mentoring sessions")

    def __str__(self):
        return f"{self.startup} · {self.mentor} · {self.at:%Y-%m-%d}"

    @property
    def follow_up_list(self) -> list[str]:
        return [line.strip("-• ").strip() for line in self.follow_ups.splitlines() if line.strip()]


class EventKind(models.TextChoices):
    WORKSHOP = "workshop", _("Workshop")
    TRAINING = "training", _("Training")
    DEMO_DAY = "demo_day", _("Demo day")
    TECHFEST = "techfest", _("Techfest / startup festival")
    NETWORKING = "networking", _("Networking")
    COMPETITION = "competition", _("Competition")


class Event(OwnedModel):
    slug = models.SlugField(_("code"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=255)
    kind = models.CharField(_("kind"), max_length=12, choices=EventKind.choices, default=EventKind.WORKSHOP)
    starts = models.DateTimeField(_("starts"))
    ends = models.DateTimeField(_("ends"), null=True, blank=True)
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    centre = models.ForeignKey("Centre", verbose_name=_("centre"), null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="events")
    programme = models.ForeignKey(Programme, verbose_name=_("programme"), null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="events")
    description = models.TextField(_("description"), blank=True)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    registrations = models.PositiveIntegerField(_("registrations"), default=0)

    class Meta:
        ordering = ["-starts"]
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def __str__(self):
        return self.title


# -- network of centres ------------------------------------------------------------------------
class CentreKind(models.TextChoices):
    PUBLIC = "public", _("Public support centre")
    UNIVERSITY = "university", _("University incubator")
    ENTERPRISE = "enterprise", _("Enterprise innovation centre")
    COWORKING = "coworking", _("Co-working space")


class Centre(OwnedModel):
    slug = models.SlugField(_("code"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=255)
    name_en = models.CharField(_("English name"), max_length=255, blank=True)
    kind = models.CharField(_("kind"), max_length=12, choices=CentreKind.choices)
    organisation = models.ForeignKey(Organisation, verbose_name=_("organisation"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    address = models.CharField(_("address"), max_length=300, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    website = models.URLField(_("website"), blank=True)
    services = models.TextField(_("services"), blank=True)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("startup centre")
        verbose_name_plural = _("startup centres")

    def __str__(self):
        return self.name


# -- community initiatives -------------------------------------------------------------------------
class InitiativeCategory(models.TextChoices):
    GREENERY = "greenery", _("Trees and green space")
    LIGHTING = "lighting", _("Street lighting")
    WASTE = "waste", _("Waste and recycling")
    TRAFFIC = "traffic", _("Traffic and road safety")
    PUBLIC_SPACE = "public_space", _("Public space")
    DIGITAL = "digital", _("Digital services")
    SOCIAL = "social", _("Community and social")
    ENVIRONMENT = "environment", _("Environment and water")


class InitiativeState(models.TextChoices):
    PENDING = "pending", pgettext_lazy("initiative state", "Awaiting e-mail confirmation")
    SUBMITTED = "submitted", pgettext_lazy("initiative state", "Submitted")
    UNDER_REVIEW = "under_review", pgettext_lazy("initiative state", "Under review")
    PUBLISHED = "published", pgettext_lazy("initiative state", "Published")
    REJECTED = "rejected", pgettext_lazy("initiative state", "Rejected")
    ACCEPTED = "accepted", pgettext_lazy("initiative state", "Accepted")
    IN_PROGRESS = "in_progress", pgettext_lazy("initiative state", "In progress")
    IMPLEMENTED = "implemented", pgettext_lazy("initiative state", "Implemented")


class Initiative(OwnedModel):
    """A citizen's proposal. `published` follows the state (workflow.PUBLIC_STATES), so the
    platform's `visible()` rule shows the public only what the Centre has published."""

    reference = models.CharField(_("reference"), max_length=20, unique=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    category = models.CharField(_("category"), max_length=14, choices=InitiativeCategory.choices)
    unit = models.ForeignKey(AdministrativeUnit, verbose_name=_("ward or commune"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    place = models.CharField(_("place"), max_length=255, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=14, choices=InitiativeState.choices, default=InitiativeState.PENDING)
    proposer_name = EncryptedTextField(_("proposer's name"))
    proposer_email = EncryptedTextField(_("proposer's e-mail"))
    proposer_phone = EncryptedTextField(_("proposer's phone"), blank=True)
    proposer_initials = models.CharField(_("proposer (shown)"), max_length=80, blank=True,
                                         help_text=_("Family name and initials, the only trace of the proposer in public"))
    email_verified_at = models.DateTimeField(_("e-mail verified at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    supports_count = models.PositiveIntegerField(_("supports"), default=0)
    search_text = models.TextField(editable=False, blank=True)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        verbose_name = _("community initiative")
        verbose_name_plural = _("community initiatives")
        indexes = [models.Index(fields=["state", "published"])]

    def __str__(self):
        return f"{self.reference} {self.title}"

    def save(self, *args, **kwargs):
        from smartcity.innovation import workflow
        from smartcity.innovation.textsearch import fold

        self.published = self.state in workflow.PUBLIC_STATES
        self.search_text = fold(f"{self.reference} {self.title} {self.place} {self.description}")
        super().save(*args, **kwargs)

    @property
    def may_be_supported(self) -> bool:
        from smartcity.innovation import workflow

        return self.state in workflow.SUPPORTABLE_STATES


class Transition(models.Model):
    """One state change of an initiative: who, when, why (the public timeline)."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(_("from"), max_length=14, blank=True)
    to_state = models.CharField(_("to"), max_length=14)
    at = models.DateTimeField(_("at"), default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True, on_delete=models.SET_NULL,
                           related_name="+")
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("state change")
        verbose_name_plural = _("state changes")

    def __str__(self):
        return f"{self.initiative.reference}: {self.from_state or '-'} -> {self.to_state}"

    @property
    def to_state_label(self) -> str:
        return str(InitiativeState(self.to_state).label) if self.to_state in InitiativeState.values else self.to_state


class OfficialAnswer(OwnedByParent, models.Model):
    """The department's answer, shown publicly with the state it set."""

    parent_field = "initiative"
    initiative = models.ForeignKey(Initiative, verbose_name=_("initiative"), on_delete=models.CASCADE, related_name="answers")
    organisation = models.ForeignKey(Organisation, verbose_name=_("answering organisation"), on_delete=models.PROTECT,
                                     related_name="+")
    text = models.TextField(_("answer"))
    answered_on = models.DateField(_("date"), default=timezone.localdate)
    state = models.CharField(_("state set"), max_length=14, choices=InitiativeState.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True, on_delete=models.SET_NULL,
                           related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["initiative", "answered_on", "id"]
        verbose_name = _("official answer")
        verbose_name_plural = _("official answers")


class Support(models.Model):
    """One supporter of one initiative: only a keyed hash of the verified e-mail address."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="supports")
    email_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["initiative", "email_hash"], name="innovation_support_once")]
        verbose_name = _("support")
        verbose_name_plural = _("supports")


class VerificationPurpose(models.TextChoices):
    SUBMIT = "submit", _("Confirm an initiative")
    SUPPORT = "support", _("Support an initiative")


class Verification(models.Model):
    """A code sent by e-mail; the code and the address are kept as keyed hashes only."""

    token = models.CharField(max_length=40, unique=True)
    purpose = models.CharField(max_length=8, choices=VerificationPurpose.choices)
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="verifications")
    email_hash = models.CharField(max_length=64)
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("e-mail verification")
        verbose_name_plural = _("e-mail verifications")

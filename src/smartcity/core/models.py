"""Organisations of the programme, administrative units, users with roles, API tokens.

Every domain record elsewhere inherits `OwnedModel`: it names the organisation that owns it,
and its history is kept by django-simple-history.
"""
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Helix(models.TextChoices):
    GOVERNMENT = "government", _("Government")
    BUSINESS = "business", _("Business")
    ACADEMIA = "academia", _("Academia")
    INTERNATIONAL = "international", _("International")


class OrganisationKind(models.TextChoices):
    STEERING = "steering", _("Steering body")
    BOARD = "board", _("Board")
    DEPARTMENT = "department", _("Department")
    DISTRICT = "district", _("District authority")
    ENTERPRISE = "enterprise", _("Enterprise")
    UNIVERSITY = "university", _("University or college")
    PARTNER = "partner", _("International partner")
    NETWORK = "network", _("Network")


class BilingualName(models.Model):
    """Vietnamese name first; `name` answers in the active language."""

    name_vi = models.CharField(_("Vietnamese name"), max_length=255)
    name_en = models.CharField(_("English name"), max_length=255, blank=True)

    class Meta:
        abstract = True

    @property
    def name(self) -> str:
        if (get_language() or "vi").startswith("en") and self.name_en:
            return self.name_en
        return self.name_vi

    def __str__(self) -> str:
        return self.name


class Organisation(BilingualName):
    code = models.SlugField(_("code"), max_length=32, unique=True, help_text=_("Stable Latin code, e.g. DONRE"))
    abbreviation = models.CharField(_("abbreviation"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    helix = models.CharField(_("helix"), max_length=20, choices=Helix.choices)
    parent = models.ForeignKey("self", verbose_name=_("parent"), null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    is_coordinator = models.BooleanField(
        _("coordinates the whole programme"), default=False,
        help_text=_("Its editors may change every record (the Smart City Office)"),
    )
    plan_role = models.TextField(_("role in the plan"), blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "code"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    @property
    def owner(self) -> "Organisation":
        """An organisation owns its own profile."""
        return self

    @property
    def owner_id(self):
        return self.pk


class AdminLevel(models.TextChoices):
    PROVINCE = "province", _("Province")
    DISTRICT = "district", _("District")
    COMMUNE = "commune", _("Commune or ward")


class AdministrativeUnit(BilingualName):
    """A dated administrative unit: pre-2025 districts and post-2025 wards both stay valid."""

    code = models.CharField(_("code"), max_length=20)
    official_code = models.BooleanField(_("official code"), default=True, help_text=_("Code from the national list of administrative units"))
    level = models.CharField(_("level"), max_length=10, choices=AdminLevel.choices)
    unit_type = models.CharField(_("unit type"), max_length=40, help_text=_("e.g. city, district, ward, commune"))
    parent = models.ForeignKey("self", verbose_name=_("parent"), null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True, help_text=_("Last day in force; empty while in force"))
    legal_basis = models.CharField(_("legal basis"), max_length=255, blank=True)
    latitude = models.FloatField(_("centre latitude"), null=True, blank=True)
    longitude = models.FloatField(_("centre longitude"), null=True, blank=True)
    geometry = models.JSONField(_("GeoJSON geometry"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["level", "code"]
        constraints = [models.UniqueConstraint(fields=["code", "valid_from"], name="adminunit_code_from_unique")]
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")

    def is_valid_on(self, day) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    @classmethod
    def valid_on(cls, day):
        return cls.objects.filter(valid_from__lte=day).filter(models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=day))


class Role(models.TextChoices):
    VIEWER = "viewer", _("Viewer")
    EDITOR = "editor", _("Editor")
    MANAGER = "manager", _("Manager")
    ADMIN = "admin", _("Admin")


ROLE_RANK = {Role.VIEWER: 0, Role.EDITOR: 1, Role.MANAGER: 2, Role.ADMIN: 3}


class User(AbstractUser):
    organisation = models.ForeignKey(Organisation, verbose_name=_("organisation"), null=True, blank=True, on_delete=models.PROTECT, related_name="members")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.VIEWER)
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def has_role(self, role: str) -> bool:
        return ROLE_RANK.get(self.role, -1) >= ROLE_RANK[role]


class OwnedModel(models.Model):
    """Base of every domain record: an owner organisation, a published flag, history."""

    owner = models.ForeignKey(Organisation, verbose_name=_("owner organisation"), on_delete=models.PROTECT, related_name="+")
    published = models.BooleanField(_("published"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True


class ApiToken(models.Model):
    """A personal API token; only its SHA-256 is stored, the key is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=16, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def active(self) -> bool:
        now = timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)

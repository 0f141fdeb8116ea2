"""The shared enterprise database (Department of Planning and Investment, plan item P10).

One record per enterprise, keyed by its tax code, that every department links to
(environment facilities, construction permits, one-stop dossiers, surveys, training).
Sectors follow the Vietnam Standard Industrial Classification 2018 (VSIC 2018, Decision
27/2018/QĐ-TTg): a five-level tree of codes (section letter, then 2-5 digits).
"""
from django.db import models
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from smartcity.core.models import AdministrativeUnit, Organisation, OwnedModel


class Sector(models.Model):
    """One VSIC 2018 code: level 1 is the section letter (A-U), levels 2-5 are 2-5 digits."""

    code = models.CharField(_("VSIC code"), max_length=5, unique=True)
    level = models.PositiveSmallIntegerField(_("level"))
    name_vi = models.CharField(_("Vietnamese name"), max_length=400)
    name_en = models.CharField(_("English name"), max_length=400, blank=True)
    parent = models.ForeignKey("self", verbose_name=_("parent"), null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = _("VSIC sector")
        verbose_name_plural = _("VSIC sectors")

    def __str__(self):
        return f"{self.code} {self.name_vi}"


class IndustrialPark(OwnedModel):
    """An industrial park (khu công nghiệp) of the province with its occupancy."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_vi = models.CharField(_("Vietnamese name"), max_length=255)
    name_en = models.CharField(_("English name"), max_length=255, blank=True)
    unit = models.ForeignKey(AdministrativeUnit, verbose_name=_("administrative unit"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    address = models.CharField(_("address"), max_length=255, blank=True)
    developer = models.CharField(_("developer"), max_length=255, blank=True)
    management_board = models.ForeignKey(Organisation, verbose_name=_("management board"), null=True, blank=True,
                                         on_delete=models.PROTECT, related_name="+")
    established = models.DateField(_("established"), null=True, blank=True)
    area_ha = models.DecimalField(_("total area (ha)"), max_digits=9, decimal_places=2, null=True, blank=True)
    leasable_ha = models.DecimalField(_("industrial land for lease (ha)"), max_digits=9, decimal_places=2, null=True, blank=True)
    leased_ha = models.DecimalField(_("land leased (ha)"), max_digits=9, decimal_places=2, null=True, blank=True)
    infrastructure = models.TextField(_("infrastructure"), blank=True,
                                      help_text=_("Power, water, wastewater treatment, roads, logistics"))
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)

    class Meta:
        ordering = ["name_vi"]
        verbose_name = _("industrial park")
        verbose_name_plural = _("industrial parks")

    def __str__(self):
        return self.name_vi

    @property
    def name(self) -> str:
        if (get_language() or "vi").startswith("en") and self.name_en:
            return self.name_en
        return self.name_vi

    @property
    def occupancy_pct(self) -> float | None:
        if not self.leasable_ha or self.leased_ha is None:
            return None
        return round(float(self.leased_ha) * 100.0 / float(self.leasable_ha), 1)


class LegalForm(models.TextChoices):
    PRIVATE = "private", _("Private enterprise")
    LLC_ONE = "llc1", _("Single-member limited liability company")
    LLC_MULTI = "llc2", _("Multi-member limited liability company")
    JOINT_STOCK = "jsc", _("Joint stock company")
    PARTNERSHIP = "partnership", _("Partnership")
    STATE = "state", _("State-owned enterprise")
    COOPERATIVE = "cooperative", _("Cooperative")
    BRANCH = "branch", _("Branch or representative office")


class EnterpriseStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Temporarily suspended")
    DISSOLVING = "dissolving", _("Being dissolved")
    DISSOLVED = "dissolved", _("Dissolved")
    BANKRUPT = "bankrupt", _("Bankrupt")


class SizeClass(models.TextChoices):
    MICRO = "micro", _("Micro")
    SMALL = "small", _("Small")
    MEDIUM = "medium", pgettext_lazy("enterprise size", "Medium")
    LARGE = "large", _("Large")


class Enterprise(OwnedModel):
    """One enterprise, keyed by its tax code (10 digits, or 10 + '-' + 3 for a branch)."""

    tax_code = models.CharField(_("tax code"), max_length=14, unique=True)
    name_vi = models.CharField(_("Vietnamese name"), max_length=400)
    name_en = models.CharField(_("English name"), max_length=400, blank=True)
    short_name = models.CharField(_("short name"), max_length=120, blank=True)
    legal_form = models.CharField(_("legal form"), max_length=20, choices=LegalForm.choices, default=LegalForm.LLC_ONE)
    status = models.CharField(_("status"), max_length=12, choices=EnterpriseStatus.choices, default=EnterpriseStatus.ACTIVE)
    established = models.DateField(_("established"), null=True, blank=True)
    address = models.CharField(_("address"), max_length=400, blank=True)
    unit = models.ForeignKey(AdministrativeUnit, verbose_name=_("ward or commune (since 2025)"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    former_unit = models.ForeignKey(AdministrativeUnit, verbose_name=_("former district"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    industrial_park = models.ForeignKey(IndustrialPark, verbose_name=_("industrial park"), null=True, blank=True,
                                        on_delete=models.PROTECT, related_name="enterprises")
    main_sector = models.ForeignKey(Sector, verbose_name=_("main sector"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="main_enterprises")
    sectors = models.ManyToManyField(Sector, verbose_name=_("sectors"), blank=True, related_name="enterprises")
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)
    registered_capital_vnd = models.DecimalField(_("registered capital (VND)"), max_digits=20, decimal_places=0, null=True, blank=True)
    invested_capital_usd = models.DecimalField(_("invested capital (USD)"), max_digits=16, decimal_places=0, null=True, blank=True)
    foreign_invested = models.BooleanField(_("foreign-invested"), default=False)
    representative = models.CharField(_("legal representative"), max_length=200, blank=True)
    contact_phone = models.CharField(_("phone"), max_length=40, blank=True)
    contact_email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    # lower case without diacritics of names, tax code and address, kept on save, for search
    search_text = models.TextField(_("search text"), blank=True, editable=False)
    annual_revenue_vnd = models.DecimalField(_("annual revenue (VND)"), max_digits=20, decimal_places=0, null=True, blank=True)
    size_class = models.CharField(_("size class"), max_length=8, choices=SizeClass.choices, blank=True, editable=False,
                                  help_text=_("Decree 80/2021/NĐ-CP, from employees, revenue and capital; kept on save"))
    sector_section = models.CharField(_("VSIC section"), max_length=1, blank=True, editable=False)
    notes = models.TextField(_("internal notes"), blank=True, help_text=_("Seen only by the owner department"))
    merged_into = models.ForeignKey("self", verbose_name=_("merged into"), null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="merged_from", editable=False)

    class Meta:
        ordering = ["name_vi"]
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        indexes = [models.Index(fields=["status", "industrial_park"]), models.Index(fields=["main_sector"]),
                   models.Index(fields=["sector_section", "name_vi"], name="economy_ent_section_name"),
                   models.Index(fields=["name_vi"], name="economy_ent_name"),
                   # a place filter with the list's order (SQLite picks these over the section's)
                   models.Index(fields=["industrial_park", "name_vi"], name="economy_ent_park_name"),
                   models.Index(fields=["unit", "name_vi"], name="economy_ent_unit_name"),
                   models.Index(fields=["size_class"], name="economy_ent_size")]

    def __str__(self):
        return f"{self.name_vi} ({self.tax_code})"

    @property
    def name(self) -> str:
        if (get_language() or "vi").startswith("en") and self.name_en:
            return self.name_en
        return self.name_vi

    def prepare(self, sector_code: str | None = None) -> None:
        """Derived columns: folded search text, VSIC section, size class (also for bulk writes)."""
        from smartcity.economy import fold, sizeclass, taxcode, vsic

        self.tax_code = taxcode.normalise(self.tax_code)
        self.search_text = fold.search_text(self.name_vi, self.name_en, self.short_name, self.tax_code, fold.address_text(self.address))
        if sector_code is None and self.main_sector_id:
            sector_code = self.main_sector.code
        self.sector_section = vsic.section_of(sector_code)
        self.size_class = sizeclass.size_class(
            self.employees, self.annual_revenue_vnd, self.registered_capital_vnd, self.sector_section) or ""

    def save(self, *args, **kwargs):
        self.prepare()
        super().save(*args, **kwargs)


class ForeignInvestor(models.Model):
    """A foreign investor's share in an enterprise; country as ISO 3166-1 alpha-2."""

    enterprise = models.ForeignKey(Enterprise, verbose_name=_("enterprise"), on_delete=models.CASCADE, related_name="investors")
    name = models.CharField(_("investor"), max_length=300)
    country = models.CharField(_("country (ISO 3166)"), max_length=2)
    capital_usd = models.DecimalField(_("capital (USD)"), max_digits=16, decimal_places=0, null=True, blank=True)
    share_pct = models.DecimalField(_("share (%)"), max_digits=5, decimal_places=2, null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["enterprise", "-share_pct"]
        verbose_name = _("foreign investor")
        verbose_name_plural = _("foreign investors")

    def __str__(self):
        return f"{self.name} ({self.country})"


class FieldGroup(models.TextChoices):
    PUBLIC = "public", _("Public")
    GOVERNMENT = "government", _("Government")
    OWNER = "owner", _("Owner department")


class Channel(models.TextChoices):
    PAGE = "page", _("Page")
    API = "api", _("API")
    EXPORT = "export", _("Export")


class EnterpriseAccessLog(models.Model):
    """One read of restricted fields (government or owner group) of one enterprise by a user."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(Organisation, verbose_name=_("organisation"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("at"), db_index=True)
    enterprise = models.ForeignKey(Enterprise, verbose_name=_("enterprise"), on_delete=models.CASCADE, related_name="access_log")
    field_group = models.CharField(_("field group"), max_length=12, choices=FieldGroup.choices)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    path = models.CharField(_("request"), max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["enterprise", "at"], name="economy_log_ent_at"),
                   models.Index(fields=["user", "at"], name="economy_log_user_at")]
        verbose_name = _("access to restricted enterprise data")
        verbose_name_plural = _("accesses to restricted enterprise data")


class LinkRole(models.TextChoices):
    APPLICANT = "applicant", _("Applicant of a dossier")
    PERMIT_HOLDER = "permit_holder", _("Permit holder")
    FACILITY = "facility", _("Operator of a facility or station")
    PARTNER = "partner", _("Partner")
    RESPONDENT = "respondent", _("Survey respondent")
    OTHER = "other", _("Other")


class LinkMethod(models.TextChoices):
    MANUAL = "manual", _("Linked by hand")
    TAX_CODE = "tax_code", _("Matched by tax code")
    NAME = "name", _("Matched by name")


class EnterpriseLink(models.Model):
    """A record of any other app (dossier, permit, station ...) that concerns an enterprise,
    so departments work on one shared record without the apps knowing each other."""

    enterprise = models.ForeignKey(Enterprise, verbose_name=_("enterprise"), on_delete=models.CASCADE, related_name="links")
    content_type = models.ForeignKey(ContentType, verbose_name=_("record type"), on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(_("record id"), max_length=64)
    target = GenericForeignKey("content_type", "object_id")
    role = models.CharField(_("role"), max_length=16, choices=LinkRole.choices, default=LinkRole.OTHER)
    method = models.CharField(_("how"), max_length=10, choices=LinkMethod.choices, default=LinkMethod.MANUAL)
    label = models.CharField(_("label"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["content_type_id", "object_id"]
        constraints = [models.UniqueConstraint(fields=["enterprise", "content_type", "object_id", "role"], name="economy_link_unique")]
        indexes = [models.Index(fields=["content_type", "object_id"], name="economy_link_target")]
        verbose_name = _("enterprise link")
        verbose_name_plural = _("enterprise links")

    def __str__(self):
        return f"{self.enterprise_id} -> {self.content_type_id}:{self.object_id} ({self.role})"


class ImportBatch(OwnedModel):
    """One uploaded file of enterprises with its row-by-row validation report."""

    file_name = models.CharField(_("file"), max_length=255)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    rows = models.PositiveIntegerField(_("rows"), default=0)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    rejected = models.PositiveIntegerField(_("rejected"), default=0)
    duplicates = models.PositiveIntegerField(_("possible duplicates"), default=0)
    report = models.JSONField(_("report"), default=list, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("enterprise import")
        verbose_name_plural = _("enterprise imports")


class DuplicateState(models.TextChoices):
    OPEN = "open", _("To review")
    MERGED = "merged", _("Merged")
    DISMISSED = "dismissed", _("Not a duplicate")


class DuplicateCandidate(models.Model):
    """Two records that look like one enterprise (same folded name, maybe same address)."""

    enterprise = models.ForeignKey(Enterprise, verbose_name=_("enterprise"), on_delete=models.CASCADE, related_name="+")
    other = models.ForeignKey(Enterprise, verbose_name=_("possible duplicate"), on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("reason"), max_length=20)
    score = models.PositiveSmallIntegerField(_("score"), default=0)
    batch = models.ForeignKey(ImportBatch, verbose_name=_("import"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    state = models.CharField(_("state"), max_length=10, choices=DuplicateState.choices, default=DuplicateState.OPEN)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["state", "-score", "-id"]
        constraints = [models.UniqueConstraint(fields=["enterprise", "other"], name="economy_dup_pair")]
        verbose_name = _("possible duplicate")
        verbose_name_plural = _("possible duplicates")


class MergeRecord(models.Model):
    """The merge of `merged` into `kept`: what the merged record held, what was moved."""

    kept = models.ForeignKey(Enterprise, verbose_name=_("kept"), on_delete=models.PROTECT, related_name="merges")
    merged = models.ForeignKey(Enterprise, verbose_name=_("merged"), on_delete=models.PROTECT, related_name="+")
    snapshot = models.JSONField(_("merged record as it was"), default=dict)
    moved = models.JSONField(_("links moved"), default=dict)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("merge of enterprises")
        verbose_name_plural = _("merges of enterprises")

"""The shared enterprise database (Department of Planning and Investment, plan item P10).

One record per enterprise, keyed by its tax code, that every department links to
(environment facilities, construction permits, one-stop dossiers, surveys, training).
Sectors follow the Vietnam Standard Industrial Classification 2018 (VSIC 2018, Decision
27/2018/QĐ-TTg): a five-level tree of codes (section letter, then 2-5 digits).
"""
from django.db import models
from django.utils.translation import gettext_lazy as _
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

    class Meta:
        ordering = ["name_vi"]
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        indexes = [models.Index(fields=["status", "industrial_park"]), models.Index(fields=["main_sector"])]

    def __str__(self):
        return f"{self.name_vi} ({self.tax_code})"


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

"""The open data catalogue (Department of Information and Communications, plan item P18).

A dataset (DCAT `dcat:Dataset`, CKAN "package") is owned by the organisation that
publishes it; its distributions (`dcat:Distribution`, CKAN "resource") are files served
either from an external URL or by a provider of `opendata.providers`, which generates them
from a module's records on request. Datasets registered by a provider carry its
`source_key`; `smartcity opendata sync` creates and updates them.
"""
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from smartcity.core.models import OwnedModel
from smartcity.opendata.text import fold


class Theme(models.TextChoices):
    """The EU Data Theme vocabulary that DCAT-AP uses for `dcat:theme`
    (http://publications.europa.eu/resource/authority/data-theme)."""

    AGRI = "AGRI", _("Agriculture, fisheries, forestry and food")
    ECON = "ECON", _("Economy and finance")
    EDUC = "EDUC", _("Education, culture and sport")
    ENER = "ENER", _("Energy")
    ENVI = "ENVI", _("Environment")
    GOVE = "GOVE", _("Government and public sector")
    HEAL = "HEAL", _("Health")
    INTR = "INTR", _("International issues")
    JUST = "JUST", _("Justice, legal system and public safety")
    REGI = "REGI", _("Regions and cities")
    SOCI = "SOCI", _("Population and society")
    TECH = "TECH", _("Science and technology")
    TRAN = "TRAN", _("Transport")


class Frequency(models.TextChoices):
    """EU Frequency vocabulary for `dct:accrualPeriodicity`."""

    CONT = "UPDATE_CONT", _("continuously updated")
    HOURLY = "HOURLY", _("hourly")
    DAILY = "DAILY", _("daily")
    WEEKLY = "WEEKLY", _("weekly")
    MONTHLY = "MONTHLY", _("monthly")
    QUARTERLY = "QUARTERLY", _("quarterly")
    ANNUAL = "ANNUAL", _("annual")
    IRREG = "IRREG", _("irregular")


class Licence(models.Model):
    """A licence a dataset is published under; `code` is CKAN's `license_id`."""

    code = models.SlugField(_("code"), max_length=40, unique=True, help_text=_("CKAN licence id, e.g. cc-by"))
    title = models.CharField(_("title"), max_length=120)
    url = models.URLField(_("URL"))
    open = models.BooleanField(_("open licence"), default=True, help_text=_("Conforms to the Open Definition"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]
        verbose_name = _("licence")
        verbose_name_plural = _("licences")

    def __str__(self):
        return self.title


class Dataset(OwnedModel):
    """A dataset of the catalogue; `owner` is its publisher (`dct:publisher`)."""

    uuid = models.UUIDField(_("identifier"), default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(_("name"), max_length=100, unique=True, help_text=_("CKAN name, lower case, e.g. aqi-hourly"))
    source_key = models.CharField(_("provider key"), max_length=100, blank=True, db_index=True,
                                  help_text=_("Set when a provider registers the dataset; empty for records entered by hand"))
    title_vi = models.CharField(_("title (Vietnamese)"), max_length=255)
    title_en = models.CharField(_("title (English)"), max_length=255, blank=True)
    description_vi = models.TextField(_("description (Vietnamese)"))
    description_en = models.TextField(_("description (English)"), blank=True)
    theme = models.CharField(_("theme"), max_length=4, choices=Theme.choices)
    keywords = models.JSONField(_("keywords"), default=list, blank=True, help_text=_("A list of short tags"))
    spatial = models.CharField(_("spatial coverage"), max_length=120, default="Tỉnh Bình Dương")
    temporal_start = models.DateField(_("coverage from"), null=True, blank=True)
    temporal_end = models.DateField(_("coverage to"), null=True, blank=True)
    frequency = models.CharField(_("update frequency"), max_length=12, choices=Frequency.choices, default=Frequency.IRREG)
    licence = models.ForeignKey(Licence, verbose_name=_("licence"), on_delete=models.PROTECT, related_name="datasets")
    contact_name = models.CharField(_("contact point"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    issued = models.DateTimeField(pgettext_lazy("publication date", "issued"), null=True, blank=True)
    modified = models.DateTimeField(_("modified"), null=True, blank=True, help_text=_("Last change of the data"))
    landing_page = models.URLField(_("landing page"), blank=True)
    # lower case without diacritics of titles, descriptions and keywords, kept on save, for search
    search_text = models.TextField(editable=False, blank=True)

    class Meta:
        ordering = ["title_vi"]
        verbose_name = _("dataset")
        verbose_name_plural = _("datasets")

    def __str__(self):
        return self.title

    def _english(self) -> bool:
        return (get_language() or "vi").startswith("en")

    @property
    def title(self) -> str:
        return self.title_en if self._english() and self.title_en else self.title_vi

    @property
    def description(self) -> str:
        return self.description_en if self._english() and self.description_en else self.description_vi

    def save(self, *args, **kwargs):
        owner = self.owner if self.owner_id else None
        self.search_text = fold(" ".join([self.slug, self.title_vi, self.title_en, self.description_vi, self.description_en,
                                          " ".join(self.keywords or []), owner.name_vi if owner else "",
                                          owner.name_en if owner else ""]))
        super().save(*args, **kwargs)


class Format(models.TextChoices):
    CSV = "CSV", "CSV"
    JSON = "JSON", "JSON"
    GEOJSON = "GeoJSON", "GeoJSON"
    GTFS = "GTFS", "GTFS"
    XLSX = "XLSX", "XLSX"
    ZIP = "ZIP", "ZIP"
    PDF = "PDF", "PDF"
    API = "API", "API"


class Resource(models.Model):
    """A distribution of a dataset: a generated file (`generator` names the provider's
    resource) or an external `url`."""

    uuid = models.UUIDField(_("identifier"), default=uuid.uuid4, unique=True, editable=False)
    dataset = models.ForeignKey(Dataset, verbose_name=_("dataset"), on_delete=models.CASCADE, related_name="resources")
    key = models.SlugField(_("key"), max_length=60, help_text=_("Stable within the dataset, e.g. csv"))
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    title_vi = models.CharField(_("title (Vietnamese)"), max_length=255)
    title_en = models.CharField(_("title (English)"), max_length=255, blank=True)
    description = models.TextField(_("description"), blank=True)
    format = models.CharField(_("format"), max_length=10, choices=Format.choices)
    media_type = models.CharField(_("media type"), max_length=100)
    url = models.URLField(_("download URL"), max_length=500, blank=True, help_text=_("For files held elsewhere"))
    generator = models.CharField(_("generator"), max_length=140, blank=True,
                                 help_text=_("provider key/resource key of an internal generator"))
    filename = models.CharField(_("file name"), max_length=140, blank=True)
    tabular = models.BooleanField(_("served by datastore_search"), default=False)
    byte_size = models.BigIntegerField(_("size (bytes)"), null=True, blank=True)
    last_modified = models.DateTimeField(_("last modified"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["dataset", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["dataset", "key"], name="opendata_resource_key_unique")]
        verbose_name = _("resource")
        verbose_name_plural = _("resources")

    def __str__(self):
        return f"{self.dataset.slug}/{self.key}"

    @property
    def title(self) -> str:
        if (get_language() or "vi").startswith("en") and self.title_en:
            return self.title_en
        return self.title_vi

    @property
    def owner_id(self):
        return self.dataset.owner_id

    @property
    def published(self) -> bool:
        return self.dataset.published


class DownloadCount(models.Model):
    """Downloads of a resource on one local day, counted on the download endpoint."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="downloads")
    day = models.DateField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["resource", "day"]
        constraints = [models.UniqueConstraint(fields=["resource", "day"], name="opendata_download_day_unique")]
        verbose_name = _("download count")
        verbose_name_plural = _("download counts")


class ApiKey(models.Model):
    """A key for heavy users of the open data API: a higher rate limit. Only the SHA-256 of
    the key is stored; the key is shown once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="opendata_keys")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=16, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("open data API key")
        verbose_name_plural = _("open data API keys")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def active(self) -> bool:
        return self.revoked_at is None

"""The Smart City website's own records: news categories, articles written by the
Department of Information and Communications (bilingual, Vietnamese first, scheduled by
`publish_at`) and their images (cleaned of metadata, kept in the database with a thumbnail,
so the website needs no media server)."""
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy as _

from simple_history.models import HistoricalRecords

from smartcity.core.models import OwnedModel


def _english() -> bool:
    return (get_language() or "vi").startswith("en")


class Category(OwnedModel):
    slug = models.SlugField(_("code"), max_length=60, unique=True)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("news category")
        verbose_name_plural = _("news categories")

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if _english() and self.name_en else self.name_vi


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class ArticleQuerySet(models.QuerySet):
    def live(self, now=None):
        """What the public sees: published, public and due (`publish_at` reached)."""
        return self.filter(status=ArticleStatus.PUBLISHED, published=True, publish_at__lte=now or timezone.now())


class Article(OwnedModel):
    slug = models.SlugField(_("address"), max_length=120, unique=True, help_text=_("Part of the page address, e.g. ra-mat-ioc"))
    category = models.ForeignKey(Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="articles")
    title_vi = models.CharField(_("title (Vietnamese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    summary_vi = models.TextField(_("summary (Vietnamese)"), max_length=600)
    summary_en = models.TextField(_("summary (English)"), max_length=600, blank=True)
    body_vi = models.TextField(_("body (Vietnamese)"), help_text=_("Sanitised HTML"))
    body_en = models.TextField(_("body (English)"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ArticleStatus.choices, default=ArticleStatus.DRAFT,
                              db_index=True)
    publish_at = models.DateTimeField(_("publish at"), default=timezone.now, db_index=True,
                                      help_text=_("A published article stays hidden until then"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("author"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    search_text = models.TextField(editable=False, blank=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-publish_at", "-id"]
        indexes = [models.Index(fields=["status", "publish_at"])]
        verbose_name = _("article")
        verbose_name_plural = _("articles")

    def __str__(self):
        return self.title_vi

    def _pick(self, base: str) -> str:
        en = getattr(self, base + "_en")
        return en if _english() and en else getattr(self, base + "_vi")

    @property
    def title(self) -> str:
        return self._pick("title")

    @property
    def summary(self) -> str:
        return self._pick("summary")

    @property
    def body(self) -> str:
        return self._pick("body")

    @property
    def is_live(self) -> bool:
        return self.status == ArticleStatus.PUBLISHED and self.published and self.publish_at <= timezone.now()

    @property
    def cover(self):
        images = list(self.images.all())
        return images[0] if images else None


class ArticleImage(models.Model):
    """An image of an article, re-encoded from pixels (no EXIF/GPS) and a thumbnail."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="images")
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    alt_vi = models.CharField(_("description for screen readers (Vietnamese)"), max_length=200)
    alt_en = models.CharField(_("description for screen readers (English)"), max_length=200, blank=True)
    content_type = models.CharField(max_length=40)
    data = models.BinaryField()
    thumb = models.BinaryField()
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["data", "thumb"])

    class Meta:
        ordering = ["article", "position", "id"]
        verbose_name = _("article image")
        verbose_name_plural = _("article images")

    @property
    def alt(self) -> str:
        return self.alt_en if _english() and self.alt_en else self.alt_vi

"""The survey engine (plan item P10: the Department of Planning and Investment studies the
real needs of enterprises and investors; any department can run its own surveys).

A questionnaire has numbered versions; a version's content (sections and questions) is one
JSON document checked by `engine.py` and frozen once published: a change makes a new draft.
A campaign sends one published version to chosen enterprises: each recipient holds a
personal, unguessable token (link, QR on a printed letter, e-mail); an open public link
makes anonymous recipients on demand. A response holds the raw answers; results,
cross-tabs and exports are computed from them, never stored. Findings written from a
campaign link to items of the programme.
"""
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from smartcity.core.models import OwnedModel


def new_token() -> str:
    """32 URL-safe characters from 24 random bytes (192 bits): not guessable, not countable."""
    return secrets.token_urlsafe(24)


def _pick(obj, field: str) -> str:
    en = (get_language() or "vi").startswith("en")
    return (getattr(obj, f"{field}_en") if en else "") or getattr(obj, f"{field}_vi")


class Questionnaire(OwnedModel):
    code = models.SlugField(_("code"), max_length=60, unique=True)
    title_vi = models.CharField(_("title (Vietnamese)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    description_vi = models.TextField(_("description (Vietnamese)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")

    def __str__(self):
        return self.title_vi

    @property
    def title(self) -> str:
        return _pick(self, "title")

    @property
    def description(self) -> str:
        return _pick(self, "description")

    def latest(self):
        return self.versions.order_by("-number").first()

    def current(self):
        """The newest published version (the one a new campaign sends)."""
        return self.versions.filter(state=VersionState.PUBLISHED).order_by("-number").first()


class VersionState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class QuestionnaireVersion(OwnedModel):
    """One version of a questionnaire; `definition` is frozen once the state is published."""

    questionnaire = models.ForeignKey(Questionnaire, verbose_name=_("questionnaire"), on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    state = models.CharField(_("state"), max_length=10, choices=VersionState.choices, default=VersionState.DRAFT)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    definition = models.JSONField(_("sections and questions"), default=dict)
    note = models.CharField(_("what changed"), max_length=300, blank=True)

    class Meta:
        ordering = ["questionnaire", "number"]
        unique_together = [("questionnaire", "number")]
        verbose_name = _("questionnaire version")
        verbose_name_plural = _("questionnaire versions")

    def __str__(self):
        return f"{self.questionnaire.title_vi} v{self.number}"

    @property
    def frozen(self) -> bool:
        return self.state == VersionState.PUBLISHED


class Campaign(OwnedModel):
    """One sending of a published version: recipients, dates, an optional open link."""

    version = models.ForeignKey(QuestionnaireVersion, verbose_name=_("questionnaire version"), on_delete=models.PROTECT, related_name="campaigns")
    title_vi = models.CharField(_("title (Vietnamese)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    intro_vi = models.TextField(_("letter to recipients (Vietnamese)"), blank=True)
    intro_en = models.TextField(_("letter to recipients (English)"), blank=True)
    opens_at = models.DateTimeField(_("answers open at"), default=timezone.now)
    closes_at = models.DateTimeField(_("answers close at"))
    open_link = models.BooleanField(_("open public link"), default=False,
                                    help_text=_("Anyone with the public link may answer (rate-limited, anonymous)"))
    public_token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    filters = models.JSONField(_("recipient filters"), default=dict, blank=True)
    contact = models.CharField(_("contact for questions"), max_length=300, blank=True)

    class Meta:
        ordering = ["-opens_at"]
        verbose_name = _("survey campaign")
        verbose_name_plural = _("survey campaigns")

    def __str__(self):
        return self.title_vi

    @property
    def title(self) -> str:
        return _pick(self, "title")

    @property
    def intro(self) -> str:
        return _pick(self, "intro")

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at


class RecipientState(models.TextChoices):
    PENDING = "pending", _("Not sent yet")
    SENT = "sent", _("Sent")
    OPENED = "opened", _("Opened")
    PARTIAL = "partial", _("Draft saved")
    SUBMITTED = "submitted", _("Answers sent")


class Channel(models.TextChoices):
    INVITED = "invited", _("Personal link")
    OPEN = "open", _("Open public link")


class Recipient(models.Model):
    """Who is asked (an enterprise, or an anonymous visitor of the open link), their token,
    where they stand, and the enterprise's profile when it was chosen (for the cross-tabs)."""

    campaign = models.ForeignKey(Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="recipients")
    enterprise = models.ForeignKey("economy.Enterprise", verbose_name=_("enterprise"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="survey_recipients")
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices, default=Channel.INVITED)
    email = models.EmailField(_("e-mail"), blank=True)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    state = models.CharField(_("state"), max_length=10, choices=RecipientState.choices, default=RecipientState.PENDING, db_index=True)
    # sector section (VSIC letter), size class, industrial park code, foreign-invested (True/False/None)
    profile = models.JSONField(_("profile"), default=dict, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    reminders = models.PositiveSmallIntegerField(_("reminders"), default=0)
    reminded_at = models.DateTimeField(_("last reminder"), null=True, blank=True)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    saved_at = models.DateTimeField(_("draft saved at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True, db_index=True)
    history = HistoricalRecords(excluded_fields=["answers"])

    class Meta:
        ordering = ["campaign", "pk"]
        unique_together = [("campaign", "enterprise")]
        verbose_name = _("recipient")
        verbose_name_plural = _("recipients")

    def __str__(self):
        return f"{self.campaign_id}: {self.enterprise or self.channel}"

    @property
    def owner_id(self):
        return self.campaign.owner_id


class Severity(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
    CRITICAL = "critical", _("Critical")


class Finding(OwnedModel):
    """What the staff conclude from a campaign, with the questions that show it, and the
    programme items that should act on it."""

    campaign = models.ForeignKey(Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="findings")
    title_vi = models.CharField(_("title (Vietnamese)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    text_vi = models.TextField(_("finding (Vietnamese)"))
    text_en = models.TextField(_("finding (English)"), blank=True)
    evidence = models.JSONField(_("evidence questions"), default=list, blank=True, help_text=_("Question keys of the version"))
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices, default=Severity.MEDIUM)
    priority = models.PositiveSmallIntegerField(_("priority"), default=2, help_text=_("1 = act first"))
    programme_items = models.ManyToManyField("programme.Item", verbose_name=_("programme items"), blank=True, related_name="survey_findings")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("author"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["campaign", "priority", "-created_at"]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")

    def __str__(self):
        return self.title_vi

    @property
    def title(self) -> str:
        return _pick(self, "title")

    @property
    def text(self) -> str:
        return _pick(self, "text")

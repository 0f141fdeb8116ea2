"""Records of the participation app: citizen reports ("phản ánh hiện trường") routed to
the responsible organisation, and public consultations with questions, votes and
moderated comments.

A report is owned by the organisation responsible for it (found by a RoutingRule), so the
platform's one permission rule (editors of the owner, the coordinator) decides who acts.
Contacts are encrypted at rest (onestop.crypto); only keyed hashes identify voters."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from smartcity.core.models import OwnedModel
from smartcity.onestop.crypto import EncryptedTextField


class Category(models.TextChoices):
    ROADS = "roads", _("Roads and potholes")
    STREETLIGHTS = "streetlights", _("Streetlights")
    WASTE = "waste", _("Waste and bins")
    FLOODING = "flooding", _("Flooding and drainage")
    TREES = "trees", _("Trees and green spaces")
    SIGNS = "signs", _("Traffic signs and signals")
    ORDER = "order", _("Public order and pavements")
    ENVIRONMENT = "environment", _("Environment and pollution")
    OTHER = "other", _("Other")


class State(models.TextChoices):
    PENDING = "pending", _("Waiting for confirmation")
    RECEIVED = "received", _("Received")
    ASSIGNED = "assigned", _("Assigned")
    IN_PROGRESS = "in_progress", _("In progress")
    RESOLVED = "resolved", _("Resolved")
    REJECTED = "rejected", _("Rejected")


class RoutingRule(OwnedModel):
    """Category (and optionally area) -> responsible organisation. A rule with a unit wins
    over the category's rule without one."""

    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    unit = models.ForeignKey("core.AdministrativeUnit", verbose_name=pgettext_lazy("administrative area", "area"), null=True, blank=True,
                             on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey("core.Organisation", verbose_name=_("responsible organisation"),
                                     on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["category", "unit_id"]
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")

    def __str__(self):
        return f"{self.category} -> {self.organisation_id}"


class Report(OwnedModel):
    """One citizen report. `owner` is the responsible organisation; `published` is set once
    the report is confirmed by its code (mailed to the e-mail, else sent by SMS to the phone)."""

    code = models.CharField(_("tracking code"), max_length=20, unique=True)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    description = models.TextField(_("description"))
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    unit = models.ForeignKey("core.AdministrativeUnit", verbose_name=pgettext_lazy("administrative area", "area"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    address = models.CharField(_("address or landmark"), max_length=255, blank=True)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.PENDING)
    contact_email = EncryptedTextField(_("e-mail"), blank=True)
    contact_phone = EncryptedTextField(_("phone"), blank=True)
    response = models.TextField(_("official response"), blank=True)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"))
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)
    first_response_at = models.DateTimeField(_("first response at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("citizen report")
        verbose_name_plural = _("citizen reports")

    def __str__(self):
        return self.code


class ReportPhoto(models.Model):
    """The photo, re-encoded from pixels only (no EXIF/GPS). Kept apart from the report so the
    report's history rows do not copy the bytes."""

    report = models.OneToOneField(Report, on_delete=models.CASCADE, related_name="photo")
    data = models.BinaryField()
    content_type = models.CharField(max_length=20)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)


class ReportEvent(models.Model):
    """One step of the public timeline (states and official notes)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="events")
    from_state = models.CharField(max_length=20, blank=True)
    to_state = models.CharField(max_length=20, choices=State.choices)
    organisation = models.ForeignKey("core.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    note = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]


class Consultation(OwnedModel):
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    title = models.CharField(_("title"), max_length=255)
    summary = models.TextField(_("summary"), blank=True)
    document = models.TextField(_("document"))
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    official_answer = models.TextField(_("official answer"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        ordering = ["-opens_at"]
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")

    def __str__(self):
        return self.title

    def is_open(self, now=None) -> bool:
        from django.utils import timezone

        now = now or timezone.now()
        return self.published and self.opens_at <= now < self.closes_at


class Question(models.Model):
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="questions")
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("question"))

    class Meta:
        ordering = ["consultation_id", "number"]
        constraints = [models.UniqueConstraint(fields=["consultation", "number"], name="participation_question_number")]

    def __str__(self):
        return f"{self.number}. {self.text[:60]}"


class Choice(models.TextChoices):
    AGREE = "agree", _("Agree")
    DISAGREE = "disagree", _("Disagree")


class Vote(models.Model):
    """One vote per verified e-mail or phone (keyed hash) per question; nobody is named."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="votes")
    email_hash = models.CharField(max_length=64)
    choice = models.CharField(max_length=10, choices=Choice.choices)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["question", "email_hash"], name="participation_one_vote")]


class CommentState(models.TextChoices):
    PENDING = "pending", _("Waiting for moderation")
    PUBLISHED = "published", _("Published")
    HIDDEN = "hidden", _("Hidden")


class Comment(models.Model):
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="comments")
    question = models.ForeignKey(Question, null=True, blank=True, on_delete=models.CASCADE, related_name="comments")
    author = models.CharField(_("shown as"), max_length=80, blank=True)
    email_hash = models.CharField(max_length=64)
    text = models.TextField(_("comment"))
    state = models.CharField(max_length=10, choices=CommentState.choices, default=CommentState.PENDING)
    hidden_reason = models.CharField(_("reason"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    moderated_at = models.DateTimeField(null=True, blank=True)
    moderated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["created_at", "id"]


class Purpose(models.TextChoices):
    REPORT = "report", "report"
    CONSULTATION = "consultation", "consultation"


class Channel(models.TextChoices):
    EMAIL = "email", "e-mail"
    SMS = "sms", "SMS"


class Verification(models.Model):
    """A code sent by e-mail or SMS: only keyed hashes of the code and the address (or of
    "tel:+84..." for a phone) are kept. For a consultation, once confirmed the token is the
    voter's credential until it closes."""

    token = models.CharField(max_length=40, unique=True)
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    report = models.ForeignKey(Report, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    consultation = models.ForeignKey(Consultation, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(max_length=5, choices=Channel.choices, default=Channel.EMAIL)
    email_hash = models.CharField(max_length=64)
    code_hash = models.CharField(max_length=64)
    attempts = models.PositiveSmallIntegerField(default=0)
    expires_at = models.DateTimeField()
    confirmed_at = models.DateTimeField(null=True, blank=True)

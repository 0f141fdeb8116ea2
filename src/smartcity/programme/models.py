"""Programme management: the plan as a tree of items (Decidim-style results with roll-up),
unit plans and periodic progress reports, escalations to the Steering Committee, working
sessions and their decisions, the ICF Smart21 application, international events and
memberships.

Sections follow the plan's own order: plan tree -> reporting (III.3, III.4) -> meetings
(II.1) -> ICF (II.1) -> international cooperation (I.4, II.2). Every record keeps its history.
"""
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from smartcity.core.models import Helix, Organisation, OwnedModel

PERCENT = [MinValueValidator(0), MaxValueValidator(100)]


class Bilingual:
    """`title`/`text` answer in the active language, Vietnamese first."""

    def _pick(self, base: str) -> str:
        vi, en = getattr(self, base + "_vi", ""), getattr(self, base + "_en", "")
        if (get_language() or "vi").startswith("en") and en:
            return en
        return vi

    @property
    def title(self) -> str:
        return self._pick("title")


# -- the plan tree ------------------------------------------------------------------------------
class RollupMethod(models.TextChoices):
    WEIGHTED = "weighted", _("weighted by the children's weights")
    AVERAGE = "average", _("plain average of the children")


class Plan(Bilingual, OwnedModel):
    """A plan document (Plan 11/KH-BDH of 8 March 2018 is the first), kept with its full text."""

    code = models.SlugField(_("code"), max_length=40, unique=True, help_text=_("e.g. kh-11-2018"))
    number = models.CharField(_("document number"), max_length=40, help_text=_("e.g. 11/KH-BDH"))
    title_vi = models.CharField(_("title (Vietnamese)"), max_length=255)
    title_en = models.CharField(_("title (English)"), max_length=255, blank=True)
    issued_on = models.DateField(_("issued on"))
    place = models.CharField(_("place of issue"), max_length=80, blank=True)
    issuer = models.ForeignKey(Organisation, verbose_name=_("issuing body"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    signer = models.CharField(_("signed by"), max_length=160, blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=160, blank=True)
    preamble_vi = models.TextField(_("preamble (Vietnamese)"), blank=True, help_text=_("The legal bases (Căn cứ...) as written"))
    preamble_en = models.TextField(_("preamble (English)"), blank=True)
    recipients_vi = models.TextField(_("recipients (Nơi nhận)"), blank=True)
    source_text = models.TextField(_("full original text"), blank=True)
    year = models.PositiveSmallIntegerField(_("plan year"))
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    rollup = models.CharField(_("progress roll-up"), max_length=10, choices=RollupMethod.choices, default=RollupMethod.WEIGHTED)
    progress = models.FloatField(_("progress (%)"), default=0, validators=PERCENT)

    class Meta:
        ordering = ["-issued_on"]
        verbose_name = _("plan")
        verbose_name_plural = _("plans")

    def __str__(self):
        return f"{self.number} · {self.title}"


class ItemStatus(models.Model):
    """A result status (Decidim): key, name, description and an implied default progress."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="statuses")
    key = models.SlugField(_("key"), max_length=40)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    description_vi = models.TextField(_("description (Vietnamese)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    progress = models.FloatField(_("default progress (%)"), null=True, blank=True, validators=PERCENT)
    closed = models.BooleanField(_("closes the item"), default=False, help_text=_("Done or cancelled: no longer overdue"))
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "position", "key"]
        unique_together = [("plan", "key")]
        verbose_name = _("item status")
        verbose_name_plural = _("item statuses")

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "vi").startswith("en") and self.name_en else self.name_vi

    def __str__(self):
        return self.name


class ItemKind(models.TextChoices):
    SECTION = "section", _("section")  # I. Mục tiêu, II. Chương trình hành động, III. Phân công
    OBJECTIVE = "objective", _("objective")  # I.1-I.4
    PROGRAMME = "programme", _("action programme")  # II.1-II.12
    ITEM = "item", _("item")  # a bullet of an action programme
    ASSIGNMENT = "assignment", _("assignment")  # III.1-III.4
    TASK = "task", _("task")  # added by units under an item


class Item(Bilingual, OwnedModel):
    """A node of the plan tree. `owner` is the lead unit (chủ trì): its editors change the item.

    `text_vi` holds the plan's sentences verbatim; `title_vi`/`title_en` are short headings.
    A leaf's progress is entered; a parent's is rolled up from its children (see rollup.py).
    """

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="items")
    parent = models.ForeignKey("self", verbose_name=_("parent"), null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    kind = models.CharField(_("kind"), max_length=12, choices=ItemKind.choices)
    number = models.CharField(_("number"), max_length=20, help_text=_("As the plan numbers it: I.1, II.3.a, II.4.2, III.4"))
    position = models.PositiveIntegerField(_("order"), default=0)
    title_vi = models.CharField(_("title (Vietnamese)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    text_vi = models.TextField(_("text (Vietnamese, as written)"), blank=True)
    text_en = models.TextField(_("text (English)"), blank=True)
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    status = models.ForeignKey(ItemStatus, verbose_name=_("status"), null=True, blank=True, on_delete=models.PROTECT, related_name="items")
    progress = models.FloatField(_("progress (%)"), default=0, validators=PERCENT)
    weight = models.FloatField(_("weight"), default=1, validators=[MinValueValidator(0)])
    budget_estimate = models.BigIntegerField(_("budget estimate (VND)"), null=True, blank=True)
    actual_spend = models.BigIntegerField(_("actual spend (VND)"), null=True, blank=True)
    strategic = models.BooleanField(_("strategic project"), default=False,
                                    help_text=_("Tracked with studies and milestones (S&T industrial park, semiconductor back-end)"))
    module = models.CharField(_("platform module"), max_length=40, blank=True,
                              help_text=_("Key of the module that delivers it (environment, mobility, ...)"))
    reference = models.CharField(_("mission reference"), max_length=10, blank=True, help_text=_("P1-P19"))

    class Meta:
        ordering = ["plan", "position"]
        unique_together = [("plan", "number")]
        verbose_name = _("programme item")
        verbose_name_plural = _("programme items")

    def __str__(self):
        return f"{self.number} {self.title}"

    @property
    def text(self) -> str:
        return self._pick("text")

    @property
    def lead(self) -> Organisation:
        return self.owner

    def is_leaf(self) -> bool:
        return not self.children.exists()


class ParticipantRole(models.TextChoices):
    LEAD = "lead", _("lead (chủ trì)")
    SUPPORT = "support", _("supporting unit (phối hợp)")
    PARTNER = "partner", _("partner")


class ItemParticipant(models.Model):
    """An organisation taking part in an item; its helix comes from the organisation."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="participants")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="programme_roles")
    role = models.CharField(_("role"), max_length=10, choices=ParticipantRole.choices)
    note = models.CharField(_("note"), max_length=255, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["item", "role", "organisation__code"]
        unique_together = [("item", "organisation", "role")]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")

    def __str__(self):
        return f"{self.organisation.code} · {self.get_role_display()}"


class DocumentKind(models.TextChoices):
    PLAN = "plan", _("plan")
    STUDY = "study", _("study")
    REPORT = "report", _("report")
    MINUTES = "minutes", _("minutes")
    DECISION = "decision", _("decision")
    EVIDENCE = "evidence", _("evidence")
    OTHER = "other", _("other")


def _upload_to(instance, filename):
    return f"programme/{instance.__class__.__name__.lower()}/{filename}"


class Attachment(models.Model):
    """A file or link attached to an item, a report, an escalation, a meeting or an event.
    Exactly one of the targets is set; files are served as downloads, never inline."""

    item = models.ForeignKey(Item, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments")
    report = models.ForeignKey("ProgressReport", null=True, blank=True, on_delete=models.CASCADE, related_name="attachments")
    unit_plan = models.ForeignKey("UnitPlan", null=True, blank=True, on_delete=models.CASCADE, related_name="attachments")
    escalation = models.ForeignKey("Escalation", null=True, blank=True, on_delete=models.CASCADE, related_name="attachments")
    meeting = models.ForeignKey("Meeting", null=True, blank=True, on_delete=models.CASCADE, related_name="attachments")
    event = models.ForeignKey("Event", null=True, blank=True, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("kind"), max_length=10, choices=DocumentKind.choices, default=DocumentKind.OTHER)
    title = models.CharField(_("title"), max_length=255)
    file = models.FileField(_("file"), upload_to=_upload_to, blank=True)
    url = models.URLField(_("link"), blank=True)
    content_type = models.CharField(max_length=120, blank=True)
    size = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.title


class TimelineEntry(models.Model):
    """A dated line of what happened on an item (Decidim's timeline)."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="timeline")
    date = models.DateField(_("date"))
    title_vi = models.CharField(_("title (Vietnamese)"), max_length=255)
    title_en = models.CharField(_("title (English)"), max_length=255, blank=True)
    description_vi = models.TextField(_("description (Vietnamese)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    progress = models.FloatField(_("progress then (%)"), null=True, blank=True, validators=PERCENT)
    source = models.CharField(_("source"), max_length=20, blank=True, help_text=_("report, escalation, decision, manual..."))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["item", "-date", "-id"]
        verbose_name = _("timeline entry")
        verbose_name_plural = _("timeline entries")

    @property
    def title(self) -> str:
        return self.title_en if (get_language() or "vi").startswith("en") and self.title_en else self.title_vi


class Milestone(models.Model):
    """A dated step of a strategic item (study delivered, decision taken, park phase opened)."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="milestones")
    title_vi = models.CharField(_("title (Vietnamese)"), max_length=255)
    title_en = models.CharField(_("title (English)"), max_length=255, blank=True)
    due = models.DateField(_("due"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["item", "due"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    @property
    def title(self) -> str:
        return self.title_en if (get_language() or "vi").startswith("en") and self.title_en else self.title_vi


# -- reporting (III.3, III.4) ----------------------------------------------------------------------
class ReviewStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    ACCEPTED = "accepted", _("accepted")
    RETURNED = "returned", _("returned for changes")


class UnitPlan(OwnedModel):
    """A unit's detailed plan and budget estimate for the plan year (III.3, III.4): due to the
    Executive Board by the plan's deadline (15/04/2018)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="unit_plans")
    due_date = models.DateField(_("due date"))
    status = models.CharField(_("status"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.DRAFT)
    summary = models.TextField(_("summary"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    review_comment = models.TextField(_("review comment"), blank=True)

    class Meta:
        ordering = ["plan", "owner__code"]
        unique_together = [("plan", "owner")]
        verbose_name = _("unit plan and budget estimate")
        verbose_name_plural = _("unit plans and budget estimates")

    def __str__(self):
        return f"{self.owner.code} · {self.plan.number}"

    @property
    def budget_total(self) -> int:
        return sum(line.budget or 0 for line in self.lines.all())


class UnitPlanLine(models.Model):
    """One activity of a unit plan, under a plan item, with its dates and budget."""

    unit_plan = models.ForeignKey(UnitPlan, on_delete=models.CASCADE, related_name="lines")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="plan_lines")
    activity = models.TextField(_("activity"))
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    budget = models.BigIntegerField(_("budget (VND)"), null=True, blank=True)
    funding_source = models.CharField(_("funding source"), max_length=120, blank=True, help_text=_("provincial budget, Becamex, ODA..."))
    history = HistoricalRecords()

    class Meta:
        ordering = ["unit_plan", "id"]
        verbose_name = _("unit plan line")
        verbose_name_plural = _("unit plan lines")


class Frequency(models.TextChoices):
    MONTHLY = "monthly", _("monthly")
    QUARTERLY = "quarterly", _("quarterly")
    HALF_YEARLY = "half", _("half-yearly")
    YEARLY = "yearly", _("yearly")


class ReportSchedule(models.Model):
    """When lead units report on their items: one report per item per period, due a number of
    days after the period ends; reminders go out a number of days before."""

    plan = models.OneToOneField(Plan, on_delete=models.CASCADE, related_name="schedule")
    frequency = models.CharField(_("frequency"), max_length=10, choices=Frequency.choices, default=Frequency.MONTHLY)
    first_period_start = models.DateField(_("first period starts"))
    last_period_end = models.DateField(_("last period ends"))
    due_days = models.PositiveSmallIntegerField(_("due days after the period"), default=5)
    remind_days = models.PositiveSmallIntegerField(_("remind days before due"), default=3)
    item_kinds = models.CharField(_("reported item kinds"), max_length=80, default="item,assignment",
                                  help_text=_("Comma-separated kinds that report (leaves under them roll up)"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("report schedule")
        verbose_name_plural = _("report schedules")


class ProgressReport(OwnedModel):
    """A periodic progress report of the lead unit (owner) on one item."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="reports")
    period = models.CharField(_("period"), max_length=10, help_text=_("2018-05, 2018-Q2, 2018-H1 or 2018"))
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    due_date = models.DateField(_("due date"))
    progress = models.FloatField(_("progress (%)"), validators=PERCENT)
    narrative = models.TextField(_("what was done"))
    figures = models.JSONField(_("figures"), default=list, blank=True, help_text=_('[{"label": ..., "value": ..., "unit": ...}]'))
    difficulties = models.TextField(_("difficulties (vướng mắc)"), blank=True)
    next_steps = models.TextField(_("next steps"), blank=True)
    spend = models.BigIntegerField(_("spent in the period (VND)"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.DRAFT)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    review_comment = models.TextField(_("review comment"), blank=True)

    class Meta:
        ordering = ["-period_end", "item__position"]
        unique_together = [("item", "period")]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")

    def __str__(self):
        return f"{self.item.number} · {self.period}"


class Reminder(models.Model):
    """A reminder sent to a unit about a report due or overdue (kept so none is sent twice)."""

    class Kind(models.TextChoices):
        UPCOMING = "upcoming", _("due soon")
        OVERDUE = "overdue", _("overdue")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    item = models.ForeignKey(Item, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    unit_plan = models.ForeignKey(UnitPlan, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    period = models.CharField(max_length=10, blank=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    due_date = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)
    recipients = models.TextField(blank=True, help_text=_("E-mail addresses it went to"))

    class Meta:
        ordering = ["-sent_at"]
        unique_together = [("organisation", "item", "unit_plan", "period", "kind")]


class EscalationStatus(models.TextChoices):
    OPEN = "open", _("raised")
    REVIEW = "review", _("reviewed by the Office, with the Steering Committee")
    DECIDED = "decided", _("decided")
    WITHDRAWN = "withdrawn", _("withdrawn")


class Escalation(OwnedModel):
    """A difficulty (vướng mắc) a unit (owner) raises to the Steering Committee (III.4): the
    Office reviews and forwards it, the Committee records a decision. Open ones age visibly."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="escalations")
    report = models.ForeignKey(ProgressReport, null=True, blank=True, on_delete=models.SET_NULL, related_name="escalations")
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("difficulty"))
    proposal = models.TextField(_("proposal (đề xuất)"), blank=True)
    severity = models.CharField(_("severity"), max_length=10, default="normal",
                                choices=[("normal", _("normal")), ("high", _("high")), ("urgent", _("urgent"))])
    status = models.CharField(_("status"), max_length=10, choices=EscalationStatus.choices, default=EscalationStatus.OPEN)
    raised_at = models.DateTimeField(_("raised at"))
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    office_review = models.TextField(_("Office's review"), blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decision = models.TextField(_("Steering Committee decision"), blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    action_owner = models.ForeignKey(Organisation, verbose_name=_("unit to act"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    action_due = models.DateField(_("act by"), null=True, blank=True)
    meeting = models.ForeignKey("Meeting", verbose_name=_("decided at meeting"), null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="escalations")

    class Meta:
        ordering = ["status", "raised_at"]
        verbose_name = _("escalation")
        verbose_name_plural = _("escalations")

    def __str__(self):
        return self.title


# -- working sessions (II.1) ----------------------------------------------------------------------
class Meeting(OwnedModel):
    """A working session of a board (Executive Board, expert team, advisory council, Steering
    Committee); `owner` is the body that convenes it and keeps its minutes."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        HELD = "held", _("held")
        CANCELLED = "cancelled", _("cancelled")

    body = models.ForeignKey(Organisation, verbose_name=_("body"), on_delete=models.PROTECT, related_name="meetings")
    title_vi = models.CharField(_("title (Vietnamese)"), max_length=255)
    title_en = models.CharField(_("title (English)"), max_length=255, blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    location = models.CharField(_("location"), max_length=255, blank=True)
    chair = models.CharField(_("chaired by"), max_length=160, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    items = models.ManyToManyField(Item, verbose_name=_("items discussed"), blank=True, related_name="meetings")

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("working session")
        verbose_name_plural = _("working sessions")

    def __str__(self):
        return self.title_vi

    @property
    def title(self) -> str:
        return self.title_en if (get_language() or "vi").startswith("en") and self.title_en else self.title_vi


class MeetingParticipant(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participants")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    people = models.CharField(_("people"), max_length=255, blank=True, help_text=_("Names and titles, comma-separated"))
    attended = models.BooleanField(_("attended"), default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "organisation__code"]
        unique_together = [("meeting", "organisation")]


class Decision(models.Model):
    """A conclusion of a working session, linked to the items and escalations it settles."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    number = models.PositiveSmallIntegerField(_("number"), default=1)
    text_vi = models.TextField(_("text (Vietnamese)"))
    text_en = models.TextField(_("text (English)"), blank=True)
    items = models.ManyToManyField(Item, verbose_name=_("items"), blank=True, related_name="decisions")
    escalations = models.ManyToManyField(Escalation, verbose_name=_("escalations"), blank=True, related_name="decisions")
    responsible = models.ForeignKey(Organisation, verbose_name=_("responsible unit"), null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    due = models.DateField(_("due"), null=True, blank=True)
    done = models.BooleanField(_("carried out"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "number"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    @property
    def text(self) -> str:
        return self.text_en if (get_language() or "vi").startswith("en") and self.text_en else self.text_vi


# -- ICF Smart21 (II.1) ---------------------------------------------------------------------------
class IcfFramework(models.Model):
    """ICF's factors and questions as worded in one period (2018 wording, current wording)."""

    key = models.SlugField(_("key"), max_length=30, unique=True, help_text=_("e.g. icf-2018, icf-current"))
    name = models.CharField(_("name"), max_length=120)
    first_year = models.PositiveSmallIntegerField(_("first year"))
    last_year = models.PositiveSmallIntegerField(_("last year"), null=True, blank=True)
    source = models.TextField(_("source"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["first_year"]
        verbose_name = _("ICF framework")
        verbose_name_plural = _("ICF frameworks")

    def __str__(self):
        return self.name


class IcfFactor(Bilingual, models.Model):
    """A factor of one wording; `dimension` is stable across wordings so years compare
    (digital equality in 2018 = digital inclusion now; advocacy = community engagement)."""

    framework = models.ForeignKey(IcfFramework, on_delete=models.CASCADE, related_name="factors")
    key = models.SlugField(_("key"), max_length=40)
    dimension = models.SlugField(_("dimension"), max_length=40)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    title_vi = models.CharField(_("name (Vietnamese)"), max_length=160)
    title_en = models.CharField(_("name (English)"), max_length=160)
    description_vi = models.TextField(_("description (Vietnamese)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["framework", "position"]
        unique_together = [("framework", "key")]
        verbose_name = _("ICF factor")
        verbose_name_plural = _("ICF factors")

    def __str__(self):
        return self.title


class IcfQuestion(Bilingual, models.Model):
    class Kind(models.TextChoices):
        CHOICE = "choice", _("multiple choice")
        SHORT = "short", _("short answer")
        NUMBER = "number", _("data point (number)")
        NARRATIVE = "narrative", _("narrative")

    factor = models.ForeignKey(IcfFactor, on_delete=models.CASCADE, related_name="questions")
    number = models.CharField(_("number"), max_length=10)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title_vi = models.TextField(_("question (Vietnamese)"))
    title_en = models.TextField(_("question (English)"))
    choices = models.JSONField(_("choices"), default=list, blank=True)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    kpi = models.CharField(_("live KPI"), max_length=80, blank=True, help_text=_("Key of a platform KPI that answers or supports it"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["factor", "position"]
        unique_together = [("factor", "number")]
        verbose_name = _("ICF question")
        verbose_name_plural = _("ICF questions")

    def __str__(self):
        return f"{self.number} {self.title_en[:60]}"


class IcfApplication(OwnedModel):
    """One year's application (owner: the Smart City Office)."""

    class Stage(models.TextChoices):
        TRIAL = "trial", _("trial application")
        PREPARING = "preparing", _("preparing")
        SUBMITTED = "submitted", _("submitted")
        SMART21 = "smart21", _("Smart21")
        TOP7 = "top7", _("Top7")
        WINNER = "winner", _("Intelligent Community of the Year")
        NOT_SELECTED = "not_selected", _("not selected")

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    framework = models.ForeignKey(IcfFramework, on_delete=models.PROTECT, related_name="applications")
    stage = models.CharField(_("stage"), max_length=12, choices=Stage.choices, default=Stage.PREPARING)
    due_date = models.DateField(_("submission deadline"), null=True, blank=True)
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("ICF application")
        verbose_name_plural = _("ICF applications")

    def __str__(self):
        return f"ICF {self.year}"


class IcfAssignment(models.Model):
    """A question of an application given to a department, with a due date."""

    application = models.ForeignKey(IcfApplication, on_delete=models.CASCADE, related_name="assignments")
    question = models.ForeignKey(IcfQuestion, on_delete=models.PROTECT, related_name="assignments")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="icf_assignments")
    due_date = models.DateField(_("due date"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["application", "question__factor__position", "question__position"]
        unique_together = [("application", "question")]
        verbose_name = _("ICF assignment")
        verbose_name_plural = _("ICF assignments")


class IcfAnswer(OwnedModel):
    """The answer of the assigned department (owner) to one question; the Office approves."""

    assignment = models.OneToOneField(IcfAssignment, on_delete=models.CASCADE, related_name="answer")
    value = models.TextField(_("answer"), blank=True, help_text=_("Chosen option or short answer"))
    number = models.FloatField(_("value"), null=True, blank=True)
    narrative = models.TextField(_("narrative"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.DRAFT)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    review_comment = models.TextField(_("review comment"), blank=True)

    class Meta:
        verbose_name = _("ICF answer")
        verbose_name_plural = _("ICF answers")


class IcfEvidence(models.Model):
    """Evidence behind an answer: a file, a link, a platform dataset or a live KPI."""

    class Kind(models.TextChoices):
        FILE = "file", _("file")
        LINK = "link", _("link")
        DATASET = "dataset", _("platform dataset")
        KPI = "kpi", _("live KPI")

    answer = models.ForeignKey(IcfAnswer, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=255)
    file = models.FileField(_("file"), upload_to="programme/icf/", blank=True)
    url = models.CharField(_("link or dataset path"), max_length=500, blank=True)
    kpi = models.CharField(_("KPI key"), max_length=80, blank=True)
    kpi_value = models.FloatField(_("KPI value when attached"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["answer", "id"]
        verbose_name = _("ICF evidence")
        verbose_name_plural = _("ICF evidence")


class IcfScore(models.Model):
    """A factor's score in one year, from ICF's evaluation or a self-assessment."""

    class Source(models.TextChoices):
        ICF = "icf", _("ICF evaluation")
        SELF = "self", _("self-assessment")

    application = models.ForeignKey(IcfApplication, on_delete=models.CASCADE, related_name="scores")
    factor = models.ForeignKey(IcfFactor, on_delete=models.PROTECT, related_name="scores")
    source = models.CharField(_("source"), max_length=5, choices=Source.choices, default=Source.ICF)
    score = models.FloatField(_("score"), validators=PERCENT)
    comment = models.TextField(_("evaluator's comment"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["application", "factor__position"]
        unique_together = [("application", "factor", "source")]
        verbose_name = _("ICF score")
        verbose_name_plural = _("ICF scores")


# -- international cooperation (I.4, II.1, II.2, II.11) ------------------------------------------------
class EventKind(models.TextChoices):
    CONFERENCE = "conference", _("conference")
    FORUM = "forum", _("forum")
    ANNIVERSARY = "anniversary", _("anniversary")
    SUMMIT = "summit", _("summit")
    DELEGATION_OUT = "delegation_out", _("outgoing delegation")
    DELEGATION_IN = "delegation_in", _("incoming delegation")
    WORKSHOP = "workshop", _("workshop")
    SIGNING = "signing", _("signing ceremony")


class Event(OwnedModel):
    """An international event or delegation (owner: the organising unit, often DOFA)."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        CONFIRMED = "confirmed", _("confirmed")
        HELD = "held", _("held")
        CANCELLED = "cancelled", _("cancelled")

    code = models.SlugField(_("code"), max_length=60, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=EventKind.choices)
    title_vi = models.CharField(_("title (Vietnamese)"), max_length=255)
    title_en = models.CharField(_("title (English)"), max_length=255, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    country = models.CharField(_("country"), max_length=2, default="VN", help_text=_("ISO 3166-1 alpha-2"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    description_vi = models.TextField(_("description (Vietnamese)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    outcomes_vi = models.TextField(_("outcomes (Vietnamese)"), blank=True)
    outcomes_en = models.TextField(_("outcomes (English)"), blank=True)
    attendance = models.PositiveIntegerField(_("attendance"), null=True, blank=True)
    items = models.ManyToManyField(Item, verbose_name=_("programme items"), blank=True, related_name="events")

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def __str__(self):
        return self.title_vi

    @property
    def title(self) -> str:
        return self.title_en if (get_language() or "vi").startswith("en") and self.title_en else self.title_vi


class EventParticipant(models.Model):
    class Role(models.TextChoices):
        ORGANISER = "organiser", _("organiser")
        CO_ORGANISER = "co_organiser", _("co-organiser")
        PARTNER = "partner", _("partner")
        DELEGATE = "delegate", _("delegate")
        SPEAKER = "speaker", _("speaker")
        GUEST = "guest", _("guest")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="participants")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("role"), max_length=14, choices=Role.choices)
    people = models.CharField(_("people"), max_length=500, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["event", "role", "organisation__code"]
        unique_together = [("event", "organisation", "role")]


class Membership(OwnedModel):
    """The province's membership of an international network (WTA, ICF...), with dates."""

    class Status(models.TextChoices):
        APPLYING = "applying", _("applying")
        MEMBER = "member", _("member")
        LAPSED = "lapsed", _("lapsed")

    network = models.ForeignKey(Organisation, verbose_name=_("network"), on_delete=models.PROTECT, related_name="memberships")
    member = models.ForeignKey(Organisation, verbose_name=_("member"), on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.APPLYING)
    applied_on = models.DateField(_("applied on"), null=True, blank=True)
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    membership_class = models.CharField(_("class"), max_length=120, blank=True)
    annual_fee = models.CharField(_("annual fee"), max_length=80, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    item = models.ForeignKey(Item, verbose_name=_("programme item"), null=True, blank=True, on_delete=models.SET_NULL, related_name="memberships")

    class Meta:
        ordering = ["network__code"]
        unique_together = [("network", "member")]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self):
        return f"{self.member.code} ∈ {self.network.code}"


HELICES = [h.value for h in Helix]

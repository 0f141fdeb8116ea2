"""Records of the "advanced-modern primary school" programme (Plan 11/KH-BDH, item II.6;
Department of Education and Training).

- `School`: a primary school in the programme, placed in a ward/commune of the 2025 map and
  in the former district it belonged to.
- `SchoolMembership`: gives a user (a DOET account, usually a viewer) the right to fill the
  self-assessment of one school. School staff do not become DOET editors: editors evaluate.
- `CriteriaSet` -> `CriteriaGroup` -> `Criterion`: the criteria of one school year,
  versioned; a published set is frozen and copied to make the next year's draft.
- `Assessment` (one per school and school year) -> `CriterionScore` (the school's value and
  the department's value per criterion) and `Evidence` files; `AssessmentEvent` is the
  readable timeline, django-simple-history keeps every field change.
"""
from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from smartcity.core.models import AdministrativeUnit, OwnedModel


OWNER_CODE = "DOET"  # the Department of Education and Training runs the programme


def _english() -> bool:
    return (get_language() or "vi").startswith("en")


class Bilingual:
    @property
    def name(self) -> str:
        return self.name_en if _english() and self.name_en else self.name_vi

    def __str__(self):
        return self.name


class SchoolStatus(models.TextChoices):
    ACTIVE = "active", _("In the programme")
    PREPARING = "preparing", _("Preparing to join")
    PAUSED = "paused", _("Paused")
    LEFT = "left", _("Left the programme")


class School(Bilingual, OwnedModel):
    code = models.SlugField(_("code"), max_length=40, unique=True, help_text=_("Stable Latin code, e.g. th-phu-hoa-1"))
    name_vi = models.CharField(_("Vietnamese name"), max_length=255)
    name_en = models.CharField(_("English name"), max_length=255, blank=True)
    unit = models.ForeignKey(AdministrativeUnit, verbose_name=_("ward or commune (since 2025)"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    former_unit = models.ForeignKey(AdministrativeUnit, verbose_name=_("former district"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    address = models.CharField(_("address"), max_length=400, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    pupils = models.PositiveIntegerField(_("pupils"), default=0)
    classes = models.PositiveIntegerField(_("classes"), default=0)
    teachers = models.PositiveIntegerField(_("teachers"), default=0)
    joined_year = models.PositiveSmallIntegerField(_("year joined the programme"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=SchoolStatus.choices, default=SchoolStatus.ACTIVE)
    principal = models.CharField(_("principal"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    class Meta:
        ordering = ["name_vi"]
        verbose_name = _("school")
        verbose_name_plural = _("schools")

    @property
    def district_name(self) -> str:
        return self.former_unit.name if self.former_unit_id else ""


class MemberRole(models.TextChoices):
    PRINCIPAL = "principal", _("Principal")
    STAFF = "staff", _("Staff member")


class SchoolMembership(models.Model):
    """A user who may fill and submit the self-assessment of this school."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE,
                             related_name="school_memberships")
    school = models.ForeignKey(School, verbose_name=_("school"), on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=12, choices=MemberRole.choices, default=MemberRole.STAFF)
    active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "school"], name="schools_membership_unique")]
        verbose_name = _("school membership")
        verbose_name_plural = _("school memberships")

    def __str__(self):
        return f"{self.user} → {self.school}"


class SetStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published (frozen)")


class CriteriaSet(OwnedModel):
    """The criteria of one school year. `version` counts the sets of that year; at most one
    is published, and once published nothing in it changes (a copy makes the next draft)."""

    school_year = models.CharField(_("school year"), max_length=9, help_text=_("e.g. 2026-2027"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    title_vi = models.CharField(_("Vietnamese title"), max_length=255)
    title_en = models.CharField(_("English title"), max_length=255, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=SetStatus.choices, default=SetStatus.DRAFT)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    previous = models.ForeignKey("self", verbose_name=_("copied from"), null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="copies")
    pass_total = models.FloatField(_("total score to be recognised (%)"), default=80.0)
    pass_group = models.FloatField(_("minimum score of every area (%)"), default=60.0)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["-school_year", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["school_year", "version"], name="schools_set_year_version_unique"),
            models.UniqueConstraint(fields=["school_year"], condition=models.Q(status="published"),
                                    name="schools_one_published_set_per_year"),
        ]
        verbose_name = _("criteria set")
        verbose_name_plural = _("criteria sets")

    @property
    def title(self) -> str:
        return self.title_en if _english() and self.title_en else self.title_vi

    @property
    def frozen(self) -> bool:
        return self.status == SetStatus.PUBLISHED

    def __str__(self):
        return f"{self.school_year} v{self.version}"


class CriteriaGroup(Bilingual, models.Model):
    """An area of the criteria (management, teachers, facilities and ICT ...). `code` stays the
    same from year to year so progress can be compared."""

    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.CASCADE, related_name="groups")
    code = models.SlugField(_("code"), max_length=40)
    name_vi = models.CharField(_("Vietnamese name"), max_length=255)
    name_en = models.CharField(_("English name"), max_length=255, blank=True)
    weight = models.FloatField(_("weight"), default=1.0, help_text=_("Share of the total score, relative to the other areas"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["criteria_set", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["criteria_set", "code"], name="schools_group_code_unique")]
        verbose_name = _("criteria area")
        verbose_name_plural = _("criteria areas")

    @property
    def owner_id(self):
        """The permission rule reads the owner of the set."""
        return self.criteria_set.owner_id


class Rule(models.TextChoices):
    BINARY = "binary", _("Met / not met")
    LEVELS = "levels", _("Levels 0-3")
    THRESHOLD = "threshold", _("Numeric threshold")


class Direction(models.TextChoices):
    AT_LEAST = "at_least", _("at least")
    AT_MOST = "at_most", _("at most")


class Criterion(Bilingual, models.Model):
    group = models.ForeignKey(CriteriaGroup, on_delete=models.CASCADE, related_name="criteria")
    code = models.CharField(_("code"), max_length=20, help_text=_("e.g. 3.2; the same code across years"))
    name_vi = models.CharField(_("Vietnamese name"), max_length=400)
    name_en = models.CharField(_("English name"), max_length=400, blank=True)
    description = models.TextField(_("what is checked"), blank=True)
    max_score = models.FloatField(_("maximum score"), default=10.0)
    rule = models.CharField(_("scoring rule"), max_length=10, choices=Rule.choices, default=Rule.LEVELS)
    threshold = models.FloatField(_("threshold"), null=True, blank=True, help_text=_("For the numeric threshold rule"))
    direction = models.CharField(_("direction"), max_length=8, choices=Direction.choices, default=Direction.AT_LEAST)
    unit = models.CharField(_("unit"), max_length=30, blank=True, help_text=_("e.g. %, pupils per computer"))
    evidence_required = models.BooleanField(_("evidence required"), default=False)
    mandatory = models.BooleanField(_("must be met to be recognised"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["group__order", "order", "code"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")

    @property
    def owner_id(self):
        return self.group.criteria_set.owner_id


class State(models.TextChoices):
    DRAFT = "draft", _("Draft (school)")
    SUBMITTED = "submitted", _("Submitted")
    EVALUATED = "evaluated", _("Evaluated by the department")
    RECOGNISED = "recognised", _("Recognised")
    NOT_YET = "not_yet", _("Not yet recognised")


DECIDED = (State.RECOGNISED, State.NOT_YET)


class Assessment(OwnedModel):
    """One school's assessment of one school year against the published criteria set. Not
    published until the department decides; then the result is public."""

    school = models.ForeignKey(School, verbose_name=_("school"), on_delete=models.CASCADE, related_name="assessments")
    criteria_set = models.ForeignKey(CriteriaSet, verbose_name=_("criteria set"), on_delete=models.PROTECT,
                                     related_name="assessments")
    school_year = models.CharField(_("school year"), max_length=9)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    self_total = models.FloatField(_("self-assessed score (%)"), null=True, blank=True)
    dept_total = models.FloatField(_("department score (%)"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    evaluated_at = models.DateTimeField(_("evaluated at"), null=True, blank=True)
    evaluated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decision_note = models.TextField(_("decision note"), blank=True)

    class Meta:
        ordering = ["-school_year", "school__name_vi"]
        constraints = [models.UniqueConstraint(fields=["school", "school_year"], name="schools_assessment_year_unique")]
        indexes = [models.Index(fields=["school_year", "state"])]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")

    def __str__(self):
        return f"{self.school} {self.school_year}"

    @property
    def decided(self) -> bool:
        return self.state in DECIDED


class CriterionScore(models.Model):
    """The school's value and the department's value for one criterion (the raw entry: 0/1,
    a level 0-3 or the measured number; `scoring.fraction` turns it into a share of the
    criterion's points)."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    self_value = models.FloatField(_("school's value"), null=True, blank=True)
    self_comment = models.TextField(_("school's comment"), blank=True)
    dept_value = models.FloatField(_("department's value"), null=True, blank=True)
    dept_comment = models.TextField(_("department's comment"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["criterion__group__order", "criterion__order"]
        constraints = [models.UniqueConstraint(fields=["assessment", "criterion"], name="schools_score_unique")]
        verbose_name = _("criterion score")
        verbose_name_plural = _("criterion scores")


class Evidence(models.Model):
    """A file backing the school's value for a criterion: PDF, JPEG or PNG judged by its first
    bytes; images are re-encoded without metadata. Served only as a download."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="evidence")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=255)
    file = models.FileField(_("file"), upload_to="schools/evidence/%Y/")
    content_type = models.CharField(max_length=120)
    size = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["uploaded_at"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence files")

    def __str__(self):
        return self.title


class Action(models.TextChoices):
    CREATED = "created", pgettext_lazy("event", "Created")
    SAVED = "saved", _("Self-assessment saved")
    EVIDENCE = "evidence", _("Evidence added")
    SUBMITTED = "submitted", _("Submitted to the department")
    RETURNED = "returned", _("Returned to the school")
    EVALUATED = "evaluated", _("Evaluated")
    DECIDED = "decided", _("Decision")


class AssessmentEvent(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    from_state = models.CharField(max_length=10, blank=True)
    to_state = models.CharField(max_length=10, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(_("at"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("assessment event")
        verbose_name_plural = _("assessment events")

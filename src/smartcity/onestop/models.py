"""One-stop shop (một cửa): the catalogue of administrative procedures (versioned), the
working-day calendar, dossiers with their hand-offs, supplements, consultations,
suspensions and apologies, notifications, personal-data access log, and SIPAS surveys.

Legal frame: Decree 61/2018/NĐ-CP + Circular 01/2018/TT-VPCP (rule set "2018") and Decree
118/2025/NĐ-CP + Circular 03/2025/TT-VPCP (rule set "2025"). A dossier keeps the procedure
version and the rule set it was received under. Being late is computed from `due_at`,
never stored as a state. Personal data (ID numbers, phone, e-mail, address) is encrypted
at rest (`crypto.EncryptedTextField`) and every full view is logged.
"""
from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from smartcity.core.models import AdministrativeUnit, Organisation, OwnedModel
from smartcity.onestop.crypto import EncryptedTextField


class Bilingual:
    """`name` answers in the active language, Vietnamese first."""

    @property
    def name(self) -> str:
        if (get_language() or "vi").startswith("en") and getattr(self, "name_en", ""):
            return self.name_en
        return self.name_vi

    def __str__(self) -> str:
        return self.name


class RuleSet(models.TextChoices):
    R2018 = "2018", _("Decree 61/2018 and Circular 01/2018")
    R2025 = "2025", _("Decree 118/2025 and Circular 03/2025")


# -- the working-day calendar -------------------------------------------------------------------
class DayKind(models.TextChoices):
    HOLIDAY = "holiday", _("public holiday (Labor Code art. 112)")
    SUBSTITUTE = "substitute", _("day off in lieu of a holiday on a weekend (art. 111)")
    SWAP_OFF = "swap_off", _("day off by an official swap")
    MAKEUP = "makeup", _("make-up working day (e.g. a Saturday)")
    LOCAL_OFF = "local_off", _("other day off decided by the authorities")


class CalendarYear(models.Model):
    """One year of the calendar: seeded from the Labor Code rules, then corrected by staff
    with the government's announced swaps. `confirmed` says staff checked it."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    seeded_at = models.DateTimeField(_("seeded at"), null=True, blank=True)
    confirmed = models.BooleanField(_("confirmed by staff"), default=False)
    note = models.TextField(_("note"), blank=True, help_text=_("e.g. the government notice announcing the swaps"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["year"]
        verbose_name = _("calendar year")
        verbose_name_plural = _("calendar years")

    def __str__(self) -> str:
        return str(self.year)


class CalendarDay(Bilingual, models.Model):
    """An exception to 'Monday to Friday are working days': a day off on a weekday, or a
    working Saturday/Sunday. `source` tells a computed rule from a staff edit; reseeding
    never overwrites staff rows."""

    year = models.ForeignKey(CalendarYear, verbose_name=_("year"), on_delete=models.CASCADE, related_name="days")
    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=DayKind.choices)
    working = models.BooleanField(_("working day"), default=False)
    name_vi = models.CharField(_("Vietnamese name"), max_length=160)
    name_en = models.CharField(_("English name"), max_length=160, blank=True)
    source = models.CharField(_("source"), max_length=8, choices=[("rule", _("computed rule")), ("staff", _("staff"))], default="rule")
    legal_basis = models.CharField(_("legal basis"), max_length=255, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["date"]
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")


class WorkingRules(models.Model):
    """Office hours and the cut-off hour: one row for the province (`unit` empty) and
    optional rows for a receiving unit that has its own local rule."""

    unit = models.OneToOneField(Organisation, verbose_name=_("receiving unit"), null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    morning_start = models.TimeField(_("morning starts"), default="07:30")
    morning_end = models.TimeField(_("morning ends"), default="11:30")
    afternoon_start = models.TimeField(_("afternoon starts"), default="13:00")
    afternoon_end = models.TimeField(_("afternoon ends"), default="17:00")
    cutoff = models.TimeField(_("cut-off hour"), null=True, blank=True, default="15:00",
                              help_text=_("A dossier received after this hour counts from the next working day; empty = no cut-off"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("working rules")
        verbose_name_plural = _("working rules")


# -- the catalogue -------------------------------------------------------------------------------
class ProcedureField(Bilingual, models.Model):
    """A field of procedures (lĩnh vực), e.g. Hoạt động xây dựng."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_vi = models.CharField(_("Vietnamese name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)

    class Meta:
        ordering = ["name_vi"]
        verbose_name = _("procedure field")
        verbose_name_plural = _("procedure fields")


class ProcedureLevel(models.TextChoices):
    PROVINCE = "province", _("provincial")
    DISTRICT = "district", _("district")
    COMMUNE = "commune", _("commune")


class OnlineLevel(models.TextChoices):
    FULL = "full", _("fully online")
    PARTIAL = "partial", _("partly online")
    NONE = "none", _("at the counter only")


class Procedure(Bilingual, OwnedModel):
    """A published administrative procedure; its content lives in versions. `owner` is the
    competent unit (whose editors maintain it)."""

    code = models.CharField(_("procedure code"), max_length=40, unique=True, help_text=_("National code, e.g. 1.009972"))
    name_vi = models.CharField(_("Vietnamese name"), max_length=400)
    name_en = models.CharField(_("English name"), max_length=400, blank=True)
    field = models.ForeignKey(ProcedureField, verbose_name=_("field"), on_delete=models.PROTECT, related_name="procedures")
    level = models.CharField(_("level"), max_length=10, choices=ProcedureLevel.choices, default=ProcedureLevel.PROVINCE)
    current_version = models.ForeignKey("ProcedureVersion", verbose_name=_("version in force"), null=True, blank=True,
                                        on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["code"]
        verbose_name = _("administrative procedure")
        verbose_name_plural = _("administrative procedures")


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    IN_FORCE = "in_force", _("in force")
    RETIRED = "retired", _("retired")


class ProcedureVersion(Bilingual, models.Model):
    """What a procedure requires at one time. Versions are immutable once in force: a change
    is a new version, and dossiers point at the one they were received under."""

    procedure = models.ForeignKey(Procedure, verbose_name=_("procedure"), on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=10, choices=VersionStatus.choices, default=VersionStatus.DRAFT)
    valid_from = models.DateField(_("in force from"))
    valid_to = models.DateField(_("in force until"), null=True, blank=True)
    rule_set = models.CharField(_("legal rule set"), max_length=4, choices=RuleSet.choices)
    name_vi = models.CharField(_("Vietnamese name"), max_length=400)
    name_en = models.CharField(_("English name"), max_length=400, blank=True)
    competent_unit = models.ForeignKey(Organisation, verbose_name=_("competent unit"), on_delete=models.PROTECT, related_name="+")
    receiving_unit = models.ForeignKey(Organisation, verbose_name=_("receiving unit (one-stop counter)"), on_delete=models.PROTECT, related_name="+")
    legal_basis = models.TextField(_("legal basis"), blank=True)
    time_limit_days = models.DecimalField(_("time limit (working days)"), max_digits=5, decimal_places=1)
    fees = models.JSONField(_("fees and charges"), default=list, blank=True,
                            help_text=_('List of {"name_vi", "name_en", "amount_vnd", "note"}'))
    online_level = models.CharField(_("online service"), max_length=8, choices=OnlineLevel.choices, default=OnlineLevel.PARTIAL)
    steps = models.JSONField(_("processing steps"), default=list, blank=True,
                             help_text=_('Ordered list of {"key", "name_vi", "name_en", "unit" (organisation code), "days"}'))
    result_vi = models.CharField(_("result (Vietnamese)"), max_length=300, blank=True)
    result_en = models.CharField(_("result (English)"), max_length=300, blank=True)
    conditions_vi = models.TextField(_("conditions"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["procedure", "-number"]
        constraints = [models.UniqueConstraint(fields=["procedure", "number"], name="onestop_version_unique")]
        verbose_name = _("procedure version")
        verbose_name_plural = _("procedure versions")


class RequiredDocument(Bilingual, models.Model):
    """A paper the applicant brings or uploads (thành phần hồ sơ), with an optional template."""

    version = models.ForeignKey(ProcedureVersion, verbose_name=_("version"), on_delete=models.CASCADE, related_name="documents")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name_vi = models.CharField(_("Vietnamese name"), max_length=400)
    name_en = models.CharField(_("English name"), max_length=400, blank=True)
    copies = models.PositiveSmallIntegerField(_("copies"), default=1)
    original = models.BooleanField(_("original required"), default=False)
    mandatory = models.BooleanField(_("mandatory"), default=True)
    template_name = models.CharField(_("template (form number)"), max_length=120, blank=True, help_text=_("e.g. Mẫu số 01 Phụ lục II"))
    template = models.FileField(_("template file"), upload_to="onestop/templates/%Y/", blank=True)

    class Meta:
        ordering = ["version", "order"]
        verbose_name = _("required document")
        verbose_name_plural = _("required documents")


# -- dossiers ------------------------------------------------------------------------------------
class Channel(models.TextChoices):
    COUNTER = "counter", _("at the counter")
    ONLINE = "online", _("online")
    POST = "post", _("by post")


class DossierStatus(models.TextChoices):
    SUBMITTED = "submitted", _("submitted online, awaiting check")
    RECEIVED = "received", _("received")
    SUPPLEMENT = "supplement", _("needs supplement")
    REJECTED = "rejected", _("rejected")
    PROCESSING = "processing", _("in processing")
    CONSULTING = "consulting", _("in inter-agency consultation")
    SUSPENDED = "suspended", _("suspended")
    RESULT_READY = "result_ready", _("result ready")
    RETURNED = "returned", _("result returned")
    WITHDRAWN = "withdrawn", _("withdrawn by the applicant")


OPEN_STATUSES = (DossierStatus.RECEIVED, DossierStatus.PROCESSING, DossierStatus.CONSULTING, DossierStatus.RESULT_READY)
RUNNING_STATUSES = (DossierStatus.RECEIVED, DossierStatus.PROCESSING, DossierStatus.CONSULTING)  # clock running, no result yet
CLOCK_STOPPED = (DossierStatus.SUBMITTED, DossierStatus.SUPPLEMENT, DossierStatus.SUSPENDED)
CLOSED_STATUSES = (DossierStatus.REJECTED, DossierStatus.RETURNED, DossierStatus.WITHDRAWN)


class ApplicantKind(models.TextChoices):
    CITIZEN = "citizen", _("citizen")
    ORGANISATION = "organisation", _("organisation")


class DossierSequence(models.Model):
    """Daily counter per agency code for dossier codes; incremented inside the intake
    transaction so that concurrent intakes never share a number."""

    agency_code = models.CharField(max_length=40)
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency_code", "day"], name="onestop_sequence_unique")]


class DossierQuerySet(models.QuerySet):
    """Lateness is computed from the due date, never stored (one place for the rule)."""

    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, now):
        """Dossiers still being worked on whose appointment in force has passed (a result
        ready and waiting for the applicant is not overdue)."""
        return self.filter(status__in=RUNNING_STATUSES, due_at__lt=now)

    def due_within(self, now, until):
        """Dossiers being worked on, not yet late but due before `until` (apology candidates)."""
        return self.filter(status__in=RUNNING_STATUSES, due_at__gte=now, due_at__lt=until)

    def with_legal_due(self):
        """`legal_due`: the appointment without apologies (moved only by clock stops). A
        dossier finished after it is late even when an apology gave a new appointment."""
        from django.db.models.functions import Coalesce

        return self.annotate(legal_due=Coalesce("original_due_at", "due_at"))

    def finished_late(self):
        """Dossiers whose result was ready after the legal appointment."""
        return self.with_legal_due().filter(result_at__isnull=False, legal_due__isnull=False, result_at__gt=models.F("legal_due"))


class Dossier(OwnedModel):
    """An application (hồ sơ). `owner` is the receiving unit; `current_unit` holds it now."""

    objects = DossierQuerySet.as_manager()

    code = models.CharField(_("dossier code"), max_length=60, unique=True)
    procedure_version = models.ForeignKey(ProcedureVersion, verbose_name=_("procedure version"), on_delete=models.PROTECT, related_name="dossiers")
    procedure = models.ForeignKey(Procedure, verbose_name=_("procedure"), on_delete=models.PROTECT, related_name="dossiers")
    rule_set = models.CharField(_("legal rule set"), max_length=4, choices=RuleSet.choices)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    status = models.CharField(_("status"), max_length=14, choices=DossierStatus.choices, db_index=True)
    current_unit = models.ForeignKey(Organisation, verbose_name=_("unit holding it"), on_delete=models.PROTECT, related_name="+")
    area = models.ForeignKey(AdministrativeUnit, verbose_name=_("administrative unit"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    subject = models.CharField(_("subject of the request"), max_length=400)
    # applicant: name and kind in clear (they go on forms and the tracking book);
    # identifiers and contacts encrypted, with masked copies for lists
    applicant_kind = models.CharField(_("applicant kind"), max_length=12, choices=ApplicantKind.choices, default=ApplicantKind.CITIZEN)
    applicant_name = models.CharField(_("applicant"), max_length=200)
    applicant_id_number = EncryptedTextField(_("citizen ID / tax code"), blank=True)
    applicant_phone = EncryptedTextField(_("phone"), blank=True)
    applicant_email = EncryptedTextField(_("e-mail"), blank=True)
    applicant_address = EncryptedTextField(_("address"), blank=True)
    id_number_masked = models.CharField(_("ID (masked)"), max_length=40, blank=True)
    phone_masked = models.CharField(_("phone (masked)"), max_length=40, blank=True)
    lookup_secret = models.CharField(_("lookup check"), max_length=128, blank=True,
                                     help_text=_("Keyed hash of the phone's last 4 digits, the second factor of the public lookup"))
    submitted_at = models.DateTimeField(_("submitted online at"), null=True, blank=True)
    received_at = models.DateTimeField(_("received at"), null=True, blank=True, db_index=True)
    received_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    due_at = models.DateTimeField(_("due (appointment)"), null=True, blank=True, db_index=True)
    original_due_at = models.DateTimeField(_("first appointment"), null=True, blank=True,
                                           help_text=_("The appointment before any apology; moved only when the clock stops"))
    result_at = models.DateTimeField(_("result ready at"), null=True, blank=True)
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    result_summary = models.TextField(_("result"), blank=True)
    fee_vnd = models.PositiveBigIntegerField(_("fees paid (VND)"), default=0)
    return_channel = models.CharField(_("result returned"), max_length=8, choices=Channel.choices, blank=True)
    notes = models.TextField(_("internal notes"), blank=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["owner", "status"]), models.Index(fields=["current_unit", "status"]),
                   models.Index(fields=["procedure", "received_at"])]
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")

    def __str__(self) -> str:
        return self.code


class DocumentPhase(models.TextChoices):
    INTAKE = "intake", _("submitted with the application")
    SUPPLEMENT = "supplement", _("supplement")
    WORKING = "working", _("working paper")
    RESULT = "result", _("result")


class DossierDocument(models.Model):
    dossier = models.ForeignKey(Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="documents")
    required = models.ForeignKey(RequiredDocument, verbose_name=_("for the required document"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    phase = models.CharField(_("phase"), max_length=10, choices=DocumentPhase.choices, default=DocumentPhase.INTAKE)
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(_("file"), upload_to="onestop/dossiers/%Y/%m/")
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["dossier", "uploaded_at", "id"]


class StepKind(models.TextChoices):
    """Rows of the processing-control sheet (form 05 of 2018)."""

    RECEIVE = "receive", _("received")
    TRANSFER = "transfer", _("transferred")
    CONSULT = "consult", _("sent for consultation")
    CONSULT_REPLY = "consult_reply", _("consultation answered")
    SUPPLEMENT = "supplement", _("supplement requested")
    SUPPLEMENTED = "supplemented", _("supplement received")
    SUSPEND = "suspend", _("suspended")
    RESUME = "resume", _("processing resumed")
    APOLOGY = "apology", _("apology and new appointment")
    RESULT = "result", _("result ready")
    RETURN = "return", _("result returned")
    REJECT = "reject", _("refused")
    WITHDRAW = "withdraw", _("withdrawn")


class Timeliness(models.TextChoices):
    EARLY = "early", _("early")
    ON_TIME = "on_time", _("on time")
    LATE = "late", _("late")


class Handoff(models.Model):
    """One hand-off on the processing-control sheet: who gave it to whom, when, by when the
    step was due, and whether it was early, on time or late when it was handed on."""

    dossier = models.ForeignKey(Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="handoffs")
    seq = models.PositiveSmallIntegerField(_("row"))
    kind = models.CharField(_("action"), max_length=14, choices=StepKind.choices)
    from_unit = models.ForeignKey(Organisation, verbose_name=_("from unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    to_unit = models.ForeignKey(Organisation, verbose_name=_("to unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(_("at"))
    step_due_at = models.DateTimeField(_("step due"), null=True, blank=True)
    completed_at = models.DateTimeField(_("step completed"), null=True, blank=True)
    timeliness = models.CharField(_("timeliness"), max_length=8, choices=Timeliness.choices, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["dossier", "seq"]
        constraints = [models.UniqueConstraint(fields=["dossier", "seq"], name="onestop_handoff_seq")]
        verbose_name = _("hand-off")
        verbose_name_plural = _("hand-offs")


class SupplementRequest(models.Model):
    """Form 02: one written request listing everything missing (once, in full)."""

    dossier = models.ForeignKey(Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="supplements")
    items = models.JSONField(_("missing or to correct"), default=list)
    reason = models.TextField(_("reason"), blank=True)
    requested_at = models.DateTimeField(_("requested at"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    fulfilled_at = models.DateTimeField(_("supplement received at"), null=True, blank=True)
    history = HistoricalRecords()


class Consultation(models.Model):
    """Inter-agency consultation (lấy ý kiến) with its own due date."""

    dossier = models.ForeignKey(Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="consultations")
    unit = models.ForeignKey(Organisation, verbose_name=_("consulted unit"), on_delete=models.PROTECT, related_name="+")
    question = models.TextField(_("question"))
    sent_at = models.DateTimeField(_("sent at"))
    due_at = models.DateTimeField(_("answer due"))
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    history = HistoricalRecords()


class Suspension(models.Model):
    """The clock stops while a dossier is suspended ('stop processing' notice under 2025)."""

    dossier = models.ForeignKey(Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="suspensions")
    reason = models.TextField(_("reason"))
    started_at = models.DateTimeField(_("from"))
    ended_at = models.DateTimeField(_("until"), null=True, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    history = HistoricalRecords()


class Apology(models.Model):
    """Form 04: apology and new appointment (2018) / apology and request to extend (2025),
    issued by the unit responsible for the delay before the due date passes."""

    dossier = models.ForeignKey(Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="apologies")
    unit = models.ForeignKey(Organisation, verbose_name=_("unit at fault"), on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("reason for the delay"))
    previous_due_at = models.DateTimeField(_("previous appointment"))
    new_due_at = models.DateTimeField(_("new appointment"))
    issued_at = models.DateTimeField(_("issued at"))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    automatic = models.BooleanField(_("drafted automatically"), default=False)
    history = HistoricalRecords()


class Notification(models.Model):
    """A message to the applicant through a pluggable sender (e-mail, SMS; a log sender in
    the demo). The recipient is stored encrypted."""

    dossier = models.ForeignKey(Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="notifications")
    channel = models.CharField(_("channel"), max_length=8, choices=[("email", _("e-mail")), ("sms", "SMS")])
    event = models.CharField(_("event"), max_length=30)
    recipient = EncryptedTextField(_("recipient"))
    body = models.TextField(_("message"))
    sender = models.CharField(_("sender"), max_length=60)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=1)

    class Meta:
        ordering = ["-created_at"]

    @property
    def event_label(self) -> str:
        from smartcity.onestop.services.notify import EVENTS

        return str(EVENTS.get(self.event, self.event))


class PersonalDataAccess(models.Model):
    """Every view or export of a dossier's full personal data (Decree 13/2023/NĐ-CP)."""

    dossier = models.ForeignKey(Dossier, verbose_name=_("dossier"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    action = models.CharField(_("action"), max_length=30)
    fields = models.CharField(_("fields"), max_length=200, blank=True)
    purpose = models.CharField(_("purpose"), max_length=200, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("personal data access")
        verbose_name_plural = _("personal data accesses")


# -- satisfaction (SIPAS) ------------------------------------------------------------------------
class SurveyInvitation(models.Model):
    """Sent when a result is returned: a link/QR with a random token (kiosk answers use the
    same invitation, found by the dossier at the counter)."""

    dossier = models.OneToOneField(Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="survey")
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)


class SurveyResponse(models.Model):
    """Raw answers, one row per answered survey; the index is computed from these by a
    versioned function (`sipas.py`), never stored."""

    invitation = models.OneToOneField(SurveyInvitation, verbose_name=_("invitation"), on_delete=models.CASCADE, related_name="response")
    questionnaire = models.CharField(_("questionnaire version"), max_length=20)
    channel = models.CharField(_("channel"), max_length=8, choices=[("link", _("link or QR")), ("kiosk", _("counter kiosk"))])
    submitted_at = models.DateTimeField(_("submitted at"), db_index=True)
    unit = models.ForeignKey(Organisation, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    procedure = models.ForeignKey(Procedure, verbose_name=_("procedure"), on_delete=models.PROTECT, related_name="+")
    answers = models.JSONField(_("answers"), default=dict, help_text=_("question key -> raw answer"))
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["-submitted_at"]

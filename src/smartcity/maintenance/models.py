"""Records of the maintenance module: work orders for field crews on any hub asset
(luminaires now; bins, toilets and reservoirs use the same records), raised from a hub
alert or by hand, with their timeline, notes and photos, and the rules that turn alerts
of chosen asset types into work orders on their own.

A work order's life: open -> assigned -> in progress -> fixed -> closed (cancelled from
any state before closed). At most one active work order (open, assigned or in progress)
exists per (asset, fault type); an alert that raises again adds itself to it."""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from smartcity.core.models import OwnedModel


class State(models.TextChoices):
    OPEN = "open", _("Open")
    ASSIGNED = "assigned", _("Assigned")
    IN_PROGRESS = "in_progress", _("In progress")
    FIXED = "fixed", _("Fixed")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


ACTIVE_STATES = (State.OPEN, State.ASSIGNED, State.IN_PROGRESS)


class Priority(models.TextChoices):
    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")
    URGENT = "urgent", _("Urgent")


PRIORITY_RANK = {Priority.LOW: 0, Priority.NORMAL: 1, Priority.HIGH: 2, Priority.URGENT: 3}


class Source(models.TextChoices):
    ALERT = "alert", _("Hub alert")
    MANUAL = "manual", _("By hand")


class WorkOrderQuerySet(models.QuerySet):
    def active(self):
        return self.filter(state__in=ACTIVE_STATES)


class WorkOrder(OwnedModel):
    title = models.CharField(_("title"), max_length=200)
    asset = models.ForeignKey("hub.Asset", verbose_name=_("asset"), on_delete=models.PROTECT, related_name="work_orders")
    fault_type = models.CharField(_("fault type"), max_length=100,
                                  help_text=_("e.g. lampFailure (TALQ failure), or the alert rule's name"))
    priority = models.CharField(_("priority"), max_length=8, choices=Priority.choices, default=Priority.NORMAL)
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.OPEN, db_index=True)
    source = models.CharField(_("source"), max_length=8, choices=Source.choices, default=Source.MANUAL)
    description = models.TextField(_("description"), blank=True)
    assigned_to = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("assigned to"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="work_orders")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    alerts = models.ManyToManyField("alerts.Alert", verbose_name=_("alerts"), blank=True, related_name="work_orders")
    alert_count = models.PositiveIntegerField(_("alerts raised"), default=0)
    raised_at = models.DateTimeField(_("raised at"), help_text=_("When the fault was raised: the alert's start, or creation"))
    assigned_at = models.DateTimeField(_("assigned at"), null=True, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    fixed_at = models.DateTimeField(_("fixed at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    clear_alerts_on_fix = models.BooleanField(_("clear its alerts when fixed"), default=False)

    objects = WorkOrderQuerySet.as_manager()

    class Meta:
        ordering = ["-raised_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["asset", "fault_type"], condition=Q(state__in=["open", "assigned", "in_progress"]),
                                    name="workorder_one_active_per_asset_fault"),
        ]
        indexes = [models.Index(fields=["owner", "state"]), models.Index(fields=["assigned_to", "state"])]
        verbose_name = _("work order")
        verbose_name_plural = _("work orders")

    def __str__(self):
        return f"#{self.pk} {self.title}"

    @property
    def is_active(self) -> bool:
        return self.state in ACTIVE_STATES

    @property
    def hours_to_fix(self) -> float | None:
        return (self.fixed_at - self.raised_at).total_seconds() / 3600 if self.fixed_at else None

    @property
    def hours_to_close(self) -> float | None:
        return (self.closed_at - self.raised_at).total_seconds() / 3600 if self.closed_at else None


class Action(models.TextChoices):
    CREATED = "created", pgettext_lazy("event", "Created")
    ALERT = "alert", _("Alert raised again")
    ALERT_CLEARED = "alert_cleared", _("Alert cleared")
    ASSIGNED = "assigned", _("Assigned")
    STARTED = "started", _("Started")
    FIXED = "fixed", _("Fixed")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")
    REOPENED = "reopened", _("Reopened")
    NOTE = "note", _("Note")
    PHOTO = "photo", _("Photo")


class WorkOrderEvent(models.Model):
    """The timeline of a work order: every step, note, photo and alert, with who and when."""

    work_order = models.ForeignKey(WorkOrder, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=14, choices=Action.choices)
    at = models.DateTimeField(_("at"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    from_state = models.CharField(_("from"), max_length=12, blank=True)
    to_state = models.CharField(_("to"), max_length=12, blank=True)
    note = models.TextField(_("note"), blank=True)
    alert = models.ForeignKey("alerts.Alert", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("work order event")
        verbose_name_plural = _("work order events")


class WorkOrderPhoto(models.Model):
    """A photo taken by the crew: re-encoded on upload (location and other metadata gone),
    kept under the data directory, served only to those who may see the work order."""

    work_order = models.ForeignKey(WorkOrder, on_delete=models.CASCADE, related_name="photos")
    path = models.CharField(max_length=300, help_text="relative to DATA_DIR")
    content_type = models.CharField(max_length=40)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    size = models.PositiveIntegerField()
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")


class AutoRule(OwnedModel):
    """Which alerts of the owner organisation become work orders on their own: alerts on
    assets of `asset_type` (empty: any), whose key (the TALQ failure for lighting) is in
    `fault_types` (empty: any), at or above `min_severity`."""

    name = models.CharField(_("name"), max_length=200)
    asset_type = models.ForeignKey("hub.AssetType", verbose_name=_("asset type"), null=True, blank=True,
                                   on_delete=models.CASCADE, related_name="+")
    fault_types = models.CharField(_("fault types"), max_length=500, blank=True,
                                   help_text=_("Comma-separated alert keys or rule names; empty: every alert"))
    min_severity = models.CharField(_("minimum severity"), max_length=10, default="low")
    priority = models.CharField(_("priority"), max_length=8, choices=Priority.choices, default=Priority.NORMAL)
    clear_alerts_on_fix = models.BooleanField(_("clear the alerts when fixed"), default=True)
    enabled = models.BooleanField(_("enabled"), default=True)

    class Meta:
        ordering = ["owner__code", "name"]
        verbose_name = _("automatic work order rule")
        verbose_name_plural = _("automatic work order rules")

    def __str__(self):
        return self.name

    def fault_list(self) -> list[str]:
        return [f.strip() for f in self.fault_types.split(",") if f.strip()]

"""Alert rules, alerts and notification preferences.

A rule (owned by an organisation) watches datastreams chosen by asset type, asset or
datastream. Rules are evaluated on ingest (see `services.on_store`); missing data is the
one periodic check. An alert is open (raised or acknowledged) until the data clears it;
at most one alert per (rule, datastream, key) is open, so a condition that goes on
updates its alert instead of raising new ones. Every step is logged in `AlertEvent`.
"""
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from smartcity.core.models import Organisation, OwnedModel
from smartcity.hub.models import Asset, AssetType, Datastream, Quantity


class Severity(models.TextChoices):
    INFO = "info", _("Info")
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
    CRITICAL = "critical", _("Critical")


class Target(models.TextChoices):
    ASSET_TYPE = "asset_type", _("Asset type")
    ASSET = "asset", _("Asset")
    DATASTREAM = "datastream", _("Datastream")


class RuleKind(models.TextChoices):
    THRESHOLD = "threshold", _("Threshold")
    RATE = "rate", _("Rate of change")
    MISSING = "missing", _("Missing data")
    EVALUATOR = "evaluator", _("Domain evaluator")


class AlertRule(OwnedModel):
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices, default=Severity.MEDIUM)
    target = models.CharField(_("applies to"), max_length=12, choices=Target.choices)
    asset_type = models.ForeignKey(AssetType, verbose_name=_("asset type"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    asset = models.ForeignKey(Asset, verbose_name=_("asset"), null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    datastream = models.ForeignKey(Datastream, verbose_name=_("datastream"), null=True, blank=True,
                                   on_delete=models.CASCADE, related_name="+")
    quantity = models.ForeignKey(Quantity, verbose_name=_("quantity"), null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")
    all_owners = models.BooleanField(
        _("assets of every organisation"), default=False,
        help_text=_("For an asset type: also watch published assets of other organisations"))
    kind = models.CharField(_("kind"), max_length=10, choices=RuleKind.choices)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    enabled = models.BooleanField(_("enabled"), default=True)

    class Meta:
        ordering = ["owner__code", "name"]
        constraints = [models.UniqueConstraint(fields=["owner", "name"], name="alertrule_owner_name_unique")]
        verbose_name = _("alert rule")
        verbose_name_plural = _("alert rules")

    def __str__(self):
        return self.name

    @property
    def target_label(self) -> str:
        from smartcity.alerts.services import target_label

        return target_label(self)

    @property
    def summary(self) -> str:
        from smartcity.alerts.services import rule_summary

        return rule_summary(self)


class AlertState(models.TextChoices):
    RAISED = "raised", _("Raised")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    CLEARED = "cleared", _("Cleared")


OPEN_STATES = (AlertState.RAISED, AlertState.ACKNOWLEDGED)


class AlertQuerySet(models.QuerySet):
    def open(self):
        return self.filter(state__in=OPEN_STATES)


class Alert(models.Model):
    """Not an OwnedModel: it changes with every reading of an ongoing condition, so its
    history is the compact `AlertEvent` log rather than a full copy per save."""

    rule = models.ForeignKey(AlertRule, verbose_name=_("rule"), null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="alerts")
    rule_name = models.CharField(_("rule name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=RuleKind.choices)
    key = models.CharField(_("key"), max_length=100, blank=True, default="",
                           help_text=_("Tells apart several conditions of one evaluator on one datastream"))
    owner = models.ForeignKey(Organisation, verbose_name=_("owner organisation"), on_delete=models.PROTECT, related_name="+")
    asset = models.ForeignKey(Asset, verbose_name=_("asset"), on_delete=models.CASCADE, related_name="alerts")
    datastream = models.ForeignKey(Datastream, verbose_name=_("datastream"), on_delete=models.CASCADE, related_name="alerts")
    state = models.CharField(_("state"), max_length=12, choices=AlertState.choices, default=AlertState.RAISED)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)
    first_at = models.DateTimeField(_("started at"), help_text=_("When the condition began (time of the data)"))
    raised_at = models.DateTimeField(_("raised at"))
    last_at = models.DateTimeField(_("last seen at"))
    cleared_at = models.DateTimeField(_("cleared at"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("acknowledged by"), null=True, blank=True,
                                        on_delete=models.SET_NULL, related_name="+")
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    value = models.FloatField(_("value"), null=True, blank=True)
    peak = models.FloatField(_("worst value"), null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    readings = models.PositiveIntegerField(_("readings"), default=1)
    message = models.TextField(_("message"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = AlertQuerySet.as_manager()

    class Meta:
        ordering = ["-last_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["rule", "datastream", "key"], condition=Q(state__in=["raised", "acknowledged"]),
                                    name="alert_one_open_per_rule_stream"),
        ]
        indexes = [models.Index(fields=["state", "severity"]), models.Index(fields=["owner", "state"]),
                   models.Index(fields=["datastream", "state"])]
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")

    def __str__(self):
        return f"{self.rule_name} · {self.asset_id}"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def text(self) -> str:
        from smartcity.alerts.services import describe

        return describe(self)


class EventAction(models.TextChoices):
    RAISED = "raised", _("Raised")
    UPDATED = "updated", _("Got worse")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    CLEARED = "cleared", _("Cleared")


class AlertEvent(models.Model):
    """The alert's history: who or what changed it, and when (wall clock and data time)."""

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=12, choices=EventAction.choices)
    at = models.DateTimeField(_("at"), auto_now_add=True)
    data_at = models.DateTimeField(_("time of the data"), null=True, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    value = models.FloatField(_("value"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("alert event")
        verbose_name_plural = _("alert events")


class RuleState(models.Model):
    """Memory of one (rule, datastream) between batches: start of the current breach and
    the last evaluated reading (see evaluate.Track)."""

    rule = models.ForeignKey(AlertRule, on_delete=models.CASCADE, related_name="+")
    datastream = models.ForeignKey(Datastream, on_delete=models.CASCADE, related_name="+")
    since = models.BigIntegerField(null=True)
    last_t = models.BigIntegerField(null=True)
    last_value = models.FloatField(null=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["rule", "datastream"], name="rulestate_rule_stream_unique")]


def _new_secret() -> str:
    return secrets.token_hex(24)


class NotificationPreference(models.Model):
    """What one user wants to hear about, and how. Empty filters match everything the
    user may see."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE,
                             related_name="alert_preferences")
    organisation = models.ForeignKey(Organisation, verbose_name=_("organisation"), null=True, blank=True,
                                     on_delete=models.CASCADE, related_name="+",
                                     help_text=_("Only alerts of this organisation (empty: all)"))
    asset_type = models.ForeignKey(AssetType, verbose_name=_("asset type"), null=True, blank=True,
                                   on_delete=models.CASCADE, related_name="+", help_text=_("Only this asset type (empty: all)"))
    min_severity = models.CharField(_("minimum severity"), max_length=10, choices=Severity.choices, default=Severity.HIGH)
    by_email = models.BooleanField(_("by e-mail"), default=True)
    by_webhook = models.BooleanField(_("by webhook"), default=False)
    webhook_url = models.URLField(_("webhook URL"), blank=True, max_length=500)
    webhook_secret = models.CharField(_("webhook signing secret"), max_length=64, default=_new_secret)
    on_clear = models.BooleanField(_("also when cleared"), default=False)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["user", "id"]
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self):
        return f"{self.user} ≥ {self.min_severity}"


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    WEBHOOK = "webhook", _("Webhook")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class Delivery(models.Model):
    """One notification to one address, with its attempts (sent by a Huey task)."""

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(_("event"), max_length=12, choices=EventAction.choices)
    preference = models.ForeignKey(NotificationPreference, null=True, blank=True, on_delete=models.SET_NULL, related_name="deliveries")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    target = models.CharField(_("address"), max_length=500)
    status = models.CharField(_("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "created_at"])]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")

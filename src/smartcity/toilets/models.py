"""Records of the smart public toilets module.

A toilet is a hub asset (type `public-toilet`): its name, position and address live on the
asset, its readings (occupancy, visits, consumables, feedback presses, faults) in the hub.
This module adds what the hub does not know: cubicles, opening hours, operator, fee, and
the cleaning rounds with their confirmations. Both are OwnedModels (owner, published,
history)."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from smartcity.core.models import OwnedModel
from smartcity.toilets import scoring


class Toilet(OwnedModel):
    asset = models.OneToOneField("hub.Asset", verbose_name=_("hub asset"), on_delete=models.CASCADE, related_name="toilet")
    cubicles_men = models.PositiveSmallIntegerField(_("cubicles for men"), default=0)
    cubicles_women = models.PositiveSmallIntegerField(_("cubicles for women"), default=0)
    cubicles_accessible = models.PositiveSmallIntegerField(_("accessible cubicles"), default=0,
                                                           help_text=_("For wheelchair users (TCVN 10255:2014 / QCVN 10:2014/BXD)"))
    opens = models.TimeField(_("opens at"), default="05:00")
    closes = models.TimeField(_("closes at"), default="22:00", help_text=_("Same as the opening time: open around the clock"))
    operator = models.CharField(_("operator"), max_length=200, blank=True, help_text=_("Company or unit that runs and cleans it"))
    fee_vnd = models.PositiveIntegerField(_("fee (VND)"), default=0, help_text=_("0: free of charge"))
    round_interval_min = models.PositiveSmallIntegerField(_("cleaning round every (minutes)"), default=scoring.DEFAULT_INTERVAL_MIN)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["asset__slug"]
        verbose_name = _("public toilet")
        verbose_name_plural = _("public toilets")

    def __str__(self):
        return self.asset.name if self.asset_id else f"toilet {self.pk}"

    @property
    def slug(self) -> str:
        return self.asset.slug

    @property
    def name(self) -> str:
        return self.asset.name

    @property
    def cubicles(self) -> int:
        return self.cubicles_men + self.cubicles_women + self.cubicles_accessible

    @property
    def hours(self) -> scoring.OpeningHours:
        return scoring.OpeningHours(self.opens, self.closes)

    @property
    def hours_label(self) -> str:
        if self.opens == self.closes:
            return "24/7"
        return f"{self.opens:%H:%M}–{self.closes:%H:%M}"


class RoundKind(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    EXTRA = "extra", _("Extra")


class RoundState(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DONE = "done", _("Done")
    MISSED = "missed", _("Missed")


class CleaningRound(OwnedModel):
    """One cleaning round of one toilet: planned, then confirmed by the cleaner (time,
    optional photo and notes) or marked missed after the grace time."""

    toilet = models.ForeignKey(Toilet, verbose_name=_("toilet"), on_delete=models.CASCADE, related_name="rounds")
    planned_at = models.DateTimeField(_("planned at"))
    kind = models.CharField(_("kind"), max_length=10, choices=RoundKind.choices, default=RoundKind.SCHEDULED)
    reason = models.CharField(_("reason"), max_length=255, blank=True)
    alert = models.ForeignKey("alerts.Alert", verbose_name=_("triggering alert"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    cleaner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("cleaner"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    state = models.CharField(_("state"), max_length=10, choices=RoundState.choices, default=RoundState.PLANNED)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("confirmed by"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    photo = models.FileField(_("photo"), upload_to="toilets/rounds/%Y/%m/", blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["planned_at", "toilet_id"]
        indexes = [models.Index(fields=["toilet", "planned_at"]), models.Index(fields=["state", "planned_at"])]
        constraints = [
            models.UniqueConstraint(fields=["toilet", "planned_at"], condition=models.Q(kind="scheduled"),
                                    name="toilets_scheduled_round_unique"),
            models.UniqueConstraint(fields=["alert"], condition=models.Q(alert__isnull=False), name="toilets_round_alert_unique"),
        ]
        verbose_name = _("cleaning round")
        verbose_name_plural = _("cleaning rounds")

    def __str__(self):
        return f"{self.toilet} {self.planned_at:%Y-%m-%d %H:%M} ({self.state})"

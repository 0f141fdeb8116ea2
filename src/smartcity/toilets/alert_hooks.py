"""The toilets' part in alerting, registered when the app is ready:

- evaluator `toilet-poor-feedback`: the presses of the last hour (this asset's good,
  average and poor counts) judged by `scoring.many_poor` (params `min_poor`, `min_share`);
- evaluator `toilet-fault`: a fault state (door, flush, water supply, power) raises an alert
  keyed by the fault and clears it when the device reports 0;
- a new alert of low soap or paper or many poor votes plans an extra cleaning round
  (`services.on_alert_raised`), inside the ingest transaction; a failure there is logged
  and leaves the alert and the readings alone.
"""
import logging

from django.db import transaction
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _

from smartcity.toilets import scoring
from smartcity.toilets.registry_hooks import FAULTS, FEEDBACK

log = logging.getLogger("smartcity.toilets")
FAULT_LABELS = {"door": "Lỗi cửa", "flush": "Lỗi xả nước", "water": "Mất nước", "power": "Mất điện"}


def _fresh(datastream, readings) -> list:
    """The valid readings newer than the last time an evaluator alert of this datastream
    saw (its last reading or its clearing). Evaluator rules keep no memory of their own, so
    without this a replay over hours already judged would raise their episodes again."""
    from django.db.models import Max

    from smartcity.alerts.models import Alert

    seen = Alert.objects.filter(datastream_id=datastream.id, kind="evaluator").aggregate(a=Max("last_at"), c=Max("cleared_at"))
    until = max([int(x.timestamp()) for x in (seen["a"], seen["c"]) if x is not None] + [-1])
    return [r for r in readings if r.status == 0 and r.value is not None and r.t > until]


def poor_feedback(datastream, readings, params):
    """One finding per reading (a replay of hours of data shows each episode)."""
    valid = _fresh(datastream, readings)
    if not valid:
        return []
    from smartcity.alerts.evaluators import Finding
    from smartcity.hub.models import Observation

    rows = list(Observation.objects.filter(datastream__asset_id=datastream.asset_id, datastream__quantity_id__in=FEEDBACK,
                                           t__gt=valid[0].t - 3600, t__lte=valid[-1].t, status=0)
                .values_list("t", "datastream__quantity_id", "value"))
    min_poor, min_share = int(params.get("min_poor", 5)), float(params.get("min_share", 0.3))
    out = []
    for r in valid:
        sums = dict.fromkeys(FEEDBACK, 0.0)
        for t, q, v in rows:
            if r.t - 3600 < t <= r.t:
                sums[q] += v or 0
        good, average, poor = (int(sums[q]) for q in FEEDBACK)
        n = good + average + poor
        out.append(Finding(active=scoring.many_poor(good, average, poor, min_poor, min_share), t=r.t, value=float(poor),
                           message=f"{poor}/{n} lượt đánh giá kém trong 1 giờ" if n else ""))
    return out


def fault(datastream, readings):
    """A finding at each reading of a fault state (1 raises, 0 clears), keyed by the fault."""
    name = FAULTS.get(datastream.quantity_id)
    if name is None:
        return []
    from smartcity.alerts.evaluators import Finding

    return [Finding(active=r.value >= 0.5, t=r.t, value=r.value, key=name, message=FAULT_LABELS[name])
            for r in _fresh(datastream, readings)]


def _alert_saved(sender, instance, created, raw=False, **kwargs):
    if not created or raw:
        return
    from smartcity.toilets.services import on_alert_raised

    try:
        with transaction.atomic():
            on_alert_raised(instance)
    except Exception:  # an extra round must never cost the alert or the readings
        log.exception("extra cleaning round for alert %s failed", instance.pk)


def register() -> None:
    from smartcity.alerts import evaluators
    from smartcity.alerts.models import Alert

    evaluators.register("toilet-poor-feedback", label=_("Toilets: many poor feedback presses in an hour"))(poor_feedback)
    evaluators.register("toilet-fault", label=_("Toilets: device faults (door, flush, water, power)"))(fault)
    from smartcity.maintenance import faults

    faults.register({"door": _("Door fault"), "flush": _("Flush fault"), "water": _("Water supply lost"), "power": _("Power lost")})
    post_save.connect(_alert_saved, sender=Alert, dispatch_uid="toilets-extra-round")

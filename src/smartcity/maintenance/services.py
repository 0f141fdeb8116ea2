"""Work-order operations as plain functions (no HTTP): creation by hand or from a hub
alert, the state machine with its timeline, notes, photos, and who may see and do what.

Who may do what (the platform rule, core.permissions, plus one crew exception):
- see: logged-in members of the owner organisation, the Smart City Office, and anyone
  logged in for a published work order;
- create, assign, close, cancel, reopen: `can_change` (editors and above of the owner
  organisation, the Smart City Office);
- start, fix, add a note or a photo: those, and the crew member the order is assigned to
  (a member of the owner organisation, whatever the role: field crews are often viewers).
"""
import io
import logging
import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from smartcity.core.permissions import can_change, is_coordinator
from smartcity.maintenance.models import (
    ACTIVE_STATES,
    PRIORITY_RANK,
    Action,
    AutoRule,
    Priority,
    Source,
    State,
    WorkOrder,
    WorkOrderEvent,
    WorkOrderPhoto,
)

logger = logging.getLogger("smartcity.maintenance")

SEVERITY_RANK = {"info": 0, "low": 1, "medium": 2, "high": 3, "critical": 4}
SEVERITY_PRIORITY = {"info": Priority.LOW, "low": Priority.LOW, "medium": Priority.NORMAL, "high": Priority.HIGH,
                     "critical": Priority.URGENT}


class Conflict(Exception):
    """The work order is not in a state that allows this step."""


# ---------------------------------------------------------------- who sees what

def visible_orders(user, queryset=None):
    qs = WorkOrder.objects.all() if queryset is None else queryset
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if is_coordinator(user):
        return qs
    if not user.organisation_id:
        return qs.filter(published=True)
    return qs.filter(Q(owner_id=user.organisation_id) | Q(published=True))


def is_crew(user, order) -> bool:
    return (getattr(user, "is_authenticated", False) and user.is_active and order.assigned_to_id == user.pk
            and user.organisation_id == order.owner_id)


def can_work(user, order) -> bool:
    """Start, fix, note, photo."""
    return can_change(user, order) or is_crew(user, order)


def crew_candidates(owner_id):
    from smartcity.core.models import User

    return User.objects.filter(organisation_id=owner_id, is_active=True).order_by("last_name", "first_name", "username")


# which step goes from which state, and who may take it ("manage" = can_change, "work" = can_work)
STEPS = {
    "assign": ((State.OPEN, State.ASSIGNED, State.IN_PROGRESS), State.ASSIGNED, "manage"),
    "start": ((State.OPEN, State.ASSIGNED), State.IN_PROGRESS, "work"),
    "fix": ((State.ASSIGNED, State.IN_PROGRESS), State.FIXED, "work"),
    "close": ((State.FIXED,), State.CLOSED, "manage"),
    "reopen": ((State.FIXED,), State.IN_PROGRESS, "manage"),
    "cancel": ((State.OPEN, State.ASSIGNED, State.IN_PROGRESS, State.FIXED), State.CANCELLED, "manage"),
}
STEP_ACTION = {"assign": Action.ASSIGNED, "start": Action.STARTED, "fix": Action.FIXED, "close": Action.CLOSED,
               "reopen": Action.REOPENED, "cancel": Action.CANCELLED}


def allowed_steps(user, order) -> list[str]:
    out = []
    for name, (sources, _target, who) in STEPS.items():
        if order.state in sources and (can_change(user, order) if who == "manage" else can_work(user, order)):
            out.append(name)
    return out


# ---------------------------------------------------------------- creation

def _event(order, action, *, user=None, at=None, note="", from_state="", to_state="", alert=None):
    return WorkOrderEvent.objects.create(work_order=order, action=action, at=at or timezone.now(), user=user,
                                         note=note[:4000], from_state=from_state, to_state=to_state, alert=alert)


def create(*, owner, asset, fault_type, title="", priority=Priority.NORMAL, description="", user=None,
           assigned_to=None, published=False) -> WorkOrder:
    """A work order by hand. Refused (Conflict) when one is already active for the asset and fault."""
    if user is not None and not can_change(user, owner):
        raise PermissionDenied(_("You may not create work orders for this organisation."))
    if assigned_to is not None and assigned_to.organisation_id != owner.pk:
        raise ValidationError({"assigned_to": _("The crew member must belong to the owner organisation.")})
    now = timezone.now()
    try:
        with transaction.atomic():
            order = WorkOrder.objects.create(
                owner=owner, asset=asset, fault_type=fault_type[:100], title=(title or f"{fault_type} · {asset.name}")[:200],
                priority=priority, description=description, created_by=user, source=Source.MANUAL, raised_at=now,
                published=published)
            _event(order, Action.CREATED, user=user, at=now, to_state=State.OPEN, note=description)
            if assigned_to is not None:
                transition(order, "assign", user, assignee=assigned_to)
    except IntegrityError:
        raise Conflict(_("An active work order already exists for this asset and fault.")) from None
    return order


def fault_of(alert) -> str:
    """The fault type an alert stands for: the evaluator's key (TALQ failure name for
    lighting) or the rule's name."""
    return (alert.key or alert.rule_name or alert.kind)[:100]


def matching_rule(alert):
    fault = fault_of(alert)
    sev = SEVERITY_RANK.get(alert.severity, 0)
    type_code = alert.asset.asset_type_id
    for rule in AutoRule.objects.filter(owner_id=alert.owner_id, enabled=True).order_by("id"):
        if rule.asset_type_id and rule.asset_type_id != type_code:
            continue
        faults = rule.fault_list()
        if faults and fault not in faults and alert.rule_name not in faults:
            continue
        if sev < SEVERITY_RANK.get(rule.min_severity, 0):
            continue
        return rule
    return None


def on_alert_raised(alert) -> WorkOrder | None:
    """An alert was raised: if an enabled AutoRule of its organisation covers it, open a work
    order for (asset, fault), or add the alert to the active one."""
    rule = matching_rule(alert)
    if rule is None:
        return None
    fault = fault_of(alert)
    order = WorkOrder.objects.active().filter(asset_id=alert.asset_id, fault_type=fault).first()
    note = alert.message or alert.rule_name
    if order is not None:
        order.alerts.add(alert)
        order.alert_count += 1
        if PRIORITY_RANK.get(SEVERITY_PRIORITY.get(alert.severity), 0) > PRIORITY_RANK.get(order.priority, 0):
            order.priority = SEVERITY_PRIORITY[alert.severity]
        order.save(update_fields=["alert_count", "priority", "updated_at"])
        _event(order, Action.ALERT, at=alert.raised_at, note=note, alert=alert)
        return order
    priority = rule.priority
    if PRIORITY_RANK.get(SEVERITY_PRIORITY.get(alert.severity), 0) > PRIORITY_RANK.get(priority, 0):
        priority = SEVERITY_PRIORITY[alert.severity]
    with transaction.atomic():
        order = WorkOrder.objects.create(
            owner_id=alert.owner_id, asset_id=alert.asset_id, fault_type=fault, priority=priority, source=Source.ALERT,
            title=f"{fault} · {alert.asset.name}"[:200], description=note, raised_at=alert.first_at, alert_count=1,
            clear_alerts_on_fix=rule.clear_alerts_on_fix, published=False)
        order.alerts.add(alert)
        _event(order, Action.CREATED, at=alert.raised_at, to_state=State.OPEN, note=note, alert=alert)
    return order


def on_alert_cleared(alert) -> None:
    for order in WorkOrder.objects.filter(alerts=alert).exclude(state__in=(State.CLOSED, State.CANCELLED)):
        _event(order, Action.ALERT_CLEARED, at=alert.cleared_at or timezone.now(), alert=alert)


def alert_saved(sender, instance, created, raw=False, **kwargs):
    """post_save of alerts.Alert (connected in MaintenanceConfig.ready). Runs in the alert
    evaluation's transaction, in a savepoint of its own: a failure here is logged and never
    costs the alert (or the readings)."""
    if raw:
        return
    try:
        with transaction.atomic():
            if created:
                on_alert_raised(instance)
            elif instance.state == "cleared" and instance.work_orders.exists():
                if not WorkOrderEvent.objects.filter(alert=instance, action=Action.ALERT_CLEARED).exists():
                    on_alert_cleared(instance)
    except Exception:
        logger.exception("work order from alert %s failed", instance.pk)


# ---------------------------------------------------------------- the state machine

def transition(order: WorkOrder, step: str, user, *, note: str = "", assignee=None, at=None) -> WorkOrder:
    if step not in STEPS:
        raise ValidationError({"action": _("Unknown step.")})
    sources, target, who = STEPS[step]
    now = at or timezone.now()
    with transaction.atomic():
        order = WorkOrder.objects.select_for_update().get(pk=order.pk)  # judge on the stored state
        allowed = can_change(user, order) if who == "manage" else can_work(user, order)
        if not allowed:
            raise PermissionDenied(_("You may not take this step on this work order."))
        if order.state not in sources:
            raise Conflict(_("A work order that is %(state)s cannot be %(step)s.") % {
                "state": order.get_state_display().lower(), "step": step})
        before = order.state
        fields = ["state", "updated_at"]
        if step == "assign":
            if assignee is None:
                raise ValidationError({"assignee": _("Choose the crew member.")})
            if assignee.organisation_id != order.owner_id or not assignee.is_active:
                raise ValidationError({"assignee": _("The crew member must belong to the owner organisation.")})
            order.assigned_to = assignee
            order.assigned_at = now
            fields += ["assigned_to", "assigned_at"]
            if before == State.IN_PROGRESS:
                target = State.IN_PROGRESS  # a hand-over keeps the work going
            note = (f"→ {assignee.get_full_name() or assignee.username}. " + note).strip()
        elif step == "start":
            if order.assigned_to_id is None:
                order.assigned_to = user
                order.assigned_at = now
                fields += ["assigned_to", "assigned_at"]
            order.started_at = order.started_at or now
            fields.append("started_at")
        elif step == "fix":
            order.fixed_at = now
            fields.append("fixed_at")
        elif step == "close":
            order.closed_at = now
            fields.append("closed_at")
        elif step == "reopen":
            order.fixed_at = None
            fields.append("fixed_at")
        elif step == "cancel":
            order.cancelled_at = now
            fields.append("cancelled_at")
        order.state = target
        order.save(update_fields=fields)
        _event(order, STEP_ACTION[step], user=user, at=now, note=note, from_state=before, to_state=target)
        if step == "fix" and order.clear_alerts_on_fix:
            _clear_alerts(order, user, now)
    return order


def _clear_alerts(order, user, now):
    """The crew says it is fixed: clear the order's open alerts (the data raises a new one if not)."""
    from smartcity.alerts.models import OPEN_STATES
    from smartcity.alerts.services import Batch

    alerts = list(order.alerts.filter(state__in=OPEN_STATES))
    if not alerts:
        return
    batch = Batch(int(now.timestamp()))
    for alert in alerts:
        batch.clear(alert, int(now.timestamp()), None, user=user,
                    note=_("Fixed by work order #%(id)s") % {"id": order.pk}, notify_event=False)
    batch.flush()


def add_note(order, user, note: str) -> WorkOrderEvent:
    if not can_work(user, order):
        raise PermissionDenied(_("You may not add notes to this work order."))
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Write a note.")})
    return _event(order, Action.NOTE, user=user, note=note)


# ---------------------------------------------------------------- photos

def photo_limit() -> int:
    return int(getattr(settings, "MAINTENANCE_PHOTO_MAX_BYTES", 12 * 1024 * 1024))


MAX_SIDE = 2560  # px: enough to read a lamp label, small enough for a phone upload back
FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "MPO": "image/jpeg"}


def photo_dir() -> Path:
    return Path(settings.DATA_DIR) / "maintenance" / "photos"


def clean_photo(data: bytes) -> tuple[bytes, str, int, int]:
    """Check that `data` is a real JPEG, PNG or WebP image under the size limit and return it
    re-encoded from its pixels alone: EXIF (GPS position, camera serial), XMP and text
    chunks are dropped; the EXIF orientation is applied first so the photo stays upright.
    Returns (bytes, content type, width, height); raises ValidationError with a reason."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    if len(data) > photo_limit():
        raise ValidationError(_("The photo is larger than %(mb)s MB.") % {"mb": photo_limit() // (1024 * 1024)},
                              code="too_large")
    if not data:
        raise ValidationError(_("The file is empty."), code="empty")
    try:
        with Image.open(io.BytesIO(data)) as probe:
            fmt = probe.format
            probe.verify()
        if fmt not in FORMATS:
            raise ValidationError(_("Only JPEG, PNG or WebP photos are accepted."), code="bad_format")
        with Image.open(io.BytesIO(data)) as img:
            if img.width * img.height > 50_000_000:
                raise ValidationError(_("The photo has too many pixels."), code="too_large")
            img = ImageOps.exif_transpose(img)
            img.thumbnail((MAX_SIDE, MAX_SIDE))
            out = io.BytesIO()
            if fmt == "PNG":
                mode = "RGBA" if img.mode in ("RGBA", "LA", "P", "PA") else "RGB"
                pixels = img.convert(mode)
                clean = Image.new(mode, pixels.size)  # a fresh image: no text chunks, eXIf or ICC carried over
                clean.paste(pixels)
                clean.save(out, "PNG", optimize=True)
                ctype = "image/png"
            else:
                rgb = img.convert("RGB")
                rgb.save(out, "JPEG", quality=85, optimize=True)  # no exif=, no icc: nothing but pixels
                ctype = "image/jpeg"
            return out.getvalue(), ctype, img.width, img.height
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(_("The file is not an image that can be read."), code="not_image") from None


def add_photo(order, user, data: bytes, caption: str = "") -> WorkOrderPhoto:
    if not can_work(user, order):
        raise PermissionDenied(_("You may not add photos to this work order."))
    clean, ctype, w, h = clean_photo(data)
    rel = Path("maintenance") / "photos" / str(order.pk) / f"{uuid.uuid4().hex}.{'png' if ctype == 'image/png' else 'jpg'}"
    target = Path(settings.DATA_DIR) / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(clean)
    photo = WorkOrderPhoto.objects.create(work_order=order, path=str(rel), content_type=ctype, width=w, height=h,
                                          size=len(clean), caption=caption[:200], uploaded_by=user)
    _event(order, Action.PHOTO, user=user, note=caption)
    return photo


def photo_file(photo) -> Path:
    return Path(settings.DATA_DIR) / photo.path


# ---------------------------------------------------------------- statistics

def repair_rows(queryset):
    return list(queryset.exclude(fixed_at=None).values_list("fault_type", "raised_at", "fixed_at", "closed_at"))


def active_count(owner_id=None) -> int:
    qs = WorkOrder.objects.filter(state__in=ACTIVE_STATES)
    return qs.filter(owner_id=owner_id).count() if owner_id else qs.count()

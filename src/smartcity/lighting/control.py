"""Commands to luminaire controllers and their acknowledgements.

A command (switch on, switch off, set a dimming level, load the night's schedule) is one
`Command` record per luminaire controller, with an id that travels with the message and
comes back in the acknowledgement. Two transports, chosen by configuration:

- MQTT (when `MQTT_URL` is set): the platform publishes with QoS 1 to
  `smartcity/lighting/<controller>/cmd`; the controller answers on
  `smartcity/lighting/<controller>/ack`; `smartcity lighting acks` (the demo starts it)
  records the answers. State: queued -> sent (the broker took it) -> acknowledged / failed.
- HTTP otherwise: the command waits as `queued`; the controller polls
  `GET /api/lighting/controller/commands?controller=<id>` with its hub device token (the
  command becomes `sent`) and answers with `POST /api/lighting/controller/acks`.

A command that is not acknowledged before `expires_at` becomes `timeout` (`expire()`, run
whenever commands are listed). The message and the ack are the same JSON on both paths:
cmd `{"id", "action", "level", "schedule", "expires"}`, ack `{"id", "status": "ok"|"failed",
"level", "state", "error"}`. The controller reports its new power and level through the
hub like any reading, so the effect of a command shows in the luminaire's readings.
"""
from __future__ import annotations

import datetime as dt
import json
import logging
import threading
import uuid
from urllib.parse import urlparse

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from smartcity.lighting.models import Command, CommandAction, CommandState, Luminaire

log = logging.getLogger("smartcity.lighting")
TOPIC_CMD = "smartcity/lighting/{controller}/cmd"
TOPIC_ACK = "smartcity/lighting/{controller}/ack"
ACK_SUBSCRIPTION = "smartcity/lighting/+/ack"
DEFAULT_TIMEOUT_S = 120
PUBLISH_TIMEOUT_S = 5


class CommandError(ValueError):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


def transport() -> str:
    return "mqtt" if getattr(settings, "MQTT_URL", "") else "http"


def message(cmd: Command) -> dict:
    body = {"id": str(cmd.id), "action": cmd.action, "expires": cmd.expires_at.isoformat()}
    if cmd.level is not None:
        body["level"] = cmd.level
    if cmd.action == CommandAction.SCHEDULE:
        body["schedule"] = cmd.payload.get("schedule")
    return body


def issue(luminaires, action: str, *, level: int | None = None, user=None, group=None, timeout_s: int = DEFAULT_TIMEOUT_S,
          mqtt_url: str | None = None, day: dt.date | None = None) -> list[Command]:
    """Create one command per luminaire with a controller and send it. The caller has checked
    the permission rule. A schedule command carries each luminaire's own night timeline
    (of the night of `day`, tonight by default)."""
    from smartcity.lighting import services

    if action not in CommandAction.values:
        raise CommandError("unknown_action", f"unknown action {action!r}; use one of {', '.join(CommandAction.values)}")
    if action == CommandAction.DIM:
        if level is None or not (0 <= int(level) <= 100):
            raise CommandError("bad_level", "a dimming level is 0..100 %")
        level = int(level)
    elif action == CommandAction.SWITCH_ON:
        level = 100 if level is None else int(level)
    elif action == CommandAction.SWITCH_OFF:
        level = 0
    else:
        level = None
    targets = [lum for lum in luminaires if lum.controller_id]
    if not targets:
        raise CommandError("no_controller", "none of these luminaires has a controller address")
    url = getattr(settings, "MQTT_URL", "") if mqtt_url is None else mqtt_url
    way = "mqtt" if url else "http"
    batch = uuid.uuid4()
    now = timezone.now()
    expires = now + dt.timedelta(seconds=timeout_s)
    cmds = []
    for lum in targets:
        payload = {}
        if action == CommandAction.SCHEDULE:
            tl = services.luminaire_timeline(lum, day)
            if tl is None:
                continue
            payload["schedule"] = tl.as_dict()
        cmds.append(Command(id=uuid.uuid4(), batch=batch, owner_id=lum.owner_id, luminaire=lum, group=group,
                            controller_id=lum.controller_id, action=action, level=level, payload=payload, transport=way,
                            created_by=user if getattr(user, "is_authenticated", False) else None, expires_at=expires))
    if not cmds:
        raise CommandError("no_schedule", "no luminaire here follows a calendar: assign one to its group first")
    with transaction.atomic():
        Command.objects.bulk_create(cmds)
    if way == "mqtt":
        publish(cmds, url)
    return cmds


SCHEDULE_TIMEOUT_S = 6 * 3600  # a polling controller has the afternoon to fetch its night


def push_schedules(day: dt.date | None = None, *, mqtt_url: str | None = None) -> dict:
    """Send each group's night timeline (of `day`, tonight by default) to its controllers,
    so they switch and dim on their own clock even if the network fails at night. Run every
    afternoon by a task; a group whose schedule for that night is already sent or
    acknowledged is skipped, so running it twice sends nothing twice. Returns
    {group code: commands sent, or the reason it was skipped}."""
    from smartcity.lighting import services
    from smartcity.lighting.models import LightingGroup

    day = day or services.tonight()
    expire()
    done = set(Command.objects.filter(action=CommandAction.SCHEDULE, payload__schedule__date=day.isoformat(),
                                      state__in=[CommandState.QUEUED, CommandState.SENT, CommandState.ACKNOWLEDGED])
               .values_list("luminaire_id", flat=True))
    out = {}
    for group in LightingGroup.objects.filter(calendar__isnull=False).select_related("calendar").order_by("code"):
        lums = [lum for lum in luminaires_for(group=group) if lum.pk not in done]
        if not lums:
            out[group.code] = "already sent"
            continue
        try:
            cmds = issue(lums, CommandAction.SCHEDULE, group=group, timeout_s=SCHEDULE_TIMEOUT_S, mqtt_url=mqtt_url, day=day)
        except CommandError as exc:
            out[group.code] = exc.code
            continue
        out[group.code] = len(cmds)
    return out


def _mqtt_client(url: str, client_id: str):
    import paho.mqtt.client as mqtt

    u = urlparse(url)
    client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=client_id, clean_session=True)
    if u.username:
        client.username_pw_set(u.username, u.password)
    if u.scheme in ("mqtts", "ssl"):
        client.tls_set()
    client.connect(u.hostname or "127.0.0.1", u.port or (8883 if u.scheme in ("mqtts", "ssl") else 1883), keepalive=30)
    return client


def publish(cmds, url: str) -> int:
    """Publish commands with QoS 1; those the broker took become `sent`, others `failed`."""
    try:
        client = _mqtt_client(url, f"smartcity-lighting-cmd-{uuid.uuid4().hex[:8]}")
    except OSError as exc:
        Command.objects.filter(id__in=[c.id for c in cmds]).update(state=CommandState.FAILED, error=f"broker: {exc}"[:255])
        for c in cmds:
            c.state = CommandState.FAILED
        return 0
    client.loop_start()
    infos = [(c, client.publish(TOPIC_CMD.format(controller=c.controller_id), json.dumps(message(c)), qos=1)) for c in cmds]
    sent, failed = [], []
    deadline = timezone.now() + dt.timedelta(seconds=PUBLISH_TIMEOUT_S)
    for c, info in infos:
        try:
            info.wait_for_publish(timeout=max(0.0, (deadline - timezone.now()).total_seconds()))
        except (RuntimeError, ValueError):
            pass
        (sent if info.is_published() else failed).append(c)
    client.disconnect()  # first: the network thread then ends at once
    client.loop_stop()
    now = timezone.now()
    # only queued ones move to sent: a fast controller's ack may already have arrived
    Command.objects.filter(id__in=[c.id for c in sent], state=CommandState.QUEUED).update(state=CommandState.SENT, sent_at=now)
    Command.objects.filter(id__in=[c.id for c in failed], state=CommandState.QUEUED).update(
        state=CommandState.FAILED, error="the broker did not take the message")
    for c in sent:
        c.state, c.sent_at = CommandState.SENT, now
    return len(sent)


def fetch_for_controller(controller_id: str, principal) -> list[dict]:
    """HTTP path: the queued commands of a controller (its token must cover the luminaire's
    asset); they become `sent`. Expired ones are not handed out."""
    expire()
    now = timezone.now()
    out = []
    with transaction.atomic():
        cmds = list(Command.objects.select_for_update(of=("self",)).filter(controller_id=controller_id, state=CommandState.QUEUED,
                                                               expires_at__gt=now).select_related("luminaire__asset")
                    .order_by("created_at"))
        allowed = [c for c in cmds if c.luminaire.asset and principal.may_write(c.luminaire.asset)]
        Command.objects.filter(id__in=[c.id for c in allowed]).update(state=CommandState.SENT, sent_at=now)
        out = [message(c) for c in allowed]
    return out


def record_ack(controller_id: str, body: dict, principal=None) -> Command:
    """Store an acknowledgement; raises CommandError with a machine code when it is refused."""
    try:
        cid = uuid.UUID(str(body.get("id", "")))
    except ValueError:
        raise CommandError("bad_id", "an ack names its command by `id` (a UUID)") from None
    status = body.get("status")
    if status not in ("ok", "failed"):
        raise CommandError("bad_status", "an ack's status is 'ok' or 'failed'")
    with transaction.atomic():
        cmd = Command.objects.select_for_update(of=("self",)).select_related("luminaire__asset").filter(id=cid).first()
        if cmd is None or cmd.controller_id != controller_id:
            raise CommandError("unknown_command", "no such command for this controller")
        if principal is not None and not (cmd.luminaire.asset and principal.may_write(cmd.luminaire.asset)):
            raise CommandError("forbidden", "this token does not cover the luminaire")
        if cmd.state in (CommandState.ACKNOWLEDGED, CommandState.FAILED) and cmd.acked_at:
            return cmd  # a repeated ack (QoS 1 may deliver twice) changes nothing
        cmd.ack = {k: body[k] for k in ("status", "level", "state", "error", "t") if k in body}
        cmd.acked_at = timezone.now()
        cmd.state = CommandState.ACKNOWLEDGED if status == "ok" else CommandState.FAILED
        if status == "failed":
            cmd.error = str(body.get("error", ""))[:255]
        cmd.save(update_fields=["ack", "acked_at", "state", "error"])
    return cmd


def expire(now=None) -> int:
    """Commands still queued or sent after their deadline time out."""
    now = now or timezone.now()
    return Command.objects.filter(state__in=[CommandState.QUEUED, CommandState.SENT], expires_at__lte=now).update(
        state=CommandState.TIMEOUT, error="no acknowledgement before the deadline")


class AckListener:
    """Platform side of the MQTT path: subscribes to every controller's ack topic; the
    network thread only queues messages, `drain()` records them in the calling thread (one
    database connection, the caller's). `run()` = start, drain until `stop`, stop."""

    def __init__(self, url: str, client_id: str = "smartcity-lighting-acks"):
        import queue

        self.url, self.client_id = url, client_id
        self.received = 0
        self.ready = threading.Event()
        self._queue = queue.Queue()
        self._client = None

    def start(self) -> None:
        client = _mqtt_client(self.url, self.client_id)
        client.on_message = lambda c, u, msg: self._queue.put((msg.topic, msg.payload))
        client.on_connect = lambda c, u, f, rc, p=None: c.subscribe(ACK_SUBSCRIPTION, qos=1)
        client.on_subscribe = lambda *args: self.ready.set()
        client.loop_start()
        self._client = client

    def drain(self, wait: float = 0.0) -> int:
        """Record the queued acks (waiting up to `wait` s for the first); returns how many."""
        import queue

        n = 0
        timeout = wait
        while True:
            try:
                topic, payload = self._queue.get(timeout=timeout) if timeout > 0 else self._queue.get_nowait()
            except queue.Empty:
                return n
            timeout = 0
            parts = topic.split("/")
            if len(parts) != 4:
                continue
            try:
                record_ack(parts[2], json.loads(payload or b"{}"))
                self.received += 1
                n += 1
            except (CommandError, ValueError) as exc:
                log.warning("lighting ack on %s refused: %s", topic, exc)

    def stop(self) -> None:
        if self._client is not None:
            self._client.disconnect()  # first: the network thread then ends at once
            self._client.loop_stop()
            self._client = None

    def run(self, stop: threading.Event | None = None, max_seconds: float | None = None) -> None:
        import time

        from django.db import close_old_connections

        stop = stop or threading.Event()
        self.start()
        started = time.monotonic()
        try:
            while not stop.is_set():
                if max_seconds is not None and time.monotonic() - started >= max_seconds:
                    break
                close_old_connections()
                self.drain(wait=0.5)
        finally:
            self.stop()


def luminaires_for(group=None, codes=()) -> list[Luminaire]:
    qs = Luminaire.objects.select_related("pole", "group__calendar", "asset")
    if group is not None:
        return list(qs.filter(group=group))
    return list(qs.filter(code__in=list(codes)))

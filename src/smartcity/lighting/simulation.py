"""A simulated luminaire controller for the demo and the tests (pure: no Django).

It obeys the platform's commands (lighting/control.py message format) and answers with an
acknowledgement; it follows a loaded night schedule, or a photocell (on from sunset to
sunrise at full light) until one is loaded; an override (switch on/off, dim) holds until
the schedule's next step. Its meter integrates energy and burning hours. Power follows
the lamp: an LED driver draws about 10 % of rated power at standby plus the dimmed share;
a sodium lamp with a magnetic ballast cannot dim (the ack says so) and draws rated power
plus about 12 % ballast loss (manufacturers' data for 150 W and 250 W HPS ballasts).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from smartcity.lighting import astro

LED_STANDBY = 0.10
HPS_BALLAST = 1.12


def power_w(technology: str, rated_w: float, level: int) -> float:
    """Electrical power of a lamp at a commanded level (0..100)."""
    if level <= 0:
        return 0.0
    if technology == "led":
        return round(rated_w * (LED_STANDBY + (1 - LED_STANDBY) * level / 100), 2)
    return round(rated_w * HPS_BALLAST, 2)


def photocell_level(t: float, lat: float, lon: float) -> int:
    """100 between sunset and sunrise at the position, else 0 (a controller's fallback)."""
    moment = dt.datetime.fromtimestamp(t, astro.ZoneInfo(astro.DEFAULT_TZ))
    day = moment.date()
    if moment < astro.sunrise(day, lat, lon) or moment >= astro.sunset(day, lat, lon):
        return 100
    return 0


@dataclass
class SimController:
    controller_id: str
    asset: str  # hub asset slug the readings go to
    technology: str
    rated_w: float
    lat: float
    lon: float
    energy_kwh: float = 0.0
    hours: float = 0.0
    schedule: list = field(default_factory=list)  # [(epoch on, epoch off, [(epoch, level), ...])]
    override: tuple | None = None  # (level, until epoch)
    last_t: float | None = None
    reported_level: int | None = None

    def scheduled_level(self, t: float) -> int | None:
        for on, off, steps in self.schedule:
            if on <= t < off:
                level = 0
                for s, lv in steps:
                    if s <= t:
                        level = lv
                return level
        return None

    def _next_change(self, t: float) -> float:
        """When an override ends: the next schedule step, or the next sunrise/sunset."""
        times = [s for _, _, steps in self.schedule for s, _ in steps if s > t]
        times += [off for _, off, _ in self.schedule if off > t]
        times += [on for on, _, _ in self.schedule if on > t]
        if times:
            return min(times)
        moment = dt.datetime.fromtimestamp(t, astro.ZoneInfo(astro.DEFAULT_TZ))
        events = []
        for d in (moment.date(), moment.date() + dt.timedelta(days=1)):
            events += [astro.sunrise(d, self.lat, self.lon).timestamp(), astro.sunset(d, self.lat, self.lon).timestamp()]
        return min(e for e in events if e > t)

    def level(self, t: float) -> int:
        if self.override and t < self.override[1]:
            return self.override[0]
        lv = self.scheduled_level(t)
        return photocell_level(t, self.lat, self.lon) if lv is None else lv

    def advance(self, t: float) -> None:
        """Integrate the meter up to t at the level held since the last call."""
        if self.last_t is not None and t > self.last_t:
            span_h = (t - self.last_t) / 3600
            lv = self.level(self.last_t)
            p = power_w(self.technology, self.rated_w, lv)
            self.energy_kwh += p * span_h / 1000
            if lv > 0:
                self.hours += span_h
        self.last_t = t

    def handle(self, msg: dict, t: float) -> dict:
        """Apply one command message and return the acknowledgement."""
        self.advance(t)
        action = msg.get("action")
        ack = {"id": msg.get("id"), "status": "ok"}
        if action in ("switch_on", "switch_off", "dim"):
            level = int(msg.get("level", 100 if action == "switch_on" else 0))
            if action == "dim" and self.technology != "led" and 0 < level < 100:
                return {**ack, "status": "failed", "error": "lamp is not dimmable", "level": self.level(t)}
            self.override = (level, self._next_change(t))
        elif action == "schedule":
            sched = msg.get("schedule") or {}
            try:
                on = dt.datetime.fromisoformat(sched["on"]).timestamp()
                off = dt.datetime.fromisoformat(sched["off"]).timestamp()
                steps = [(dt.datetime.fromisoformat(s["t"]).timestamp(), int(s["level"])) for s in sched["steps"]]
            except (KeyError, TypeError, ValueError):
                return {**ack, "status": "failed", "error": "unreadable schedule"}
            if self.technology != "led":
                steps = [(s, 100 if lv > 0 else 0) for s, lv in steps]  # a sodium lamp only switches
            self.schedule = [x for x in self.schedule if x[1] > t and x[0] != on] + [(on, off, steps)]
            self.override = None
        else:
            return {**ack, "status": "failed", "error": f"unknown action {action!r}"}
        lv = self.level(t)
        return {**ack, "level": lv, "state": "off" if lv == 0 else "dimmed" if lv < 100 else "on"}

    def readings(self, t: float) -> dict:
        """The values a controller reports (hub quantity codes)."""
        self.advance(t)
        lv = self.level(t)
        self.reported_level = lv
        return {"power": power_w(self.technology, self.rated_w, lv), "dimming_level": lv, "energy": round(self.energy_kwh, 4),
                "operating_hours": round(self.hours, 3), "lamp_state": 0 if lv == 0 else 2 if lv < 100 else 1}

"""Monthly report of a station (or a facility: every station with the same `facility`):
exceedances by parameter and averaging period, data completeness, downtime.

The exceedances are recomputed from the hub's hourly rollups with the same functions the
alert evaluator uses (limits.py), so the report and the alerts agree, whether or not a
rule was enabled at the time. Completeness and downtime read the raw readings:
- expected readings = length of the month (up to now for the current month, from the
  datastream's creation if later) / the datastream's expected interval;
- received = readings of any status; valid = status VALID (0);
- a gap is a period without any reading longer than GAP_FACTOR x the interval (the hub's
  missing-data rule); station downtime = gaps of the union of all its parameters;
- calibration / instrument-error time = readings with that status x the interval.
"""
import calendar
import time
from dataclasses import dataclass, field
from datetime import date

from smartcity.environment import limits as L
from smartcity.environment.limits_hooks import applicable_limits, evidence_of, hour_rollups, label
from smartcity.hub.models import Observation, Status

GAP_FACTOR = 3.0
MAX_DETAIL_ROWS = 500


@dataclass
class ParamReport:
    quantity: str
    name: str
    unit: str
    interval_s: int
    completeness: L.Completeness
    gaps: list
    status_seconds: dict
    summaries: list  # limits.Summary
    daily: list  # [(day start, 24 h mean with coverage or None, mean of the hour means or None)]
    has_limits: bool = False
    day_limit: float | None = None  # the 24 h upper limit valid at the month's end, for charts

    @property
    def gap_seconds(self) -> int:
        return sum(e - s for s, e in self.gaps)

    @property
    def exceeded(self) -> int:
        return sum(s.exceeded for s in self.summaries)


@dataclass
class StationReport:
    station: object
    year: int
    month: int
    start: int
    end: int  # end of the month, or now for the current month
    params: list = field(default_factory=list)
    downtime: list = field(default_factory=list)  # station-wide gaps

    @property
    def downtime_seconds(self) -> int:
        return sum(e - s for s, e in self.downtime)

    @property
    def exceeded(self) -> int:
        return sum(p.exceeded for p in self.params)

    @property
    def details(self) -> list:
        """Every exceeding window of the month, oldest first: (param, judgement)."""
        rows = [(p, j) for p in self.params for s in p.summaries for j in s.items]
        rows.sort(key=lambda r: (r[1].window.start, r[0].quantity))
        return rows[:MAX_DETAIL_ROWS]

    @property
    def label(self) -> str:
        return f"{self.month:02d}/{self.year}"


def month_bounds(year: int, month: int) -> tuple[int, int]:
    last = calendar.monthrange(year, month)[1]
    start = L.local_midnight(date(year, month, 1))
    end = L.local_midnight(date(year, month, last)) + L.DAY
    return start, end


def parse_month(text: str | None, now: int | None = None) -> tuple[int, int]:
    """'2026-11' -> (2026, 11); empty: the previous month (the one a report is due for)."""
    if text:
        y, m = text.split("-", 1)
        y, m = int(y), int(m)
        if not (1 <= m <= 12 and 2000 <= y <= 2100):
            raise ValueError(text)
        return y, m
    today = L.local_date(int(time.time()) if now is None else now)
    return (today.year - 1, 12) if today.month == 1 else (today.year, today.month - 1)


def _judge_month(ds, limits, start: int, end: int, interval: int) -> list:
    """Every window of the month against the limits (the report's own evaluation)."""
    averagings = {lim.averaging for lim in limits}
    wins = {}
    hours_in = range(start, end, L.HOUR)
    if "1h" in averagings:
        wins["1h"] = [L.window("1h", h) for h in hours_in]
    if "8h" in averagings:
        wins["8h"] = [L.window("8h", h) for h in hours_in]
    if "24h" in averagings:
        wins["24h"] = [(d, d + L.DAY) for d in range(start, end, L.DAY)]
    if "year" in averagings:
        wins["year"] = [L.window("year", end - L.HOUR)]
    judgements = []
    if wins:
        lo = min(s for ws in wins.values() for s, _ in ws)
        hours = L.hour_means(hour_rollups(ds.pk, lo, end), interval)
        judgements = L.judge_windows(limits, hours, wins)
    instant = [lim for lim in limits if lim.averaging == "instant"]
    if instant:
        rows = Observation.objects.filter(datastream_id=ds.pk, t__gte=start, t__lt=end, status=Status.VALID,
                                          value__isnull=False).order_by("t").values_list("t", "value")
        judgements += L.judge_readings(instant, rows)
    return judgements


def _daily(ds, start: int, end: int, interval: int) -> list:
    hours = L.hour_means(hour_rollups(ds.pk, start, end), interval)
    out = []
    for d in range(start, end, L.DAY):
        wm = L.window_mean("24h", d, d + L.DAY, hours)
        vals = [hours[h][0] for h in range(d, d + L.DAY, L.HOUR) if h in hours]
        out.append((d, wm.mean if wm else None, (sum(vals) / len(vals)) if vals else None))
    return out


def _ordered(summaries):
    from smartcity.environment.models import Averaging

    order = {a: i for i, a in enumerate(L.AVERAGINGS)}
    for x in summaries:
        x.display = Averaging(x.averaging).label  # translated on the page
    return sorted(summaries, key=lambda x: (order.get(x.averaging, 9), x.source, x.regulation))


def station_report(station, year: int, month: int, now: int | None = None) -> StationReport:
    now = int(time.time()) if now is None else now
    start, month_end = month_bounds(year, month)
    end = max(start, min(month_end, now))
    rep = StationReport(station, year, month, start, month_end)
    streams = list(station.asset.datastreams.select_related("quantity", "asset").order_by("quantity_id"))
    all_times = set()
    for ds in streams:
        if ds.quantity_id in ("aqi", "us_aqi", "wqi"):
            continue  # indices the platform computes, not measurements
        interval = max(1, ds.expected_interval_s or 300)
        since = max(start, min(end, int(ds.created_at.timestamp()) // interval * interval))
        readings = list(Observation.objects.filter(datastream_id=ds.pk, t__gte=start, t__lt=end).values_list("t", "status"))
        if readings:
            since = min(since, min(t for t, _s in readings))
        all_times.update(t for t, _s in readings)
        limits = applicable_limits(ds, station)
        judgements = _judge_month(ds, limits, start, end, interval) if limits else []
        summaries = L.summarise(judgements)
        seen = {(x.averaging, x.source, x.regulation) for x in summaries}
        for lim in limits:  # limits never judged (no data) are listed too
            key = (lim.averaging, lim.source, lim.regulation)
            if key not in seen and lim.valid_on(L.local_date(month_end - 1)):
                seen.add(key)
                summaries.append(L.Summary(lim.averaging, lim.source, lim.regulation,
                                           limit=lim.limit_max if lim.limit_max is not None else lim.limit_min))
        rep.params.append(ParamReport(
            quantity=ds.quantity_id, name=label(ds.quantity_id, ds.quantity.name_vi), unit=ds.unit, interval_s=interval,
            completeness=L.completeness(readings, since, end, interval),
            gaps=L.gaps([t for t, _s in readings], since, end, interval, GAP_FACTOR),
            status_seconds=L.status_time(readings, since, end, interval),
            summaries=_ordered(summaries), daily=_daily(ds, start, end, interval), has_limits=bool(limits),
            day_limit=next((lim.limit_max for lim in L.valid_limits(limits, "24h", L.local_date(month_end - 1))
                            if lim.limit_max is not None), None)))
    if rep.params:
        interval = min(p.interval_s for p in rep.params)
        rep.downtime = L.gaps(sorted(all_times), start, end, interval, GAP_FACTOR)
    return rep


def facility_reports(facility: str, year: int, month: int, stations=None, now: int | None = None) -> list[StationReport]:
    from smartcity.environment.models import Station

    qs = stations if stations is not None else Station.objects.all()
    return [station_report(s, year, month, now) for s in qs.filter(facility=facility).select_related("asset", "owner").order_by("code")]


STATUS_LABELS = {Status.CALIBRATING: "Hiệu chuẩn", Status.ERROR: "Lỗi thiết bị", Status.SUSPECT: "Nghi ngờ",
                 Status.MAINTENANCE: "Bảo trì", Status.UNKNOWN: "Không rõ"}
AVERAGING_LABELS = {"instant": "Tức thời", "1h": "1 giờ", "8h": "8 giờ", "24h": "24 giờ", "year": "Năm (tạm tính)"}


def title(name: str, year: int, month: int) -> str:
    """The heading of a monthly report, in Vietnamese as the offices exchange it."""
    return f"Báo cáo quan trắc môi trường tháng {month:02d}/{year} · {name}"


def hours(seconds: int) -> float:
    return round(seconds / 3600.0, 2)


def evidence_text(j: L.Judgement) -> list:
    return evidence_of(j.window)

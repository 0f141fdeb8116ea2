"""Averaging windows and exceedance maths for legal and permit limits. Pure Python, no
Django: the evaluator (limits_hooks) and the monthly report (report) both call these, so
an alert and the report always agree on what was exceeded.

Averaging periods, as QCVN 05:2023/BTNMT (ambient air, §1.3 terms: "trung bình 1 giờ",
"trung bình 8 giờ", "trung bình 24 giờ", "trung bình năm") and the permits use them:

- 1 h: the mean of the VALID readings of one clock hour [HH:00, HH+1:00) (the hub's hourly
  rollup). A wastewater or emission permit judged "per hour" uses this window too
  (Circular 10/2021 stations send a result every 5 minutes; the 1-hour mean is what
  permits and DONRE practice judge, not single 5-minute values).
- 8 h: the rolling mean of the 8 hour means ending with the hour just closed (O3, CO).
- 24 h: the mean of the hour means of one local day (Asia/Ho_Chi_Minh). With hours
  labelled by their start that is 00:00-24:00; labelled by their end, as Decision
  1459/QĐ-TCMT (VN_AQI) writes it, the same hours are "01:00 to 00:00" - one definition
  for the AQI, the OpenAQ days, the hub's daily rollups and the limits.
- year: the running mean of the hour means since 1 January (local). Reported as an
  advisory: the annual limit can only be judged on the full year.
- instant: each VALID reading on its own (permits that say "at no time").

Coverage: a mean counts only when at least MIN_COVERAGE (75 %) of its parts exist: an
hour needs 75 % of its expected readings, 8 h needs 6 hour means, a day 18, a year-to-date
75 % of the hours elapsed. 75 % is the completeness rule of the EU ambient-air directive
(2008/50/EC, Annex VII) and of US EPA; QCVN 05:2023 itself is silent on it.
"""
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
import math

HOUR = 3600
DAY = 86400
LOCAL_OFFSET = 7 * HOUR  # Asia/Ho_Chi_Minh, UTC+7 all year
MIN_COVERAGE = 0.75
AVERAGINGS = ("instant", "1h", "8h", "24h", "year")
WINDOW_HOURS = {"1h": 1, "8h": 8, "24h": 24}


# -- time ------------------------------------------------------------------------------------
def hour_floor(t: int) -> int:
    return t - t % HOUR


def day_start(t: int) -> int:
    """UTC seconds of the local midnight that starts the day holding `t`."""
    local = t + LOCAL_OFFSET
    return local - local % DAY - LOCAL_OFFSET


def year_start(t: int) -> int:
    d = local_date(t)
    return int(datetime(d.year, 1, 1, tzinfo=timezone(timedelta(seconds=LOCAL_OFFSET))).timestamp())


def local_date(t: int) -> date:
    return datetime.fromtimestamp(t + LOCAL_OFFSET, timezone.utc).date()


def local_midnight(d: date) -> int:
    """UTC seconds of local 00:00 of date `d`."""
    return int(datetime(d.year, d.month, d.day, tzinfo=timezone(timedelta(seconds=LOCAL_OFFSET))).timestamp())


def judged_date(start: int, end: int) -> date:
    """The date a window belongs to, for the validity of a limit: the local date of its
    last second (a 24 h window of 31/12 is judged with the limits valid on 31/12)."""
    return local_date(max(start, end - 1))


def window(averaging: str, hour: int) -> tuple[int, int]:
    """[start, end) of the window that closes with the hour starting at `hour`
    (for 24 h and year: the day / year-to-date holding that hour)."""
    if averaging == "1h":
        return hour, hour + HOUR
    if averaging == "8h":
        return hour - 7 * HOUR, hour + HOUR
    if averaging == "24h":
        s = day_start(hour)
        return s, s + DAY
    if averaging == "year":
        return year_start(hour), hour + HOUR
    raise ValueError(f"no window for averaging {averaging!r}")


def needed_parts(averaging: str, start: int, end: int, min_coverage: float = MIN_COVERAGE) -> int:
    """How many hour means a window needs to count."""
    hours = (end - start) // HOUR
    return max(1, math.ceil(min_coverage * hours - 1e-9))


# -- means -----------------------------------------------------------------------------------
def readings_per_hour(interval_s: int) -> int:
    return max(1, round(HOUR / max(1, interval_s)))


def hour_mean(n: int, total: float, interval_s: int, min_coverage: float = MIN_COVERAGE) -> float | None:
    """Mean of one hour from its VALID readings (count, sum); None below the coverage."""
    if n <= 0 or n < math.ceil(min_coverage * readings_per_hour(interval_s) - 1e-9):
        return None
    return total / n


def hour_means(rollup_rows, interval_s: int, min_coverage: float = MIN_COVERAGE) -> dict[int, tuple[float, int]]:
    """{hour start: (mean, valid readings)} from hourly rollup rows (bucket, n, total);
    hours below the coverage are left out."""
    out = {}
    for bucket, n, total in rollup_rows:
        m = hour_mean(n, total, interval_s, min_coverage)
        if m is not None:
            out[bucket] = (m, n)
    return out


@dataclass(frozen=True)
class WindowMean:
    averaging: str
    start: int
    end: int
    mean: float
    parts: int  # hour means (or readings) used
    expected: int  # hour means (or readings) the window could have
    evidence: tuple = ()  # ((t, value, n), ...)

    @property
    def coverage(self) -> float:
        return self.parts / self.expected if self.expected else 0.0


def window_mean(averaging: str, start: int, end: int, hours: dict, min_coverage: float = MIN_COVERAGE) -> WindowMean | None:
    """Mean of the hour means in [start, end); None when fewer than the coverage needs."""
    parts = [(h, hours[h][0], hours[h][1]) for h in range(start, end, HOUR) if h in hours]
    expected = (end - start) // HOUR
    if len(parts) < needed_parts(averaging, start, end, min_coverage):
        return None
    mean = sum(p[1] for p in parts) / len(parts)
    return WindowMean(averaging, start, end, mean, len(parts), expected, tuple(parts))


# -- judging ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Limit:
    """A limit in the datastream's unit. `ref` identifies it for the caller."""

    averaging: str
    limit_max: float | None
    limit_min: float | None
    valid_from: date
    valid_to: date | None
    regulation: str
    source: str = "legal"  # legal | permit
    ref: object = None
    advisory: bool = False

    def valid_on(self, d: date) -> bool:
        return self.valid_from <= d and (self.valid_to is None or d <= self.valid_to)


@dataclass(frozen=True)
class Verdict:
    exceeded: bool
    bound: str = ""  # "max" or "min": which side was broken
    limit: float | None = None
    ratio: float = 0.0  # how far over: value/limit for max, limit/value for min


def judge(value: float, limit: Limit) -> Verdict:
    """Is `value` outside the limit? Equal to the limit is compliant (QCVN: "không vượt quá")."""
    if limit.limit_max is not None and value > limit.limit_max:
        ratio = value / limit.limit_max if limit.limit_max > 0 else math.inf
        return Verdict(True, "max", limit.limit_max, ratio)
    if limit.limit_min is not None and value < limit.limit_min:
        ratio = limit.limit_min / value if value > 0 else math.inf
        return Verdict(True, "min", limit.limit_min, ratio)
    return Verdict(False)


def severity(verdict: Verdict, advisory: bool = False) -> str:
    """How far over decides the severity: up to 25 % over is medium, up to twice the
    limit high, beyond that critical. Annual running means are advisories (info)."""
    if advisory:
        return "info"
    if verdict.ratio <= 1.25:
        return "medium"
    if verdict.ratio <= 2.0:
        return "high"
    return "critical"


def valid_limits(limits, averaging: str, d: date) -> list[Limit]:
    return [lim for lim in limits if lim.averaging == averaging and lim.valid_on(d)]


# -- which windows a batch of readings closes ------------------------------------------------
def closed(end: int, latest_t: int, interval_s: int) -> bool:
    """A window is closed once the newest reading is in its last slot or later."""
    return latest_t >= end - interval_s


def windows_to_judge(averaging: str, times, latest_t: int, interval_s: int) -> list[tuple[int, int]]:
    """The closed windows touched by readings at `times`, plus the window just before the
    first one when the batch opens a new window (its last reading may never have come),
    oldest first. A batch in the middle of an hour closes nothing and costs nothing. For 1 h and 8 h a
    window closes with every hour; 24 h with the local day; the year-to-date with each day."""
    if not times:
        return []
    hours = sorted({hour_floor(t) for t in times})
    first = min(times)
    out = set()
    if averaging in ("1h", "8h"):
        candidates = set(hours)
        if first - hours[0] < 2 * interval_s:  # the batch opens an hour: the one before is over
            candidates.add(hours[0] - HOUR)
        for h in candidates:
            s, e = window(averaging, h)
            if closed(e, latest_t, interval_s):
                out.add((s, e))
    elif averaging in ("24h", "year"):
        days = sorted({day_start(h) for h in hours})
        candidates = set(days)
        if first - days[0] < 2 * interval_s:
            candidates.add(days[0] - DAY)
        for d in candidates:
            last_hour = d + DAY - HOUR
            if closed(d + DAY, latest_t, interval_s):
                out.add(window(averaging, last_hour))
    else:
        raise ValueError(f"no windows for averaging {averaging!r}")
    return sorted(out, key=lambda w: w[1])


def live_windows(averaging: str, judged: list[tuple[int, int]], latest_t: int, interval_s: int) -> set[tuple[int, int]]:
    """Of the judged windows, those that may move the alert: a window counts if every
    closed window after it (up to the newest reading) was judged in the same batch, so
    late data about an old day is recorded as evidence but never reopens or clears the
    live alert."""
    if not judged:
        return set()
    judged_ends = {e for _s, e in judged}
    step = DAY if averaging in ("24h", "year") else HOUR
    live = set()
    for s, e in judged:
        nxt = e + step
        ok = True
        while closed(nxt, latest_t, interval_s):
            if nxt not in judged_ends:
                ok = False
                break
            nxt += step
        if ok:
            live.add((s, e))
    return live


# -- messages --------------------------------------------------------------------------------
AVERAGING_VI = {"instant": "tức thời", "1h": "trung bình 1 giờ", "8h": "trung bình 8 giờ", "24h": "trung bình 24 giờ",
                "year": "trung bình năm (tạm tính từ đầu năm)"}


def fmt_vi(value: float | None, digits: int = 1) -> str:
    """Vietnamese number: ',' decimal mark, '.' thousands (62,1; 10.000)."""
    if value is None:
        return "–"
    text = f"{value:,.{digits}f}"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def fmt_limit(value: float | None) -> str:
    """A limit as the regulation prints it: no trailing zeros (45; 0,005; 10.000)."""
    if value is None:
        return "–"
    if float(value).is_integer():
        return fmt_vi(value, 0)
    return fmt_vi(value, 4).rstrip("0").rstrip(",")


def message(label: str, averaging: str, value: float, unit: str, verdict: Verdict, regulation: str,
            advisory: bool = False) -> str:
    """e.g. 'PM2.5 trung bình 24 giờ 62,1 µg/m³ > 45 (QCVN 05:2023/BTNMT)'."""
    op = ">" if verdict.bound == "max" else "<"
    unit_text = f" {unit}" if unit and unit != "-" else ""
    text = f"{label} {AVERAGING_VI.get(averaging, averaging)} {fmt_vi(value)}{unit_text} {op} {fmt_limit(verdict.limit)} ({regulation})"
    return ("Tham khảo: " + text) if advisory else text


def back_under(label: str, averaging: str, value: float | None, unit: str, regulation: str) -> str:
    unit_text = f" {unit}" if unit and unit != "-" else ""
    shown = fmt_vi(value) if value is not None else "–"
    return f"{label} {AVERAGING_VI.get(averaging, averaging)} {shown}{unit_text} trở lại trong giới hạn ({regulation})"


# -- the whole evaluation of one series, for the evaluator and the report --------------------
@dataclass
class Judgement:
    """One window judged against one limit."""

    limit: Limit
    window: WindowMean
    verdict: Verdict
    key: str = ""


def key_for(limit: Limit) -> str:
    """Alert key: one open alert per averaging period and source on a datastream."""
    return limit.averaging if limit.source == "legal" else f"{limit.averaging}:permit"


def judge_windows(limits, hours: dict, windows_by_averaging: dict, min_coverage: float = MIN_COVERAGE) -> list[Judgement]:
    """Judge every window against the limits of its averaging valid on its date.
    `windows_by_averaging`: {averaging: [(start, end), ...]}. Windows below the coverage
    are skipped (neither an exceedance nor a clearance: nobody knows)."""
    out = []
    for averaging, wins in windows_by_averaging.items():
        for s, e in wins:
            lims = valid_limits(limits, averaging, judged_date(s, e))
            if not lims:
                continue
            wm = window_mean(averaging, s, e, hours, min_coverage)
            if wm is None:
                continue
            for lim in lims:
                out.append(Judgement(lim, wm, judge(wm.mean, lim), key_for(lim)))
    out.sort(key=lambda j: (j.window.end, j.key))
    return out


def judge_readings(limits, readings) -> list[Judgement]:
    """'instant' limits against each VALID reading (t, value)."""
    out = []
    for t, v in readings:
        if v is None:
            continue
        for lim in valid_limits(limits, "instant", local_date(t)):
            wm = WindowMean("instant", t, t + 1, v, 1, 1, ((t, v, 1),))
            out.append(Judgement(lim, wm, judge(v, lim), key_for(lim)))
    out.sort(key=lambda j: (j.window.end, j.key))
    return out


@dataclass
class Summary:
    """Exceedances of one parameter and averaging period over a report period."""

    averaging: str
    source: str
    regulation: str
    windows: int = 0  # windows judged (enough coverage)
    exceeded: int = 0
    worst: float | None = None
    worst_window: tuple | None = None
    limit: float | None = None
    bound: str = ""
    items: list = field(default_factory=list)


def summarise(judgements) -> list[Summary]:
    """Count and worst exceedance per (averaging, source, regulation)."""
    groups: dict = {}
    for j in judgements:
        k = (j.limit.averaging, j.limit.source, j.limit.regulation)
        g = groups.get(k)
        if g is None:
            g = groups[k] = Summary(j.limit.averaging, j.limit.source, j.limit.regulation)
        g.windows += 1
        if j.verdict.exceeded:
            g.exceeded += 1
            g.items.append(j)
            worse = g.worst is None or (j.window.mean > g.worst if j.verdict.bound == "max" else j.window.mean < g.worst)
            if worse:
                g.worst, g.worst_window, g.limit, g.bound = j.window.mean, (j.window.start, j.window.end), j.verdict.limit, j.verdict.bound
    order = {a: i for i, a in enumerate(AVERAGINGS)}
    return sorted(groups.values(), key=lambda s: (order.get(s.averaging, 9), s.source, s.regulation))


# -- data completeness and downtime ----------------------------------------------------------
@dataclass
class Completeness:
    expected: int
    received: int
    valid: int
    by_status: dict

    @property
    def received_pct(self) -> float:
        return 100.0 * self.received / self.expected if self.expected else 0.0

    @property
    def valid_pct(self) -> float:
        return 100.0 * self.valid / self.expected if self.expected else 0.0


def completeness(times_status, start: int, end: int, interval_s: int, valid_status: int = 0) -> Completeness:
    """Received and valid readings against the number expected at the datastream's
    interval over [start, end)."""
    expected = max(0, (end - start) // max(1, interval_s))
    by_status: dict = {}
    received = valid = 0
    for t, status in times_status:
        if start <= t < end:
            received += 1
            by_status[status] = by_status.get(status, 0) + 1
            if status == valid_status:
                valid += 1
    return Completeness(expected, received, valid, by_status)


def gaps(times, start: int, end: int, interval_s: int, factor: float = 3.0) -> list[tuple[int, int]]:
    """Periods without any reading longer than `factor` x the interval, [from, to), within
    [start, end); the edges of the period count (no data since the start is a gap)."""
    limit = factor * interval_s
    out = []
    prev = start - interval_s  # a reading right at `start` is on time
    for t in sorted(t for t in times if start <= t < end):
        if t - prev > limit:
            out.append((max(start, prev + interval_s), t))
        prev = t
    if end - prev > limit:
        out.append((max(start, prev + interval_s), end))
    return out


def status_time(times_status, start: int, end: int, interval_s: int) -> dict:
    """Seconds spent in each non-valid status (each reading stands for one interval)."""
    out: dict = {}
    for t, status in times_status:
        if start <= t < end and status != 0:
            out[status] = out.get(status, 0) + interval_s
    return out

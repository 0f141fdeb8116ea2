"""`smartcity env aqi` and `smartcity env wqi`: indices of a CSV of readings, CSV out.
Scripts depend on these: keep the options, columns and exit codes stable.

    smartcity env aqi --standard vn-1459|us-epa-2024 --period hourly|daily --csv IN.csv [--skip-bad]
    smartcity env wqi --csv IN.csv [--formula auto|3|4|5] [--cr6 5bp|4bp]
                      [--validity decision|group4|any] [--skip-bad]

Input rows `station,time,parameter,value[,unit]` (an optional header row starting with
`station`; UTF-8, BOM allowed; `-` reads standard input). AQI: each value is the mean of
the hour ENDING at `time` (ISO 8601; without an offset, local time Asia/Ho_Chi_Minh; on
the hour); parameters PM2.5, PM10, O3, NO2, SO2, CO; unit µg/m³ by default, also mg/m³,
ppb, ppm (gases, at 25 °C and 1 atm). WQI: one sample per (station, time); parameters
and units as `wqi.canonical`/`wqi.UNITS` (mg/L by default; pesticides µg/L; Coliform and
E. coli MPN/100 mL; DO in mg/L with a temperature, or DO in %).

Output on stdout: AQI `station,time,aqi,dominant,PM2.5,PM10,O3,NO2,SO2,CO` (integers,
empty where not computable; one row per station and input hour, or per station and
01:00-00:00 day with `time` the date); WQI `station,time,wqi,band,I,II,III,IV,V` (wqi
integer, band code, group values to one decimal).

Bad input (unknown parameter, bad time, value or unit, wrong column count, duplicate
reading): each bad line is reported on stderr as `FILE:LINE: reason`; without
--skip-bad nothing is computed and the exit status is 1; with --skip-bad the bad lines
are left out and the rest is computed (exit status 0).
"""
from __future__ import annotations

import csv
import io
import math
import sys
from datetime import date, datetime, timedelta

import numpy as np
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from smartcity.environment import aqi, wqi
from smartcity.environment.parameters import ppb_factor
from smartcity.hub.timebase import HOUR, LOCAL_TZ, iso

AQI_STANDARDS = ("vn-1459", "us-epa-2024")
_FUNCS = {("vn-1459", "hourly"): aqi.vn_hourly, ("vn-1459", "daily"): aqi.vn_daily,
          ("us-epa-2024", "hourly"): aqi.us_hourly, ("us-epa-2024", "daily"): aqi.us_daily}
GROUP_NAMES = ("I", "II", "III", "IV", "V")


def register(sub) -> None:
    """Add `aqi` and `wqi`."""
    p = sub.add_parser("aqi", help=_("air quality index (VN_AQI or US EPA AQI) of hourly means in a CSV file"),
                       description=_("Reads station,time,parameter,value[,unit] rows (each value the mean of the hour ending "
                                     "at time) and writes station,time,aqi,dominant,PM2.5,PM10,O3,NO2,SO2,CO to stdout."))
    p.add_argument("--standard", choices=AQI_STANDARDS, default="vn-1459", help=_("index standard (default vn-1459)"))
    p.add_argument("--period", choices=("hourly", "daily"), default="hourly", help=_("hourly or daily (01:00-00:00) index"))
    p.add_argument("--csv", required=True, metavar="IN.csv", help=_("input CSV file, - for standard input"))
    p.add_argument("--skip-bad", action="store_true", help=_("leave bad lines out (reported on stderr) instead of failing"))
    p.set_defaults(handler=handle_aqi)

    p = sub.add_parser("wqi", help=_("surface water quality index (VN_WQI) of samples in a CSV file"),
                       description=_("Reads station,time,parameter,value[,unit] rows (one sample per station and time) and "
                                     "writes station,time,wqi,band,I,II,III,IV,V to stdout."))
    p.add_argument("--csv", required=True, metavar="IN.csv", help=_("input CSV file, - for standard input"))
    p.add_argument("--formula", choices=("auto", "3", "4", "5"), default="auto",
                   help=_("how groups IV and V combine: 3 sqrt(IV*V), 4 IV only, 5 cbrt(IV*IV*V), auto 3 or 4 when no group V"))
    p.add_argument("--cr6", choices=tuple(wqi.CR6), default="5bp", help=_("Cr6+ breakpoint table (with or without 0.05 mg/L)"))
    p.add_argument("--validity", choices=("decision", "group4", "any"), default="decision",
                   help=_("validity rule: decision (3 of 5 groups and 3 parameters of group IV), group4, any"))
    p.add_argument("--skip-bad", action="store_true", help=_("leave bad lines out (reported on stderr) instead of failing"))
    p.set_defaults(handler=handle_wqi)


# --- reading ---------------------------------------------------------------------------------

class BadLine(ValueError):
    pass


def _rows(path: str):
    """(line number, fields) of the non-empty rows; a header row is skipped."""
    if path == "-":
        text = sys.stdin.read()
    else:
        try:
            with open(path, encoding="utf-8-sig", newline="") as fh:
                text = fh.read()
        except OSError as exc:
            raise CommandError(_("cannot read %(path)s: %(reason)s") % {"path": path, "reason": exc.strerror or exc}) from exc
        except UnicodeDecodeError as exc:
            raise CommandError(_("%(path)s is not UTF-8 text") % {"path": path}) from exc
    text = text.lstrip("\ufeff")
    reader = csv.reader(io.StringIO(text))
    first = True
    for fields in reader:
        line = reader.line_num
        fields = [f.strip() for f in fields]
        if not any(fields):
            continue
        if first and fields[0].lower() == "station":
            first = False
            continue
        first = False
        yield line, fields


def _time(text: str) -> int:
    try:
        dt = datetime.fromisoformat(text)
    except ValueError:
        raise BadLine(_("time %(value)r is not ISO 8601") % {"value": text}) from None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=LOCAL_TZ)
    t = int(dt.timestamp())
    return t


def _value(text: str) -> float:
    try:
        v = float(text.replace(",", ".")) if text.count(",") == 1 and "." not in text else float(text)
    except ValueError:
        raise BadLine(_("value %(value)r is not a number") % {"value": text}) from None
    if not math.isfinite(v):
        raise BadLine(_("value %(value)r is not a finite number") % {"value": text})
    return v


def _unit_key(unit: str) -> str:
    return unit.strip().lower().replace("μ", "µ").replace("³", "3").replace(" ", "").replace("ug", "µg")


def _aqi_factor(code: str, unit: str) -> float:
    """Factor to µg/m³ (the hub's canonical unit for every AQI pollutant)."""
    u = _unit_key(unit)
    if u in ("", "µg/m3"):
        return 1.0
    if u == "mg/m3":
        return 1000.0
    if u in ("ppb", "ppm") and code in ("o3", "no2", "so2", "co"):
        return ppb_factor(code) * (1000.0 if u == "ppm" else 1.0)
    raise BadLine(_("unit %(unit)r is not accepted for %(parameter)s (µg/m³, mg/m³%(gas)s)")
                  % {"unit": unit, "parameter": aqi.LABELS[code], "gas": ", ppb, ppm" if code in ("o3", "no2", "so2", "co") else ""})


def _wqi_param_unit(name: str, unit: str) -> tuple[str, float]:
    """(canonical code, factor to the canonical unit)."""
    try:
        code = wqi.canonical(name)
    except KeyError:
        raise BadLine(_("unknown parameter %(name)r") % {"name": name}) from None
    u = _unit_key(unit).replace("l", "L")
    if code == "dissolved_oxygen" and u in ("%", "%sat"):
        return wqi.DO_PERCENT, 1.0
    canon = wqi.UNITS[code]
    if u == "":
        return code, 1.0
    if canon in ("mg/L", "µg/L"):
        factors = {"mg/L": 1.0, "µg/L": 0.001, "ppm": 1.0, "ppb": 0.001} if canon == "mg/L" else {"mg/L": 1000.0, "µg/L": 1.0, "ng/L": 0.001}
        if u in factors:
            return code, factors[u]
    elif canon == "MPN/100mL" and u.lower() in ("mpn/100ml", "cfu/100ml"):
        return code, 1.0
    elif canon == "°C" and u.lower() in ("°c", "oc", "c", "degc"):
        return code, 1.0
    elif canon == "-" and u in ("-", "ph"):
        return code, 1.0
    elif canon == "%" and u == "%":
        return code, 1.0
    raise BadLine(_("unit %(unit)r is not accepted for %(parameter)s (%(expected)s)")
                  % {"unit": unit, "parameter": wqi.LABELS.get(code, code), "expected": canon})


def _read(path, skip_bad, command, parse):
    """Rows through `parse(fields) -> (key, value)`; bad lines reported, fatal unless skip_bad."""
    out, seen, bad = [], {}, 0
    label = "<stdin>" if path == "-" else path
    for line, fields in _rows(path):
        try:
            if len(fields) not in (4, 5):
                raise BadLine(_("expected 4 or 5 columns (station,time,parameter,value[,unit]), found %(n)d") % {"n": len(fields)})
            if not fields[0]:
                raise BadLine(_("empty station"))
            key, value = parse(fields)
            if key in seen:
                raise BadLine(_("duplicate of line %(line)d (same station, time and parameter)") % {"line": seen[key]})
            seen[key] = line
            out.append((key, value))
        except BadLine as exc:
            bad += 1
            command.stderr.write(f"{label}:{line}: {exc}")
    if bad and not skip_bad:
        raise CommandError(_("%(n)d bad line(s) in %(path)s; nothing computed (--skip-bad leaves them out)") % {"n": bad, "path": label})
    return out


def _fmt_int(v) -> str:
    return "" if v is None or not math.isfinite(v) else str(int(v))


# --- aqi ---------------------------------------------------------------------------------------

def _parse_aqi(fields):
    station, time_text, name, value_text = fields[:4]
    try:
        code = aqi.canonical(name)
    except KeyError:
        raise BadLine(_("unknown parameter %(name)r (PM2.5, PM10, O3, NO2, SO2, CO)") % {"name": name}) from None
    t = _time(time_text)
    if t % HOUR:
        raise BadLine(_("time %(value)r is not on the hour (each value is the mean of the hour ending at time)") % {"value": time_text})
    factor = _aqi_factor(code, fields[4] if len(fields) == 5 else "")
    return (station, t // HOUR, code), _value(value_text) * factor


def _local_day(hour: int) -> date:
    """The 01:00-00:00 day of the hour ending at `hour` (hours since the epoch)."""
    return (datetime.fromtimestamp(hour * HOUR, LOCAL_TZ) - timedelta(hours=1)).date()


def compute_aqi(readings, standard: str, period: str):
    """Rows (station, time text, AqiResult column) for readings [((station, hour, code), µg/m³)]."""
    fn = _FUNCS[(standard, period)]
    by_station: dict[str, dict] = {}
    for (station, hour, code), v in readings:
        by_station.setdefault(station, {})[(hour, code)] = v
    rows = []
    for station in sorted(by_station):
        cells = by_station[station]
        hours = sorted({h for h, _c in cells})
        h0, n = hours[0], hours[-1] - hours[0] + 1
        series = {}
        for (h, code), v in cells.items():
            series.setdefault(code, np.full(n, np.nan))[h - h0] = v
        if period == "hourly":
            r = fn(series)
            wanted = [(h - h0, iso(h * HOUR)) for h in hours]
        else:
            start_hour = datetime.fromtimestamp(h0 * HOUR, LOCAL_TZ).hour
            r = fn(series, start_hour=start_hour)
            day0 = _local_day(h0)
            days = sorted({_local_day(h) for h in hours})
            wanted = [((d - day0).days, d.isoformat()) for d in days]
        for i, label in wanted:
            rows.append([station, label, _fmt_int(r.aqi[i]), aqi.LABELS.get(str(r.dominant[i]), "")]
                        + [_fmt_int(r.sub[p][i]) if p in r.sub else "" for p in aqi.PARAMETERS])
    return rows


def handle_aqi(command, options):
    readings = _read(options["csv"], options["skip_bad"], command, _parse_aqi)
    rows = compute_aqi(readings, options["standard"], options["period"])
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["station", "time", "aqi", "dominant"] + [aqi.LABELS[p] for p in aqi.PARAMETERS])
    w.writerows(rows)
    command.stdout.write(buf.getvalue(), ending="")


# --- wqi ---------------------------------------------------------------------------------------

def _parse_wqi(fields):
    station, time_text, name, value_text = fields[:4]
    code, factor = _wqi_param_unit(name, fields[4] if len(fields) == 5 else "")
    t = _time(time_text)
    return (station, t, code), _value(value_text) * factor


def compute_wqi(readings, options: wqi.WqiOptions):
    samples = sorted({(s, t) for (s, t, _c), _v in readings})
    index = {k: i for i, k in enumerate(samples)}
    data: dict[str, np.ndarray] = {}
    for (s, t, code), v in readings:
        data.setdefault(code, np.full(len(samples), np.nan))[index[(s, t)]] = v
    if not samples:
        return []
    r = wqi.vn_wqi(data, options)
    rows = []
    for i, (s, t) in enumerate(samples):
        groups = ["" if math.isnan(r.groups[g][i]) else f"{r.groups[g][i]:.1f}" for g in GROUP_NAMES]
        rows.append([s, iso(t), _fmt_int(r.wqi[i]), str(r.band[i])] + groups)
    return rows


def handle_wqi(command, options):
    opts = wqi.WqiOptions(formula=options["formula"], cr6=options["cr6"], validity=options["validity"])
    readings = _read(options["csv"], options["skip_bad"], command, _parse_wqi)
    rows = compute_wqi(readings, opts)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["station", "time", "wqi", "band", *GROUP_NAMES])
    w.writerows(rows)
    command.stdout.write(buf.getvalue(), ending="")

"""GTFS Schedule validation with MobilityData's notice codes and severities. Pure Python.

`validate(raw) -> Report` checks a RawFeed (gtfs/reader.py) the way MobilityData's canonical
validator does, for the rules that matter for a bus feed: files and columns, field types
and ranges, keys and references, stop and trip consistency, shapes, blocks, frequencies,
calendars, agencies and routes. Codes, severities and the sample fields follow the
reference's report.json so that our reports can be compared line by line with theirs.

It works on raw strings in one pass per table (no typed model is built first): a broken
feed must be described, not rejected at the first bad value. Rows are numbered as CSV lines
(header = 1), the reference's `csvRowNumber`.
"""
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache

from smartcity.mobility.gtfs import notices as N
from smartcity.mobility.gtfs.reader import RawFeed, Table

VALIDATOR_VERSION = "smartcity-gtfs-1"

# -- the schema: file -> (presence, {column: (type, required)}, primary key) -----------------
# types: id text url email phone lang tz color date time currency int int0 (>= 0) int1 (> 0)
# float float0 (>= 0) float1 (> 0) lat lon, or a tuple of allowed integer values (enum)
R, O = True, False
B01, B012 = (0, 1), (0, 1, 2)
PICKUP = (0, 1, 2, 3)
ROUTE_TYPES = (0, 1, 2, 3, 4, 5, 6, 7, 11, 12)

SCHEMA: dict[str, tuple[str, dict[str, tuple], tuple[str, ...]]] = {
    "agency": ("required", {
        "agency_id": ("id", O), "agency_name": ("text", R), "agency_url": ("url", R),
        "agency_timezone": ("tz", R), "agency_lang": ("lang", O), "agency_phone": ("phone", O),
        "agency_fare_url": ("url", O), "agency_email": ("email", O), "cemv_support": (B012, O),
    }, ("agency_id",)),
    "stops": ("required", {
        "stop_id": ("id", R), "stop_code": ("text", O), "stop_name": ("text", O), "tts_stop_name": ("text", O),
        "stop_desc": ("text", O), "stop_lat": ("lat", O), "stop_lon": ("lon", O), "zone_id": ("id", O),
        "stop_url": ("url", O), "location_type": ((0, 1, 2, 3, 4), O), "parent_station": ("id", O),
        "stop_timezone": ("tz", O), "wheelchair_boarding": (B012, O), "level_id": ("id", O),
        "platform_code": ("text", O), "stop_access": (B01, O),
    }, ("stop_id",)),
    "routes": ("required", {
        "route_id": ("id", R), "agency_id": ("id", O), "route_short_name": ("text", O),
        "route_long_name": ("text", O), "route_desc": ("text", O), "route_type": (ROUTE_TYPES, R),
        "route_url": ("url", O), "route_color": ("color", O), "route_text_color": ("color", O),
        "route_sort_order": ("int0", O), "continuous_pickup": (PICKUP, O), "continuous_drop_off": (PICKUP, O),
        "network_id": ("id", O), "cemv_support": (B012, O),
    }, ("route_id",)),
    "trips": ("required", {
        "route_id": ("id", R), "service_id": ("id", R), "trip_id": ("id", R), "trip_headsign": ("text", O),
        "trip_short_name": ("text", O), "direction_id": (B01, O), "block_id": ("id", O), "shape_id": ("id", O),
        "wheelchair_accessible": (B012, O), "bikes_allowed": (B012, O), "cars_allowed": (B012, O),
    }, ("trip_id",)),
    "stop_times": ("required", {
        "trip_id": ("id", R), "arrival_time": ("time", O), "departure_time": ("time", O), "stop_id": ("id", R),
        "location_group_id": ("id", O), "location_id": ("id", O), "stop_sequence": ("int0", R),
        "stop_headsign": ("text", O), "start_pickup_drop_off_window": ("time", O),
        "end_pickup_drop_off_window": ("time", O), "pickup_type": (PICKUP, O), "drop_off_type": (PICKUP, O),
        "continuous_pickup": (PICKUP, O), "continuous_drop_off": (PICKUP, O), "shape_dist_traveled": ("float0", O),
        "timepoint": (B01, O), "pickup_booking_rule_id": ("id", O), "drop_off_booking_rule_id": ("id", O),
    }, ("trip_id", "stop_sequence")),
    "calendar": ("calendar", {
        "service_id": ("id", R), **{d: (B01, R) for d in ("monday", "tuesday", "wednesday", "thursday", "friday",
                                                          "saturday", "sunday")},
        "start_date": ("date", R), "end_date": ("date", R),
    }, ("service_id",)),
    "calendar_dates": ("calendar", {
        "service_id": ("id", R), "date": ("date", R), "exception_type": ((1, 2), R),
    }, ("service_id", "date")),
    "fare_attributes": ("optional", {
        "fare_id": ("id", R), "price": ("float0", R), "currency_type": ("currency", R), "payment_method": (B01, R),
        "transfers": (B012, O), "agency_id": ("id", O), "transfer_duration": ("int0", O),
    }, ("fare_id",)),
    "fare_rules": ("optional", {
        "fare_id": ("id", R), "route_id": ("id", O), "origin_id": ("id", O), "destination_id": ("id", O),
        "contains_id": ("id", O),
    }, ()),
    "shapes": ("optional", {
        "shape_id": ("id", R), "shape_pt_lat": ("lat", R), "shape_pt_lon": ("lon", R),
        "shape_pt_sequence": ("int0", R), "shape_dist_traveled": ("float0", O),
    }, ("shape_id", "shape_pt_sequence")),
    "frequencies": ("optional", {
        "trip_id": ("id", R), "start_time": ("time", R), "end_time": ("time", R), "headway_secs": ("int1", R),
        "exact_times": (B01, O),
    }, ("trip_id", "start_time")),
    "transfers": ("optional", {
        "from_stop_id": ("id", O), "to_stop_id": ("id", O), "from_route_id": ("id", O), "to_route_id": ("id", O),
        "from_trip_id": ("id", O), "to_trip_id": ("id", O), "transfer_type": ((0, 1, 2, 3, 4, 5), R),
        "min_transfer_time": ("int0", O),
    }, ("from_stop_id", "to_stop_id", "from_trip_id", "to_trip_id", "from_route_id", "to_route_id")),
    "pathways": ("optional", {
        "pathway_id": ("id", R), "from_stop_id": ("id", R), "to_stop_id": ("id", R),
        "pathway_mode": ((1, 2, 3, 4, 5, 6, 7), R), "is_bidirectional": (B01, R), "length": ("float0", O),
        "traversal_time": ("int1", O), "stair_count": ("int", O), "max_slope": ("float", O),
        "min_width": ("float1", O), "signposted_as": ("text", O), "reversed_signposted_as": ("text", O),
    }, ("pathway_id",)),
    "levels": ("optional", {"level_id": ("id", R), "level_index": ("float", R), "level_name": ("text", O)},
               ("level_id",)),
    "feed_info": ("recommended", {
        "feed_publisher_name": ("text", R), "feed_publisher_url": ("url", R), "feed_lang": ("lang", R),
        "default_lang": ("lang", O), "feed_start_date": ("date", O), "feed_end_date": ("date", O),
        "feed_version": ("text", O), "feed_contact_email": ("email", O), "feed_contact_url": ("url", O),
    }, ()),
    "translations": ("optional", {
        "table_name": ("text", R), "field_name": ("text", R), "language": ("lang", R), "translation": ("text", R),
        "record_id": ("id", O), "record_sub_id": ("id", O), "field_value": ("text", O),
    }, ()),
    "attributions": ("optional", {
        "attribution_id": ("id", O), "agency_id": ("id", O), "route_id": ("id", O), "trip_id": ("id", O),
        "organization_name": ("text", R), "is_producer": (B01, O), "is_operator": (B01, O),
        "is_authority": (B01, O), "attribution_url": ("url", O), "attribution_email": ("email", O),
        "attribution_phone": ("phone", O),
    }, ("attribution_id",)),
}
# Files of the specification we accept without checking their content (GTFS-Fares v2,
# GTFS-Flex, networks): not reported as unknown.
KNOWN_UNCHECKED = {
    "timeframes", "rider_categories", "fare_media", "fare_products", "fare_leg_rules", "fare_leg_join_rules",
    "fare_transfer_rules", "areas", "stop_areas", "networks", "route_networks", "location_groups",
    "location_group_stops", "booking_rules",
}
KNOWN_OTHER_FILES = {"locations.geojson"}
REQUIRED_FILES = ("agency", "stops", "routes", "trips", "stop_times")

# child file, child column -> parent file, parent column
FOREIGN_KEYS = [
    ("routes", "agency_id", "agency", "agency_id"),
    ("fare_attributes", "agency_id", "agency", "agency_id"),
    ("attributions", "agency_id", "agency", "agency_id"),
    ("trips", "route_id", "routes", "route_id"),
    ("fare_rules", "route_id", "routes", "route_id"),
    ("attributions", "route_id", "routes", "route_id"),
    ("transfers", "from_route_id", "routes", "route_id"),
    ("transfers", "to_route_id", "routes", "route_id"),
    ("trips", "shape_id", "shapes", "shape_id"),
    ("stop_times", "trip_id", "trips", "trip_id"),
    ("frequencies", "trip_id", "trips", "trip_id"),
    ("attributions", "trip_id", "trips", "trip_id"),
    ("transfers", "from_trip_id", "trips", "trip_id"),
    ("transfers", "to_trip_id", "trips", "trip_id"),
    ("stop_times", "stop_id", "stops", "stop_id"),
    ("stops", "parent_station", "stops", "stop_id"),
    ("transfers", "from_stop_id", "stops", "stop_id"),
    ("transfers", "to_stop_id", "stops", "stop_id"),
    ("pathways", "from_stop_id", "stops", "stop_id"),
    ("pathways", "to_stop_id", "stops", "stop_id"),
    ("stops", "level_id", "levels", "level_id"),
    ("fare_rules", "fare_id", "fare_attributes", "fare_id"),
    ("fare_rules", "origin_id", "stops", "zone_id"),
    ("fare_rules", "destination_id", "stops", "zone_id"),
    ("fare_rules", "contains_id", "stops", "zone_id"),
]

# km/h above which travel between stops is implausible, by route_type (reference thresholds)
MAX_SPEED_KMH = {0: 100, 1: 150, 2: 500, 3: 150, 4: 80, 5: 30, 6: 50, 7: 50, 11: 150, 12: 150}
MAX_SPEED_OTHER = 200
FAR_STOPS_KM = 10.0
STOP_SHAPE_MAX_M = 100.0
ROUTE_SHORT_NAME_MAX = 12

ISO_4217 = frozenset("""
AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD BTN BWP BYN BZD CAD CDF
CHE CHF CHW CLF CLP CNY COP COU CRC CUC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD
GNF GTQ GYD HKD HNL HRK HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP
LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN
PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD SSP STN SVC SYP SZL THB TJS
TMT TND TOP TRY TTD TWD TZS UAH UGX USD USN UYI UYU UYW UZS VED VES VND VUV WST XAF XAG XAU XBA XBB XBC XBD XCD
XCG XDR XOF XPD XPF XPT XSU XTS XUA XXX YER ZAR ZMW ZWG ZWL
""".split())

_INT = re.compile(r"[+-]?\d+\Z")
_FLOAT = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\Z")
_TIME = re.compile(r"(\d{1,3}):([0-5]\d):([0-5]\d)\Z")
_COLOR = re.compile(r"[0-9A-Fa-f]{6}\Z")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}\Z")
_URL = re.compile(r"https?://[^\s/?#]+\.[^\s/?#]+([/?#]\S*)?\Z|https?://localhost(:\d+)?([/?#]\S*)?\Z", re.I)
_LANG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*\Z")
_PRINTABLE_ASCII = re.compile(r"[\x20-\x7e]*\Z")


@lru_cache(maxsize=1)
def _timezones() -> frozenset:
    import zoneinfo

    return frozenset(zoneinfo.available_timezones())


def _parse_date(text: str) -> date | None:
    if len(text) != 8 or not text.isdigit():
        return None
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        return None


def _parse_time(text: str) -> int | None:
    m = _TIME.match(text)
    if not m:
        return None
    return int(m.group(1)) * 3600 + int(m.group(2)) * 60 + int(m.group(3))


def _float(text: str) -> float | None:
    if not text or not _FLOAT.match(text):
        return None
    return float(text)


def _int(text: str) -> int | None:
    if not text or not _INT.match(text):
        return None
    return int(text)


def haversine_km(lat1, lon1, lat2, lon2) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


# -- the report ------------------------------------------------------------------------------
@dataclass
class Notice:
    code: str
    severity: str
    count: int = 0
    samples: list[dict] = field(default_factory=list)

    @property
    def description(self) -> str:
        return N.description(self.code)

    def as_dict(self) -> dict:
        return {"code": self.code, "severity": self.severity, "totalNotices": self.count,
                "sampleNotices": list(self.samples)}


@dataclass
class Report:
    notices: list[Notice]
    summary: dict = field(default_factory=dict)

    def _count(self, severity: str) -> int:
        return sum(n.count for n in self.notices if n.severity == severity)

    @property
    def errors(self) -> int:
        return self._count(N.ERROR)

    @property
    def warnings(self) -> int:
        return self._count(N.WARNING)

    @property
    def infos(self) -> int:
        return self._count(N.INFO)

    @property
    def blocking(self) -> bool:
        """ERROR notices block activation of the feed (unless staff force it)."""
        return self.errors > 0

    @property
    def codes(self) -> set[str]:
        return {n.code for n in self.notices}

    def get(self, code: str) -> Notice | None:
        return next((n for n in self.notices if n.code == code), None)

    def codes_with(self, severity: str) -> set[str]:
        return {n.code for n in self.notices if n.severity == severity}

    def as_dict(self) -> dict:
        summary = dict(self.summary)
        summary["noticeCounts"] = {N.ERROR: self.errors, N.WARNING: self.warnings, N.INFO: self.infos}
        return {"summary": summary, "notices": [n.as_dict() for n in self.notices]}


class _Collector:
    def __init__(self, max_samples: int):
        self.max_samples = max_samples
        self.by_code: dict[str, Notice] = {}

    def add(self, code: str, **sample) -> None:
        n = self.by_code.get(code)
        if n is None:
            n = self.by_code[code] = Notice(code, N.severity(code))
        n.count += 1
        if len(n.samples) < self.max_samples:
            n.samples.append(sample)

    def notices(self) -> list[Notice]:
        return sorted(self.by_code.values(), key=lambda n: N.sort_key(n.code, n.severity))


# -- the validator ---------------------------------------------------------------------------
def validate(raw: RawFeed, *, max_samples: int = 5, today: date | None = None) -> Report:
    """Validate a raw feed; `today` is the date expiry checks are judged against (default:
    the current UTC date, as the reference's `dateForValidation`)."""
    v = _Validator(raw, max_samples, today or datetime.now(timezone.utc).date())
    v.run()
    return Report(v.out.notices(), v.summary())


def _row(i: int) -> int:
    return i + 2


class _Validator:
    def __init__(self, raw: RawFeed, max_samples: int, today: date):
        self.raw, self.today = raw, today
        self.out = _Collector(max_samples)
        self.add = self.out.add
        self.t: dict[str, Table] = raw.tables

    def run(self) -> None:
        self.check_files()
        for name, table in self.t.items():
            if name in SCHEMA:
                self.check_table(name, table)
        self.check_keys()
        self.check_foreign_keys()
        self.check_agencies()
        self.check_stops()
        self.check_routes()
        self.check_calendars()
        self.check_feed_info()
        self.check_frequencies()
        self.check_shapes()
        self.check_fare_rules()
        self.check_attributions()
        self.check_trips_and_stop_times()

    # -- files and columns ---------------------------------------------------------------
    def check_files(self) -> None:
        for fname, reason in sorted(self.raw.unreadable.items()):
            self.add("csv_parsing_failed", filename=fname, message=reason)
        unreadable = set(self.raw.unreadable)
        for name in REQUIRED_FILES:
            if name not in self.t and f"{name}.txt" not in unreadable:
                self.add("missing_required_file", filename=f"{name}.txt")
        if "calendar" not in self.t and "calendar_dates" not in self.t:
            self.add("missing_calendar_and_calendar_date_files")
        if "feed_info" not in self.t and "feed_info.txt" not in unreadable:
            self.add("missing_recommended_file", filename="feed_info.txt")
        for name in sorted(self.t):
            if name not in SCHEMA and name not in KNOWN_UNCHECKED:
                self.add("unknown_file", filename=f"{name}.txt")
        for fname in sorted(self.raw.other_files):
            if fname not in unreadable and fname not in KNOWN_OTHER_FILES:
                self.add("unknown_file", filename=fname)

    def check_table(self, name: str, table: Table) -> None:
        fname = f"{name}.txt"
        presence, fields, _key = SCHEMA[name]
        if not table.columns:
            self.add("empty_file", filename=fname)
            return
        if not table.rows and presence == "required":
            self.add("empty_file", filename=fname)
        seen: dict[str, int] = {}
        for idx, col in enumerate(table.columns):
            if not col:
                self.add("empty_column_name", filename=fname, index=idx)
                continue
            if col in seen:
                self.add("duplicated_column", filename=fname, fieldName=col, firstIndex=seen[col], secondIndex=idx)
                continue
            seen[col] = idx
            if col not in fields:
                self.add("unknown_column", filename=fname, fieldName=col, index=idx)
        for col, (_typ, required) in fields.items():
            if required and col not in seen and not self._conditionally_absent(name, col, seen):
                self.add("missing_required_column", filename=fname, fieldName=col)
        ncols = len(table.columns)
        for i in sorted(table.short_rows + table.long_rows):
            self.add("invalid_row_length", filename=fname, csvRowNumber=_row(i), headerCount=ncols)
        bad_rows = set(table.short_rows) | set(table.long_rows)
        for col, idx in seen.items():
            if col in fields:
                typ, required = fields[col]
                if required and self._conditionally_absent(name, col, seen):
                    required = False
                self.check_column(fname, table, col, idx, typ, required, bad_rows)
            else:
                for i, r in enumerate(table.rows):
                    if "\n" in r[idx] or "\r" in r[idx]:
                        self.add("new_line_in_value", filename=fname, csvRowNumber=_row(i), fieldName=col,
                                 fieldValue=r[idx])

    @staticmethod
    def _conditionally_absent(name: str, col: str, seen) -> bool:
        # stop_times.stop_id may be replaced by GTFS-Flex locations
        return name == "stop_times" and col == "stop_id" and ("location_id" in seen or "location_group_id" in seen)

    def check_column(self, fname, table, col, idx, typ, required, bad_rows) -> None:
        """Each distinct value is checked once; rows are walked only when something is wrong."""
        values = [r[idx] for r in table.rows]
        checker = _CHECKERS.get(typ) if isinstance(typ, str) else None
        bad: dict[str, tuple] = {}
        for value in set(values):
            if not value:
                continue
            if "\n" in value or "\r" in value:
                bad[value] = ("new_line_in_value", {})
                continue
            res = _check_enum(value, typ) if isinstance(typ, tuple) else checker(value)
            if res:
                bad[value] = res
        if not bad and not (required and "" in values):
            return
        add = self.add
        for i, value in enumerate(values):
            if not value:
                if required and i not in bad_rows:
                    add("missing_required_field", filename=fname, csvRowNumber=_row(i), fieldName=col)
                continue
            res = bad.get(value)
            if res:
                code, extra = res
                add(code, filename=fname, csvRowNumber=_row(i), fieldName=col, fieldValue=value, **extra)

    # -- keys --------------------------------------------------------------------------------
    def check_keys(self) -> None:
        for name, (_p, _f, key) in SCHEMA.items():
            table = self.t.get(name)
            if not table or not key or not table.rows:
                continue
            idxs = [table.index(k) for k in key]
            present = [(k, i) for k, i in zip(key, idxs) if i >= 0]
            if not present or (len(key) > 1 and idxs[0] < 0):
                continue
            if name == "agency" and len(table.rows) == 1:
                continue
            cols = [table.col(c) for c, _j in present]
            keys = cols[0] if len(cols) == 1 else list(zip(*cols))
            if len(set(keys)) == len(keys):
                continue
            first: dict[tuple, int] = {}
            for i, r in enumerate(table.rows):
                k = tuple(r[j] for _c, j in present)
                if len(present) == 1 and not k[0] and name in ("agency", "attributions"):
                    continue  # optional ids
                if k in first:
                    sample = {"filename": f"{name}.txt", "oldCsvRowNumber": _row(first[k]), "newCsvRowNumber": _row(i)}
                    for n, (c, _j) in enumerate(present, 1):
                        sample[f"fieldName{n}"] = c
                        sample[f"fieldValue{n}"] = k[n - 1]
                    self.add("duplicate_key", **sample)
                else:
                    first[k] = i

    def check_foreign_keys(self) -> None:
        parents: dict[tuple[str, str], set[str]] = {}
        for child, ccol, parent, pcol in FOREIGN_KEYS:
            ct, pt = self.t.get(child), self.t.get(parent)
            if ct is None or pt is None or not pt.columns or ct.index(ccol) < 0:
                continue  # a missing or empty parent file is reported once, not per reference
            if (parent, pcol) not in parents:
                parents[(parent, pcol)] = set(pt.col(pcol))
            ids = parents[(parent, pcol)]
            if child == "routes" and ccol == "agency_id" and pt.index("agency_id") < 0 and len(pt.rows) == 1:
                ids = ids | {""}
            for i, value in enumerate(ct.col(ccol)):
                if value and value not in ids:
                    self.add("foreign_key_violation", filename=f"{child}.txt", csvRowNumber=_row(i),
                             fieldName=ccol, fieldValue=value, childFilename=f"{child}.txt", childFieldName=ccol,
                             parentFilename=f"{parent}.txt", parentFieldName=pcol)
        # trips.service_id: calendar.txt or calendar_dates.txt
        trips = self.t.get("trips")
        if trips is not None and trips.index("service_id") >= 0 and ("calendar" in self.t or "calendar_dates" in self.t):
            services = set()
            for name in ("calendar", "calendar_dates"):
                if name in self.t:
                    services.update(self.t[name].col("service_id"))
            for i, value in enumerate(trips.col("service_id")):
                if value and value not in services:
                    self.add("foreign_key_violation", filename="trips.txt", csvRowNumber=_row(i), fieldName="service_id",
                             fieldValue=value, childFilename="trips.txt", childFieldName="service_id",
                             parentFilename="calendar.txt or calendar_dates.txt", parentFieldName="service_id")

    # -- agencies ----------------------------------------------------------------------------
    def check_agencies(self) -> None:
        agency = self.t.get("agency")
        if not agency or not agency.rows:
            return
        many = len(agency.rows) > 1
        if many and agency.index("agency_id") >= 0:
            for i, value in enumerate(agency.col("agency_id")):
                if not value:
                    self.add("missing_required_field", filename="agency.txt", csvRowNumber=_row(i), fieldName="agency_id")
        elif many:
            self.add("missing_required_column", filename="agency.txt", fieldName="agency_id")
        routes = self.t.get("routes")
        if many and routes is not None:
            if routes.index("agency_id") < 0:
                self.add("missing_required_column", filename="routes.txt", fieldName="agency_id")
            else:
                for i, value in enumerate(routes.col("agency_id")):
                    if not value:
                        self.add("missing_required_field", filename="routes.txt", csvRowNumber=_row(i), fieldName="agency_id")
        tzs, langs = agency.col("agency_timezone"), agency.col("agency_lang")
        expected = tzs[0]
        for i in range(1, len(tzs)):
            if tzs[i] and expected and tzs[i] != expected:
                self.add("inconsistent_agency_timezone", filename="agency.txt", csvRowNumber=_row(i),
                         fieldName="agency_timezone", expected=expected, actual=tzs[i])
        first_lang = next((x.lower() for x in langs if x), "")
        for i, lang in enumerate(langs):
            if lang and lang.lower() != first_lang:
                self.add("inconsistent_agency_lang", filename="agency.txt", csvRowNumber=_row(i), fieldName="agency_lang",
                         expected=first_lang, actual=lang)

    # -- stops -------------------------------------------------------------------------------
    def check_stops(self) -> None:
        stops = self.t.get("stops")
        self.stop_info: dict[str, tuple] = {}  # stop_id -> (row, location_type, lat, lon, parent, name)
        if not stops:
            return
        ids, names, descs = stops.col("stop_id"), stops.col("stop_name"), stops.col("stop_desc")
        lats, lons, lts = stops.col("stop_lat"), stops.col("stop_lon"), stops.col("location_type")
        parents, platforms, urls = stops.col("parent_station"), stops.col("platform_code"), stops.col("stop_url")
        for i, sid in enumerate(ids):
            lt = _int(lts[i]) if lts[i] else 0
            lat, lon = _float(lats[i]), _float(lons[i])
            if lat is not None and not -90 <= lat <= 90:
                lat = None
            if lon is not None and not -180 <= lon <= 180:
                lon = None
            if sid and sid not in self.stop_info:
                self.stop_info[sid] = (i, lt, lat, lon, parents[i], names[i])
        agency = self.t.get("agency")
        agency_urls = {}
        if agency is not None:
            for j, u in enumerate(agency.col("agency_url")):
                if u:
                    agency_urls.setdefault(u, (j, agency.col("agency_name")[j]))
        route_urls = {}
        routes = self.t.get("routes")
        if routes is not None:
            rids = routes.col("route_id")
            for j, u in enumerate(routes.col("route_url")):
                if u:
                    route_urls.setdefault(u, (j, rids[j]))
        for i, sid in enumerate(ids):
            lt = _int(lts[i]) if lts[i] else 0
            row = _row(i)
            if lt in (0, 1, 2) and (not lats[i] or not lons[i]):
                self.add("stop_without_location", filename="stops.txt", csvRowNumber=row, stopId=sid, locationType=lt)
            if lt in (0, 1, 2) and not names[i]:
                self.add("missing_required_field", filename="stops.txt", csvRowNumber=row, fieldName="stop_name")
            lat, lon = _float(lats[i]), _float(lons[i])
            if lat is not None and lon is not None:
                self._check_point("stops.txt", row, "stop_lat", lat, "stop_lon", lon)
            parent = parents[i]
            if parent:
                if lt == 1:
                    self.add("station_with_parent_station", filename="stops.txt", csvRowNumber=row, stopId=sid,
                             stopName=names[i], parentStation=parent)
                elif parent in self.stop_info:
                    expected = {0: 1, 2: 1, 3: 1, 4: 0}.get(lt)
                    prow, plt, _a, _b, _p, pname = self.stop_info[parent]
                    if expected is not None and plt != expected:
                        self.add("wrong_parent_location_type", filename="stops.txt", csvRowNumber=row, stopId=sid,
                                 stopName=names[i], locationType=lt, parentCsvRowNumber=_row(prow),
                                 parentStation=parent, parentStopName=pname, parentLocationType=plt,
                                 expectedLocationType=expected)
            elif lt in (2, 3, 4):
                self.add("location_without_parent_station", filename="stops.txt", csvRowNumber=row, stopId=sid,
                         stopName=names[i], locationType=lt)
            elif lt == 0 and platforms[i]:
                self.add("platform_without_parent_station", filename="stops.txt", csvRowNumber=row, stopId=sid,
                         stopName=names[i], locationType=lt)
            if descs[i] and names[i] and descs[i].strip().lower() == names[i].strip().lower():
                self.add("same_name_and_description_for_stop", filename="stops.txt", csvRowNumber=row, stopId=sid,
                         stopDesc=descs[i])
            url = urls[i]
            if url and url in agency_urls:
                self.add("same_stop_and_agency_url", filename="stops.txt", stopCsvRowNumber=row, stopId=sid,
                         agencyName=agency_urls[url][1], stopUrl=url, agencyCsvRowNumber=_row(agency_urls[url][0]))
            if url and url in route_urls:
                self.add("same_stop_and_route_url", filename="stops.txt", stopCsvRowNumber=row, stopId=sid, stopUrl=url,
                         routeId=route_urls[url][1], routeCsvRowNumber=_row(route_urls[url][0]))

    def _check_point(self, fname, row, latf, lat, lonf, lon) -> None:
        if abs(lat) <= 1 and abs(lon) <= 1:
            self.add("point_near_origin", filename=fname, csvRowNumber=row, latFieldName=latf, latFieldValue=lat,
                     lonFieldName=lonf, lonFieldValue=lon)
        elif 89 <= abs(lat) <= 90:
            self.add("point_near_pole", filename=fname, csvRowNumber=row, latFieldName=latf, latFieldValue=lat,
                     lonFieldName=lonf, lonFieldValue=lon)

    # -- routes ------------------------------------------------------------------------------
    def check_routes(self) -> None:
        routes = self.t.get("routes")
        self.route_type: dict[str, int | None] = {}
        if not routes:
            return
        ids, shorts, longs = routes.col("route_id"), routes.col("route_short_name"), routes.col("route_long_name")
        descs, types, agencies = routes.col("route_desc"), routes.col("route_type"), routes.col("agency_id")
        colors, text_colors, urls = routes.col("route_color"), routes.col("route_text_color"), routes.col("route_url")
        agency = self.t.get("agency")
        agency_urls = {}
        if agency is not None:
            aids = agency.col("agency_id")
            for j, u in enumerate(agency.col("agency_url")):
                agency_urls.setdefault(aids[j], (u, j))
        seen_names: dict[tuple, tuple[int, str]] = {}
        for i, rid in enumerate(ids):
            row = _row(i)
            self.route_type.setdefault(rid, _int(types[i]))
            short, long_ = shorts[i], longs[i]
            if not short and not long_:
                self.add("route_both_short_and_long_name_missing", filename="routes.txt", csvRowNumber=row, routeId=rid)
            if len(short) > ROUTE_SHORT_NAME_MAX:
                self.add("route_short_name_too_long", filename="routes.txt", csvRowNumber=row, routeId=rid,
                         routeShortName=short)
            if short and long_ and short.lower() == long_.lower():
                self.add("route_short_and_long_name_equal", filename="routes.txt", csvRowNumber=row, routeId=rid,
                         routeShortName=short, routeLongName=long_)
            desc = descs[i].lower()
            if desc:
                for fname_, value in (("route_short_name", short), ("route_long_name", long_)):
                    if value and value.lower() == desc:
                        self.add("same_name_and_description_for_route", filename="routes.txt", csvRowNumber=row,
                                 routeId=rid, routeDesc=descs[i], specifiedField=fname_)
                        break
            if short or long_:
                key = (agencies[i], types[i], short, long_)
                if key in seen_names:
                    prow, prid = seen_names[key]
                    self.add("duplicate_route_name", filename="routes.txt", csvRowNumber1=_row(prow), routeId1=prid,
                             csvRowNumber2=row, routeId2=rid, routeShortName=short, routeLongName=long_,
                             routeType=types[i], agencyId=agencies[i])
                else:
                    seen_names[key] = (i, rid)
            if _COLOR.match(colors[i] or "") and _COLOR.match(text_colors[i] or ""):
                if _contrast(colors[i], text_colors[i]) < 72:
                    self.add("route_color_contrast", filename="routes.txt", csvRowNumber=row, routeId=rid,
                             routeColor=colors[i], routeTextColor=text_colors[i])
            a = agency_urls.get(agencies[i]) or (agency_urls.get("") if len(agency_urls) == 1 else None)
            if urls[i] and a and urls[i] == a[0]:
                self.add("same_route_and_agency_url", filename="routes.txt", routeCsvRowNumber=row, routeId=rid,
                         agencyId=agencies[i], routeUrl=urls[i], agencyCsvRowNumber=_row(a[1]))

    # -- calendars ---------------------------------------------------------------------------
    def check_calendars(self) -> None:
        """Also builds each service's active dates (for blocks and expiry)."""
        self.service_dates: dict[str, set[int]] = defaultdict(set)
        cal = self.t.get("calendar")
        days = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
        cal_rows: dict[str, int] = {}
        if cal:
            sids, starts, ends = cal.col("service_id"), cal.col("start_date"), cal.col("end_date")
            flags = [cal.col(d) for d in days]
            for i, sid in enumerate(sids):
                cal_rows.setdefault(sid, i)
                s, e = _parse_date(starts[i]), _parse_date(ends[i])
                if s and e and s > e:
                    self.add("start_and_end_range_out_of_order", filename="calendar.txt", csvRowNumber=_row(i),
                             entityId=sid, startFieldName="start_date", startValue=starts[i],
                             endFieldName="end_date", endValue=ends[i])
                    continue
                if not (s and e) or (e - s).days > 366 * 20:
                    continue
                week = [flags[d][i] == "1" for d in range(7)]
                if not any(week):
                    continue
                dates = self.service_dates[sid]
                o = s.toordinal()
                for k in range((e - s).days + 1):
                    if week[(s.weekday() + k) % 7]:
                        dates.add(o + k)
        cd = self.t.get("calendar_dates")
        if cd:
            for sid, d, ex in zip(cd.col("service_id"), cd.col("date"), cd.col("exception_type")):
                dd = _parse_date(d)
                if dd is None:
                    continue
                if ex == "1":
                    self.service_dates[sid].add(dd.toordinal())
                elif ex == "2":
                    self.service_dates[sid].discard(dd.toordinal())
        today = self.today.toordinal()
        if cal:
            for sid, i in cal_rows.items():
                dates = self.service_dates.get(sid)
                if dates and max(dates) < today:
                    self.add("expired_calendar", filename="calendar.txt", csvRowNumber=_row(i), serviceId=sid)

    def check_feed_info(self) -> None:
        fi = self.t.get("feed_info")
        if not fi or not fi.rows:
            return
        if len(fi.rows) > 1:
            self.add("more_than_one_entity", filename="feed_info.txt", entityCount=len(fi.rows))
        start, end = fi.col("feed_start_date")[0], fi.col("feed_end_date")[0]
        if start and not end:
            self.add("missing_feed_info_date", filename="feed_info.txt", csvRowNumber=2, fieldName="feed_end_date")
        elif end and not start:
            self.add("missing_feed_info_date", filename="feed_info.txt", csvRowNumber=2, fieldName="feed_start_date")
        s, e = _parse_date(start), _parse_date(end)
        if s and e and s > e:
            self.add("start_and_end_range_out_of_order", filename="feed_info.txt", csvRowNumber=2,
                     startFieldName="feed_start_date", startValue=start, endFieldName="feed_end_date", endValue=end)
        if e:
            for days, code in ((7, "feed_expiration_date7_days"), (30, "feed_expiration_date30_days")):
                limit = self.today + timedelta(days=days)
                if e <= limit if days == 7 else e < limit:
                    self.add(code, filename="feed_info.txt", csvRowNumber=2, currentDate=self.today.strftime("%Y%m%d"),
                             feedEndDate=end, suggestedExpirationDate=limit.strftime("%Y%m%d"))
                    break
        feed_lang = fi.col("feed_lang")[0].lower()
        agency = self.t.get("agency")
        if feed_lang and agency is not None and agency.index("agency_lang") >= 0:
            langs = {x.lower() for x in agency.col("agency_lang") if x}
            names, aids = agency.col("agency_name"), agency.col("agency_id")
            if feed_lang != "mul":
                for i, lang in enumerate(agency.col("agency_lang")):
                    if lang and lang.lower() != feed_lang:
                        self.add("feed_info_lang_and_agency_lang_mismatch", filename="feed_info.txt", csvRowNumber=_row(i),
                                 agencyId=aids[i], agencyName=names[i], agencyLang=lang, feedLang=feed_lang)
            elif len(langs) <= 1:
                self.add("feed_info_lang_and_agency_lang_mismatch", filename="feed_info.txt", csvRowNumber=2,
                         agencyId=aids[0], agencyName=names[0], agencyLang=next(iter(langs), ""), feedLang=feed_lang)

    # -- frequencies, shapes, fares ----------------------------------------------------------
    def check_frequencies(self) -> None:
        fr = self.t.get("frequencies")
        self.freq_trips: set[str] = set()
        if not fr or not fr.rows:
            return
        by_trip = defaultdict(list)
        for i, (tid, s, e) in enumerate(zip(fr.col("trip_id"), fr.col("start_time"), fr.col("end_time"))):
            ss, es = _parse_time(s), _parse_time(e)
            self.freq_trips.add(tid)
            if ss is None or es is None:
                continue
            if ss > es:
                self.add("start_and_end_range_out_of_order", filename="frequencies.txt", csvRowNumber=_row(i), entityId=tid,
                         startFieldName="start_time", startValue=s, endFieldName="end_time", endValue=e)
            elif ss == es:
                self.add("start_and_end_range_equal", filename="frequencies.txt", csvRowNumber=_row(i), entityId=tid,
                         startFieldName="start_time", endFieldName="end_time", value=s)
            else:
                by_trip[tid].append((ss, es, i, s, e))
        for tid, periods in by_trip.items():
            periods.sort()
            for prev, cur in zip(periods, periods[1:]):
                if cur[0] < prev[1]:
                    self.add("overlapping_frequency", filename="frequencies.txt", prevCsvRowNumber=_row(prev[2]),
                             prevEndTime=prev[4], currCsvRowNumber=_row(cur[2]), currStartTime=cur[3], tripId=tid)

    def check_shapes(self) -> None:
        """Distances along shapes, and the polylines kept for the stop-to-shape check."""
        self.shape_points: dict[str, list[tuple[float, float]]] = {}
        sh = self.t.get("shapes")
        if not sh or not sh.rows:
            return
        by_shape = defaultdict(list)
        ids, lats, lons = sh.col("shape_id"), sh.col("shape_pt_lat"), sh.col("shape_pt_lon")
        seqs, dists = sh.col("shape_pt_sequence"), sh.col("shape_dist_traveled")
        has_dist = sh.index("shape_dist_traveled") >= 0
        for i, sid in enumerate(ids):
            lat, lon, seq = _float(lats[i]), _float(lons[i]), _int(seqs[i])
            if lat is None or lon is None or seq is None or not -90 <= lat <= 90 or not -180 <= lon <= 180:
                continue
            self._check_point("shapes.txt", _row(i), "shape_pt_lat", lat, "shape_pt_lon", lon)
            by_shape[sid].append((seq, i, lat, lon, _float(dists[i]) if has_dist else None))
        for sid, pts in by_shape.items():
            pts.sort()
            self.shape_points[sid] = [(p[2], p[3]) for p in pts]
            if not has_dist:
                continue
            prev = None
            for p in pts:
                if p[4] is None:
                    continue
                if prev is not None:
                    if p[4] < prev[4]:
                        self.add("decreasing_shape_distance", filename="shapes.txt", shapeId=sid, csvRowNumber=_row(p[1]),
                                 shapeDistTraveled=p[4], shapePtSequence=p[0], prevCsvRowNumber=_row(prev[1]),
                                 prevShapeDistTraveled=prev[4], prevShapePtSequence=prev[0])
                    elif p[4] == prev[4]:
                        same = haversine_km(p[2], p[3], prev[2], prev[3]) * 1000 < 1.11
                        self.add("equal_shape_distance_same_coordinates" if same else "equal_shape_distance_diff_coordinates",
                                 filename="shapes.txt", shapeId=sid, csvRowNumber=_row(p[1]), shapeDistTraveled=p[4],
                                 shapePtSequence=p[0], prevCsvRowNumber=_row(prev[1]), prevShapeDistTraveled=prev[4],
                                 prevShapePtSequence=prev[0])
                prev = p

    def check_fare_rules(self) -> None:
        fr = self.t.get("fare_rules")
        if not fr or not fr.rows:
            return
        cols = ("fare_id", "route_id", "origin_id", "destination_id", "contains_id")
        seen: dict[tuple, int] = {}
        values = list(zip(*(fr.col(c) for c in cols)))
        for i, key in enumerate(values):
            if key in seen:
                self.add("duplicate_fare_rule_zone_id_fields", filename="fare_rules.txt", csvRowNumber=_row(i),
                         fareId=key[0], previousCsvRowNumber=_row(seen[key]), previousFareId=key[0])
            else:
                seen[key] = i
        uses_zones = any(k[2] or k[3] or k[4] for k in values)
        stops = self.t.get("stops")
        if uses_zones and stops is not None:
            zones, lts, ids, names = stops.col("zone_id"), stops.col("location_type"), stops.col("stop_id"), stops.col("stop_name")
            for i, z in enumerate(zones):
                if not z and lts[i] in ("", "0"):
                    self.add("stop_without_zone_id", filename="stops.txt", csvRowNumber=_row(i), stopId=ids[i],
                             stopName=names[i])

    def check_attributions(self) -> None:
        at = self.t.get("attributions")
        if not at:
            return
        ids = at.col("attribution_id")
        for i, roles in enumerate(zip(at.col("is_producer"), at.col("is_operator"), at.col("is_authority"))):
            if "1" not in roles:
                self.add("attribution_without_role", filename="attributions.txt", csvRowNumber=_row(i), attributionId=ids[i])

    # -- trips and stop times ----------------------------------------------------------------
    def check_trips_and_stop_times(self) -> None:
        trips, st = self.t.get("trips"), self.t.get("stop_times")
        trip_rows: dict[str, int] = {}
        if trips is not None:
            for i, tid in enumerate(trips.col("trip_id")):
                trip_rows.setdefault(tid, i)
        by_trip: dict[str, list] = defaultdict(list)
        used_stops: set[str] = set()
        if st is not None and st.rows:
            tids, sids, seqs = st.col("trip_id"), st.col("stop_id"), st.col("stop_sequence")
            arrs, deps = st.col("arrival_time"), st.col("departure_time")
            dists, tps = st.col("shape_dist_traveled"), st.col("timepoint")
            has_tp = st.index("timepoint") >= 0
            time_cache: dict[str, int | None] = {"": None}
            for i, tid in enumerate(tids):
                seq = _int(seqs[i])
                a, d = arrs[i], deps[i]
                if a not in time_cache:
                    time_cache[a] = _parse_time(a)
                if d not in time_cache:
                    time_cache[d] = _parse_time(d)
                by_trip[tid].append((seq if seq is not None else -1, i, sids[i], time_cache[a], time_cache[d], a, d,
                                     _float(dists[i]) if dists[i] else None))
                used_stops.add(sids[i])
                if bool(a) != bool(d):
                    self.add("stop_time_with_only_arrival_or_departure_time", filename="stop_times.txt",
                             csvRowNumber=_row(i), tripId=tid, stopSequence=seq,
                             specifiedField="arrival_time" if a else "departure_time")
                if has_tp:
                    if not tps[i]:
                        self.add("missing_timepoint_value", filename="stop_times.txt", csvRowNumber=_row(i), tripId=tid,
                                 stopSequence=seqs[i])
                    elif tps[i] == "1" and (not a or not d):
                        self.add("stop_time_timepoint_without_times", filename="stop_times.txt", csvRowNumber=_row(i),
                                 tripId=tid, stopSequence=seqs[i],
                                 specifiedField="arrival_time" if not a else "departure_time")
        # stops used by stop times must be stops/platforms
        info = getattr(self, "stop_info", {})
        if st is not None:
            for sid in used_stops:
                s = info.get(sid)
                if s is not None and s[1] not in (0, None):
                    i = next(k for k, x in enumerate(st.col("stop_id")) if x == sid)
                    self.add("location_with_unexpected_stop_time", filename="stops.txt", csvRowNumber=_row(s[0]), stopId=sid,
                             stopName=s[5], stopTimeCsvRowNumber=_row(i))
        # usage
        stops = self.t.get("stops")
        if stops is not None and st is not None:
            parents_used = {info[s][4] for s in used_stops if s in info and info[s][4]}
            for sid, s in info.items():
                if s[1] == 0 and sid not in used_stops and sid not in parents_used:
                    self.add("stop_without_stop_time", filename="stops.txt", csvRowNumber=_row(s[0]), stopId=sid, stopName=s[5])
        if trips is not None and st is not None:
            for tid, i in trip_rows.items():
                n = len(by_trip.get(tid, ()))
                if n == 0:
                    self.add("unused_trip", filename="trips.txt", csvRowNumber=_row(i), tripId=tid)
                elif n == 1:
                    self.add("unusable_trip", filename="trips.txt", csvRowNumber=_row(i), tripId=tid)
        shapes_used = set(trips.col("shape_id")) if trips is not None else set()
        sh = self.t.get("shapes")
        if sh is not None and trips is not None:
            seen = set()
            for i, sid in enumerate(sh.col("shape_id")):
                if sid not in shapes_used and sid not in seen:
                    seen.add(sid)
                    self.add("unused_shape", filename="shapes.txt", csvRowNumber=_row(i), shapeId=sid)
        # per trip, in stop_sequence order
        trip_route = dict(zip(trips.col("trip_id"), trips.col("route_id"))) if trips is not None else {}
        trip_shape = dict(zip(trips.col("trip_id"), trips.col("shape_id"))) if trips is not None else {}
        dist_cache: dict[tuple[str, str], float | None] = {}
        shape_stop_pairs: dict[tuple[str, str], tuple] = {}
        self.trip_span: dict[str, tuple] = {}
        for tid, rows in by_trip.items():
            rows.sort()
            first, last = rows[0], rows[-1]
            for edge in (first, last) if len(rows) > 1 else (first,):
                for fld, val in (("arrival_time", edge[5]), ("departure_time", edge[6])):
                    if not val:
                        self.add("missing_trip_edge", filename="stop_times.txt", csvRowNumber=_row(edge[1]),
                                 stopSequence=edge[0], tripId=tid, specifiedField=fld)
            if None not in (first[3], first[4], last[3], last[4]):
                self.trip_span[tid] = (first[3], first[4], last[3], last[4])
            # as the reference: arrival against the last departure given; distance against
            # the previous stop time only (both must have one)
            prev_dep, prev_dep_row, prev = None, None, None
            for r in rows:
                seq, i, sid, arr, dep, dist = r[0], r[1], r[2], r[3], r[4], r[7]
                if arr is not None and prev_dep is not None and arr < prev_dep[0]:
                    self.add("stop_time_with_arrival_before_previous_departure_time", filename="stop_times.txt",
                             csvRowNumber=_row(i), prevCsvRowNumber=_row(prev_dep_row), tripId=tid,
                             departureTime=prev_dep[1], arrivalTime=r[5])
                if dep is not None:
                    prev_dep, prev_dep_row = (dep, r[6]), i
                if dist is not None and prev is not None and prev[7] is not None and dist <= prev[7]:
                    self.add("decreasing_or_equal_stop_time_distance", filename="stop_times.txt",
                             csvRowNumber=_row(i), tripId=tid, stopId=sid, shapeDistTraveled=dist, stopSequence=seq,
                             prevCsvRowNumber=_row(prev[1]), prevStopTimeDistTraveled=prev[7], prevStopSequence=prev[0])
                prev = r
            shape_id = trip_shape.get(tid)
            if shape_id and shape_id in getattr(self, "shape_points", {}):
                for r in rows:
                    shape_stop_pairs.setdefault((shape_id, r[2]), (tid, r[1]))
            self._check_speeds(tid, rows, trip_route.get(tid), trip_rows.get(tid), dist_cache)
        self._check_stops_near_shapes(shape_stop_pairs, trip_rows)
        self._check_blocks(trips, trip_rows)

    def _stop_point(self, sid: str):
        s = self.stop_info.get(sid) if hasattr(self, "stop_info") else None
        if s is None:
            return None
        if s[2] is None or s[3] is None:
            p = self.stop_info.get(s[4])
            if p is None or p[2] is None or p[3] is None:
                return None
            return p[2], p[3]
        return s[2], s[3]

    def _check_speeds(self, tid, rows, route_id, trip_row, cache) -> None:
        """fast_travel_between_consecutive_stops / _far_stops as the reference computes them:
        straight-line distance, the time between departure and next arrival (one minute when
        zero or negative; plus one minute when both times are whole minutes)."""
        if route_id is None:
            return
        rtype = getattr(self, "route_type", {}).get(route_id)
        if route_id not in getattr(self, "route_type", {}):
            return
        max_kmh = MAX_SPEED_KMH.get(rtype, MAX_SPEED_OTHER)
        n = len(rows)
        if n < 2:
            return
        pts = [self._stop_point(r[2]) for r in rows]
        # straight-line distance between consecutive located stops (0 when unknown)
        seg = [0.0] * (n - 1)
        cur = pts[0]
        for k in range(n - 1):
            nxt = pts[k + 1]
            if cur is not None and nxt is not None:
                key = (rows[k][2], rows[k + 1][2])
                d = cache.get(key)
                if d is None:
                    d = cache[key] = haversine_km(cur[0], cur[1], nxt[0], nxt[1])
                seg[k] = d
            if nxt is not None:
                cur = nxt
        base = {"filename": "stop_times.txt", "tripCsvRowNumber": _row(trip_row) if trip_row is not None else None,
                "tripId": tid, "routeId": route_id}
        # consecutive stops
        start = 0
        for k in range(1, n):
            a, b = rows[start], rows[k]
            if a[4] is None or b[3] is None or pts[start] is None or pts[k] is None:
                continue
            dkm = haversine_km(pts[start][0], pts[start][1], pts[k][0], pts[k][1]) if k - start > 1 else seg[start]
            speed = dkm * 3600 / _travel_time(b[3], a[4])
            if speed > max_kmh:
                self.add("fast_travel_between_consecutive_stops", **base, speedKph=round(speed, 2),
                         distanceKm=round(dkm, 3), csvRowNumber1=_row(a[1]), stopSequence1=a[0], stopId1=a[2],
                         stopName1=self.stop_info.get(a[2], (0,) * 6)[5], departureTime1=a[6],
                         csvRowNumber2=_row(b[1]), stopSequence2=b[0], stopId2=b[2],
                         stopName2=self.stop_info.get(b[2], (0,) * 6)[5], arrivalTime2=b[5])
            start = k
        # far stops: only pairs more than 10 km apart; times don't decrease along a valid
        # trip, so the search back from each stop stops once even 10 km could not be too fast
        total = sum(seg)
        if total <= FAR_STOPS_KM:
            return
        max_time = total * 3600 / max_kmh + 60
        for end in range(1, n):
            e = rows[end]
            if e[3] is None:
                continue
            acc = 0.0
            for s in range(end - 1, -1, -1):
                acc += seg[s]
                st_ = rows[s]
                if st_[4] is None:
                    continue
                if e[3] - st_[4] > max_time:
                    break
                if acc <= FAR_STOPS_KM:
                    continue
                speed = acc * 3600 / _travel_time(e[3], st_[4])
                if speed > max_kmh:
                    self.add("fast_travel_between_far_stops", **base, speedKph=round(speed, 2), distanceKm=round(acc, 3),
                             csvRowNumber1=_row(st_[1]), stopSequence1=st_[0], stopId1=st_[2],
                             stopName1=self.stop_info.get(st_[2], (0,) * 6)[5], departureTime1=st_[6],
                             csvRowNumber2=_row(e[1]), stopSequence2=e[0], stopId2=e[2],
                             stopName2=self.stop_info.get(e[2], (0,) * 6)[5], arrivalTime2=e[5])
                    return

    def _check_stops_near_shapes(self, pairs, trip_rows) -> None:
        """stop_too_far_from_shape: a stop more than 100 m from the polyline of a shape a trip
        serving it follows; one notice per (shape, stop), naming the first such trip."""
        if not pairs:
            return
        grids: dict[str, dict] = {}
        for (shape_id, sid), (tid, st_row) in sorted(pairs.items()):
            p = self._stop_point(sid)
            line = self.shape_points.get(shape_id)
            if p is None or not line or len(line) < 2:
                continue
            grid = grids.get(shape_id)
            if grid is None:
                grid = grids[shape_id] = _segment_grid(line)
            d = _distance_to_line_m(p, line, grid)
            if d > STOP_SHAPE_MAX_M:
                self.add("stop_too_far_from_shape", filename="stop_times.txt",
                         tripCsvRowNumber=_row(trip_rows[tid]) if tid in trip_rows else None, shapeId=shape_id,
                         tripId=tid, stopTimeCsvRowNumber=_row(st_row), stopId=sid, stopName=self.stop_info[sid][5],
                         match=[round(p[0], 6), round(p[1], 6)], geoDistanceToShape=round(d, 1))

    def _check_blocks(self, trips, trip_rows) -> None:
        if trips is None or trips.index("block_id") < 0:
            return
        blocks = defaultdict(list)
        tids, bids, sids = trips.col("trip_id"), trips.col("block_id"), trips.col("service_id")
        for i, (tid, bid) in enumerate(zip(tids, bids)):
            if bid and tid in self.trip_span and trip_rows.get(tid) == i and tid not in self.freq_trips:
                blocks[bid].append((self.trip_span[tid], i, tid, sids[i]))
        cache: dict[tuple[str, str], int | None] = {}

        def common_date(a: str, b: str) -> int | None:
            key = (a, b) if a <= b else (b, a)
            if key not in cache:
                da, db = self.service_dates.get(a, set()), self.service_dates.get(b, set())
                both = da & db if len(da) <= len(db) else db & da
                cache[key] = min(both) if both else None
            return cache[key]

        for bid, items in blocks.items():
            if len(items) < 2:
                continue
            items.sort(key=lambda x: (x[0][0], x[0][3]))
            for k, (span, i, tid, sid) in enumerate(items):
                for span2, i2, tid2, sid2 in items[k + 1:]:
                    if span[3] <= span2[0]:
                        break
                    if span[2] == span2[0] and span[3] == span2[1]:
                        continue
                    d = common_date(sid, sid2)
                    if d is not None:
                        self.add("block_trips_with_overlapping_stop_times", filename="trips.txt", csvRowNumberA=_row(i),
                                 tripIdA=tid, serviceIdA=sid, csvRowNumberB=_row(i2), tripIdB=tid2, serviceIdB=sid2,
                                 blockId=bid, intersection=date.fromordinal(d).strftime("%Y%m%d"))

    # -- summary -----------------------------------------------------------------------------
    def summary(self) -> dict:
        t = self.t
        fi = t.get("feed_info")
        row = dict(zip(fi.columns, fi.rows[0])) if fi is not None and fi.rows else {}
        dates = [d for ds in getattr(self, "service_dates", {}).values() if ds for d in (min(ds), max(ds))]
        agencies = []
        if "agency" in t:
            for a in t["agency"].dicts():
                agencies.append({"name": a.get("agency_name", ""), "url": a.get("agency_url", ""),
                                 "phone": a.get("agency_phone", ""), "email": a.get("agency_email", "")})
        trips = t.get("trips")
        features = [label for label, ok in (
            ("Shapes", "shapes" in t and bool(t["shapes"].rows)),
            ("Frequencies", "frequencies" in t and bool(t["frequencies"].rows)),
            ("Transfers", "transfers" in t and bool(t["transfers"].rows)),
            ("Fares V1", "fare_attributes" in t and bool(t["fare_attributes"].rows)),
            ("Feed Information", bool(row)),
            ("Attributions", "attributions" in t and bool(t["attributions"].rows)),
            ("Pathways", "pathways" in t and bool(t["pathways"].rows)),
            ("Levels", "levels" in t and bool(t["levels"].rows)),
            ("Translations", "translations" in t and bool(t["translations"].rows)),
            ("Route Colors", "routes" in t and any(t["routes"].col("route_color"))),
            ("Headsigns", trips is not None and any(trips.col("trip_headsign"))),
            ("Blocks", trips is not None and any(trips.col("block_id"))),
        ) if ok]
        return {
            "validatorVersion": VALIDATOR_VERSION,
            "validatedAt": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "gtfsInput": self.raw.source,
            "dateForValidation": self.today.isoformat(),
            "feedInfo": {
                "publisherName": row.get("feed_publisher_name", ""), "publisherUrl": row.get("feed_publisher_url", ""),
                "feedLanguage": row.get("feed_lang", ""), "feedStartDate": row.get("feed_start_date", ""),
                "feedEndDate": row.get("feed_end_date", ""), "feedVersion": row.get("feed_version", ""),
                "feedEmail": row.get("feed_contact_email", ""),
                "feedServiceWindowStart": date.fromordinal(min(dates)).isoformat() if dates else "",
                "feedServiceWindowEnd": date.fromordinal(max(dates)).isoformat() if dates else "",
            },
            "agencies": agencies,
            "files": sorted([f"{n}.txt" for n in t] + list(self.raw.other_files)),
            "counts": {
                "Agencies": len(t["agency"].rows) if "agency" in t else 0,
                "Routes": len(t["routes"].rows) if "routes" in t else 0,
                "Trips": len(trips.rows) if trips is not None else 0,
                "Stops": len(t["stops"].rows) if "stops" in t else 0,
                "Shapes": len(getattr(self, "shape_points", {})),
                "Blocks": len({b for b in trips.col("block_id") if b}) if trips is not None else 0,
            },
            "gtfsFeatures": features,
        }


def _travel_time(arrival: int, departure: int) -> int:
    t = arrival - departure
    if t <= 0:
        return 60
    if arrival % 60 == 0 and departure % 60 == 0:
        t += 60
    return t


def _contrast(c1: str, c2: str) -> float:
    """Difference of brightness (W3C formula, 0-255); the reference flags below 72."""
    def bright(c):
        r, g, b = int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)
        return (r * 299 + g * 587 + b * 114) / 1000
    return abs(bright(c1) - bright(c2))


_CELL = 0.002  # degrees (~220 m of latitude, >= 100 m of longitude below 60° latitude)


def _segment_grid(line) -> dict:
    grid = defaultdict(list)
    for k in range(len(line) - 1):
        (la1, lo1), (la2, lo2) = line[k], line[k + 1]
        for gy in range(int(math.floor(min(la1, la2) / _CELL)), int(math.floor(max(la1, la2) / _CELL)) + 1):
            for gx in range(int(math.floor(min(lo1, lo2) / _CELL)), int(math.floor(max(lo1, lo2) / _CELL)) + 1):
                grid[(gy, gx)].append(k)
                if len(grid) > 200000:  # absurdly long segment: give up on the grid
                    return {}
    return grid


def _distance_to_line_m(p, line, grid) -> float:
    lat0, lon0 = p
    gy, gx = int(math.floor(lat0 / _CELL)), int(math.floor(lon0 / _CELL))
    if grid:
        cand = {k for dy in (-1, 0, 1) for dx in (-1, 0, 1) for k in grid.get((gy + dy, gx + dx), ())}
        if not cand:
            return float("inf")
    else:
        cand = range(len(line) - 1)
    kx = math.cos(math.radians(lat0)) * 111195.0
    ky = 111195.0
    best = float("inf")
    for k in cand:
        (la1, lo1), (la2, lo2) = line[k], line[k + 1]
        x1, y1 = (lo1 - lon0) * kx, (la1 - lat0) * ky
        x2, y2 = (lo2 - lon0) * kx, (la2 - lat0) * ky
        dx, dy = x2 - x1, y2 - y1
        L = dx * dx + dy * dy
        t = 0.0 if L == 0 else max(0.0, min(1.0, -(x1 * dx + y1 * dy) / L))
        x, y = x1 + t * dx, y1 + t * dy
        d = math.hypot(x, y)
        if d < best:
            best = d
    return best


# -- field type checks: value -> (code, extra sample fields) or None --------------------------
def _check_int(bound):
    def check(v):
        if not _INT.match(v):
            return ("invalid_integer", {})
        n = int(v)
        if (bound == 0 and n < 0) or (bound == 1 and n <= 0):
            return ("number_out_of_range", {"fieldType": "integer"})
        return None
    return check


def _check_float(bound):
    def check(v):
        if not _FLOAT.match(v):
            return ("invalid_float", {})
        x = float(v)
        if (bound == 0 and x < 0) or (bound == 1 and x <= 0):
            return ("number_out_of_range", {"fieldType": "float"})
        return None
    return check


def _check_coord(limit):
    def check(v):
        if not _FLOAT.match(v):
            return ("invalid_float", {})
        if not -limit <= float(v) <= limit:
            return ("number_out_of_range", {"fieldType": "latitude" if limit == 90 else "longitude"})
        return None
    return check


def _check_enum(value, allowed):
    if not _INT.match(value):
        return ("invalid_integer", {})
    if int(value) not in allowed:
        return ("unexpected_enum_value", {})
    return None


_CHECKERS = {
    "id": lambda v: None if _PRINTABLE_ASCII.match(v) else ("non_ascii_or_non_printable_char", {}),
    "text": lambda v: None,
    "phone": lambda v: None,
    "url": lambda v: None if _URL.match(v) else ("invalid_url", {}),
    "email": lambda v: None if _EMAIL.match(v) else ("invalid_email", {}),
    "lang": lambda v: None if _LANG.match(v) else ("invalid_language_code", {}),
    # without a time zone database on the host nothing can be judged: no false ERROR then
    "tz": lambda v: None if v in _timezones() or not _timezones() else ("invalid_timezone", {}),
    "color": lambda v: None if _COLOR.match(v) else ("invalid_color", {}),
    "date": lambda v: None if _parse_date(v) else ("invalid_date", {}),
    "time": lambda v: None if _TIME.match(v) else ("invalid_time", {}),
    "currency": lambda v: None if v.upper() in ISO_4217 else ("invalid_currency", {}),
    "int": _check_int(None), "int0": _check_int(0), "int1": _check_int(1),
    "float": _check_float(None), "float0": _check_float(0), "float1": _check_float(1),
    "lat": _check_coord(90), "lon": _check_coord(180),
}

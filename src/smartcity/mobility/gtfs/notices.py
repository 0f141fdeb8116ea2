"""The catalogue of GTFS Schedule validation notices: MobilityData's snake_case codes and
severities (gtfs-validator RULES.md), so that our reports line up with the canonical
validator's. Pure Python, no Django.

ERROR = the GTFS reference says "must" (blocks activation of a feed); WARNING = a best
practice ("should"); INFO = something worth a look. Descriptions are English msgids: the UI
translates them with gettext (Vietnamese in the mobility catalogue).
"""
from dataclasses import dataclass

ERROR, WARNING, INFO = "ERROR", "WARNING", "INFO"
SEVERITIES = (ERROR, WARNING, INFO)  # the order reports are sorted in
SEVERITY_RANK = {s: i for i, s in enumerate(SEVERITIES)}


def N_(text: str) -> str:
    """Marks a msgid translated later (at display time), like gettext_noop."""
    return text


@dataclass(frozen=True)
class NoticeType:
    code: str
    severity: str
    description: str
    implemented: bool = True  # False: known code (stored reports may carry it) we don't emit


_E = [
    ("block_trips_with_overlapping_stop_times", N_("Two trips of the same block overlap in time on a common service date.")),
    ("csv_parsing_failed", N_("A file could not be read as UTF-8 CSV.")),
    ("decreasing_shape_distance", N_("shape_dist_traveled decreases between two consecutive shape points.")),
    ("decreasing_or_equal_stop_time_distance", N_("shape_dist_traveled does not increase between two consecutive stop times of a trip.")),
    ("duplicated_column", N_("A column name appears twice in the header of a file.")),
    ("duplicate_fare_rule_zone_id_fields", N_("Two fare rules have the same fare, route and zone fields.")),
    ("duplicate_key", N_("Two rows of a file have the same key.")),
    ("empty_column_name", N_("A column of the header has no name.")),
    ("empty_file", N_("A file has no header, or a required file has no rows.")),
    ("equal_shape_distance_diff_coordinates", N_("Two consecutive shape points have the same shape_dist_traveled but different coordinates.")),
    ("foreign_key_violation", N_("A value refers to a record that does not exist in the referenced file.")),
    ("inconsistent_agency_timezone", N_("Agencies of the feed have different time zones.")),
    ("invalid_color", N_("A colour is not a six-digit hexadecimal number.")),
    ("invalid_currency", N_("A currency code is not an ISO 4217 code.")),
    ("invalid_date", N_("A date is not a valid YYYYMMDD date.")),
    ("invalid_email", N_("An e-mail address is malformed.")),
    ("invalid_float", N_("A value is not a decimal number.")),
    ("invalid_integer", N_("A value is not an integer.")),
    ("invalid_language_code", N_("A language code is not an IETF BCP 47 code.")),
    ("invalid_row_length", N_("A row has a different number of values than the header.")),
    ("invalid_time", N_("A time is not in H:MM:SS or HH:MM:SS format.")),
    ("invalid_timezone", N_("A time zone is not an IANA time zone name.")),
    ("invalid_url", N_("A URL is malformed (it must start with http:// or https://).")),
    ("location_with_unexpected_stop_time", N_("A stop time refers to a location that is not a stop or platform.")),
    ("location_without_parent_station", N_("An entrance, generic node or boarding area has no parent_station.")),
    ("missing_calendar_and_calendar_date_files", N_("Both calendar.txt and calendar_dates.txt are missing.")),
    ("missing_required_column", N_("A required column is missing from a file.")),
    ("missing_required_field", N_("A required field has no value.")),
    ("missing_required_file", N_("A required file is missing.")),
    ("missing_trip_edge", N_("The first or last stop of a trip has no arrival_time or departure_time.")),
    ("new_line_in_value", N_("A value contains a line break.")),
    ("number_out_of_range", N_("A number is outside the range the specification allows.")),
    ("overlapping_frequency", N_("Frequency periods of the same trip overlap.")),
    ("point_near_origin", N_("A point is too close to the origin (0, 0).")),
    ("point_near_pole", N_("A point is too close to the North or South Pole.")),
    ("route_both_short_and_long_name_missing", N_("A route has neither a short name nor a long name.")),
    ("start_and_end_range_equal", N_("The start and end of a frequency period are equal.")),
    ("start_and_end_range_out_of_order", N_("A start date or time is after its end.")),
    ("station_with_parent_station", N_("A station (location_type 1) has a parent_station.")),
    ("stop_time_timepoint_without_times", N_("A stop time marked as a timepoint has no arrival or departure time.")),
    ("stop_time_with_arrival_before_previous_departure_time", N_("A stop time arrives before the previous stop time departs.")),
    ("stop_time_with_only_arrival_or_departure_time", N_("A stop time has an arrival time without a departure time, or the reverse.")),
    ("stop_without_location", N_("A stop, station or entrance has no stop_lat or stop_lon.")),
    ("stop_without_zone_id", N_("Fare rules use zones but a stop has no zone_id.")),
    ("wrong_parent_location_type", N_("The parent_station of a location has the wrong location_type.")),
]
_W = [
    ("attribution_without_role", N_("An attribution has none of is_producer, is_operator or is_authority set.")),
    ("duplicate_route_name", N_("Two routes of the same agency and type have the same names.")),
    ("equal_shape_distance_same_coordinates", N_("Two consecutive shape points are duplicates (same distance and coordinates).")),
    ("expired_calendar", N_("A service of the calendar has no dates left from today.")),
    ("fast_travel_between_consecutive_stops", N_("A vehicle would travel too fast between two consecutive stops.")),
    ("fast_travel_between_far_stops", N_("A vehicle would travel too fast between two stops more than 10 km apart.")),
    ("feed_expiration_date7_days", N_("The feed expires within 7 days.")),
    ("feed_expiration_date30_days", N_("The feed expires within 30 days.")),
    ("feed_info_lang_and_agency_lang_mismatch", N_("feed_info.feed_lang does not match the agencies' language.")),
    ("inconsistent_agency_lang", N_("Agencies of the feed have different languages.")),
    ("missing_feed_info_date", N_("feed_info gives a start date without an end date, or the reverse.")),
    ("missing_recommended_file", N_("A recommended file is missing.")),
    ("missing_timepoint_value", N_("A stop time has an empty timepoint value.")),
    ("more_than_one_entity", N_("A file that must have a single row has several.")),
    ("non_ascii_or_non_printable_char", N_("An identifier contains non-ASCII or non-printable characters.")),
    ("platform_without_parent_station", N_("A platform (stop with platform_code) has no parent_station.")),
    ("route_color_contrast", N_("A route's colour and text colour do not contrast enough.")),
    ("route_short_and_long_name_equal", N_("A route's short name and long name are equal.")),
    ("route_short_name_too_long", N_("A route's short name is longer than 12 characters.")),
    ("same_name_and_description_for_route", N_("A route's description repeats its name.")),
    ("same_name_and_description_for_stop", N_("A stop's description repeats its name.")),
    ("same_route_and_agency_url", N_("A route has the same URL as its agency.")),
    ("same_stop_and_agency_url", N_("A stop has the same URL as an agency.")),
    ("same_stop_and_route_url", N_("A stop has the same URL as a route.")),
    ("stop_too_far_from_shape", N_("A stop is more than 100 m from the shape of a trip that serves it.")),
    ("stop_without_stop_time", N_("A stop is not used by any stop time.")),
    ("unexpected_enum_value", N_("A field has a value outside the list the specification defines.")),
    ("unusable_trip", N_("A trip has fewer than two stop times.")),
    ("unused_shape", N_("A shape is not used by any trip.")),
    ("unused_trip", N_("A trip has no stop times.")),
]
_I = [
    ("unknown_column", N_("A column is not defined by the GTFS specification.")),
    ("unknown_file", N_("A file is not defined by the GTFS specification.")),
]
# Known MobilityData codes we do not emit (so a report imported from the reference still
# shows a description).
_NOT_EMITTED = [
    ("leading_or_trailing_whitespaces", WARNING, N_("A value has leading or trailing spaces.")),
    ("empty_row", WARNING, N_("A row of a file is empty.")),
    ("invalid_phone_number", ERROR, N_("A phone number is malformed.")),
    ("missing_recommended_field", WARNING, N_("A recommended field has no value.")),
    ("stop_too_far_from_shape_using_user_distance", WARNING, N_("A stop is far from the shape point at its shape_dist_traveled.")),
    ("trip_coverage_not_active_for_next7_days", WARNING, N_("Trips are not defined for each of the next 7 days.")),
    ("unused_station", INFO, N_("A station is not the parent of any stop.")),
]

NOTICES: dict[str, NoticeType] = {}
for _sev, _rows in ((ERROR, _E), (WARNING, _W), (INFO, _I)):
    for _code, _text in _rows:
        NOTICES[_code] = NoticeType(_code, _sev, _text)
for _code, _sev, _text in _NOT_EMITTED:
    NOTICES[_code] = NoticeType(_code, _sev, _text, implemented=False)


def severity(code: str) -> str:
    """Severity of a code; unknown codes count as ERROR (fail safe)."""
    t = NOTICES.get(code)
    return t.severity if t else ERROR


def description(code: str) -> str:
    t = NOTICES.get(code)
    return t.description if t else code


def codes(sev: str | None = None, *, implemented_only: bool = True) -> list[str]:
    return sorted(c for c, t in NOTICES.items()
                  if (sev is None or t.severity == sev) and (t.implemented or not implemented_only))


def sort_key(code: str, sev: str | None = None):
    """Reports list ERRORs first, then WARNINGs, then INFOs; codes alphabetically."""
    return (SEVERITY_RANK.get(sev or severity(code), 0), code)

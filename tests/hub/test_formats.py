"""Device wire formats (pure parsers, no database)."""
import pytest

from smartcity.hub import formats
from smartcity.hub.formats import FormatError

NOW = 1_763_856_000


def code_of(fn, *args):
    with pytest.raises(FormatError) as exc:
        fn(*args)
    return exc.value.code


# -- topics ------------------------------------------------------------------------------
def test_topics_of_the_three_formats():
    assert formats.parse_topic("smartcity/dv_key/kk-di-an/attrs") == formats.Topic("smartcity", "dv_key", "kk-di-an")
    assert formats.parse_topic("/json/dv_key/kk-di-an/attrs") == formats.Topic("json", "dv_key", "kk-di-an")
    assert formats.parse_topic("/ul/dv_key/den-01/attrs") == formats.Topic("ul", "dv_key", "den-01")
    assert formats.parse_topic("ul/dv_key/den-01/attrs") == formats.Topic("ul", "dv_key", "den-01")  # newer agents drop the slash
    assert formats.parse_topic("/ul/dv_key/den-01/attrs/p") == formats.Topic("ul", "dv_key", "den-01", "p")
    assert formats.parse_topic("smartcity/dv_key/kk-di-an/attrs").error_topic == "smartcity/dv_key/kk-di-an/errors"


@pytest.mark.parametrize("topic", ["smartcity/dv_key/attrs", "/smartcity/dv_key/a/attrs", "smartcity/dv_key/a/attrs/pm25",
                                   "/xml/dv_key/a/attrs", "/ul//a/attrs", "/json/k/a/cmd", "/ul/k/a/attrs/", ""])
def test_bad_topics(topic):
    assert code_of(formats.parse_topic, topic) == "bad_topic"


def test_keys_are_redacted_for_logs():
    shown = formats.redact_topic("/ul/dv_AbCdEfGhIjKlMnOp/den-01/attrs")
    assert "dv_AbCdEfGhIjKlMnOp" not in shown and shown.startswith("/ul/dv_AbCdEfG") and shown.endswith("/den-01/attrs")


# -- UltraLight 2.0 ----------------------------------------------------------------------
def test_ultralight_measures_and_groups():
    assert formats.parse_ultralight(b"t|32.6|h|34.4", "kk-di-an", NOW) == [
        {"asset": "kk-di-an", "time": NOW, "values": {"t": "32.6", "h": "34.4"}}]
    recs = formats.parse_ultralight("t|32.6#2026-11-23T08:05:00+07:00|t|32.9|h|35\n", "kk", NOW)
    assert [r["time"] for r in recs] == [NOW, "2026-11-23T08:05:00+07:00"]
    assert recs[1]["values"] == {"t": "32.9", "h": "35"}


def test_ultralight_time_instant_key():
    recs = formats.parse_ultralight("t|31|TimeInstant|2026-11-23T01:00:00Z|h|70", "kk", NOW)
    assert recs == [{"asset": "kk", "time": "2026-11-23T01:00:00Z", "values": {"t": "31", "h": "70"}}]
    epoch = formats.parse_ultralight("1763856000|t|31", "kk", NOW)
    assert epoch[0]["time"] == "1763856000"


@pytest.mark.parametrize("body,code", [
    (b"", "empty_payload"), (b"  \n", "empty_payload"), (b"#", "empty_payload"),
    (b"t|32.6|h", "bad_ultralight"),  # a key without its value
    (b"|32.6", "bad_ultralight"),  # an empty key
    (b"2026-11-23T08:00:00Z", "bad_ultralight"),  # a time and no measure
    (b"TimeInstant|2026-11-23T08:00:00Z", "bad_ultralight"),
    (b"t|\xff\xfe", "bad_encoding"),
])
def test_ultralight_errors(body, code):
    assert code_of(formats.parse_ultralight, body, "kk", NOW) == code


# -- FIWARE IoT Agent JSON ---------------------------------------------------------------
def test_iota_json_object_and_list():
    assert formats.parse_iota_json(b'{"t": 32.6, "h": 34.4}', "kk", NOW) == [
        {"asset": "kk", "time": NOW, "values": {"t": 32.6, "h": 34.4}}]
    recs = formats.parse_iota_json(b'[{"t": 30, "TimeInstant": "2026-11-23T01:00:00Z"}, {"t": 31}]', "kk", NOW)
    assert recs == [{"asset": "kk", "time": "2026-11-23T01:00:00Z", "values": {"t": 30}},
                    {"asset": "kk", "time": NOW, "values": {"t": 31}}]


@pytest.mark.parametrize("body,code", [
    (b"", "empty_payload"), (b"{t: 1}", "malformed_json"), (b"32.6", "bad_payload"), (b"[]", "bad_payload"),
    (b"[1, 2]", "bad_payload"), (b"{}", "bad_payload"), (b'{"TimeInstant": "2026-11-23T01:00:00Z"}', "bad_payload"),
])
def test_iota_json_errors(body, code):
    assert code_of(formats.parse_iota_json, body, "kk", NOW) == code


def test_single_attribute_topic():
    topic, recs = formats.parse_message("/json/dv_k/den-01/attrs/p", b" 120.5 ", NOW)
    assert topic.attribute == "p" and recs == [{"asset": "den-01", "time": NOW, "values": {"p": "120.5"}}]
    assert code_of(formats.parse_message, "/ul/dv_k/den-01/attrs/p", b"", NOW) == "empty_payload"


# -- our JSON ----------------------------------------------------------------------------
def test_smartcity_json_forms():
    one = formats.parse_smartcity_json(b'{"time": "2026-11-23T08:00:00+07:00", "values": {"pm25": 35.2}}', "kk-di-an", NOW)
    assert one == [{"time": "2026-11-23T08:00:00+07:00", "values": {"pm25": 35.2}, "asset": "kk-di-an"}]
    rows = formats.parse_smartcity_json(
        b'[{"quantity": "pm25", "time": 1, "value": 3}, {"asset": "kk-thu-dau-mot", "quantity": "pm10", "value": 4}, {"datastream": 7, "time": 2, "value": 1}]',
        "kk-di-an", NOW)
    assert rows[0]["asset"] == "kk-di-an" and rows[1]["asset"] == "kk-thu-dau-mot" and rows[1]["time"] == NOW
    assert "asset" not in rows[2]  # a datastream id names its own asset
    wrapped = formats.parse_smartcity_json(b'{"observations": [{"quantity": "pm25", "time": 1, "value": 3}]}', "kk", NOW)
    assert wrapped[0]["asset"] == "kk"
    assert formats.parse_smartcity_json(b'[1, {"values": {"t": 1}}]', "kk", NOW)[0] == 1  # left for the Normaliser to report


@pytest.mark.parametrize("body,code", [
    (b"", "empty_payload"), (b"[", "malformed_json"), (b"[]", "bad_payload"), (b'"x"', "bad_payload"),
    (b'{"observations": {}}', "bad_payload"),
])
def test_smartcity_json_errors(body, code):
    assert code_of(formats.parse_smartcity_json, body, "kk", NOW) == code


def test_oversized_payload(monkeypatch):
    monkeypatch.setattr(formats, "MAX_PAYLOAD_BYTES", 100)
    big = b'{"t": ' + b"1" * 200 + b"}"
    with pytest.raises(FormatError) as exc:
        formats.parse_message("/json/dv_k/kk/attrs", big, NOW)
    assert (exc.value.code, exc.value.status) == ("payload_too_large", 413)
    assert code_of(formats.parse_ultralight, b"t|" + b"1" * 200, "kk", NOW) == "payload_too_large"

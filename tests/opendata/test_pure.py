"""Pure helpers: folding, CKAN query parsing, rate-limit windows, the SVG chart."""
from smartcity.opendata import charts, ckanquery, ratelimit_math
from smartcity.opendata.text import fold, terms


def test_fold_and_terms():
    assert fold("  Bình Dương  ĐẠI học ") == "binh duong dai hoc"
    assert terms('Chất lượng "không khí"') == ["chat", "luong", "khong", "khi"]


def test_ckan_query_parse():
    assert ckanquery.parse("*:*") == ([], {})
    words, fields = ckanquery.parse('nước +organization:donre tags:"chất lượng" res_format:CSV name:*')
    assert words == ["nước"] and fields == {"organization": ["donre"], "tags": ["chất lượng"], "res_format": ["CSV"]}
    assert ckanquery.bounded_int("5000", 10, 0, 1000) == 1000 and ckanquery.bounded_int(None, 10, 0, 1000) == 10


def test_rate_limit_window():
    assert ratelimit_math.window_start(125.5, 60) == 120
    assert ratelimit_math.retry_after(125.5, 60) == 55 and ratelimit_math.retry_after(179.9, 60) == 1
    assert ratelimit_math.remaining(60, 75) == 0


def test_chart():
    svg = charts.stacked_bars(["2026-11", "2026-12"], [("AQI", [3, 7]), ("GTFS", [1, 0])], "Lượt tải")
    assert svg.startswith("<svg") and svg.count("<rect") == 3 + 2 and "AQI · 2026-12: 7" in svg
    assert charts.nice_max(8) == 10 and charts.nice_max(120) == 200 and charts.nice_max(0) == 1

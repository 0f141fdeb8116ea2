"""The pure planning check: pass, warn and fail on zones around Phú Cường (Thủ Dầu Một), red
lines along Đại lộ Bình Dương and the Sài Gòn river corridor. Geometries are drawn in metres
(UTM 48N) from a point in Phú Cường and converted to WGS84 like the stored features."""
import pytest
from pyproj import Transformer

from smartcity.gis import planning as p

TO_LL = Transformer.from_crs("EPSG:32648", "EPSG:4326", always_xy=True).transform
FROM_LL = Transformer.from_crs("EPSG:4326", "EPSG:32648", always_xy=True).transform
X0, Y0 = FROM_LL(106.6520, 10.9800)  # phường Phú Cường


def poly(x, y, w, h) -> dict:
    pts = [(x, y), (x + w, y), (x + w, y + h), (x, y + h), (x, y)]
    return {"type": "Polygon", "coordinates": [[list(TO_LL(X0 + a, Y0 + b)) for a, b in pts]]}


def line(*pts) -> dict:
    return {"type": "LineString", "coordinates": [list(TO_LL(X0 + a, Y0 + b)) for a, b in pts]}


def zone(fid, geom, **rules):
    props = {p.ZONE_NAME: f"Khu ở Phú Cường {fid}", p.USE: "residential,commercial", p.MAX_HEIGHT_M: 21,
             p.MAX_FLOORS: 5, p.MAX_COVERAGE_PCT: 80, p.SETBACK_M: 3, p.DECISION: "2213/QĐ-UBND", p.PLAN_VERSION: 2}
    props.update(rules)
    return {"layer": "quy-hoach-tdm", "fid": fid, "geometry": geom, "properties": props}


HOUSE = p.Request(use="residential", height_m=15, floors=4, coverage_pct=70)
ZONE_A = zone("A1", poly(0, 0, 200, 200))
ROAD = {"layer": "chi-gioi-do", "fid": "DLBD-1", "geometry": line((0, 100), (200, 100)),
        "properties": {p.ZONE_NAME: "Đại lộ Bình Dương", p.DECISION: "2213/QĐ-UBND"}}


def rules(result):
    return {c["rule"]: c["result"] for f in result["findings"] for c in f["checks"]}


def test_pass_inside_one_zone_far_from_the_red_line():
    out = p.check(poly(50, 20, 10, 20), HOUSE, zones=[ZONE_A], red_lines=[ROAD])
    assert out["result"] == "pass"
    [finding] = out["findings"]
    assert (finding["zone"], finding["decision"], finding["version"]) == ("Khu ở Phú Cường A1", "2213/QĐ-UBND", 2)
    assert finding["share_pct"] == 100.0
    assert rules(out) == {p.USE: "pass", p.MAX_HEIGHT_M: "pass", p.MAX_FLOORS: "pass", p.MAX_COVERAGE_PCT: "pass",
                          p.SETBACK_M: "pass"}
    assert out["red_line_distance_m"] == pytest.approx(60, abs=0.05)
    assert 199 < out["area_m2"] < 201


@pytest.mark.parametrize("request_, rule", [
    (p.Request("residential", 20.5, 4, 70), p.MAX_HEIGHT_M),   # 0.5 m under the 21 m cap
    (p.Request("residential", 15, 4, 79.5), p.MAX_COVERAGE_PCT),
])
def test_warn_within_the_margin_of_a_limit(request_, rule):
    out = p.check(poly(50, 20, 10, 20), request_, zones=[ZONE_A])
    assert out["result"] == "warn"
    assert rules(out)[rule] == "warn"
    assert "sát mức tối đa" in next(c["message"] for c in out["findings"][0]["checks"] if c["rule"] == rule)


def test_warn_close_to_the_set_back_and_fail_inside_it():
    near = p.check(poly(50, 83.5, 10, 13), HOUSE, zones=[ZONE_A], red_lines=[ROAD])  # 3.5 m from the red line
    assert rules(near)[p.SETBACK_M] == "warn" and near["result"] == "warn"
    inside = p.check(poly(50, 88, 10, 10), HOUSE, zones=[ZONE_A], red_lines=[ROAD])  # 2 m: set-back is 3 m
    assert rules(inside)[p.SETBACK_M] == "fail" and inside["result"] == "fail"


def test_warn_when_the_footprint_straddles_two_zones():
    b = zone("B2", poly(200, 0, 200, 200), **{p.MAX_HEIGHT_M: 30})
    out = p.check(poly(190, 20, 20, 20), HOUSE, zones=[ZONE_A, b])
    assert out["result"] == "warn"
    assert sorted(f["fid"] for f in out["findings"]) == ["A1", "B2"]
    assert [f["share_pct"] for f in out["findings"]] == [50.0, 50.0]
    assert rules(out)["zones"] == "warn"


def test_warn_when_part_lies_outside_every_zone():
    out = p.check(poly(195, 20, 10, 10), HOUSE, zones=[ZONE_A])
    assert out["result"] == "warn"
    assert any(f["zone"] == "" and "ngoài các khu quy hoạch" in f["checks"][0]["message"] for f in out["findings"])


@pytest.mark.parametrize("request_, rule", [
    (p.Request("industrial", 15, 4, 70), p.USE),
    (p.Request("residential", 24, 4, 70), p.MAX_HEIGHT_M),
    (p.Request("residential", 18, 6, 70), p.MAX_FLOORS),
    (p.Request("residential", 15, 4, 85), p.MAX_COVERAGE_PCT),
])
def test_fail_when_a_rule_is_exceeded(request_, rule):
    out = p.check(poly(50, 20, 10, 20), request_, zones=[ZONE_A])
    assert out["result"] == "fail"
    assert [r for r, v in rules(out).items() if v == "fail"] == [rule]


def test_mixed_zone_allows_housing_and_shops_not_factories():
    mixed = zone("HH1", poly(0, 0, 200, 200), **{p.USE: "mixed"})
    assert p.check(poly(50, 20, 10, 20), HOUSE, zones=[mixed])["result"] == "pass"
    shop = p.Request("commercial", 15, 4, 70)
    assert p.check(poly(50, 20, 10, 20), shop, zones=[mixed])["result"] == "pass"
    assert p.check(poly(50, 20, 10, 20), p.Request("industrial", 15, 4, 70), zones=[mixed])["result"] == "fail"


def test_fail_when_crossing_a_red_line():
    out = p.check(poly(50, 90, 10, 20), HOUSE, zones=[ZONE_A], red_lines=[ROAD])
    assert out["result"] == "fail"
    red = [f for f in out["findings"] if f["kind"] == "red_line"]
    assert red and red[0]["fid"] == "DLBD-1" and red[0]["checks"][0]["message"] == "Công trình lấn qua chỉ giới đường đỏ"


def test_river_corridor_fails_inside_and_warns_at_its_edge():
    river = {"layer": "hanh-lang-song-sai-gon", "fid": "SG-1", "geometry": line((-50, 150), (250, 150)),
             "properties": {p.ZONE_NAME: "Hành lang bảo vệ sông Sài Gòn", p.CORRIDOR_WIDTH_M: 20}}
    inside = p.check(poly(50, 125, 10, 10), HOUSE, zones=[ZONE_A], corridors=[river])  # edge at 130 m
    assert inside["result"] == "fail"
    assert [f["kind"] for f in inside["findings"] if f["result"] == "fail"] == ["corridor"]
    edge = p.check(poly(50, 119.5, 10, 10), HOUSE, zones=[ZONE_A], corridors=[river])  # 0.5 m from it
    assert edge["result"] == "warn"
    far = p.check(poly(50, 20, 10, 10), HOUSE, zones=[ZONE_A], corridors=[river])
    assert far["result"] == "pass" and far["findings"][0]["kind"] == "zone"


def test_rules_a_zone_does_not_set_are_not_checked():
    bare = {"layer": "quy-hoach", "fid": "X", "geometry": poly(0, 0, 200, 200), "properties": {p.MAX_FLOORS: 3}}
    out = p.check(poly(50, 20, 10, 20), HOUSE, zones=[bare])
    assert rules(out) == {p.MAX_FLOORS: "fail"}
    assert p.allowed_uses(["residential", " Public "]) == {"residential", "public"}

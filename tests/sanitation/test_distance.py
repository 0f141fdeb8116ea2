"""Distances: haversine x detour, Dijkstra over a road graph (one-way streets), the asymmetric
depot -> bins -> disposal -> depot matrix; the plan arithmetic around the solver. Pure."""
import datetime as dt
import math

import pytest

from smartcity.sanitation import distance, planning


def test_haversine_one_degree_of_latitude():
    # a degree of arc on the mean-radius sphere: 2*pi*R/360
    assert distance.haversine_m(10.0, 106.0, 11.0, 106.0) == pytest.approx(2 * math.pi * distance.EARTH_RADIUS_M / 360, rel=1e-9)
    # a degree of longitude shrinks with cos(latitude)
    assert distance.haversine_m(11.0, 106.0, 11.0, 107.0) < distance.haversine_m(10.0, 106.0, 11.0, 106.0)


def test_straight_line_times_detour_is_symmetric():
    pts = [(10.98, 106.65), (10.99, 106.66), (11.0, 106.64)]
    m1 = distance.distance_matrix(pts, detour=1.0)
    m13 = distance.distance_matrix(pts, detour=1.3)
    for i in range(3):
        assert m13[i][i] == 0
        for j in range(3):
            assert m13[i][j] == m13[j][i]
            assert m13[i][j] == pytest.approx(1.3 * m1[i][j], abs=1)
    with pytest.raises(ValueError):
        distance.distance_matrix(pts, detour=0.9)


GRAPH = {  # a square block: A - B - C along one street, C -> D -> A back one-way
    "nodes": [["A", 10.980, 106.650], ["B", 10.980, 106.655], ["C", 10.985, 106.655], ["D", 10.985, 106.650]],
    "edges": [["A", "B", None, False], ["B", "C", None, False], ["C", "D", 600, True], ["D", "A", 600, True]],
}


def test_road_graph_shortest_paths_respect_one_way_streets():
    g = distance.RoadGraph.from_json(GRAPH)
    ab = distance.haversine_m(10.980, 106.650, 10.980, 106.655)
    bc = distance.haversine_m(10.980, 106.655, 10.985, 106.655)
    from_a = g.shortest_from("A")
    assert from_a["C"] == pytest.approx(ab + bc)
    assert from_a["D"] == pytest.approx(ab + bc + 600)  # A -> D only round the block (D -> A is one-way)
    assert g.shortest_from("D")["A"] == pytest.approx(600)
    pts = [(10.980, 106.650), (10.985, 106.650)]  # exactly on A and D
    m = distance.distance_matrix(pts, g, detour=1.3)
    assert m[1][0] == 600 and m[0][1] == round(ab + bc + 600)


def test_unreachable_pair_falls_back_to_straight_line():
    g = distance.RoadGraph.from_json({"nodes": [["A", 10.98, 106.65], ["B", 10.99, 106.66]], "edges": []})
    pts = [(10.98, 106.65), (10.99, 106.66)]
    assert distance.distance_matrix(pts, g) == distance.distance_matrix(pts)


@pytest.mark.parametrize("bad", [{"nodes": []}, {"nodes": [["A", 95, 0]], "edges": []},
                                 {"nodes": [["A", 1, 1]], "edges": [["A", "Z", 5, False]]},
                                 {"nodes": [["A", 1, 1], ["B", 1, 2]], "edges": [["A", "B", -3, False]]}])
def test_malformed_graph_is_refused_with_where(bad):
    with pytest.raises(distance.GraphError):
        distance.RoadGraph.from_json(bad)


def test_collection_matrix_returns_through_the_disposal_site():
    depot, disposal = (10.98, 106.68), (11.11, 106.67)
    bins = [(10.98, 106.65), (10.99, 106.67)]
    m = distance.collection_matrix(depot, bins, disposal)
    full = distance.distance_matrix([depot, *bins, disposal])
    for j in (1, 2):
        assert m[0][j] == full[0][j]
        assert m[j][0] == full[j][3] + full[3][0]
        assert m[j][0] > m[0][j]  # asymmetric: the way back goes by the disposal site
    assert m[1][2] == full[1][2]
    assert distance.route_legs(m, [1, 2]) == [m[0][1], m[1][2], m[2][0]]


def test_shift_windows_and_next_shift():
    day = dt.date(2026, 12, 5)
    start, end = planning.shift_window(day, "night")
    assert dt.datetime.fromtimestamp(start, planning.LOCAL).hour == 21
    assert end - start == 7 * 3600
    assert planning.next_shift_start(day, "night") == planning.shift_window(day + dt.timedelta(days=1), "morning")[0]
    assert planning.next_shift_start(day, "morning") == planning.shift_window(day, "afternoon")[0]
    assert planning.current_shift(planning.shift_window(day, "afternoon")[0] + 60) == (day, "afternoon")


def test_loads_selection_and_trip_assignment():
    assert planning.expected_load(50, 240, "general", "L") == 120
    assert planning.expected_load(100, 660, "organic", "kg") == math.ceil(660 * planning.DENSITY_KG_PER_L["organic"])
    c = planning.Candidate
    cands = [c("m1", "must", 500, 90), c("m2", "must", 400, 85), c("a", "may", 300, 70), c("b", "may", 300, 78), c("z", "may", 50, 60)]
    chosen, left = planning.select(cands, 1250)
    assert [x.key for x in chosen] == ["m1", "m2", "b", "z"]  # b (more urgent) before a; a no longer fits, z does
    assert [x.key for x in left] == ["a"]
    per = planning.assign_trips([10, 40, 30, 20], 2)
    totals = sorted(sum([10, 40, 30, 20][i] for i in trips) for trips in per)
    assert totals == [50, 50] and sorted(i for t in per for i in t) == [0, 1, 2, 3]

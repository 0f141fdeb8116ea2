"""Distances for collection routes, in whole metres. No Django import.

Road distances come from a road network graph when one is given (shortest paths by
Dijkstra's algorithm over its edges, one-way streets respected); otherwise the great-circle
(haversine) distance times a detour factor. Road distance over straight-line distance is
about 1.2-1.4 in cities (Boscoe, Henry & Zdeb, "A nationwide comparison of driving distance
versus straight-line distance to hospitals", Professional Geographer 2012, found 1.2-1.4;
1.3 is the usual planning default).

The graph format (JSON, WGS84):

    {"nodes": [[id, lat, lon], ...],
     "edges": [[from_id, to_id, length_m or null, oneway], ...]}

`length_m` null means the straight line between the two nodes; `oneway` false (or absent)
means the edge runs both ways. A point off the network joins it at its nearest node over a
straight-line leg (times the detour factor).

The collection matrix is asymmetric on purpose: node 0 is the depot, nodes 1..n the bins,
and the cost of "bin j -> node 0" is bin j -> disposal site -> depot, so that every route the
solver returns ends by unloading (the solver itself only knows depot-to-depot tours).
"""
from __future__ import annotations

import heapq
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

EARTH_RADIUS_M = 6_371_008.8  # mean Earth radius (IUGG)
DEFAULT_DETOUR = 1.3


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres on a sphere of the mean Earth radius."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


class GraphError(ValueError):
    """The road graph is malformed (the message says where)."""


@dataclass
class RoadGraph:
    nodes: dict = field(default_factory=dict)   # id -> (lat, lon)
    adj: dict = field(default_factory=dict)     # id -> list of (to, metres)

    @classmethod
    def from_json(cls, data: dict) -> RoadGraph:
        if not isinstance(data, dict) or not isinstance(data.get("nodes"), list) or not isinstance(data.get("edges"), list):
            raise GraphError("a road graph is an object with lists 'nodes' and 'edges'")
        g = cls()
        for i, node in enumerate(data["nodes"]):
            try:
                nid, lat, lon = node[0], float(node[1]), float(node[2])
            except (TypeError, ValueError, IndexError):
                raise GraphError(f"nodes[{i}]: expected [id, lat, lon]") from None
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                raise GraphError(f"nodes[{i}]: coordinates out of range")
            g.nodes[nid] = (lat, lon)
            g.adj.setdefault(nid, [])
        for i, edge in enumerate(data["edges"]):
            if not isinstance(edge, (list, tuple)) or len(edge) < 2:
                raise GraphError(f"edges[{i}]: expected [from, to, length_m, oneway]")
            a, b = edge[0], edge[1]
            if a not in g.nodes or b not in g.nodes:
                raise GraphError(f"edges[{i}]: unknown node {a if a not in g.nodes else b}")
            length = edge[2] if len(edge) > 2 else None
            if length is None:
                length = haversine_m(*g.nodes[a], *g.nodes[b])
            try:
                length = float(length)
            except (TypeError, ValueError):
                raise GraphError(f"edges[{i}]: length must be a number of metres") from None
            if not math.isfinite(length) or length < 0:
                raise GraphError(f"edges[{i}]: length must be a non-negative number of metres")
            oneway = bool(edge[3]) if len(edge) > 3 else False
            g.adj[a].append((b, length))
            if not oneway:
                g.adj[b].append((a, length))
        return g

    def nearest(self, lat: float, lon: float) -> tuple[object, float]:
        """(node id, straight-line metres) of the node nearest to a point."""
        if not self.nodes:
            raise GraphError("the road graph has no nodes")
        # equirectangular pre-selection is exact enough to rank nodes a few km apart
        k = math.cos(math.radians(lat))
        best = min(self.nodes.items(), key=lambda kv: (kv[1][0] - lat) ** 2 + ((kv[1][1] - lon) * k) ** 2)
        return best[0], haversine_m(lat, lon, *best[1])

    def shortest_from(self, source) -> dict:
        """Dijkstra: metres from `source` to every reachable node."""
        dist = {source: 0.0}
        heap = [(0.0, 0, source)]
        tie = 1
        while heap:
            d, _, u = heapq.heappop(heap)
            if d > dist.get(u, math.inf):
                continue
            for v, w in self.adj.get(u, ()):
                nd = d + w
                if nd < dist.get(v, math.inf):
                    dist[v] = nd
                    heapq.heappush(heap, (nd, tie, v))
                    tie += 1
        return dist


def distance_matrix(points: Sequence[tuple[float, float]], graph: RoadGraph | None = None,
                    detour: float = DEFAULT_DETOUR) -> list[list[int]]:
    """Metres between every pair of (lat, lon) points: over the road graph when given (access
    legs to the nearest node count as straight lines x detour; pairs the graph cannot join fall
    back to straight line x detour), else straight line x detour."""
    if detour < 1.0:
        raise ValueError(f"a detour factor below 1 ({detour}) would make roads shorter than straight lines")
    n = len(points)
    straight = [[0 if i == j else int(round(haversine_m(*points[i], *points[j]) * detour)) for j in range(n)] for i in range(n)]
    if graph is None or not graph.nodes:
        return straight
    snapped = [graph.nearest(lat, lon) for lat, lon in points]
    out = [row[:] for row in straight]
    cache: dict = {}
    for i in range(n):
        ni, ai = snapped[i]
        if ni not in cache:
            cache[ni] = graph.shortest_from(ni)
        reach = cache[ni]
        for j in range(n):
            if i == j:
                continue
            nj, aj = snapped[j]
            road = reach.get(nj)
            if road is None:
                continue
            out[i][j] = int(round(road + (ai + aj) * detour))
    return out


def collection_matrix(depot: tuple[float, float], bins: Sequence[tuple[float, float]], disposal: tuple[float, float] | None,
                      graph: RoadGraph | None = None, detour: float = DEFAULT_DETOUR) -> list[list[int]]:
    """(n+1) x (n+1) metres: node 0 the depot, 1..n the bins; j -> 0 is j -> disposal -> depot
    (j -> depot when there is no disposal site)."""
    points = [depot, *bins] + ([disposal] if disposal is not None else [])
    full = distance_matrix(points, graph, detour)
    n = len(bins) + 1
    matrix = [row[:n] for row in full[:n]]
    if disposal is not None:
        k = n  # the disposal site's index in `full`
        for j in range(1, n):
            matrix[j][0] = full[j][k] + full[k][0]
    return matrix


def route_legs(matrix: Sequence[Sequence[int]], route: Iterable[int]) -> list[int]:
    """Metres of each leg of depot -> route... -> (disposal ->) depot; the last leg is the return."""
    legs, prev = [], 0
    for node in route:
        legs.append(matrix[prev][node])
        prev = node
    legs.append(matrix[prev][0])
    return legs

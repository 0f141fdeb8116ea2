"""Domain operations of the sanitation app (no HTTP): live bin states from the hub, building
and optimising a collection plan, recording collections."""
from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from smartcity.hub.models import Datastream, Latest, Observation
from smartcity.sanitation import distance, fillrate, planning
from smartcity.sanitation.models import Bin, Collection, CollectionPlan, PlannedRoute, PlannedStop, PlanState, StopState

HISTORY_S = 4 * 86400   # readings looked at for a bin's rate: the current cycle and the one before
MAX_SECONDS = 5.0       # a plan is optimised inside the request: keep the page under ~5 s


class PlanError(ValueError):
    """The plan cannot be built (the message says why; `code` for the API)."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


@dataclass
class BinState:
    bin: Bin
    estimate: fillrate.FillEstimate
    latest_t: int | None
    full_at: int | None          # predicted time to the bin's threshold
    visit: str | None = None     # 'must' / 'may' for a given shift

    @property
    def level(self):
        return self.estimate.level

    @property
    def rate(self):
        return self.estimate.rate


def bin_asset(owner, code: str, *, slug: str | None = None, name: str | None = None, latitude=None, longitude=None,
              address: str = "", published: bool = True):
    """The hub asset of a new bin: the existing waste-bin asset `slug` of the same owner, or
    a new one at the given place with the datastreams a bin sensor feeds. Raises
    rest_framework's ValidationError (the API's error shape) when the asset cannot be used."""
    from rest_framework.exceptions import ErrorDetail, ValidationError

    from smartcity.hub import registry
    from smartcity.hub.models import Asset
    from smartcity.sanitation.hub_types import BIN_QUANTITIES

    def refuse(message, code):
        raise ValidationError({"asset": [ErrorDetail(message, code=code)]})

    if slug:
        asset = Asset.objects.filter(slug=slug).first()
        if asset is None:
            refuse(f"no hub asset '{slug}'", "does_not_exist")
        if asset.asset_type_id != "waste-bin":
            refuse(f"hub asset '{slug}' is a {asset.asset_type_id}, not a waste-bin", "wrong_type")
        if asset.owner_id != owner.pk:
            refuse(f"hub asset '{slug}' belongs to another organisation", "other_owner")
        if Bin.objects.filter(asset=asset).exists():
            refuse(f"hub asset '{slug}' already is a bin", "unique")
    else:
        slug = f"bin-{code.lower()}"
        if Asset.objects.filter(slug=slug).exists():
            refuse(f"a hub asset '{slug}' exists already: name it as the bin's asset", "unique")
        asset = Asset.objects.create(slug=slug, asset_type_id="waste-bin", owner=owner, name=name, latitude=latitude,
                                     longitude=longitude, address=address, published=published, properties={"bin_code": code})
    have = set(Datastream.objects.filter(asset=asset).values_list("quantity_id", flat=True))
    Datastream.objects.bulk_create([Datastream(asset=asset, quantity_id=q, unit=registry.QUANTITIES[q].unit, expected_interval_s=1800)
                                    for q in BIN_QUANTITIES if q not in have and q in registry.QUANTITIES])
    return asset


def fill_streams(bins) -> dict[int, int]:
    """{bin id: fill_level datastream id}."""
    by_asset = {b.asset_id: b.pk for b in bins}
    return {by_asset[a]: ds for ds, a in Datastream.objects.filter(asset_id__in=list(by_asset), quantity_id="fill_level")
            .values_list("id", "asset_id")}


def bin_states(bins, now: int | None = None) -> dict[int, BinState]:
    """Live state of each bin: the hub's recent fill readings (one query) -> fill estimate."""
    bins = list(bins)
    now = int(time.time()) if now is None else int(now)
    streams = fill_streams(bins)
    series: dict[int, list] = {ds: [] for ds in streams.values()}
    if streams:
        rows = (Observation.objects.filter(datastream_id__in=list(streams.values()), t__gte=now - HISTORY_S, t__lte=now, status=0)
                .order_by("datastream_id", "t").values_list("datastream_id", "t", "value"))
        for ds, t, v in rows.iterator(chunk_size=5000):
            series[ds].append((t, v))
    out = {}
    for b in bins:
        ds = streams.get(b.pk)
        readings = series.get(ds, [])
        emptied = int(b.last_emptied_at.timestamp()) if b.last_emptied_at else None
        est = fillrate.estimate(readings, emptied_at=emptied)
        out[b.pk] = BinState(b, est, readings[-1][0] if readings else None, est.time_to(b.threshold_pct))
    return out


def latest_levels(bins) -> dict[int, tuple[int, float]]:
    """{bin id: (t, value)} of the hub's latest fill reading."""
    streams = fill_streams(bins)
    rows = Latest.objects.filter(datastream_id__in=list(streams.values())).values_list("datastream_id", "t", "value")
    by_ds = {ds: (t, v) for ds, t, v in rows}
    return {b: by_ds[ds] for b, ds in streams.items() if ds in by_ds}


# -- plans ------------------------------------------------------------------------------
def plan_bins(plan: CollectionPlan):
    qs = Bin.objects.filter(owner_id=plan.owner_id, asset__active=True).select_related("asset")
    if plan.zone:
        qs = qs.filter(zone=plan.zone)
    return qs.exclude(asset__latitude__isnull=True).exclude(asset__longitude__isnull=True)


def optimise(plan: CollectionPlan, now: int | None = None, seed: int = 1, max_iterations: int | None = None) -> CollectionPlan:
    """Read the live bin levels, choose the bins, solve the routing problem and store one
    route per truck (replacing the plan's previous routes). Raises PlanError. The solver runs
    outside any transaction (SQLite would hold its write lock for the whole solve); the routes
    are written in one."""
    from smartcity.sanitation.vrp import solve

    now = int(time.time()) if now is None else int(now)
    trucks = list(plan.trucks.filter(active=True).order_by("plate"))
    if not trucks:
        raise PlanError("no_trucks", "Choose at least one truck in service.")
    units = {t.capacity_unit for t in trucks}
    if len(units) > 1:
        raise PlanError("mixed_units", "The trucks of one plan must count their capacity in the same unit (kg or litres).")
    unit = units.pop()
    capacity = min(t.capacity for t in trucks)  # one capacity for the solver: the smallest truck's
    start, end = planning.shift_window(plan.date, plan.shift)
    next_start = planning.next_shift_start(plan.date, plan.shift)
    at = max(now, (start + end) // 2)  # bins are reached around mid-shift (or now, once the shift is under way)

    bins = list(plan_bins(plan))
    states = bin_states(bins, now)
    candidates = []
    for b in bins:
        st = states[b.pk]
        visit = fillrate.classify(st.estimate, next_start, threshold=plan.threshold_pct, margin_h=plan.margin_h)
        if visit is None or (visit == "may" and not plan.include_may):
            continue
        level = st.estimate.level_at(at) or 0.0
        load = min(capacity, planning.expected_load(level, b.capacity_l, b.waste_kind, unit))
        candidates.append(planning.Candidate(b.pk, visit, load, st.estimate.level_at(next_start) or 0.0))
    vehicles = len(trucks) * max(1, plan.trips_per_truck)
    chosen, left_out = planning.select(candidates, int(0.95 * vehicles * capacity))
    by_id = {b.pk: b for b in bins}
    chosen_bins = [by_id[c.key] for c in chosen]

    graph = None
    if plan.road_graph_id:
        try:
            graph = distance.RoadGraph.from_json(plan.road_graph.data)
        except distance.GraphError as exc:
            raise PlanError("bad_road_graph", f"The road graph cannot be used: {exc}") from None
    depot = (plan.depot.latitude, plan.depot.longitude)
    disposal = (plan.disposal_site.latitude, plan.disposal_site.longitude) if plan.disposal_site_id else None
    points = [(b.asset.latitude, b.asset.longitude) for b in chosen_bins]
    matrix = distance.collection_matrix(depot, points, disposal, graph, plan.detour)
    demands = [0] + [c.load for c in chosen]
    seconds = min(MAX_SECONDS, max(0.1, plan.seconds))
    solution = solve(matrix, demands, capacity, vehicles=vehicles, seconds=seconds, seed=seed, max_iterations=max_iterations)

    with transaction.atomic():
        plan.routes.all().delete()
        lengths = [sum(distance.route_legs(matrix, trip)) for trip in solution.routes]
        per_truck = planning.assign_trips(lengths, len(trucks))
        number = 0
        routes_out = []
        for k, trip_ids in enumerate(per_truck):
            if not trip_ids:
                continue
            truck = trucks[k]
            number += 1
            route = PlannedRoute.objects.create(owner_id=plan.owner_id, published=plan.published, plan=plan, number=number,
                                                truck=truck, driver=truck.driver, trips=len(trip_ids))
            stops, path, total, load, order = [], [list(depot)], 0, 0, 0
            for trip_no, i in enumerate(trip_ids, 1):
                trip = solution.routes[i]
                legs = distance.route_legs(matrix, trip)
                for node, leg in zip(trip, legs):
                    order += 1
                    c = chosen[node - 1]
                    b = chosen_bins[node - 1]
                    stops.append(PlannedStop(route=route, order=order, trip=trip_no, bin=b, visit=c.visit,
                                             level_pct=round(states[b.pk].estimate.level_at(at) or 0.0, 1), load=c.load, leg_m=leg))
                    path.append([b.asset.latitude, b.asset.longitude])
                    load += c.load
                if disposal is not None:
                    path.append(list(disposal))
                path.append(list(depot))
                total += sum(legs)
            PlannedStop.objects.bulk_create(stops)
            route.distance_m, route.load, route.geometry = total, load, path
            route.save(update_fields=["distance_m", "load", "geometry", "updated_at"])
            routes_out.append(route)

        plan.state = PlanState.PLANNED
        plan.planned_at = timezone.now()
        plan.levels_at = dt.datetime.fromtimestamp(now, dt.UTC)
        plan.distance_m = solution.cost
        plan.feasible = solution.feasible
        plan.solve_seconds = round(solution.seconds, 3)
        plan.iterations = solution.iterations
        plan.summary = {
            "bins_considered": len(bins), "must": sum(c.visit == "must" for c in chosen),
            "may": sum(c.visit == "may" for c in chosen), "left_out": [by_id[c.key].code for c in left_out],
            "capacity": capacity, "unit": unit, "vehicles": vehicles, "trips": len(solution.routes),
            "load": sum(demands), "road_graph": graph is not None, "detour": plan.detour,
        }
        plan.save()
    return plan


def plan_totals(plan: CollectionPlan) -> list[dict]:
    """Per route: distance, load against the truck's capacity over its trips, bins."""
    out = []
    for r in plan.routes.select_related("truck", "driver").prefetch_related("stops"):
        stops = list(r.stops.all())
        cap = r.truck.capacity * max(1, r.trips)
        out.append({"route": r, "bins": len(stops), "km": r.distance_m / 1000, "load": r.load, "capacity": cap,
                    "unit": r.truck.capacity_unit, "pct": round(100 * r.load / cap, 1) if cap else None,
                    "collected": sum(s.state == StopState.COLLECTED for s in stops)})
    return out


# -- collections ----------------------------------------------------------------------------
@transaction.atomic
def record_collection(bin: Bin, *, when=None, fill_before=None, weight_kg=None, stop: PlannedStop | None = None,
                      truck=None, user=None, note: str = "") -> Collection:
    """Write an emptying; the bin's fill cycle restarts (its last_emptied_at moves forward only)
    and the planned stop, if any, is marked collected."""
    when = when or timezone.now()
    if fill_before is None:
        latest = latest_levels([bin]).get(bin.pk)
        fill_before = latest[1] if latest else None
    if stop is not None and truck is None:
        truck = stop.route.truck
    c = Collection.objects.create(owner_id=bin.owner_id, published=bin.published, bin=bin, stop=stop, truck=truck,
                                  collected_at=when, fill_before_pct=fill_before, weight_kg=weight_kg, note=note,
                                  recorded_by=user if getattr(user, "is_authenticated", False) else None)
    if bin.last_emptied_at is None or when > bin.last_emptied_at:
        Bin.objects.filter(pk=bin.pk).update(last_emptied_at=when)
        bin.last_emptied_at = when
    if stop is not None:
        PlannedStop.objects.filter(pk=stop.pk).update(state=StopState.COLLECTED)
        stop.state = StopState.COLLECTED
        plan = stop.route.plan
        if not PlannedStop.objects.filter(route__plan=plan, state=StopState.PENDING).exists():
            CollectionPlan.objects.filter(pk=plan.pk).update(state=PlanState.DONE)
    return c

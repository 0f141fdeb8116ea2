"""Shared pieces of the benchmarks: timing, percentiles, bench fixtures in the database."""
import statistics
import time


def percentile(values, p):
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def timed(fn, *args, **kwargs):
    start = time.perf_counter()
    out = fn(*args, **kwargs)
    return time.perf_counter() - start, out


def latency_stats(samples_s):
    ms = [s * 1000 for s in samples_s]
    return {"p50_ms": round(statistics.median(ms), 3), "p95_ms": round(percentile(ms, 95), 3), "max_ms": round(max(ms), 3), "n": len(ms)}


def bench_assets(n_assets: int, type_code: str = "air-station", prefix: str = "bench"):
    """Create (or reuse) n bench assets owned by DONRE; returns them in slug order."""
    from smartcity.core.models import Organisation
    from smartcity.core.seed import load_reference
    from smartcity.hub.models import Asset
    from smartcity.hub.services import sync_registry

    if not Organisation.objects.filter(code="DONRE").exists():
        load_reference()
    sync_registry()
    owner = Organisation.objects.get(code="DONRE")
    existing = {a.slug: a for a in Asset.objects.filter(slug__startswith=f"{prefix}-")}
    new = []
    for i in range(n_assets):
        slug = f"{prefix}-{i:05d}"
        if slug not in existing:
            new.append(Asset(slug=slug, asset_type_id=type_code, owner=owner, name=f"Trạm đo thử {i}",
                             latitude=10.85 + (i % 100) * 0.005, longitude=106.55 + (i // 100) * 0.005))
    Asset.objects.bulk_create(new, batch_size=1000)
    return list(Asset.objects.filter(slug__startswith=f"{prefix}-").order_by("slug")[:n_assets])


def bench_datastreams(assets, quantities):
    from smartcity.hub import registry
    from smartcity.hub.models import Datastream

    have = {(d.asset_id, d.quantity_id): d for d in Datastream.objects.filter(asset__in=assets)}
    new = [Datastream(asset=a, quantity_id=q, unit=registry.QUANTITIES[q].unit) for a in assets for q in quantities if (a.id, q) not in have]
    Datastream.objects.bulk_create(new, batch_size=1000)
    return list(Datastream.objects.filter(asset__in=assets, quantity_id__in=quantities).order_by("id"))


def drop_bench_data(prefix: str = "bench"):
    """Remove every bench asset; its datastreams' readings go with them (hub.services.purge_readings)."""
    from django.db import transaction

    from smartcity.hub.models import Asset, DeviceToken

    with transaction.atomic():
        DeviceToken.objects.filter(name=prefix).delete()
        Asset.objects.filter(slug__startswith=f"{prefix}-").delete()

"""`smartcity bench gis` on a small layer: the bbox request measured with the indexes and
with every index disabled, the same answers both ways, figures printed side by side; the
tiles of zooms 14-18 generalised against full precision."""
import pytest

pytestmark = pytest.mark.django_db


def test_bench_gis_small_run(reference):
    from bench import gis
    from smartcity.gis.models import Feature, Layer

    lines = []
    result = gis.main(parcels=2000, samples=10, out=lines.append)
    assert result["database"] in ("sqlite", "postgresql") and result["parcels"] == 2000
    for name in ("street", "district"):
        row = result["windows"][name]
        for side in ("indexed", "baseline"):
            assert row[side]["n"] == 10 and 0 < row[side]["p50_ms"] <= row[side]["p95_ms"] <= row[side]["max_ms"]
        assert row["ratio_p95"] == round(row["baseline"]["p95_ms"] / row["indexed"]["p95_ms"], 2)
    assert result["windows"]["district"]["matched_median"] > result["windows"]["street"]["matched_median"] > 0
    assert isinstance(result["target_met"], bool) and result["target_p95_ms"] == 100.0
    assert "2,000 parcels" in lines[0] and any("baseline/indexed p95" in line for line in lines)
    # tiles: every zoom measured both ways on the same tiles; rounding makes them smaller
    assert result["tile_samples"] == 10 and sorted(result["tiles"], key=int) == [str(z) for z in gis.TILE_ZOOMS]
    for z, row in result["tiles"].items():
        g, b = row["generalised"], row["baseline"]
        assert g["n"] == b["n"] == 10 and 0 < g["p50_ms"] <= g["p95_ms"] <= g["max_ms"]
        assert g["mean_bytes"] <= b["mean_bytes"] and g["features_median"] <= b["features_median"]
        assert row["bytes_ratio"] == round(g["mean_bytes"] / b["mean_bytes"], 3)
    z14 = result["tiles"]["14"]
    assert z14["generalised"]["features_median"] > 0 and z14["generalised"]["mean_bytes"] < z14["baseline"]["mean_bytes"]
    assert z14["tolerance_deg"] > result["tiles"]["18"]["tolerance_deg"] and z14["decimals"] < result["tiles"]["18"]["decimals"]
    assert sum(1 for line in lines if line.startswith("  tile z")) == len(gis.TILE_ZOOMS)
    # the bench layer is gone afterwards
    assert not Layer.objects.filter(key=gis.LAYER_KEY).exists() and not Feature.objects.filter(fid__startswith="B-").exists()


def test_bench_command_offers_gis():
    from smartcity.core.management.commands.bench import Command

    parser = Command().create_parser("smartcity", "bench")
    assert parser.parse_args(["gis"]).suite == "gis"

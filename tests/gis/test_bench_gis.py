"""`smartcity bench gis` on a small layer: the bbox request measured with the indexes and
with every index disabled, the same answers both ways, figures printed side by side."""
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
    # the bench layer is gone afterwards
    assert not Layer.objects.filter(key=gis.LAYER_KEY).exists() and not Feature.objects.filter(fid__startswith="B-").exists()


def test_bench_command_offers_gis():
    from smartcity.core.management.commands.bench import Command

    parser = Command().create_parser("smartcity", "bench")
    assert parser.parse_args(["gis"]).suite == "gis"

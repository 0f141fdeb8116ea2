"""`smartcity bench onestop` on a small database: it builds its own SQLite files, measures intake
and lookup against an empty database side by side and prints the figures."""
import json

from django.core.management import call_command


def test_bench_onestop_small_run_prints_figures(capfd):
    call_command("bench", "onestop", "--dossiers", "2000", "--samples", "20", "--json")
    out, err = capfd.readouterr()
    result = json.loads(out[out.index("{"):])
    assert result["database"] == "sqlite"
    assert result["dossiers"] == result["load"]["dossiers"] == 2000
    assert result["load"]["handoffs"] > 2000 and result["load"]["returned"] > 1000 and result["load"]["open"] > 0
    # the day's volume defaults to 1 % of the stored dossiers (10,000 for a million)
    assert result["day"]["intakes"] == 20 and result["day"]["per_s"] > 0
    # stored + 3 warm-up + the timed intakes + the day's intakes, all on the big database
    assert result["dossiers_after"] == 2000 + 3 + 20 + 20
    for key in ("intake", "lookup", "lookup_page"):
        row = result["measures"][key]
        for side in ("empty", "full"):
            figures = row[side]
            assert figures["n"] == 20
            assert 0 < figures["p50_ms"] <= figures["p95_ms"] <= figures["p99_ms"] <= figures["max_ms"]
        assert row["ratio_p95"] == round(row["full"]["p95_ms"] / row["empty"]["p95_ms"], 2)
    assert result["target_p95_ms"] == 100.0 and isinstance(result["target_met"], bool)
    # the table, side by side
    assert "intake at the counter" in err and "public lookup" in err and "ratio p95" in err
    assert "2,000 dossiers" in err and "a day's volume: 20 intakes" in err

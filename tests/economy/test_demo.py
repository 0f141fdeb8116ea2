"""The demo register: real industrial parks, ~1,500 invented enterprises with valid tax
codes and Binh Duong's sector mix, duplicate pairs to review; fast and idempotent."""
import time

import pytest

from smartcity.economy import demo_economy, taxcode
from smartcity.economy.models import DuplicateCandidate, Enterprise, IndustrialPark, Sector

pytestmark = pytest.mark.django_db


def test_demo_loads_fast_and_once(reference):
    start = time.perf_counter()
    counts = demo_economy.load()
    elapsed = time.perf_counter() - start
    assert elapsed < 30, elapsed  # ~3 s on a quiet machine; the whole demo must stay fast
    assert counts["parks"] == 20 and counts["enterprises"] >= 1500
    assert Sector.objects.filter(level=1).count() == 21 and Sector.objects.filter(level=2).count() == 88
    assert IndustrialPark.objects.get(code="vsip-1").occupancy_pct == 100.0
    sample = list(Enterprise.objects.order_by("?")[:200])
    assert all(taxcode.is_valid(e.tax_code) and e.search_text and e.sector_section for e in sample)
    sections = dict(Enterprise.objects.values_list("sector_section").annotate(n=__import__("django.db.models", fromlist=["Count"]).Count("pk")))
    assert sections["C"] > 0.6 * sum(sections.values())  # manufacturing leads, as in Binh Duong
    fdi = Enterprise.objects.filter(foreign_invested=True)
    assert 0.12 < fdi.count() / Enterprise.objects.count() < 0.4 and all(e.name_en for e in fdi[:50])
    assert set(fdi.values_list("investors__country", flat=True)) >= {"JP", "KR", "TW", "SG", "CN", "US"}
    assert DuplicateCandidate.objects.count() >= 3
    again = demo_economy.load()
    assert again["enterprises"] == 0 and again["parks"] == 0 and Enterprise.objects.count() == counts["enterprises"] + counts["from_other_modules"]

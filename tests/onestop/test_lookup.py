"""Public lookup service: code + last 4 phone digits, constant-time check, no enumeration,
rate limits per client IP and per code, and a status summary without personal data."""

import pytest
from django.core.cache import cache

from smartcity.onestop.services.lookup import RateLimited, lookup, mask_name, public_status
from tests.onestop.factories import local, make_dossier

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    yield
    cache.clear()


def test_right_code_and_digits_find_the_dossier(procedures):
    d = make_dossier(procedures["house"])  # phone 0908123456
    assert lookup(d.code, "3456") == d
    assert lookup(f"  {d.code.lower()} ", "34 56") == d  # spaces and case are forgiven
    assert lookup(d.code, "3455") is None
    assert lookup(d.code, "123456") is None  # more than the last 4 is not accepted
    assert lookup("000.00.DOC-260302-9999", "3456") is None
    assert lookup("", "3456") is None


def test_five_wrong_tries_lock_the_code_even_for_the_right_answer(procedures, settings):
    d = make_dossier(procedures["house"])
    for tail in ("0000", "1111", "2222", "3333", "4444"):
        assert lookup(d.code, tail, ip=f"203.113.1.{tail[0]}") is None  # from different addresses
    with pytest.raises(RateLimited) as exc:
        lookup(d.code, "3456", ip="203.113.9.9")
    assert 800 < exc.value.retry_after <= 900
    other = make_dossier(procedures["house"], applicant=1)
    assert lookup(other.code, "4321") == other  # other codes are not affected


def test_an_unknown_code_is_locked_exactly_like_a_known_one(procedures):
    known = make_dossier(procedures["business"])
    outcomes = {}
    for code in (known.code, "000.00.DPI-260302-7777"):
        seen = []
        for _ in range(6):
            try:
                seen.append(lookup(code, "9999") is None)
            except RateLimited as exc:
                seen.append(("locked", exc.retry_after > 0))
        outcomes[code] = seen
    assert outcomes[known.code] == outcomes["000.00.DPI-260302-7777"] == [True] * 5 + [("locked", True)]


def test_ten_wrong_tries_from_one_address_lock_that_address(procedures, settings):
    settings.ONESTOP_LOOKUP_CODE_FAILURES = 100
    d = make_dossier(procedures["house"])
    for i in range(10):
        assert lookup(f"000.00.DOC-260302-{i:04d}", "1234", ip="14.161.20.5") is None
    with pytest.raises(RateLimited):
        lookup(d.code, "3456", ip="14.161.20.5")
    assert lookup(d.code, "3456", ip="14.161.20.6") == d


def test_honest_lookups_from_a_shared_address_have_a_higher_cap(procedures, settings):
    settings.ONESTOP_LOOKUP_IP_TRIES = 12
    d = make_dossier(procedures["house"])
    for _ in range(12):
        assert lookup(d.code, "3456", ip="113.161.50.1") == d
    with pytest.raises(RateLimited):
        lookup(d.code, "3456", ip="113.161.50.1")


def test_limits_expire(procedures, settings):
    settings.ONESTOP_LOOKUP_CODE_LOCK = 1
    settings.ONESTOP_LOOKUP_CODE_FAILURES = 2
    d = make_dossier(procedures["house"])
    lookup(d.code, "0000")
    lookup(d.code, "0001")
    with pytest.raises(RateLimited):
        lookup(d.code, "3456")
    import time

    time.sleep(1.1)
    assert lookup(d.code, "3456") == d


def test_mask_name():
    assert mask_name("Nguyễn Văn Hùng") == "Nguyễn V. H."
    assert mask_name("Trần Thị Mỹ Linh") == "Trần T. M. L."
    assert mask_name("Lê") == "Lê"
    assert mask_name("") == ""


def test_public_status_computes_lateness_and_hides_personal_data(procedures):
    from smartcity.core.models import Organisation
    from smartcity.onestop.models import Apology, Handoff

    doc, donre = Organisation.objects.get(code="DOC"), Organisation.objects.get(code="DONRE")
    d = make_dossier(procedures["house"], status="processing", received_at=local(2026, 3, 2, 9, 15), due_at=local(2026, 3, 20, 16, 0))
    Handoff.objects.create(dossier=d, seq=1, kind="receive", to_unit=doc, at=local(2026, 3, 2, 9, 15))
    Handoff.objects.create(dossier=d, seq=2, kind="transfer", from_unit=doc, to_unit=donre, at=local(2026, 3, 11, 10, 0),
                           step_due_at=local(2026, 3, 11, 16, 0), timeliness="on_time", note="Ông Hùng gọi điện 0908123456")
    Apology.objects.create(dossier=d, unit=donre, reason="Chờ ý kiến", previous_due_at=local(2026, 3, 20, 16, 0),
                           new_due_at=local(2026, 3, 27, 16, 0), issued_at=local(2026, 3, 19, 9, 0))
    on_time = public_status(d, now=local(2026, 3, 20, 10, 0))
    assert on_time["late"] is False and on_time["clock"] == "running"
    late = public_status(d, now=local(2026, 3, 24, 16, 0))  # Monday 23 and Tuesday 24 past the Friday due
    assert late["late"] is True and 1.5 <= late["days_late"] <= 2.5
    assert [s["kind"] for s in late["steps"]] == ["receive", "transfer"]
    assert late["apologies"][0]["new_due_at"] == local(2026, 3, 27, 16, 0)
    assert late["applicant"] == "Nguyễn V. H."
    flat = repr(late)
    for secret in ("0908123456", "074085001234", "nguyenvanhung", "Yersin", "Hùng gọi", "Nguyễn Văn Hùng"):
        assert secret not in flat


def test_public_status_of_a_finished_dossier(procedures):
    d = make_dossier(procedures["business"], status="returned", received_at=local(2026, 3, 2, 9), due_at=local(2026, 3, 5, 9),
                     result_at=local(2026, 3, 4, 15), returned_at=local(2026, 3, 5, 8))
    s = public_status(d, now=local(2026, 4, 1))
    assert s["clock"] == "finished" and s["late"] is False and s["result_ready"] and s["returned"]
    s2 = public_status(make_dossier(procedures["business"], status="supplement", due_at=local(2026, 3, 5, 9)), now=local(2026, 4, 1))
    assert s2["clock"] == "stopped" and s2["late"] is False
    s3 = public_status(make_dossier(procedures["business"], status="submitted", channel="online"), now=local(2026, 4, 1))
    assert s3["clock"] == "not_started"

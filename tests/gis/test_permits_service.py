"""The permit register kept in step with the one-stop dossier: art. 102 deadlines from the
one-stop calendar (across a holiday, with the supplement clock stop), the status mapped from
each lifecycle action, location from the parcel, issue and refuse by the state rules."""
import datetime as dt

import pytest

from smartcity.gis.services import permits as service
from tests.gis.test_permits_fixtures import *  # noqa: F401,F403 - fixtures
from tests.gis.test_permits_fixtures import local, put_on_parcel


@pytest.fixture
def officer(make_user):
    return make_user("tham-dinh-gpxd", "DOC")


def _permit(dossier):
    from smartcity.gis.models import Permit

    return Permit.objects.get(dossier=dossier)


def test_dossier_of_a_house_permit_creates_its_permit_others_do_not(reference):
    from smartcity.gis.models import Permit
    from tests.onestop.factories import make_dossier, make_procedures

    service.clear_cache()
    versions = make_procedures()
    d = make_dossier(versions["house"], status="received")
    other = make_dossier(versions["business"], status="received")
    p = _permit(d)
    assert p.status == "appraisal" and p.kind == "new" and p.owner.code == "DOC"
    assert not Permit.objects.filter(dossier=other).exists()
    assert "—" not in p.project_name and d.applicant_name not in p.project_name


def test_appraisal_deadline_crosses_the_30_april_holidays(house):
    from smartcity.onestop.services import calendar
    from tests.onestop.factories import make_dossier

    assert not calendar.is_working_day(dt.date(2026, 4, 30)) and not calendar.is_working_day(dt.date(2026, 5, 1))
    received = local(2026, 4, 28, 9, 0)
    p = _permit(make_dossier(house, status="received", received_at=received))
    assert p.appraisal_due_at == calendar.due_at(received, 7, unit=house.receiving_unit)
    # seven working days counted by hand from the calendar skip the two holidays and the weekend
    day, counted = received.date(), 0
    while counted < 7:
        day += dt.timedelta(days=1)
        counted += calendar.is_working_day(day)
    assert p.appraisal_due_at.astimezone(p.appraisal_due_at.tzinfo).date() >= day - dt.timedelta(days=1)
    naive = received + dt.timedelta(days=9)   # seven weekdays later without holidays
    assert p.appraisal_due_at.date() > naive.date()
    assert p.decision_due_at == calendar.due_at(received, 15, unit=house.receiving_unit)


def test_supplement_stops_the_clock_and_opens_the_notice_step(house, officer):
    from smartcity.onestop.services import calendar, lifecycle
    from tests.onestop.factories import make_dossier

    received = local(2026, 3, 2, 9, 15)
    d = make_dossier(house, status="processing", received_at=received)
    first_due = _permit(d).decision_due_at
    asked, came = local(2026, 3, 4, 10, 0), local(2026, 3, 11, 14, 0)
    lifecycle.request_supplement(d, officer, ["Bản vẽ mặt cắt chưa thể hiện chiều cao tầng"], at=asked)
    assert _permit(d).status == "supplement"
    lifecycle.supplement_received(d, officer, at=came)
    p = _permit(d)
    assert p.status == "appraisal"
    stopped = calendar.working_days_between(asked, came, unit=house.receiving_unit)
    assert stopped > 4
    assert p.decision_due_at == calendar.add_working_time(first_due, stopped, unit=house.receiving_unit)
    steps = {s["key"]: s for s in service.deadlines(p, now=local(2026, 3, 12, 9, 0)) if "key" in s}
    assert steps["notice"]["due_at"] == calendar.add_working_time(came, 5, unit=house.receiving_unit)
    assert steps["appraisal"]["done_at"] == asked
    assert steps["decision"]["state"] == "pending"
    with pytest.raises(Exception) as exc:
        lifecycle.request_supplement(d, officer, ["Lần hai"], at=local(2026, 3, 13, 9, 0))
    assert getattr(exc.value, "code", "") == "supplement_once"


def test_lifecycle_result_refusal_and_withdrawal_move_the_register(house, officer):
    from smartcity.onestop.services import lifecycle
    from tests.onestop.factories import make_dossier

    received = local(2026, 3, 2, 9, 15)
    issued = make_dossier(house, status="processing", received_at=received)
    lifecycle.result_ready(issued, officer, "Giấy phép xây dựng", at=local(2026, 3, 16, 10, 0))
    p = _permit(issued)
    assert p.status == "issued" and p.number.endswith("/2026/GPXD") and p.decided_at == local(2026, 3, 16, 10, 0)
    assert p.valid_until == dt.date(2027, 3, 16)
    assert service.decision_timeliness(p) in ("early", "on_time")
    lifecycle.return_result(issued, officer, at=local(2026, 3, 17, 10, 0))
    assert _permit(issued).number == p.number   # returning the result keeps the permit and its number

    refused = make_dossier(house, status="processing", received_at=received)
    lifecycle.reject(refused, officer, "Vị trí xây dựng không phù hợp quy hoạch chi tiết 1/500.", at=local(2026, 3, 6, 9, 0))
    r = _permit(refused)
    assert r.status == "refused" and "quy hoạch" in r.note and not r.number

    withdrawn = make_dossier(house, status="received", received_at=received)
    lifecycle.withdraw(withdrawn, officer, "Người nộp xin rút hồ sơ.", at=local(2026, 3, 3, 9, 0))
    w = _permit(withdrawn)
    assert w.status == "withdrawn" and w.decided_at is None
    assert w.history.count() >= 2   # every change is in the history


def test_issue_and_refuse_follow_the_state_rules(house, officer, make_user):
    from django.core.exceptions import PermissionDenied

    from tests.onestop.factories import make_dossier

    p = _permit(make_dossier(house, status="processing"))
    with pytest.raises(PermissionDenied):
        service.issue(p, make_user("can-bo-so-khac", "DPI"))
    with pytest.raises(service.PermitError) as exc:
        service.refuse(p, officer, "  ")
    assert exc.value.code == "reason_required"
    service.issue(p, officer, at=local(2026, 3, 10, 9, 0))
    assert p.status == "issued" and p.number and p.valid_until == dt.date(2027, 3, 10)
    with pytest.raises(service.PermitError) as exc:
        service.refuse(p, officer, "Sai quy hoạch")
    assert exc.value.code == "final_state"
    # a later save of the dossier (still processing) does not undo the register's decision
    p.dossier.save()
    assert _permit(p.dossier).status == "issued"


def test_location_ward_and_former_district_from_the_parcel(house, parcels, units):
    from tests.onestop.factories import make_dossier

    p = _permit(make_dossier(house, status="processing"))
    put_on_parcel(p, parcels["phu_loi"], floors=4, coverage="60")
    p.refresh_from_db()
    assert p.ward == units["phu_loi"] and p.district == units["tdm"]
    assert 106.680 < p.longitude < 106.6802 and 10.980 < p.latitude < 10.9804
    assert p.footprint_m2 and p.floor_area_m2 == p.footprint_m2 * 4
    q = _permit(make_dossier(house, status="processing"))
    put_on_parcel(q, parcels["dong_hoa"])
    assert q.ward == units["dong_hoa"] and q.district == units["di_an"]


def test_planning_check_locates_the_permit(house, officer, units, make_layer, settings, tmp_path):
    from smartcity.gis.services.planning import check_dossier
    from tests.gis.planning_data import build
    from tests.onestop.factories import make_dossier

    settings.MEDIA_ROOT = str(tmp_path / "media")
    site = build(make_layer)
    d = make_dossier(house, status="processing")
    check = check_dossier(d, parcel=site["parcel_ok"], user=officer, use="residential", height_m="15", floors=4, coverage_pct="70")
    p = _permit(d)
    assert p.planning_check == check and p.parcel == site["parcel_ok"] and p.floors == 4
    assert p.longitude is not None and p.district == units["tdm"]


def test_sync_rebuilds_the_register(house):
    from smartcity.gis.models import Permit
    from tests.onestop.factories import make_dossier

    ds = [make_dossier(house, status=s) for s in ("received", "supplement", "rejected")]
    Permit.objects.all().delete()
    counts = service.sync()
    assert counts["permits"] == 3
    assert sorted(Permit.objects.values_list("status", flat=True)) == ["appraisal", "refused", "supplement"]
    assert service.sync()["permits"] == 3 and Permit.objects.count() == len(ds)

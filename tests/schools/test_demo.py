"""The demo loader: 30 schools in the right wards, three criteria sets (the latest with the
digital transformation criterion), two decided years with improvement, the present year
partly done, the school user; fast and idempotent."""
import time

import pytest

from smartcity.schools import demo_schools, services
from smartcity.schools.models import Assessment, CriteriaSet, Criterion, School, SchoolMembership


@pytest.mark.django_db
def test_demo_loads_fast_and_once(reference, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    t0 = time.perf_counter()
    counts = demo_schools.load()
    elapsed = time.perf_counter() - t0
    assert counts["schools"] == 30 and elapsed < 8  # ~1.5 s on a quiet machine plus one password hash
    assert School.objects.filter(unit__isnull=True).count() == 0 and School.objects.filter(former_unit__isnull=True).count() == 0
    assert School.objects.get(code="th-lai-thieu").unit.name_vi == "Lái Thiêu"
    assert all(800 <= s.pupils <= 2500 and 10.8 < s.latitude < 11.4 for s in School.objects.all())
    first, last, current = demo_schools.years()
    years = list(CriteriaSet.objects.order_by("school_year").values_list("school_year", flat=True))
    assert years == [first, last, current] and current == services.current_school_year()
    assert Criterion.objects.filter(group__criteria_set__school_year=current, code="3.5").exists()
    assert not Criterion.objects.filter(group__criteria_set__school_year=last, code="3.5").exists()
    past = {y: [a.dept_total for a in Assessment.objects.filter(school_year=y)] for y in (first, last)}
    assert sum(past[last]) / len(past[last]) > sum(past[first]) / len(past[first])
    assert Assessment.objects.filter(school_year=last, state="recognised").exists()
    assert Assessment.objects.filter(school_year=last, state="not_yet").exists()
    now = set(Assessment.objects.filter(school_year=current).values_list("state", flat=True))
    assert {"draft", "submitted", "evaluated"} <= now and "recognised" not in now
    member = SchoolMembership.objects.get(user__username=demo_schools.SCHOOL_USER[0])
    assert member.school.code == "th-phu-hoa-1" and member.user.role == "viewer"
    assert services.can_self_assess(member.user, Assessment.objects.get(school=member.school, school_year=current))
    again = demo_schools.load()
    assert again["new_schools"] == 0 and School.objects.count() == 30

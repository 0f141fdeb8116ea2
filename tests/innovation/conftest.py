"""Fixtures of the innovation tests: startups built in bulk, a published initiative, the
e-mail code read from Django's test outbox, rate-limit counters cleared."""
import datetime as dt
import re
from decimal import Decimal

import pytest


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def orgs(reference):
    from smartcity.core.models import Organisation

    return {o.code: o for o in Organisation.objects.filter(code__in=["DOST", "DPI", "TDMU", "VGU", "EIU", "VSVC", "VPTPTM"])}


@pytest.fixture
def make_startup(orgs):
    from smartcity.innovation.models import FundingRound, Startup, TeamMember

    def make(slug, name, *, stage="seed", tags=("agritech",), unis=("TDMU",), founded=dt.date(2022, 3, 1), owner="DOST",
             published=True, funding=(), founders=("female",), tagline=""):
        s = Startup.objects.create(slug=slug, name=name, stage=stage, tags=list(tags), founded=founded, owner=orgs[owner],
                                   published=published, tagline=tagline)
        s.universities.set([orgs[u] for u in unis])
        TeamMember.objects.bulk_create([TeamMember(startup=s, name=f"Thành viên {i}", role="CEO", founder=True, gender=g)
                                        for i, g in enumerate(founders)])
        FundingRound.objects.bulk_create([FundingRound(startup=s, date=d, kind=k, amount_vnd=Decimal(a), investor="Quỹ Đầu tư Phía Nam")
                                          for d, k, a in funding])
        return s

    return make


@pytest.fixture
def editor(make_user):
    return make_user("dost.khoa", "DOST", "editor", first_name="Khoa", last_name="Nguyễn Đăng")


@pytest.fixture
def published_initiative(orgs, editor):
    """An initiative confirmed by e-mail and published by the department's editor."""
    from smartcity.innovation import services

    ini, ver, code = services.submit(title="Trồng cây xanh đường Huỳnh Văn Lũy", category="greenery",
                                     description="Đoạn đường dài không có bóng mát, đề nghị trồng cây sao và bằng lăng.",
                                     name="Nguyễn Thị Hồng", email="hong.nguyen@gmail.com", phone="0912345678",
                                     place="Đường Huỳnh Văn Lũy", latitude=10.9936, longitude=106.6786, send=False)
    services.verify(ver.token, code)
    ini.refresh_from_db()
    services.change_state(ini, "published", by=editor)
    return ini


def code_from(message) -> str:
    return re.search(r"\b(\d{6})\b", message.body).group(1)

"""Fixtures of the website tests: the department's editor and another department's, news
categories and articles saved through the service (sanitised, folded, with history)."""
import datetime as dt

import pytest


@pytest.fixture
def dic_editor(make_user):
    return make_user("bientap.stttt", "DIC", first_name="Lan", last_name="Nguyễn Thị")


@pytest.fixture
def donre_editor(make_user):
    return make_user("bientap.stnmt", "DONRE")


@pytest.fixture
def category(reference):
    from smartcity.core.models import Organisation
    from smartcity.portal.models import Category

    return Category.objects.create(slug="giao-thong", owner=Organisation.objects.get(code="DIC"), name_vi="Giao thông",
                                   name_en="Transport")


@pytest.fixture
def make_article(category):
    from django.utils import timezone

    from smartcity.portal import services
    from smartcity.portal.models import Article

    def make(slug="tuyen-xe-buyt-70", title_vi="Tuyến xe buýt 70 nối Thành phố mới với Mỹ Phước",
             title_en="Bus route 70 links the New City with My Phuoc", status="published", days=1, **extra):
        article = Article(slug=slug, category=extra.pop("category", category), title_vi=title_vi, title_en=title_en,
                          summary_vi=extra.pop("summary_vi", "Tuyến 70 chạy từ ngày 10/10/2020."),
                          summary_en=extra.pop("summary_en", "Route 70 has run since 10 October 2020."),
                          body_vi=extra.pop("body_vi", "<p>Giá vé 12.000 đồng.</p>"),
                          body_en=extra.pop("body_en", "<p>Fare 12,000 VND.</p>"), status=status,
                          publish_at=timezone.now() - dt.timedelta(days=days), **extra)
        return services.save_article(article, check=False)

    return make

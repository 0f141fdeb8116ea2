"""UI routes of the public Smart City website under /portal/ and its staff pages."""
from django.urls import path

from smartcity.portal import feeds
from smartcity.portal import views_public as v
from smartcity.portal import views_staff as s
from smartcity.portal.cache import cached_page

urlpatterns = [
    path("", v.home, name="portal-home"),
    path("api/overview.json", v.overview_json, name="portal-overview-json"),
    path("api/map.json", v.map_json, name="portal-map-json"),
    path("chuong-trinh/", v.programme, name="portal-programme"),
    path("tin-tuc/", v.news, name="portal-news"),
    path("tin-tuc/rss.xml", cached_page(timeout=300)(feeds.LatestArticles()), name="portal-feed-rss"),
    path("tin-tuc/atom.xml", cached_page(timeout=300)(feeds.LatestArticlesAtom()), name="portal-feed-atom"),
    path("tin-tuc/<slug:slug>/", v.article, name="portal-article"),
    path("anh/<int:pk>/<str:size>.img", v.image, name="portal-image"),
    path("tim-kiem/", v.search_page, name="portal-search"),
    path("quan-tri/", s.article_list, name="portal-staff"),
    path("quan-tri/moi/", s.article_edit, name="portal-article-new"),
    path("quan-tri/<int:pk>/", s.article_edit, name="portal-article-edit"),
    path("quan-tri/<int:pk>/anh/", s.image_add, name="portal-image-add"),
    path("quan-tri/<int:pk>/xoa/", s.article_delete, name="portal-article-delete"),
    path("quan-tri/<int:pk>/lich-su/", s.article_history, name="portal-article-history"),
]

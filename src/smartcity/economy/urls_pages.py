"""UI routes of the economy app (views_enterprises, views_parks, views_stats, views_registry)."""
from django.urls import path

from smartcity.economy import views_enterprises as ve
from smartcity.economy import views_parks as vp
from smartcity.economy import views_registry as vr
from smartcity.economy import views_stats as vs

TAX = "<str:tax_code>"

urlpatterns = [
    path("", vr.home, name="economy-home"),
    path("enterprises/", ve.enterprise_list, name="economy-enterprises"),
    path("enterprises/new/", ve.enterprise_create, name="economy-enterprise-new"),
    path("enterprises/export/", ve.export, name="economy-export"),
    path(f"enterprises/{TAX}/", ve.enterprise_detail, name="economy-enterprise"),
    path(f"enterprises/{TAX}/edit/", ve.enterprise_edit, name="economy-enterprise-edit"),
    path(f"enterprises/{TAX}/links/", ve.link_add, name="economy-link-add"),
    path(f"enterprises/{TAX}/links/<int:pk>/remove/", ve.link_remove, name="economy-link-remove"),
    path("links/match/", ve.match_links, name="economy-links-match"),
    path("parks/", vp.park_list, name="economy-parks"),
    path("parks/<slug:code>/", vp.park_detail, name="economy-park"),
    path("stats/", vs.statistics, name="economy-stats"),
    path("import/", vr.import_page, name="economy-import"),
    path("import/<int:pk>/", vr.import_report, name="economy-import-report"),
    path("duplicates/", vr.duplicates, name="economy-duplicates"),
    path("duplicates/<int:pk>/", vr.duplicate_decide, name="economy-duplicate-decide"),
    path("access-log/", vr.access_log, name="economy-access-log"),
]

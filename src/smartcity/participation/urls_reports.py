"""UI routes of citizen reports (views_reports.py)."""
from django.urls import path

from smartcity.participation import views_reports as v

urlpatterns = [
    path("", v.home, name="participation-home"),
    path("reports/", v.report_list, name="participation-reports"),
    path("reports/new/", v.report_new, name="participation-report-new"),
    path("reports/stats/", v.stats_page, name="participation-stats"),
    path("confirm/<str:token>/", v.confirm, name="participation-confirm"),
    path("r/<str:code>/", v.track, name="participation-track"),
    path("r/<str:code>/photo/", v.photo, name="participation-report-photo"),
    path("r/<str:code>/act/", v.act, name="participation-act"),
    path("staff/", v.queue, name="participation-queue"),
]

"""UI routes of the startup pages (views_startups.py)."""
from django.urls import path

from smartcity.innovation import views_startups as v

urlpatterns = [
    path("startups/", v.startup_list, name="innovation-startups"),
    path("startups/stats/", v.startup_stats, name="innovation-stats"),
    path("startups/new/", v.startup_edit, name="innovation-startup-new"),
    path("startups/<slug:slug>/", v.startup_detail, name="innovation-startup"),
    path("startups/<slug:slug>/edit/", v.startup_edit, name="innovation-startup-edit"),
]

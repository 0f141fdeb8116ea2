"""UI routes: the executive dashboard (views_dashboard.py)."""
from django.urls import path

from smartcity.programme import views_dashboard as v

urlpatterns = [
    path("dashboard/", v.dashboard, name="programme-dashboard"),
    path("dashboard/data.json", v.dashboard_data, name="programme-dashboard-data"),
]

"""Service-quality dashboard and monthly report (views_quality.py) under /mobility/quality/."""
from django.urls import path

from smartcity.mobility import views_quality as v

urlpatterns = [
    path("quality/", v.dashboard, name="mobility-quality"),
    path("quality/routes/<str:route_id>/", v.route_detail, name="mobility-quality-route"),
]

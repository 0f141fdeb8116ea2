"""Public pages: map of stations, station page, display board (views_public.py)."""
from django.urls import path

from smartcity.environment import views_public

urlpatterns = [
    path("", views_public.station_map, name="env-map"),
]

"""UI routes of the public pages (views_public.py) and the staff usage page."""
from django.urls import path

from smartcity.wifi import views_public as v
from smartcity.wifi import views_usage as u

urlpatterns = [
    path("", v.hotspot_map, name="wifi-map"),
    path("map.json", v.map_json, name="wifi-map-json"),
    path("roadmap/", v.roadmap, name="wifi-roadmap"),
    path("usage/", u.usage_page, name="wifi-usage"),
]

"""UI routes of the public map (views_public.py)."""
from django.urls import path

from smartcity.toilets import views_public as v

urlpatterns = [
    path("map/", v.toilet_map, name="toilets-map"),
    path("map.json", v.map_json, name="toilets-map-json"),
]

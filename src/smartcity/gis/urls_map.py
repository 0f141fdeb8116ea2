"""UI routes: the map viewer (views_map.py)."""
from django.urls import path, re_path

from smartcity.gis import views_map as v

urlpatterns = [
    path("ban-do/", v.map_view, name="gis-map"),
    path("ban-do/lop-phu/<slug:key>.geojson", v.overlay, name="gis-map-overlay"),
    re_path(r"^ban-do/anh\.(?P<fmt>png|svg)$", v.image, name="gis-map-image"),
]

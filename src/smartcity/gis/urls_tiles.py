"""UI routes: GeoJSON tiles with geometry generalised per zoom (views_tiles.py)."""
from django.urls import path

from smartcity.gis import views_tiles

urlpatterns = [
    path("tiles/<slug:key>/<int:z>/<int:x>/<int:y>.geojson", views_tiles.tile, name="gis-tile"),
]

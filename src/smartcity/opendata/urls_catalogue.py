"""UI routes of the catalogue pages, downloads and statistics."""
from django.urls import path

from smartcity.opendata import views_catalogue as v
from smartcity.opendata import views_download as d
from smartcity.opendata import views_stats as s

urlpatterns = [
    path("", v.home, name="opendata-home"),
    path("d/<slug:slug>/", v.dataset, name="opendata-dataset"),
    path("r/<uuid:uuid>/preview.geojson", d.preview_geojson, name="opendata-preview-geojson"),
    path("r/<uuid:uuid>/<str:filename>", d.download, name="opendata-download"),
    path("stats/", s.stats, name="opendata-stats"),
]

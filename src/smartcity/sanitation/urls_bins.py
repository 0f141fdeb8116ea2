"""UI routes: bins (views_bins.py)."""
from django.urls import path

from smartcity.sanitation import views_bins as v

urlpatterns = [
    path("bins/", v.bin_list, name="sanitation-bins"),
    path("bins/map/", v.bin_map, name="sanitation-bin-map"),
    path("bins/<slug:code>/", v.bin_detail, name="sanitation-bin"),
]

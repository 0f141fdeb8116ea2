"""UI routes: the public bus map, its data, and the stop pages (views_public.py)."""
from django.urls import path

from smartcity.mobility import views_public as v

urlpatterns = [
    path("", v.bus_map, name="mobility-map"),
    path("network.geojson", v.network_geojson, name="mobility-network-geojson"),
    path("live.json", v.live_json, name="mobility-live"),
    path("stops/<str:stop_id>/", v.stop_page, name="mobility-stop"),
    path("stops/<str:stop_id>/arrivals.json", v.stop_arrivals_json, name="mobility-stop-arrivals"),
]

"""Pages of live vehicles (views_realtime.py): realtime sources with their check counts
(staff), and the live vehicles table (public)."""
from django.urls import path

from smartcity.mobility import views_realtime

urlpatterns = [
    path("realtime/", views_realtime.sources, name="mobility-rt-sources"),
    path("realtime/vehicles/", views_realtime.vehicles, name="mobility-rt-vehicles"),
]

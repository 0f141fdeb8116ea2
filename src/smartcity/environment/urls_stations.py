"""Staff pages of the station register (views_stations.py), under /environment/manage/stations/."""
from django.urls import path

from smartcity.environment import views_stations

urlpatterns = [
    path("manage/stations/", views_stations.station_list, name="env-station-list"),
    path("manage/stations/import/", views_stations.station_import, name="env-station-import"),
    path("manage/stations/<str:code>/edit/", views_stations.StationEditView.as_view(), name="env-station-edit"),
]

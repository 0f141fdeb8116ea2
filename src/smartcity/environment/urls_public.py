"""Public pages: map of stations, station page, display board, mobile track (views_public.py)."""
from django.urls import path

from smartcity.environment import views_public

urlpatterns = [
    path("", views_public.station_map, name="env-map"),
    path("stations.json", views_public.stations_json, name="env-stations-json"),
    path("stations/<str:code>/", views_public.station_detail, name="env-station"),
    path("board/", views_public.board, name="env-board"),
    path("board.json", views_public.board_json, name="env-board-json"),
    path("mobile/<str:code>/", views_public.track, name="env-track"),
]

"""Hub pages under /hub/: assets map and list, asset page, device tokens."""
from django.urls import path

from smartcity.hub import views

urlpatterns = [
    path("", views.asset_map, name="hub-map"),
    path("types/", views.asset_types, name="hub-types"),
    path("latest.json", views.latest_json, name="hub-latest-json"),
    path("series.json", views.series_json, name="hub-series-json"),
    path("assets/<slug:slug>/", views.asset_detail, name="hub-asset"),
    path("assets/<slug:slug>/tokens/", views.token_create, name="hub-token-create"),
    path("assets/<slug:slug>/tokens/<int:pk>/revoke/", views.token_revoke, name="hub-token-revoke"),
]

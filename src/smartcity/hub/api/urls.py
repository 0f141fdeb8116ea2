"""Hub REST API: viewsets on `router` (merged into /api/), plain views in `urlpatterns`
(mounted under /api/hub/)."""
from django.urls import path
from rest_framework.routers import DefaultRouter

from smartcity.hub.api import ingest, views

router = DefaultRouter()
router.register("hub/assets", views.AssetViewSet, basename="hub-asset")
router.register("hub/datastreams", views.DatastreamViewSet, basename="hub-datastream")
router.register("hub/device-tokens", views.DeviceTokenViewSet, basename="hub-device-token")
router.register("hub/quantities", views.QuantityViewSet, basename="hub-quantity")
router.register("hub/asset-types", views.AssetTypeViewSet, basename="hub-asset-type")

urlpatterns = [
    path("observations", ingest.post_observations, name="hub-observations"),
    path("latest", views.latest, name="hub-latest"),
    path("series", views.series, name="hub-series"),
    path("export.csv", views.export_csv, name="hub-export-csv"),
]

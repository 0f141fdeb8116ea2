"""Hub REST API: viewsets on `router` (merged into /api/), plain views in `urlpatterns`
(mounted under /api/hub/)."""
from django.urls import path
from rest_framework.routers import DefaultRouter

from smartcity.hub.api import ingest

router = DefaultRouter()

urlpatterns = [
    path("observations", ingest.post_observations, name="hub-observations"),
]

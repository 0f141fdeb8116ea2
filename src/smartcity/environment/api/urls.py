"""REST API of the environment app under /api/env/ (router viewsets + plain views)."""
from rest_framework.routers import DefaultRouter

from smartcity.environment.api import limits, qc, stations

router = DefaultRouter()
urlpatterns = []
for part in (stations, qc, limits):
    router.registry.extend(getattr(part, "router_entries", []))
    urlpatterns += getattr(part, "urlpatterns", [])
urlpatterns += router.urls

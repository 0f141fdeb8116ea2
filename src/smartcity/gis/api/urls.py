"""REST API of the GIS app under /api/gis/ (route names start `api-gis-`)."""
from importlib import import_module

from rest_framework.routers import SimpleRouter

_PARTS = ("layers", "planning", "search", "features", "exports", "permits")

router = SimpleRouter()
urlpatterns = []
for _name in _PARTS:
    _part = import_module(f"smartcity.gis.api.{_name}")
    router.registry.extend(getattr(_part, "router_entries", []))
    urlpatterns += getattr(_part, "urlpatterns", [])
urlpatterns += router.urls

"""REST API of the lighting app under /api/lighting/ (route names start `api-lighting-`)."""
from importlib import import_module

from rest_framework.routers import SimpleRouter

_PARTS = ("inventory", "schedules", "energy")

router = SimpleRouter()
urlpatterns = []
for _name in _PARTS:
    _part = import_module(f"smartcity.lighting.api.{_name}")
    router.registry.extend(getattr(_part, "router_entries", []))
    urlpatterns += getattr(_part, "urlpatterns", [])
urlpatterns += router.urls

"""REST API of the water app under /api/water/ (route names start `api-water-`)."""
from importlib import import_module

from rest_framework.routers import SimpleRouter

_PARTS = ("reservoirs",)

router = SimpleRouter()
urlpatterns = []
for _name in _PARTS:
    _part = import_module(f"smartcity.water.api.{_name}")
    router.registry.extend(getattr(_part, "router_entries", []))
    urlpatterns += getattr(_part, "urlpatterns", [])
urlpatterns += router.urls

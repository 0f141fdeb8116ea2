"""REST API of the wifi app under /api/wifi/ (route names start `api-wifi-`)."""
from importlib import import_module

from rest_framework.routers import SimpleRouter

_PARTS = ("hotspots", "usage_urls")

router = SimpleRouter()
urlpatterns = []
for _name in _PARTS:
    _part = import_module(f"smartcity.wifi.api.{_name}")
    router.registry.extend(getattr(_part, "router_entries", []))
    urlpatterns += getattr(_part, "urlpatterns", [])
urlpatterns += router.urls

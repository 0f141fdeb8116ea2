"""REST API of the innovation app under /api/innovation/ (route names start `api-innovation-`)."""
from importlib import import_module

from rest_framework.routers import SimpleRouter

_PARTS = ("startups", "programmes", "initiatives")

router = SimpleRouter()
urlpatterns = []
for _name in _PARTS:
    _part = import_module(f"smartcity.innovation.api.{_name}")
    router.registry.extend(getattr(_part, "router_entries", []))
    urlpatterns += getattr(_part, "urlpatterns", [])
urlpatterns += router.urls

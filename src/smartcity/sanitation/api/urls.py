"""REST API of the sanitation app under /api/sanitation/ (route names start `api-sanitation-`)."""
from importlib import import_module

from rest_framework.routers import SimpleRouter

_PARTS = ("bins", "collection")

router = SimpleRouter()
urlpatterns = []
for _name in _PARTS:
    _part = import_module(f"smartcity.sanitation.api.{_name}")
    router.registry.extend(getattr(_part, "router_entries", []))
    urlpatterns += getattr(_part, "urlpatterns", [])
urlpatterns += router.urls

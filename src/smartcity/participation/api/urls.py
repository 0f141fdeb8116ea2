"""REST API of the participation app under /api/participation/ (route names start `api-participation-`)."""
from importlib import import_module

from rest_framework.routers import SimpleRouter

_PARTS: tuple[str, ...] = ("reports", "consultations")

router = SimpleRouter()
urlpatterns = []
for _name in _PARTS:
    _part = import_module(f"smartcity.participation.api.{_name}")
    router.registry.extend(getattr(_part, "router_entries", []))
    urlpatterns += getattr(_part, "urlpatterns", [])
urlpatterns += router.urls

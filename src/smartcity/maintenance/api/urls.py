"""REST API of the maintenance app under /api/maintenance/ (route names start `api-maintenance-`)."""
from importlib import import_module

from rest_framework.routers import SimpleRouter

_PARTS = ("workorders",)

router = SimpleRouter()
urlpatterns = []
for _name in _PARTS:
    _part = import_module(f"smartcity.maintenance.api.{_name}")
    router.registry.extend(getattr(_part, "router_entries", []))
    urlpatterns += getattr(_part, "urlpatterns", [])
urlpatterns += router.urls

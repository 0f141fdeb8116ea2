"""REST API of the schools app under /api/schools/ (route names start `api-schools-`)."""
from importlib import import_module

from rest_framework.routers import SimpleRouter

_PARTS = ("schools", "criteria", "assessments", "progress")

router = SimpleRouter()
urlpatterns = []
for _name in _PARTS:
    _part = import_module(f"smartcity.schools.api.{_name}")
    router.registry.extend(getattr(_part, "router_entries", []))
    urlpatterns += getattr(_part, "urlpatterns", [])
urlpatterns += router.urls

"""REST API of the research app under /api/research/ (route names start `api-research-`)."""
from importlib import import_module

from rest_framework.routers import SimpleRouter

_PARTS: tuple[str, ...] = ("labs", "programmes", "stats")

router = SimpleRouter()
urlpatterns = []
for _name in _PARTS:
    _part = import_module(f"smartcity.research.api.{_name}")
    router.registry.extend(getattr(_part, "router_entries", []))
    urlpatterns += getattr(_part, "urlpatterns", [])
urlpatterns += router.urls

"""REST API of the surveys app under /api/surveys/ (route names start `api-surveys-`)."""
from importlib import import_module

from rest_framework.routers import SimpleRouter

_PARTS: tuple[str, ...] = ("questionnaires", "campaigns", "answer")

router = SimpleRouter()
urlpatterns = []
for _name in _PARTS:
    _part = import_module(f"smartcity.surveys.api.{_name}")
    router.registry.extend(getattr(_part, "router_entries", []))
    urlpatterns += getattr(_part, "urlpatterns", [])
urlpatterns += router.urls

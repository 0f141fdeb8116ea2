"""REST API of the toilets app under /api/toilets/ (route names start `api-toilets-`)."""
from importlib import import_module

from rest_framework.routers import SimpleRouter

_PARTS = ("toilets", "rounds")

router = SimpleRouter()
urlpatterns = []
for _name in _PARTS:
    _part = import_module(f"smartcity.toilets.api.{_name}")
    router.registry.extend(getattr(_part, "router_entries", []))
    urlpatterns += getattr(_part, "urlpatterns", [])
urlpatterns += router.urls

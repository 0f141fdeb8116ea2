"""REST API of the economy app under /api/economy/ (route names start `api-economy-`)."""
from importlib import import_module

from rest_framework.routers import SimpleRouter

_PARTS: tuple[str, ...] = ("enterprises", "reference")

router = SimpleRouter()
router.trailing_slash = "/?"  # /api/economy/enterprises?search=... as the issue writes it, and with the slash
urlpatterns = []
for _name in _PARTS:
    _part = import_module(f"smartcity.economy.api.{_name}")
    router.registry.extend(getattr(_part, "router_entries", []))
    urlpatterns += getattr(_part, "urlpatterns", [])
urlpatterns += router.urls

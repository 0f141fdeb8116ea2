"""REST API of the one-stop app under /api/onestop/ (router viewsets + plain views; route
names start `api-onestop-`). Each concern's module exposes `router_entries` and/or
`urlpatterns`."""
from importlib import import_module

from rest_framework.routers import SimpleRouter

_PARTS = ("calendar", "catalogue", "dossiers", "public", "surveys", "reports")

router = SimpleRouter()  # mounted at /api/onestop/ only
urlpatterns = []
for _name in _PARTS:
    _part = import_module(f"smartcity.onestop.api.{_name}")
    router.registry.extend(getattr(_part, "router_entries", []))
    urlpatterns += getattr(_part, "urlpatterns", [])
urlpatterns += router.urls

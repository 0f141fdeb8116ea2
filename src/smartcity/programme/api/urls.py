"""REST API of the programme app under /api/programme/ (router viewsets + plain views; route
names start `api-prog-`). Each concern's module exposes `router_entries` and/or `urlpatterns`."""
from importlib import import_module

from rest_framework.routers import SimpleRouter

_PARTS = ("items", "reports", "escalations", "meetings", "icf", "events", "public")

router = SimpleRouter()  # mounted at /api/programme/ only
urlpatterns = []
for _name in _PARTS:
    _part = import_module(f"smartcity.programme.api.{_name}")
    router.registry.extend(getattr(_part, "router_entries", []))
    urlpatterns += getattr(_part, "urlpatterns", [])
urlpatterns += router.urls

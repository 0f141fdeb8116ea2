"""REST API of the mobility app under /api/mobility/ (router viewsets + plain views; route
names start `api-mob-`), the public GTFS and GTFS-Realtime feeds included."""
from importlib import import_module

from rest_framework.routers import SimpleRouter

_PARTS = ("feeds", "realtime", "quality", "projects", "public")

router = SimpleRouter()  # mounted at /api/mobility/ only
urlpatterns = []
for _name in _PARTS:
    _part = import_module(f"smartcity.mobility.api.{_name}")
    router.registry.extend(getattr(_part, "router_entries", []))
    urlpatterns += getattr(_part, "urlpatterns", [])
urlpatterns += router.urls

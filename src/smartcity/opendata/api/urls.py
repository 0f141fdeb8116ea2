"""APIs of the open data app: the catalogue under /api/opendata/ (route names start
`api-opendata-`) and, in `ckan_urlpatterns`, CKAN's action API under /api/3/action/."""
from importlib import import_module

from rest_framework.routers import SimpleRouter

_PARTS: tuple[str, ...] = ("catalog", "ckan")

router = SimpleRouter()
urlpatterns = []
ckan_urlpatterns = []
ckan_unversioned_urlpatterns = []  # for /api/action/, CKAN's unversioned mount (see docs/opendata.md)
for _name in _PARTS:
    _part = import_module(f"smartcity.opendata.api.{_name}")
    router.registry.extend(getattr(_part, "router_entries", []))
    urlpatterns += getattr(_part, "urlpatterns", [])
    ckan_urlpatterns += getattr(_part, "ckan_urlpatterns", [])
    ckan_unversioned_urlpatterns += getattr(_part, "ckan_unversioned_urlpatterns", [])
urlpatterns += router.urls

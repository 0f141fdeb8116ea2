"""UI routes of the open data app under /opendata/, one module per concern."""
from importlib import import_module

_PARTS: tuple[str, ...] = ("urls_catalogue", "urls_keys")

urlpatterns = []
for _part in _PARTS:
    urlpatterns += import_module(f"smartcity.opendata.{_part}").urlpatterns

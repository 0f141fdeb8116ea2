"""UI routes of the GIS app under /gis/, one module per concern."""
from importlib import import_module

_PARTS = ("urls_layers", "urls_planning", "urls_map", "urls_tiles", "urls_edit", "urls_io", "urls_permits")

urlpatterns = []
for _part in _PARTS:
    urlpatterns += import_module(f"smartcity.gis.{_part}").urlpatterns

"""UI routes of the GIS app under /gis/, one module per concern."""
from importlib import import_module

_PARTS = ("urls_layers", "urls_planning")

urlpatterns = []
for _part in _PARTS:
    urlpatterns += import_module(f"smartcity.gis.{_part}").urlpatterns

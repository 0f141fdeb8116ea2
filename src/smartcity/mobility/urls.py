"""UI routes of the mobility app, one module per concern (each with its own views)."""
from importlib import import_module

_PARTS = ("urls_public", "urls_feeds", "urls_validation", "urls_realtime", "urls_quality", "urls_projects")

urlpatterns = []
for _part in _PARTS:
    urlpatterns += import_module(f"smartcity.mobility.{_part}").urlpatterns

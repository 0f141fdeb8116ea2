"""UI routes of the innovation app under /innovation/, one module per concern."""
from importlib import import_module

_PARTS = ("urls_home", "urls_startups", "urls_programmes", "urls_centres", "urls_initiatives")

urlpatterns = []
for _part in _PARTS:
    urlpatterns += import_module(f"smartcity.innovation.{_part}").urlpatterns

"""UI routes of the sanitation app under /sanitation/, one module per concern."""
from importlib import import_module

_PARTS = ("urls_home", "urls_bins", "urls_collection")

urlpatterns = []
for _part in _PARTS:
    urlpatterns += import_module(f"smartcity.sanitation.{_part}").urlpatterns

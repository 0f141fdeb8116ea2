"""UI routes of the lighting app under /lighting/, one module per concern."""
from importlib import import_module

_PARTS = ("urls_home", "urls_inventory", "urls_schedules", "urls_energy")

urlpatterns = []
for _part in _PARTS:
    urlpatterns += import_module(f"smartcity.lighting.{_part}").urlpatterns

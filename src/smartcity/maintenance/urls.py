"""UI routes of the maintenance app under /maintenance/, one module per concern."""
from importlib import import_module

_PARTS = ("urls_home", "urls_workorders",)

urlpatterns = []
for _part in _PARTS:
    urlpatterns += import_module(f"smartcity.maintenance.{_part}").urlpatterns

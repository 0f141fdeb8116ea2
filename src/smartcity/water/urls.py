"""UI routes of the water app under /water/, one module per concern."""
from importlib import import_module

_PARTS = ("urls_home", "urls_reservoirs",)

urlpatterns = []
for _part in _PARTS:
    urlpatterns += import_module(f"smartcity.water.{_part}").urlpatterns

"""UI routes of the wifi app under /wifi/, one module per concern."""
from importlib import import_module

_PARTS = ("urls_public",)

urlpatterns = []
for _part in _PARTS:
    urlpatterns += import_module(f"smartcity.wifi.{_part}").urlpatterns

"""UI routes of the toilets app under /toilets/, one module per concern."""
from importlib import import_module

_PARTS = ("urls_home", "urls_toilets", "urls_public")

urlpatterns = []
for _part in _PARTS:
    urlpatterns += import_module(f"smartcity.toilets.{_part}").urlpatterns

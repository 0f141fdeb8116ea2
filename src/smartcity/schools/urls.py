"""UI routes of the schools app under /schools/, one module per concern."""
from importlib import import_module

_PARTS = ("urls_pages",)

urlpatterns = []
for _part in _PARTS:
    urlpatterns += import_module(f"smartcity.schools.{_part}").urlpatterns

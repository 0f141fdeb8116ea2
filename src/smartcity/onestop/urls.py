"""UI routes of the one-stop app under /onestop/, one module per concern (each with its own
views module)."""
from importlib import import_module

_PARTS = ("urls_public", "urls_calendar", "urls_catalogue", "urls_dossiers", "urls_forms", "urls_surveys", "urls_reports")

urlpatterns = []
for _part in _PARTS:
    urlpatterns += import_module(f"smartcity.onestop.{_part}").urlpatterns

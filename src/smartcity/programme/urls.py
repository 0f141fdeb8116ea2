"""UI routes of the programme app under /programme/, one module per concern (each with its
own views module)."""
from importlib import import_module

_PARTS = ("urls_public", "urls_items", "urls_io", "urls_helix", "urls_reports", "urls_escalations", "urls_meetings",
          "urls_icf", "urls_events", "urls_dashboard")

urlpatterns = []
for _part in _PARTS:
    urlpatterns += import_module(f"smartcity.programme.{_part}").urlpatterns

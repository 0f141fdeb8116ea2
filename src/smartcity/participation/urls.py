"""UI routes of the participation app under /participation/, one module per concern."""
from importlib import import_module

_PARTS: tuple[str, ...] = ("urls_reports", "urls_consultations")

urlpatterns = []
for _part in _PARTS:
    urlpatterns += import_module(f"smartcity.participation.{_part}").urlpatterns

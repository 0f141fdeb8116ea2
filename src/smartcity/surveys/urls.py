"""UI routes of the surveys app under /surveys/, one module per concern."""
from importlib import import_module

_PARTS: tuple[str, ...] = ("urls_questionnaires", "urls_campaigns", "urls_public")

urlpatterns = []
for _part in _PARTS:
    urlpatterns += import_module(f"smartcity.surveys.{_part}").urlpatterns

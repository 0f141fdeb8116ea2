"""UI routes of the economy app under /economy/, one module per concern."""
from importlib import import_module

_PARTS: tuple[str, ...] = ("urls_pages",)

urlpatterns = []
for _part in _PARTS:
    urlpatterns += import_module(f"smartcity.economy.{_part}").urlpatterns

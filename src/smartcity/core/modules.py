"""Registry of the platform's domain modules, so navigation and the home page list only
what is installed. Each app registers itself in its AppConfig.ready()."""
from dataclasses import dataclass, field
from typing import Callable


@dataclass(frozen=True)
class Module:
    key: str
    label: str  # lazily translated text
    url_name: str
    plan_items: tuple[str, ...] = ()
    description: str = ""
    counts: Callable[[], list[tuple[str, int]]] = field(default=lambda: [])
    order: int = 50


_MODULES: dict[str, Module] = {}


def register(module: Module) -> None:
    _MODULES[module.key] = module


def all_modules() -> list[Module]:
    return sorted(_MODULES.values(), key=lambda m: (m.order, m.key))

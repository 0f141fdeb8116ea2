"""Registry of the platform's domain modules, so navigation and the home page list only
what is installed. Each app registers itself in its AppConfig.ready()."""
from dataclasses import dataclass, field
from typing import Callable

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Module:
    key: str
    label: str  # lazily translated text
    url_name: str
    plan_items: tuple[str, ...] = ()
    description: str = ""
    counts: Callable[[], list[tuple[str, int]]] = field(default=lambda: [])
    order: int = 50
    group: str = ""  # a key of NAV_GROUPS; empty: GROUP_BY_MODULE decides, else "platform"


# The top bar's menus, in their order. Twenty-odd modules in one row wrapped onto five
# lines; a handful of menus named after what a citizen looks for fits on one.
NAV_GROUPS: tuple[tuple[str, str], ...] = (
    ("environment", _("Environment & infrastructure")),
    ("transport", _("Transport")),
    ("services", _("Public services")),
    ("economy", _("Economy & innovation")),
    ("community", _("Community & open data")),
    ("platform", _("Platform")),
)

# Which menu each module sits in, kept here so the apps need not change to be grouped.
GROUP_BY_MODULE: dict[str, str] = {
    "environment": "environment", "water": "environment", "sanitation": "environment",
    "toilets": "environment", "lighting": "environment", "gis": "environment", "maintenance": "environment",
    "mobility": "transport",
    "onestop": "services", "schools": "services",
    "economy": "economy", "surveys": "economy", "innovation": "economy", "research": "economy",
    "participation": "community", "opendata": "community", "wifi": "community", "portal": "community",
    "programme": "platform", "hub": "platform", "alerts": "platform", "opscentre": "platform",
}


@dataclass(frozen=True)
class NavGroup:
    key: str
    label: str
    modules: list[Module]


_MODULES: dict[str, Module] = {}


def register(module: Module) -> None:
    _MODULES[module.key] = module


def all_modules() -> list[Module]:
    return sorted(_MODULES.values(), key=lambda m: (m.order, m.key))


def group_of(module: Module) -> str:
    known = {key for key, _label in NAV_GROUPS}
    group = module.group or GROUP_BY_MODULE.get(module.key, "platform")
    return group if group in known else "platform"


def nav_groups() -> list[NavGroup]:
    """The menus of the top bar with their installed modules; the platform menu is always
    there (it also holds organisations, administrative units and the API)."""
    modules = all_modules()
    groups = [NavGroup(key, label, [m for m in modules if group_of(m) == key]) for key, label in NAV_GROUPS]
    return [g for g in groups if g.modules or g.key == "platform"]

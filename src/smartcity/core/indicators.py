"""Registry of key indicators ("KPIs") that domain apps offer to the public website and the
operations-centre wall, so neither has to know how each domain computes its figures.

Each domain app registers its providers in its AppConfig.ready() (an `indicators` module
with `register()`). A provider returns a list of `Reading`s; `collect()` runs every provider,
isolates failures (one broken domain must not blank the wall) and caches the result briefly.
"""
from __future__ import annotations

import logging
from dataclasses import asdict, dataclass, field
from typing import Callable

from django.core.cache import cache
from django.utils import timezone, translation

log = logging.getLogger(__name__)

# ok / warn / alert: how the wall and the website colour a figure
STATUSES = ("ok", "warn", "alert", "none")


@dataclass
class Reading:
    key: str  # stable id, e.g. "environment.aqi_max"
    label: str  # translated text (evaluated under the active language)
    value: float | int | str | None
    unit: str = ""
    status: str = "none"
    detail: str = ""  # one short sentence under the figure
    url: str = ""  # the module page that explains it (public page for public readings)
    public: bool = True  # shown on the public website; False: operations room only

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Provider:
    domain: str  # app label, e.g. "environment"
    label: str  # lazily translated domain name
    compute: Callable[[], list[Reading]]
    order: int = 50
    icon: str = ""  # short text glyph for the wall
    extras: dict = field(default_factory=dict)


_PROVIDERS: dict[str, Provider] = {}


def register(provider: Provider) -> None:
    _PROVIDERS[provider.domain] = provider


def providers() -> list[Provider]:
    return sorted(_PROVIDERS.values(), key=lambda p: (p.order, p.domain))


def _compute(provider: Provider, public_only: bool) -> dict:
    try:
        readings = [r for r in provider.compute() if r.public or not public_only]
        error = ""
    except Exception as exc:  # noqa: BLE001 - one domain failing must not blank the others
        log.exception("indicator provider %s failed", provider.domain)
        readings, error = [], type(exc).__name__
    return {"domain": provider.domain, "label": str(provider.label), "icon": provider.icon,
            "readings": [r.as_dict() for r in readings], "error": error}


def collect(public_only: bool = True, max_age: int = 30) -> dict:
    """Every domain's readings under the active language, cached `max_age` seconds."""
    lang = translation.get_language() or "vi"
    key = f"core.indicators:{lang}:{int(public_only)}"
    if max_age:
        hit = cache.get(key)
        if hit is not None:
            return hit
    data = {"at": timezone.now().isoformat(), "domains": [_compute(p, public_only) for p in providers()]}
    if max_age:
        cache.set(key, data, max_age)
    return data

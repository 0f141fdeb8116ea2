"""Domain evaluators: rule kinds that other apps bring (legal limits, lamp faults, ...).

An app registers a function in its AppConfig.ready():

    from smartcity.alerts.evaluators import Finding, register

    @register("legal-limit-air", label=_("Air legal limits (QCVN 05:2023)"))
    def legal_limits(datastream, readings):
        ...
        return [Finding(active=True, t=t, value=avg, key="24h", message="PM2.5 24 h 62 > 50")]

A rule of kind "evaluator" names it in its params ({"evaluator": "legal-limit-air", ...}).
On each ingested batch the function gets the datastream (a hub Datastream with its asset
and quantity loaded) and the batch's new readings of it, oldest first, as `Reading`
tuples (t, value, status) of every status. A function that declares a third parameter
also receives the rule's params. It answers with findings: `active=True` raises the alert
for (rule, datastream, key) or updates the open one; `active=False` clears it. An
evaluator that says nothing about a key leaves its alert as it is.
"""
import inspect
from dataclasses import dataclass
from typing import Callable, NamedTuple


class Reading(NamedTuple):
    t: int
    value: float | None
    status: int


@dataclass(frozen=True)
class Finding:
    active: bool
    t: int
    value: float | None = None
    key: str = ""
    message: str = ""
    severity: str | None = None  # None: the rule's severity


@dataclass(frozen=True)
class Evaluator:
    name: str
    fn: Callable
    label: str
    wants_params: bool


_EVALUATORS: dict[str, Evaluator] = {}


def register(name: str, label: str = ""):
    """Decorator: make `fn(datastream, readings[, params]) -> list[Finding]` available to rules."""

    def wrap(fn):
        params = [p for p in inspect.signature(fn).parameters.values()
                  if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
        _EVALUATORS[name] = Evaluator(name, fn, label or name, len(params) >= 3)
        return fn

    return wrap


def unregister(name: str) -> None:
    _EVALUATORS.pop(name, None)


def get(name: str) -> Evaluator | None:
    return _EVALUATORS.get(name)


def all_evaluators() -> list[Evaluator]:
    return sorted(_EVALUATORS.values(), key=lambda e: e.name)


def run(evaluator: Evaluator, datastream, readings, params: dict) -> list[Finding]:
    if evaluator.wants_params:
        found = evaluator.fn(datastream, readings, params)
    else:
        found = evaluator.fn(datastream, readings)
    return list(found or [])

"""Validation of a rule's target and parameters, shared by the API, the rule editor and
the admin. Errors are keyed by field ("target", "quantity", "params.clear_value", ...)
and carry a stable code and a translated message."""
import math

from django.utils.translation import gettext as _

from smartcity.alerts import evaluators
from smartcity.alerts.models import RuleKind, Target

MAX_DURATION_S = 30 * 86400
KNOWN = {
    RuleKind.THRESHOLD: {"op", "value", "clear_value", "duration_s"},
    RuleKind.RATE: {"max_per_hour", "direction"},
    RuleKind.MISSING: {"factor"},
}


class Errors(dict):
    def add(self, field: str, code: str, message: str):
        self.setdefault(field, []).append((code, message))


def _number(params, name, errors, required=True):
    raw = params.get(name)
    if raw is None or raw == "":
        if required:
            errors.add(f"params.{name}", "required", _("This parameter is required."))
        return None
    if isinstance(raw, bool):
        errors.add(f"params.{name}", "not_numeric", _("Enter a number."))
        return None
    try:
        value = float(str(raw).replace(",", ".")) if isinstance(raw, str) else float(raw)
    except (TypeError, ValueError):
        errors.add(f"params.{name}", "not_numeric", _("Enter a number."))
        return None
    if not math.isfinite(value):
        errors.add(f"params.{name}", "not_numeric", _("Enter a number."))
        return None
    return value


def clean_params(kind: str, params) -> tuple[dict, Errors]:
    """Normalised params for a rule kind, and the errors found."""
    errors = Errors()
    if not isinstance(params, dict):
        errors.add("params", "invalid", _("Parameters must be an object."))
        return {}, errors
    out = {}
    if kind in KNOWN:
        for name in sorted(set(params) - KNOWN[kind]):
            errors.add(f"params.{name}", "unknown_param", _("Unknown parameter for this kind of rule."))
    if kind == RuleKind.THRESHOLD:
        op = params.get("op")
        if op not in (">", "<"):
            errors.add("params.op", "invalid_choice", _("Choose > (above) or < (below)."))
        value = _number(params, "value", errors)
        clear = _number(params, "clear_value", errors, required=False)
        duration = _number(params, "duration_s", errors, required=False)
        if duration is not None and not 0 <= duration <= MAX_DURATION_S:
            errors.add("params.duration_s", "out_of_range", _("The duration must be between 0 and 30 days."))
        if value is not None and clear is not None and op in (">", "<"):
            if op == ">" and clear > value:
                errors.add("params.clear_value", "bad_hysteresis",
                           _("For an upper limit the clearing value must not be above the limit."))
            if op == "<" and clear < value:
                errors.add("params.clear_value", "bad_hysteresis",
                           _("For a lower limit the clearing value must not be below the limit."))
        out = {"op": op, "value": value, "clear_value": value if clear is None else clear,
               "duration_s": int(duration or 0)}
    elif kind == RuleKind.RATE:
        limit = _number(params, "max_per_hour", errors)
        if limit is not None and limit <= 0:
            errors.add("params.max_per_hour", "out_of_range", _("The limit must be greater than zero."))
        direction = params.get("direction") or "both"
        if direction not in ("both", "rise", "fall"):
            errors.add("params.direction", "invalid_choice", _("Choose both, rise or fall."))
        out = {"max_per_hour": limit, "direction": direction}
    elif kind == RuleKind.MISSING:
        factor = _number(params, "factor", errors, required=False)
        if factor is None and "params.factor" not in errors:
            factor = 3.0
        if factor is not None and not 1 <= factor <= 1000:
            errors.add("params.factor", "out_of_range", _("The factor must be between 1 and 1000."))
        out = {"factor": factor}
    elif kind == RuleKind.EVALUATOR:
        name = params.get("evaluator")
        if not name:
            errors.add("params.evaluator", "required", _("This parameter is required."))
        elif evaluators.get(name) is None:
            errors.add("params.evaluator", "unknown_evaluator", _("No evaluator of this name is installed."))
        out = dict(params)
    else:
        errors.add("kind", "invalid_choice", _("Choose threshold, rate, missing or evaluator."))
    return out, errors


def clean_rule(*, kind, target, asset_type=None, asset=None, datastream=None, quantity=None, params=None) -> tuple[dict, Errors]:
    """Check that the target fits its kind; returns (clean params, errors)."""
    clean, errors = clean_params(kind, params if params is not None else {})
    if target == Target.ASSET_TYPE:
        if asset_type is None:
            errors.add("asset_type", "required", _("Choose the asset type."))
    elif target == Target.ASSET:
        if asset is None:
            errors.add("asset", "required", _("Choose the asset."))
    elif target == Target.DATASTREAM:
        if datastream is None:
            errors.add("datastream", "required", _("Choose the datastream."))
    else:
        errors.add("target", "invalid_choice", _("Choose an asset type, an asset or a datastream."))
    if target in (Target.ASSET_TYPE, Target.ASSET) and kind in (RuleKind.THRESHOLD, RuleKind.RATE) and quantity is None:
        errors.add("quantity", "required", _("Choose the quantity the limit applies to."))
    return clean, errors

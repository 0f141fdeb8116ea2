"""The wall's knobs from its query string (pure module): how often it polls the state,
refreshes the map layers and turns the rotating panel, and the cap of its reconnect
back-off. Out-of-range or unreadable values fall back to a bound or the default, so a
typo in a wall's bookmark never stops the screen."""
from __future__ import annotations

# name: (default, lowest, highest), seconds
KNOBS = {
    "poll": (10.0, 0.1, 600.0),  # state (alerts + indicators) poll
    "layers": (60.0, 0.2, 3600.0),  # map layers refresh
    "rotate": (20.0, 3.0, 3600.0),  # rotating panel; 0 keeps it still
    "backoff_max": (60.0, 1.0, 600.0),  # longest wait between reconnect attempts
}


def parse(query) -> dict:
    out = {}
    for name, (default, low, high) in KNOBS.items():
        raw = query.get(name)
        try:
            value = float(raw) if raw not in (None, "") else default
        except (TypeError, ValueError):
            value = default
        if value != value or value in (float("inf"), float("-inf")):  # NaN, infinities
            value = default
        if name == "rotate" and value == 0:
            out[name] = 0.0
            continue
        out[name] = min(max(value, low), high)
    return out

"""Helpers for tests that need a real service (PostgreSQL, MQTT broker, Redis, Chromium).

On a laptop a missing service skips the test with a clear message; in CI (CI=true) it
fails, so a green CI run always means the real service was exercised.
Also `python -m smartcity.testing pg-reachable URL`, used by ./run to pick backends.
"""
import os
import sys

from smartcity.net import tcp_reachable

IN_CI = os.environ.get("CI", "").lower() == "true"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def require(available: bool, what: str) -> None:
    """Skip (laptop) or fail (CI) when a required service is missing."""
    if available:
        return
    import pytest

    message = f"{what} is not available"
    if IN_CI:
        pytest.fail(f"{message}: CI must provide it (see .ci/run)")
    pytest.skip(f"{message}; start it to run this test (CI always does)")


def mqtt_url() -> str:
    return os.environ.get("TEST_MQTT_URL", "mqtt://127.0.0.1:1883")


def require_mqtt() -> str:
    url = mqtt_url()
    require(tcp_reachable(url, 1883), f"MQTT broker at {url}")
    return url


def require_chromium() -> str:
    require(os.path.exists(CHROMIUM), f"Chromium at {CHROMIUM}")
    return CHROMIUM


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "pg-reachable":
        sys.exit(0 if tcp_reachable(sys.argv[2], 5432) else 1)
    sys.exit(2)

"""With REDIS_URL set, every process shares one cache (so a rate limit counts a client's
requests whichever web worker answers); without it each process keeps its own."""
import os
import subprocess
import sys
import uuid

from smartcity.net import tcp_reachable
from smartcity.testing import require

REDIS = "redis://127.0.0.1:6379/0"
SCRIPT = """
import sys, django
django.setup()
from django.conf import settings
from django.core.cache import cache
key, mode = sys.argv[1], sys.argv[2]
if mode == "write":
    cache.set(key, "đã đếm", 60)
print(settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1], cache.get(key))
"""


def _run(env_extra: dict, key: str, mode: str) -> str:
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"} | {"DJANGO_SETTINGS_MODULE": "smartcity.settings"} | env_extra
    out = subprocess.run([sys.executable, "-c", SCRIPT, key, mode], env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    return out.stdout.strip().splitlines()[-1]


def test_processes_share_the_redis_cache_and_not_the_local_one():
    key = f"test-cache-{uuid.uuid4().hex}"
    assert _run({}, key, "write") == "LocMemCache đã đếm"
    assert _run({}, key, "read") == "LocMemCache None"  # another process: its own memory
    require(tcp_reachable(REDIS, 6379), "Redis at 127.0.0.1:6379")
    assert _run({"REDIS_URL": REDIS}, key, "write") == "RedisCache đã đếm"
    assert _run({"REDIS_URL": REDIS}, key, "read") == "RedisCache đã đếm"

"""Core domain operations, callable from views, the API, the CLI and tests alike."""
from django.utils import timezone

from smartcity.core.models import ApiToken
from smartcity.core.tokens import hash_key, key_prefix, new_key


def issue_api_token(user, name: str, expires_at=None) -> tuple[ApiToken, str]:
    """Create a personal token; the plain key is returned once and never stored."""
    key = new_key("sc")
    token = ApiToken.objects.create(user=user, name=name, prefix=key_prefix(key), key_hash=hash_key(key), expires_at=expires_at)
    return token, key


def revoke_api_token(token: ApiToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])


def _probe_tcp(url: str, default_port: int) -> str:
    from smartcity.net import tcp_probe

    problem = tcp_probe(url, default_port)
    return "reachable" if problem is None else f"unreachable: {problem}"


def describe_services() -> list[tuple[str, str, str]]:
    """(name, what is configured, state) for the database, broker, cache and data directory."""
    from django.conf import settings
    from django.db import connection

    db = settings.DATABASES["default"]
    if connection.vendor == "sqlite":
        db_desc = f"sqlite {db['NAME']}"
    else:
        db_desc = f"{connection.vendor} {db.get('USER') or ''}@{db.get('HOST') or 'localhost'}:{db.get('PORT') or ''}/{db['NAME']}"
    try:
        connection.ensure_connection()
        db_state = "connected"
    except Exception as exc:  # report, do not crash: this is a diagnostic
        db_state = f"error: {exc}"
    rows = [("database", db_desc, db_state)]
    if settings.MQTT_URL:
        rows.append(("broker", settings.MQTT_URL, _probe_tcp(settings.MQTT_URL, 1883)))
    else:
        rows.append(("broker", "none (MQTT_URL unset: devices and simulators use HTTP)", "ok"))
    if settings.REDIS_URL:
        rows.append(("redis", settings.REDIS_URL, _probe_tcp(settings.REDIS_URL, 6379)))
    else:
        rows.append(("redis", "none (task queue stored in SQLite under var/)", "ok"))
    huey = getattr(settings, "HUEY", {})
    queue = huey.get("url") or huey.get("filename") or "?"
    rows.append(("tasks", f"{huey.get('huey_class', 'huey')} {queue}{' (immediate)' if huey.get('immediate') else ''}; run `smartcity worker`", "ok"))
    data_dir = settings.DATA_DIR
    rows.append(("data dir", str(data_dir), "exists" if data_dir.exists() else "will be created"))
    rows.append(("mode", f"{settings.MODE} (DEBUG={'on' if settings.DEBUG else 'off'})", "ok"))
    return rows

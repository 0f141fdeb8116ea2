"""The environment app's part of `smartcity demo`: Binh Duong's monitoring network as
stations (environment.md §7; the network and its readings are in env_simulators.py), the
facility organisations that own their stations, demo permits, one FTP account per facility
or DONRE station group, and 30 days of history written straight through the hub store;
plus the two live feeds (station files over FTP, the mobile vehicle over HTTP/MQTT).

Idempotent: what exists is kept (no history entry, no reading written twice); FTP passwords
are made once per installation, kept in VAR_DIR/demo_ftp_accounts.json (mode 600, never in
the repository) and printed with the demo logins.
"""
import json
import secrets
import time

LOADER_ORDER = 30  # after the hub's assets and tokens (20), before the limits and rules (45)
PASSWORDS_FILE = "demo_ftp_accounts.json"
HISTORY_DAYS = 30
PERMIT_REF = "Giấy phép môi trường (dữ liệu demo)"


def _passwords_path():
    from django.conf import settings

    return settings.VAR_DIR / PASSWORDS_FILE


def demo_ftp_passwords() -> dict:
    """{FTP user name: password} of the demo accounts, made once per installation."""
    from smartcity.environment.env_simulators import ftp_groups

    path = _passwords_path()
    try:
        known = json.loads(path.read_text()) if path.exists() else {}
    except (OSError, ValueError):
        known = {}
    wanted = {u: known.get(u) or secrets.token_urlsafe(9) for u in ftp_groups()}
    if wanted != known:
        path.write_text(json.dumps(wanted, indent=2))
        path.chmod(0o600)
    return wanted


def ftp_logins() -> list[tuple[str, str, str]]:
    """(user name, password, station codes) for the demo's printout."""
    from smartcity.environment.env_simulators import ftp_groups

    pw = demo_ftp_passwords()
    return [(u, pw[u], ", ".join(codes)) for u, codes in ftp_groups().items()]


def _ensure_facilities() -> int:
    from smartcity.core.models import Organisation
    from smartcity.environment.env_simulators import FACILITIES

    made = 0
    for f in FACILITIES:
        _org, created = Organisation.objects.get_or_create(
            code=f.code, defaults=dict(name_vi=f.name_vi, name_en=f.name_en, abbreviation=f.abbreviation, kind="enterprise",
                                       helix="business", address=f.address,
                                       plan_role="Cơ sở xả thải có trạm quan trắc tự động, truyền dữ liệu về Sở TN&MT"))
        made += created
    return made


def _ensure_stations() -> tuple[dict, int]:
    """{code: Station} of the network; creates what is missing (existing ones are left alone)."""
    from smartcity.core.models import AdministrativeUnit, Organisation
    from smartcity.environment.env_simulators import DEMO_STATIONS, FILE_INTERVAL, MOBILE_INTERVAL
    from smartcity.environment.models import Station
    from smartcity.environment.services import create_station
    from smartcity.hub.models import Asset

    existing = {s.code: s for s in Station.objects.filter(code__in=[d.code for d in DEMO_STATIONS]).select_related("asset")}
    owners = {o.code: o for o in Organisation.objects.filter(code__in={d.owner for d in DEMO_STATIONS})}
    units = {u.code: u for u in AdministrativeUnit.objects.filter(level="district", code__in={d.district for d in DEMO_STATIONS})}
    have_assets = set(Asset.objects.filter(slug__in=[d.asset_slug for d in DEMO_STATIONS if d.asset_slug]).values_list("slug", flat=True))
    created = 0
    for d in DEMO_STATIONS:
        if d.code in existing:
            continue
        if d.asset_slug and d.asset_slug not in have_assets:
            continue  # the hub demo was not loaded: nothing to attach to
        props = {"transmission_code": d.code, "transmission": "FTP, 5 phút/lần" if d.kind != "mobile" else "MQTT/HTTP, 1 phút/lần"}
        if d.kind == "surface-water" and d.profile.get("class"):
            props["qcvn08_class"] = d.profile["class"]
        if not d.asset_slug:
            props["operator"] = d.facility or "Trung tâm Quan trắc – Kỹ thuật Tài nguyên và Môi trường tỉnh Bình Dương"
        fields = dict(short_name=d.short_name, river=d.river, industrial_park=d.industrial_park, facility=d.facility,
                      contact_emails="\n".join(d.contacts), properties=props)
        if d.commissioned:
            fields["commissioned"] = d.commissioned
        if not d.asset_slug:
            fields.update(name_en=d.name_en, address=d.address, admin_unit=units.get(d.district))
        st = create_station(d.code, d.name, d.kind, owners[d.owner], d.lat, d.lon,
                            quantities=() if d.asset_slug else d.quantities, asset_slug=d.asset_slug, **fields)
        if d.kind == "mobile":
            st.asset.datastreams.update(expected_interval_s=MOBILE_INTERVAL)
        elif not d.asset_slug:
            st.asset.datastreams.update(expected_interval_s=FILE_INTERVAL)
        existing[d.code] = st
        created += 1
    return existing, created


def _ensure_permits(stations: dict) -> int:
    from datetime import date

    from smartcity.environment.env_simulators import BY_CODE, PERMITS
    from smartcity.environment.models import PermitLimit

    made = 0
    have = set(PermitLimit.objects.filter(station__in=stations.values()).values_list("station_id", "quantity_id"))
    for code, st in stations.items():
        d = BY_CODE.get(code)
        if d is None or d.kind not in PERMITS:
            continue
        for q, (lo, hi, unit) in PERMITS[d.kind].items():
            if (st.pk, q) in have:
                continue
            PermitLimit.objects.create(station=st, owner=st.owner, quantity_id=q, averaging="1h", limit_min=lo, limit_max=hi,
                                       unit=unit, permit_ref=PERMIT_REF, valid_from=date(2024, 1, 1))
            made += 1
    return made


def _ensure_ftp_accounts(stations: dict) -> int:
    from smartcity.environment.env_simulators import BY_CODE, ftp_groups
    from smartcity.environment.models import FtpAccount

    passwords = demo_ftp_passwords()
    made = 0
    for username, codes in ftp_groups().items():
        members = [stations[c] for c in codes if c in stations]
        if not members:
            continue
        account = FtpAccount.objects.filter(username=username).first()
        if account is None:
            account = FtpAccount(username=username, owner=members[0].owner)
            made += 1
        if account.pk is None or not account.check_password(passwords[username]):
            account.set_password(passwords[username])
            account.save()
        have = set(account.stations.values_list("code", flat=True))
        missing = [m for m in members if m.code not in have]
        if missing:
            account.stations.add(*missing)
        assert all(BY_CODE[c].ftp == username for c in codes)
    return made


def load_environment_demo(days: float = HISTORY_DAYS, now: int | None = None, chunk: int = 50_000) -> dict:
    """Idempotent: organisations, stations, permits and FTP accounts are created when
    missing; history is written only where a datastream has none yet (from `days` ago, or
    from its newest reading) up to now."""
    from django.db import transaction

    from smartcity.environment.env_simulators import BY_CODE, history_rows
    from smartcity.hub import registry
    from smartcity.hub.models import Latest
    from smartcity.hub.store import store

    now = int(time.time()) if now is None else int(now)
    with transaction.atomic():
        facilities = _ensure_facilities()
        stations, created = _ensure_stations()
        permits = _ensure_permits(stations)
        accounts = _ensure_ftp_accounts(stations)
    fed = [st for code, st in stations.items() if not BY_CODE[code].asset_slug]
    streams = {}
    for st in fed:
        d = BY_CODE[st.code]
        units = {q: u for _, q, u, _ in d.params}
        per = {}
        for ds in st.asset.datastreams.all():
            if ds.quantity_id in units:
                factor, _offset = registry.conversion(ds.quantity_id, units[ds.quantity_id]) or (1.0, 0.0)
                per[ds.quantity_id] = (ds.id, factor)
        streams[st.code] = per
    ids = [i for per in streams.values() for i, _ in per.values()]
    latest = dict(Latest.objects.filter(datastream_id__in=ids).values_list("datastream_id", "t"))
    start = now - int(days * 86400)
    stored = 0
    rows = []

    def flush():
        nonlocal stored, rows
        if rows:
            with transaction.atomic():
                stored += store(rows, source="demo").stored
            rows = []

    for code, per in streams.items():
        rows += history_rows(BY_CODE[code], per, start, now, latest)
        if len(rows) >= chunk:
            flush()
    flush()
    return {"stations": len(stations), "new_stations": created, "new_facilities": facilities, "new_permits": permits,
            "new_ftp_accounts": accounts, "readings": stored}


def register() -> None:
    """Called once from EnvironmentConfig.ready(): the demo loader and the two live feeds."""
    from smartcity.demo import registry, simulators
    from smartcity.environment import env_simulators

    registry.register(LOADER_ORDER, "environment-stations")(load_environment_demo)
    if not any(name == "env-station-files" for name, _ in simulators._SIMULATORS):
        simulators.register("env-station-files")(env_simulators.run_station_files)
        simulators.register("env-mobile-vehicle")(env_simulators.run_mobile)

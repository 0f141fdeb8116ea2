"""Hub store hook: bus positions stored by the hub (MQTT bridge, HTTP ingest) are matched
to trips here, inside the hub's transaction, so a position and what it means commit
together.

A position is a located reading (lat/lon) of a bus asset's `speed` datastream; its
`bearing` reading of the same time rides along. Batches stored by the GTFS-Realtime path
are skipped (that path matches them itself).
"""
import logging

from django.db import InterfaceError, OperationalError, connection, transaction

from smartcity.hub import store

log = logging.getLogger("smartcity.mobility.realtime")

ORDER = 200  # after quality control and alerts: matching only reads the positions


def bus_streams(ds_ids) -> dict:
    """{datastream id: (asset id, "speed" | "bearing")} of these ids that belong to buses.
    One indexed query per stored batch with located rows (only positions carry lat/lon);
    not cached across batches, so a datastream id is never mistaken for another."""
    from smartcity.hub.models import Asset, Datastream

    ids = list(ds_ids)
    found = {}
    with connection.cursor() as cur:
        for i in range(0, len(ids), 500):
            part = ids[i:i + 500]
            cur.execute(f"SELECT d.id, d.asset_id, d.quantity_id FROM {Datastream._meta.db_table} d "
                        f"JOIN {Asset._meta.db_table} a ON a.id = d.asset_id WHERE a.asset_type_id = %s "
                        f"AND d.quantity_id IN ('speed', 'bearing') AND d.id IN ({','.join(['%s'] * len(part))})",
                        ["bus", *part])
            found.update((r[0], (r[1], r[2])) for r in cur.fetchall())
    return found


def on_store(rows, result) -> None:
    """Match the batch's bus positions. Inside a savepoint: a matching failure is logged and
    leaves the readings stored (the hub must never lose a position because of us); a lost
    database connection still propagates, so the sender retries."""
    if not rows:
        return
    from smartcity.mobility.services import realtime

    if realtime.in_rt_path():
        return
    if not any(r[4] is not None for r in rows):
        return
    try:
        with transaction.atomic():
            realtime.match_hub_rows(rows)
    except (OperationalError, InterfaceError):
        raise
    except Exception:
        log.exception("matching %d stored bus readings failed; the readings are kept", len(rows))


def register() -> None:
    store.after_store(on_store, ORDER)

"""Indices on ingest: every stored batch that touches a pollutant of an air or mobile air
station, or a WQI parameter of a surface-water station, queues the (station, hour) pairs
it changed (new readings, corrections, QC flags and overrides alike); after the commit the
worker recomputes them within seconds (see `indexing`).

The queue is written inside the ingest transaction, so readings and the promise to
compute their indices commit together; the computation itself runs after the commit, off
the ingest path (a 5-minute station file costs one small upsert here, not an AQI).
"""
import logging
import threading
import time

from django.db import transaction

from smartcity.environment import indexing
from smartcity.environment.qc_hooks import station_streams
from smartcity.hub.timebase import HOUR

logger = logging.getLogger("smartcity.environment.indexing")
KICK_DELAY_S = 2  # readings arriving within this window are computed together
_kick = {"last": 0.0}
_lock = threading.Lock()


def on_store(written, result) -> None:
    if not written:
        return
    meta = station_streams({row[0] for row in written})
    if not meta:
        return
    wanted = {}
    for ds, (station_id, kind, quantity, _interval, _owner) in meta.items():
        if quantity in indexing.index_quantities(kind):
            wanted[ds] = station_id
    if not wanted:
        return
    from smartcity.hub import store

    b = store.current_batch()
    # in a batch of files (one transaction) the queue is written once at its end: the
    # union of dirty hours does not depend on the order of the files
    dirty = {} if b is None else b.at_end("environment.index_dirty", _flush)
    for row in written:
        sid = wanted.get(row[0])
        if sid is not None:
            dirty.setdefault(sid, set()).add(row[1] - row[1] % HOUR)
    if b is None:
        _flush(dirty)


def _flush(dirty: dict) -> None:
    if dirty:
        indexing.mark_dirty(dirty)
        transaction.on_commit(kick)


def kick() -> None:
    """After commit: ask the worker to drain the queue in KICK_DELAY_S seconds (once per
    window per process); in Huey's immediate mode (tests, single process) drain now."""
    from huey.contrib.djhuey import HUEY

    from smartcity.environment import tasks

    if HUEY.immediate:
        tasks.process_dirty_task()
        return
    now = time.monotonic()
    with _lock:
        if now - _kick["last"] < KICK_DELAY_S:
            return
        _kick["last"] = now
    try:
        tasks.process_dirty_task.schedule(delay=KICK_DELAY_S)
    except Exception:  # the periodic sweep catches up within a minute
        logger.exception("could not queue the index computation")


def register() -> None:
    """Called once from EnvironmentConfig.ready()."""
    from smartcity.hub import store

    if on_store not in store._AFTER_STORE:
        store.after_store(on_store)

"""Background jobs of the GIS (Huey; `smartcity worker` runs them, `./run demo` starts it).

An upload from the web or the API is stored and an ImportJob created (status "queued");
`run_import(job_id)` is queued once that row is committed, and the worker runs it: the job
goes "running", saves its progress as it reads, then "done" (or "failed" with its error,
the layer untouched: see `services.importer`)."""
from django.db import transaction
from huey.contrib.djhuey import db_task

from smartcity.gis.models import ImportJob, ImportStatus
from smartcity.gis.services import importer


@db_task()
def run_import(job_id: int) -> str:
    """Runs a queued import job; returns its final status. A job already started or
    finished (a task delivered twice) is left alone."""
    claimed = ImportJob.objects.filter(pk=job_id, status=ImportStatus.QUEUED).update(status=ImportStatus.RUNNING)
    if not claimed:
        return ImportJob.objects.filter(pk=job_id).values_list("status", flat=True).first() or "missing"
    job = ImportJob.objects.select_related("layer").get(pk=job_id)
    importer.run(job)
    return job.status


def queue_import(job: ImportJob) -> None:
    """Queues the job once the transaction that created it commits (the worker must see it)."""
    transaction.on_commit(lambda: run_import(job.pk))

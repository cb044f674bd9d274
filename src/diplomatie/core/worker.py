"""The background worker: runs queued tasks and the periodic sweeps.

Work survives a worker's death in two ways. The state of long-lived work lives in
its own rows (an escalation's next step is a column of the publication), and each
sweep takes every step that has fallen due, so a task lost with a worker is done by
the next sweep. And a queued task claimed by a worker that died is put back in the
queue once it has been "running" for longer than any task may run."""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import time

from django.db import close_old_connections
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from diplomatie.core.periodic import run_sweeps

logger = logging.getLogger("diplomatie.worker")
ABANDONED_AFTER = dt.timedelta(minutes=10)


def requeue_abandoned(now: dt.datetime | None = None) -> int:
    """Put back in the queue the tasks claimed by a worker that died."""
    limit = (now or timezone.now()) - ABANDONED_AFTER
    return DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, started_at__lt=limit
    ).update(status=TaskResultStatus.READY, started_at=None)


def run_once(worker_id: str) -> dict[str, int]:
    """One round: recover, drain the queue, sweep."""
    close_old_connections()
    requeued = requeue_abandoned()
    Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id,
        excluded_queue_names=[],
    ).run()
    return {"requeued": requeued, **run_sweeps()}


def run_forever(*, interval: float) -> None:
    worker_id = f"{socket.gethostname()}-{os.getpid()}"[:64]
    logger.info("worker %s started", worker_id)
    while True:
        try:
            summary = run_once(worker_id)
            if any(summary.values()):
                logger.info("worker round: %s", summary)
        except Exception:  # a bad round must not stop the worker
            logger.exception("worker round failed; retrying")
        time.sleep(interval)

"""The Celery app. Settings come from Django's (``CELERY_*``); the rules that keep jobs from being
lost are fixed here rather than configurable (TRAPS.md, Celery)."""

import os
from pathlib import Path

from celery import Celery
from celery.signals import worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backoffice.settings")

app = Celery("backoffice")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.update(
    task_serializer="json",
    result_serializer="json",
    accept_content=["json"],
    task_ignore_result=True,
    task_acks_late=True,
    task_reject_on_worker_lost=True,
    worker_prefetch_multiplier=1,
    worker_pool="prefork",
    broker_connection_retry_on_startup=True,
    worker_hijack_root_logger=False,
)
app.autodiscover_tasks()


@app.on_after_configure.connect
def _make_broker_folders(sender, **kwargs):
    """Kombu's filesystem transport needs its folders to exist before anyone writes."""
    options = sender.conf.broker_transport_options or {}
    for key in ("data_folder_in", "data_folder_out", "processed_folder", "control_folder"):
        if options.get(key):
            Path(options[key]).mkdir(parents=True, exist_ok=True)


@worker_process_init.connect
def _warm_up_process(**kwargs):
    """Per-process caches are built after the fork, not at import (TRAPS.md)."""
    from django.db import connections

    for connection in connections.all():
        connection.close()
    from backoffice.pdf import warm_up

    try:
        warm_up()
    except Exception:  # a worker without Pango still runs every other job
        import logging

        logging.getLogger(__name__).warning("PDF resources could not be prepared", exc_info=True)

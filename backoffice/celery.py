"""The Celery app. Settings come from Django's (``CELERY_*``); the rules that keep jobs from being
lost are fixed here rather than configurable (TRAPS.md, Celery)."""

import os
from pathlib import Path

from celery import Celery
from celery.signals import worker_init, worker_process_init

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


@worker_init.connect
def _preload(**kwargs):
    """Import WeasyPrint once in the worker's main process, before its pool forks: each pool
    process (and each one that replaces a retired one) then starts a PDF job a second sooner.
    Only the import: fonts are configured after the fork, on first use (backoffice.pdf)."""
    from backoffice.pdf import pdf_available

    pdf_available()


@worker_process_init.connect
def _after_fork(**kwargs):
    """A pool process must not share the parent's database connections.

    Nothing heavy runs here: Celery kills a new pool process that has not reported up within
    ``worker_proc_alive_timeout`` (4 s), so per-process caches such as the PDF fonts and print
    stylesheet are built on first use instead (backoffice.pdf), still after the fork.
    """
    from django.db import connections

    for connection in connections.all():
        connection.close()

"""The bilan PDF rendered off the request: a django-tasks task, and the page that waits for it.

A download whose PDF is in the cache (rapports/caching.py) is served at once. Otherwise the request
enqueues one render task and answers « en préparation »: a page that reloads itself every few seconds
(a meta refresh, no JavaScript) until the worker has stored the PDF under the same key; the next load then
serves it, from any application server, since the cache is shared (REDIS_URL). The pending marker keeps a
second visitor, or the page's own reloads, from queueing the same render again. With the immediate
backend (the default, `make run` and the tests) the task runs inside ``enqueue``: the first request
already serves the PDF.
"""

import logging

from django.conf import settings
from django.core import checks
from django.core.cache import cache
from django.db.models import Max
from django.shortcuts import render
from django_tasks import TaskResultStatus, task
from django_tasks.exceptions import TaskResultDoesNotExist

from fiches.models import Schema

from . import annual, caching

logger = logging.getLogger(__name__)

# A render the worker has not finished after this long is queued again (the worker may have been down).
PENDING_SECONDS = 10 * 60
REFRESH_SECONDS = 3
# The pending marker's value between its creation and the queued task's id.
QUEUING = "en-file"


@task()
def render_annual_report(schema_pk, year, smallest, key):
    """Renders the bilan of ``schema_pk`` for ``year`` and stores it in the cache under ``key``."""
    from core.pdf import render_pdf

    schema = Schema.objects.annotate(latest_campaign_year=Max("campaigns__year")).select_related("pilot").get(pk=schema_pk)
    pdf = render_pdf("rapports/pdf/bilan.html", annual.annual_report(schema, year, smallest=smallest))
    cache.set(key, pdf, caching.REPORT_CACHE_SECONDS)
    return len(pdf)


def pending_key(key):
    return f"{key}:en-preparation"


def _failed(result_id):
    """Whether the queued render ``result_id`` has failed (False when the backend cannot tell)."""
    if result_id == QUEUING or not render_annual_report.get_backend().supports_get_result:
        return False
    try:
        return render_annual_report.get_result(result_id).status == TaskResultStatus.FAILED
    except TaskResultDoesNotExist:
        return True


def bilan_pdf_or_waiting_page(request, schema, year, smallest, key, filename, respond):
    """``respond(pdf, filename)`` when the PDF is ready; else the render is queued and the waiting page answered."""
    pdf = cache.get(key)
    if pdf is not None:
        return respond(pdf, filename)
    marker = pending_key(key)
    result_id = cache.get(marker)
    failed = result_id is not None and _failed(result_id)
    if failed:
        cache.delete(marker)
    # cache.add is atomic: of two servers asked at the same moment, one only queues the render.
    elif result_id is None and cache.add(marker, QUEUING, PENDING_SECONDS):
        result = render_annual_report.enqueue(schema.pk, year, smallest, key)
        pdf = cache.get(key)
        if pdf is not None:  # the immediate backend has rendered it already
            cache.delete(marker)
            return respond(pdf, filename)
        if result.status == TaskResultStatus.FAILED:
            cache.delete(marker)
            failed = True
        else:
            cache.set(marker, result.id, PENDING_SECONDS)
    if failed:
        logger.error("Le rendu du bilan %s a échoué (schéma %s, année %s).", key, schema.pk, year)
    context = {"schema": schema, "year": year, "failed": failed, "refresh_seconds": REFRESH_SECONDS}
    # 503 + Retry-After would be truer, but a browser shows a 503 as an error: 200 with the waiting page.
    return render(request, "rapports/bilan_waiting.html", context)


@checks.register(checks.Tags.caches)
def check_worker_shares_the_cache(app_configs=None, **kwargs):
    """A worker in another process stores the PDF in its own memory cache: the servers would wait for ever."""
    queued = "DatabaseBackend" in settings.TASKS.get("default", {}).get("BACKEND", "")
    in_process = settings.CACHES["default"]["BACKEND"].endswith("LocMemCache")
    if queued and in_process:
        return [
            checks.Warning(
                "TASKS_BACKEND=database rend les bilans dans le worker, mais le cache est la mémoire de chaque processus : "
                "les serveurs n'y verraient jamais les PDF rendus.",
                hint="Définissez REDIS_URL (plusieurs machines) ou CACHE_DIR (une machine).",
                id="rapports.W001",
            )
        ]
    return []

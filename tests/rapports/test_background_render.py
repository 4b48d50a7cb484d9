"""The bilan rendered by the background worker: « en préparation » first, one queued render, then the PDF."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_tasks import task_backends
from django_tasks_db.models import DBTaskResult

from .conftest import client_for


@pytest.fixture
def database_backend(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    yield
    task_backends._connections = None  # the next test builds its backend from its own settings


def bilan_url(schema, year=2025):
    return reverse("rapports:annual_report_pdf", args=[schema.pk, year])


def run_worker(monkeypatch):
    """The real worker command, once through the queue. It closes old connections between tasks, which would
    end the test's transaction on PostgreSQL: the test keeps its connection instead."""
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    call_command("db_worker", batch=True, no_startup_delay=True, interval=0, verbosity=0)


def test_the_first_download_waits_for_the_worker_then_serves_the_pdf(world, partenaire, database_backend, monkeypatch):
    client = client_for(partenaire)

    waiting = client.get(bilan_url(world["schema"]))
    again = client.get(bilan_url(world["schema"]))

    assert waiting.status_code == 200
    assert waiting["Content-Type"].startswith("text/html")
    content = waiting.content.decode()
    assert "est <strong>en préparation</strong>" in content
    assert '<meta http-equiv="refresh" content="3">' in content
    assert f'<a href="{bilan_url(world["schema"])}">Vérifier maintenant si le bilan est prêt</a>' in content
    # The page's reloads wait for the same render: one task in the queue, not one per request.
    assert "en préparation" in again.content.decode()
    assert DBTaskResult.objects.count() == 1

    run_worker(monkeypatch)
    ready = client.get(bilan_url(world["schema"]))

    assert ready.status_code == 200
    assert ready["Content-Type"] == "application/pdf"
    assert ready["Content-Disposition"] == 'attachment; filename="bilan-2025-rhone.pdf"'
    assert ready.content.startswith(b"%PDF")
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_the_caf_and_a_partner_wait_for_two_different_renders(world, partenaire, conseiller, database_backend):
    # The partner's bilan withholds small groups: the Caf's copy must never be served to a partner.
    client_for(partenaire).get(bilan_url(world["schema"]))
    client_for(conseiller).get(bilan_url(world["schema"]))

    assert sorted(row.args_kwargs["args"][2] for row in DBTaskResult.objects.all()) == [1, 3]


def test_a_failed_render_says_so_in_french_and_can_be_queued_again(world, partenaire, database_backend):
    client = client_for(partenaire)
    client.get(bilan_url(world["schema"]))
    DBTaskResult.objects.update(status="FAILED")

    failed = client.get(bilan_url(world["schema"]))

    assert failed.status_code == 200
    content = failed.content.decode()
    assert "La préparation du bilan 2025 a échoué." in content
    assert "http-equiv" not in content
    assert DBTaskResult.objects.count() == 1

    retried = client.get(bilan_url(world["schema"]))

    assert "en préparation" in retried.content.decode()
    assert DBTaskResult.objects.filter(status="READY").count() == 1


def test_with_the_immediate_backend_the_first_download_is_the_pdf(world, partenaire):
    response = client_for(partenaire).get(bilan_url(world["schema"]))

    assert response["Content-Type"] == "application/pdf"
    assert not DBTaskResult.objects.exists()


def test_a_worker_without_a_shared_cache_is_reported_by_the_system_checks(settings):
    from django.core import checks

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert [message.id for message in checks.run_checks(tags=[checks.Tags.caches])] == ["rapports.W001"]

    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:6379/5"}
    }
    assert [message.id for message in checks.run_checks(tags=[checks.Tags.caches])] == []

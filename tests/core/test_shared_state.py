"""State that several application servers share: the cache on Redis, sessions and lockouts in the database."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.contrib.sessions.models import Session
from django.core.cache.backends.redis import RedisCache
from django.urls import reverse

from tests import factories
from tests.redis_support import TEST_REDIS_URL, redis_client

PROJECT_DIR = Path(__file__).resolve().parents[2]


def run_in_another_process(code, **env):
    """Runs ``code`` in a fresh Django process (its own settings from ``env``) and returns what it prints."""
    environment = {**os.environ, "DEBUG": "1", "DJANGO_SETTINGS_MODULE": "avs_schema.settings", **env}
    environment.pop("CACHE_DIR", None)
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=PROJECT_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_redis_url_puts_the_cache_on_redis_shared_between_processes():
    client = redis_client()
    client.delete(":1:test-shared-state")

    printed = run_in_another_process(
        "from django.core.cache import caches; cache = caches['default']; cache.set('test-shared-state', b'%PDF-partage', 60);"
        "print(type(cache).__name__)",
        REDIS_URL=TEST_REDIS_URL,
    )

    assert printed == "RedisCache"
    # Read back by this process through its own client: the value left the other process.
    reader = RedisCache(TEST_REDIS_URL, {})
    assert reader.get("test-shared-state") == b"%PDF-partage"
    reader.delete("test-shared-state")


def test_without_redis_url_the_cache_stays_in_process_memory():
    code = "from django.core.cache import caches; print(type(caches['default']).__name__)"
    printed = run_in_another_process(code, REDIS_URL="")

    assert printed == "LocMemCache"


@pytest.mark.django_db
def test_a_session_is_a_database_row_any_server_can_read(client, conseiller):
    response = client.post(reverse("login"), {"username": conseiller.email, "password": factories.DEMO_PASSWORD})
    assert response.status_code == 302

    session = Session.objects.get(session_key=client.cookies["sessionid"].value)
    assert session.get_decoded()["_auth_user_id"] == str(conseiller.pk)


@pytest.mark.django_db
def test_a_failed_login_is_counted_in_the_database(client, conseiller, settings):
    settings.AXES_ENABLED = True

    client.post(reverse("login"), {"username": conseiller.email, "password": "mauvais"}, REMOTE_ADDR="192.0.2.7")

    attempt = AccessAttempt.objects.get()
    assert (attempt.username, attempt.ip_address, attempt.failures_since_start) == (conseiller.email, "192.0.2.7", 1)

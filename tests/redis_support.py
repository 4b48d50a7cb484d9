"""The Redis used by tests: database 5 of the local server, so that tests never touch another's data."""

import os

import pytest

TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/5")


def in_ci():
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def redis_client():
    """A client of the test Redis; skips the test when it is unreachable, except in CI where it fails."""
    import redis

    client = redis.Redis.from_url(TEST_REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.exceptions.ConnectionError as error:
        message = f"Redis est injoignable sur {TEST_REDIS_URL} ({error})."
        if in_ci():
            pytest.fail(f"CI=true : Redis doit tourner. {message}", pytrace=False)
        pytest.skip(message)
    return client

"""Two application servers, one worker, PostgreSQL and Redis: any server serves any user (`make cluster-test`).

Starts two gunicorn instances on two loopback ports and one `db_worker` against a PostgreSQL database of its
own and the test Redis (database 5), then checks what a Caf's deployment behind a load balancer relies on: a
session opened on one server continues on the other, a bilan asked on one is rendered by the worker and served
by the other from the shared cache, a lockout on one holds on the other. Everything it starts is stopped at
the end, failure or not. Selected with `-m cluster` only (tests/conftest.py).
"""

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from tests.redis_support import TEST_REDIS_URL, redis_client

pytestmark = pytest.mark.cluster

PROJECT_DIR = Path(__file__).resolve().parents[2]
SERVER = os.environ.get("CLUSTER_DATABASE_SERVER", "postgres://postgres@127.0.0.1:5432")
DATABASE = os.environ.get("CLUSTER_DATABASE", "avs_cluster")
PORTS = [int(port) for port in os.environ.get("CLUSTER_PORTS", "8111,8112").split(",")]
PASSWORD = "motdepasse-du-cluster"
LOGIN_PATH = "/comptes/connexion/"

SETUP = f"""
import django; django.setup()
from tests import factories
schema = factories.SchemaFactory(slug="cluster")
factories.ConseillerFactory(
    email="conseiller@cluster.fr", first_name="Claire", last_name="Grappe", schemas=[schema], password={PASSWORD!r}
)
factories.ConseillerFactory(email="bloque@cluster.fr", schemas=[schema], password={PASSWORD!r})
print(schema.pk, schema.first_year)
"""


def environment():
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "avs_schema.settings",
        "DATABASE_URL": f"{SERVER}/{DATABASE}",
        "REDIS_URL": TEST_REDIS_URL,
        "TASKS_BACKEND": "database",
        "DEBUG": "0",
        "SECRET_KEY": "cluster-test-only-secret-key-not-for-production",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "AXES_ENABLED": "1",
        "CONN_MAX_AGE": "60",
    }


def manage(*args, env):
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=PROJECT_DIR, env=env, capture_output=True, text=True)
    assert result.returncode == 0, f"manage.py {' '.join(args)} : {result.stderr[-2000:]}"
    return result.stdout


def psql(sql):
    subprocess.run(["psql", SERVER + "/postgres", "-q", "-c", sql], check=True, capture_output=True)


def wait_until_up(url, process, seconds=90):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"Le serveur {url} s'est arrêté (code {process.returncode}).")
        try:
            requests.get(url + LOGIN_PATH, timeout=10)
            return
        except requests.RequestException:
            time.sleep(0.5)
    pytest.fail(f"Le serveur {url} ne répond pas après {seconds} s.")


def collect_static(env):
    """collectstatic (DEBUG off needs the manifest; minutes on a busy machine) unless it is newer than static/."""
    manifest = PROJECT_DIR / "staticfiles" / "staticfiles.json"
    newest = max(path.stat().st_mtime for path in (PROJECT_DIR / "static").rglob("*") if path.is_file())
    if not manifest.is_file() or manifest.stat().st_mtime < newest:
        manage("collectstatic", "--noinput", "--verbosity", "0", env=env)


def stop(processes):
    for process in processes:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    redis = redis_client()
    redis.flushdb()
    env = environment()
    psql(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
    psql(f'CREATE DATABASE "{DATABASE}"')
    logs = tmp_path_factory.mktemp("cluster")
    processes = []
    try:
        manage("migrate", "--noinput", env=env)
        collect_static(env)
        setup = subprocess.run([sys.executable, "-c", SETUP], cwd=PROJECT_DIR, env=env, capture_output=True, text=True)
        assert setup.returncode == 0, setup.stderr[-2000:]
        schema_pk, year = setup.stdout.split()
        commands = [
            [sys.executable, "-m", "gunicorn", "avs_schema.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", "2"]
            for port in PORTS
        ]
        commands.append([sys.executable, "manage.py", "db_worker", "--interval", "0.5", "--no-startup-delay"])
        for number, command in enumerate(commands):
            log = open(logs / f"process-{number}.log", "w")  # noqa: SIM115 (closed with the process)
            processes.append(
                subprocess.Popen(command, cwd=PROJECT_DIR, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
            )
        urls = [f"http://127.0.0.1:{port}" for port in PORTS]
        for url, process in zip(urls, processes, strict=False):
            wait_until_up(url, process)
        yield {"a": urls[0], "b": urls[1], "schema_pk": schema_pk, "year": year, "redis": redis, "logs": logs}
    finally:
        stop(processes)
        redis.flushdb()
        psql(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')


def log_in(url, email, password=PASSWORD):
    """A session that posts the login form of the server ``url``; returns it with the login's response."""
    session = requests.Session()
    page = session.get(url + LOGIN_PATH, timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    response = session.post(
        url + LOGIN_PATH,
        data={"username": email, "password": password, "csrfmiddlewaretoken": token},
        headers={"Referer": url + LOGIN_PATH},
        allow_redirects=False,
        timeout=30,
    )
    return session, response


def on(session, url):
    """A browser that carries ``session``'s cookies to another server."""
    other = requests.Session()
    for cookie in session.cookies:
        other.cookies.set(cookie.name, cookie.value)
    return other


def test_a_session_opened_on_one_server_continues_on_the_other(cluster):
    session, response = log_in(cluster["a"], "conseiller@cluster.fr")
    assert response.status_code == 302

    home = on(session, cluster["b"]).get(cluster["b"] + "/", allow_redirects=False, timeout=30)

    assert home.status_code == 200
    assert "Claire Grappe" in home.text
    assert "Se déconnecter" in home.text
    assert LOGIN_PATH not in home.url


def test_a_bilan_asked_on_one_server_is_rendered_by_the_worker_and_served_by_the_other(cluster):
    session, _ = log_in(cluster["a"], "conseiller@cluster.fr")
    path = f"/rapports/schemas/{cluster['schema_pk']}/bilan-{cluster['year']}.pdf"

    waiting = session.get(cluster["a"] + path, timeout=30)
    assert waiting.headers["Content-Type"].startswith("text/html")
    assert "en préparation" in waiting.text

    other = on(session, cluster["b"])
    deadline = time.monotonic() + 90
    while True:
        served = other.get(cluster["b"] + path, timeout=60)
        if served.headers["Content-Type"] == "application/pdf" or time.monotonic() > deadline:
            break
        assert "en préparation" in served.text
        time.sleep(1)

    assert served.headers["Content-Type"] == "application/pdf", "le worker n'a pas rendu le bilan en 90 s"
    assert served.content.startswith(b"%PDF")
    # Server B queued nothing itself: the PDF it served is the worker's, found in the shared Redis cache.
    stored = [key for key in cluster["redis"].keys("*rapports:bilan:*") if not key.endswith(b":en-preparation")]
    assert len(stored) == 1
    assert cluster["redis"].get(stored[0]) is not None
    count_by_status = "SELECT status, count(*) FROM django_tasks_database_dbtaskresult GROUP BY 1"
    queued = subprocess.run(
        ["psql", f"{SERVER}/{DATABASE}", "-tA", "-c", count_by_status],
        capture_output=True,
        text=True,
        check=True,
    )
    assert queued.stdout.split() == ["SUCCESSFUL|1"]


def test_a_lockout_on_one_server_holds_on_the_other(cluster):
    for attempt in range(5):
        _, response = log_in(cluster["a"], "bloque@cluster.fr", password="mauvais")
        assert response.status_code == (429 if attempt == 4 else 200)

    _, response = log_in(cluster["b"], "bloque@cluster.fr")

    assert response.status_code == 429
    assert "Connexion temporairement bloquée" in response.text
    assert "sessionid" not in response.cookies

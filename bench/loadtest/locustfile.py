"""Locust load test of AVS Schéma: three roles log in through the real form, then browse and write like people do.

Mix: partners reading dashboards (weight 4), directors opening and saving their structure's entry page (3),
conseillers reading actions and recording progress updates (3). Each virtual user takes a different generated
account of its role (bench/loadtest/plans.py); waits LOADTEST_WAIT_MIN to LOADTEST_WAIT_MAX seconds between
pages. An error is an answer ≥ 400, a redirection to the login page or a refused login.

LOADTEST_MODE=step adds StepShape: LOADTEST_STEP_USERS more users every LOADTEST_STEP_SECONDS, until a step's
p95 passes 300 ms, a step has errors, or LOADTEST_MAX_USERS is reached. Each step is measured once its users
have logged in (and LOADTEST_SETTLE_SECONDS after it began at the earliest): requests/s, p95, errors, and the
CPU time spent by the gunicorn workers (children of LOADTEST_GUNICORN_PID), by Locust itself and by the PostgreSQL
backends of the workers, read in /proc (bench/loadtest/cpu.py); written to LOADTEST_SUMMARY (JSON) at the end.
Run by bench/loadtest.sh, which starts gunicorn and writes the report.
"""

import itertools
import json
import os
import random
import sys
import time
from pathlib import Path

from locust import FastHttpUser, LoadTestShape, between, events, task

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.loadtest.cpu import Snapshot  # noqa: E402
from bench.loadtest.forms import FORM_CONTENT_TYPE, csrf_token, encode, find_form  # noqa: E402
from bench.loadtest.plans import ROLES, plans  # noqa: E402

WAIT_MIN = float(os.environ.get("LOADTEST_WAIT_MIN", "1"))
WAIT_MAX = float(os.environ.get("LOADTEST_WAIT_MAX", "5"))
MAX_P95_MS = 300
LOGIN = "/comptes/connexion/"
GUNICORN = os.environ.get("LOADTEST_GUNICORN_PID")

PLANS = plans(int(os.environ.get("LOADTEST_PLANS", "100")))
NEXT_PLAN = {role: itertools.cycle([plan for plan in PLANS if plan["role"] == role]) for role in ROLES}


class AvsUser(FastHttpUser):
    """FastHttpUser (geventhttpclient) rather than HttpUser (python-requests): the client takes less CPU from the
    cores it shares with the server. Redirections are followed and ``answer.url`` is the last one."""

    abstract = True
    role = None
    wait_time = between(WAIT_MIN, WAIT_MAX)

    def on_start(self):
        self.plan = next(NEXT_PLAN[self.role])
        self.rng = random.Random()
        page = self.client.get(LOGIN, name="connexion (page)")
        form = find_form(page.text or "")
        data = form.data({"username": self.plan["email"], "password": self.plan["password"]})
        with self.client.post(LOGIN, encode(data), name="connexion", headers=self.headers(LOGIN), catch_response=True) as answer:
            if LOGIN in answer.url:
                answer.failure(f"connexion refusée pour {self.plan['email']}")
        # Hashing the password is slow on purpose: a step is measured once all of its users are logged in.
        MEASURE["logged_in"] += 1
        open_fixed_window()

    def headers(self, path):
        """Those of a browser posting the form of ``path``."""
        return {
            "Referer": self.host + path,
            "X-CSRFToken": csrf_token(self.client.cookiejar),
            "Content-Type": FORM_CONTENT_TYPE,
        }

    def page(self, name, path):
        with self.client.get(path, name=name, catch_response=True) as answer:
            if LOGIN in answer.url:
                answer.failure("redirigé vers la connexion")
            return answer.text or ""

    def post(self, name, path, data):
        with self.client.post(path, encode(data), name=name, headers=self.headers(path), catch_response=True) as answer:
            if LOGIN in answer.url:
                answer.failure("redirigé vers la connexion")


class Partenaire(AvsUser):
    role = "partenaire"
    weight = 4

    @task
    def dashboards(self):
        name, path = self.rng.choice(self.plan["pages"])
        self.page(name, path)


class Directeur(AvsUser):
    role = "directeur"
    weight = 3

    @task
    def entry(self):
        entry = self.plan["entry"]
        form = find_form(self.page("saisie (page)", entry), entry, page=entry)
        if form and self.rng.random() < 0.5:
            self.post("saisie (brouillon enregistré)", entry, form.data(fill_numbers=str(self.rng.randint(1, 40))))


class Conseiller(AvsUser):
    role = "conseiller"
    weight = 3

    @task
    def progress(self):
        if self.rng.random() < 0.3:
            self.page("actions (liste)", self.plan["action_list"])
        fiche = self.rng.choice(self.plan["fiches"])
        html = self.page("fiche-action", fiche["url"])
        action_url = self.rng.choice(fiche["update_urls"])
        form = find_form(html, action_url)
        if form:
            comment = f"Point d'étape (test de charge {self.rng.randint(1, 999)})."
            self.post("mise à jour d'avancement", action_url, form.data({"comment": comment}))


class Window:
    """The requests of one measured step: durations, errors, and the CPU time over the same span of the gunicorn
    workers, of Locust itself and of the PostgreSQL backends serving the workers (bench/loadtest/cpu.py)."""

    def __init__(self, users):
        self.users = users
        self.durations = []
        self.errors = 0
        self.started = time.monotonic()
        self.cpu_start = Snapshot(GUNICORN)

    def close(self):
        seconds = time.monotonic() - self.started
        cpu = Snapshot(GUNICORN).since(self.cpu_start)
        durations = sorted(self.durations)
        p95 = durations[max(0, int(0.95 * len(durations) + 0.5) - 1)] if durations else None
        return {
            "users": self.users,
            "seconds": round(seconds, 1),
            "requests": len(durations),
            "requests_per_second": round(len(durations) / seconds, 2) if seconds else 0,
            "p95_ms": round(p95, 1) if p95 is not None else None,
            "errors": self.errors,
            **cpu,
        }


MEASURE = {"window": None, "steps": [], "logged_in": 0}


@events.request.add_listener
def record(request_type, name, response_time, response_length, exception=None, **kwargs):
    window = MEASURE["window"]
    if window is None or name.startswith("connexion"):
        return
    window.durations.append(response_time)
    if exception is not None:
        window.errors += 1


if os.environ.get("LOADTEST_MODE") == "step":

    class StepShape(LoadTestShape):
        # Small steps: with short pauses, two cores pass 300 ms around a dozen users, and the best step measured is
        # at most one step below the knee.
        step_users = int(os.environ.get("LOADTEST_STEP_USERS", "2"))
        step_seconds = float(os.environ.get("LOADTEST_STEP_SECONDS", "40"))
        settle_seconds = float(os.environ.get("LOADTEST_SETTLE_SECONDS", "8"))
        max_users = int(os.environ.get("LOADTEST_MAX_USERS", "200"))

        def __init__(self):
            super().__init__()
            self.step = 0
            self.done = False

        def end_window(self):
            if MEASURE["window"] is not None:
                MEASURE["steps"].append(MEASURE["window"].close())
                MEASURE["window"] = None
                last = MEASURE["steps"][-1]
                print(f"Palier {last['users']} utilisateurs : {json.dumps(last)}", flush=True)
                if last["errors"] or last["p95_ms"] is None or last["p95_ms"] > MAX_P95_MS:
                    self.done = True

        def tick(self):
            elapsed = self.get_run_time()
            step = int(elapsed // self.step_seconds)
            if step != self.step:
                self.end_window()
                self.step = step
            users = (self.step + 1) * self.step_users
            if self.done or users > self.max_users:
                self.end_window()
                return None
            settled = elapsed - self.step * self.step_seconds >= self.settle_seconds
            if MEASURE["window"] is None and settled and MEASURE["logged_in"] >= users:
                MEASURE["window"] = Window(users)
            return users, self.step_users
else:

    @events.spawning_complete.add_listener
    def measure_after_logins(user_count, **kwargs):
        # The last users spawned are still logging in: the window opens when the last of them is done.
        MEASURE["spawned"] = user_count
        open_fixed_window()


def open_fixed_window():
    """Without steps, one window for the whole run, from the moment every spawned user has logged in."""
    users = MEASURE.get("spawned")
    if users and MEASURE["window"] is None and MEASURE["logged_in"] >= users:
        MEASURE["window"] = Window(users)


@events.quitting.add_listener
def write_summary(environment, **kwargs):
    if MEASURE["window"] is not None:
        MEASURE["steps"].append(MEASURE["window"].close())
        MEASURE["window"] = None
    path = os.environ.get("LOADTEST_SUMMARY")
    if path:
        Path(path).write_text(json.dumps({"steps": MEASURE["steps"], "cores": os.cpu_count()}, indent=1), encoding="utf-8")

"""A small threaded load client: virtual users log in through the real form, then browse and write like people do.

Mix (of LOADTEST_USERS, default 50): partners reading dashboards (40 %), directors opening and saving their
structure's entry page (30 %), conseillers reading actions and recording progress updates (30 %); each virtual
user is a different generated account (one département each) and waits LOADTEST_WAIT_MIN to LOADTEST_WAIT_MAX
seconds between pages (default 1 to 5 s). Logins happen before the measured period (LOADTEST_SECONDS, 60 s).
Run by bench/loadtest.sh, which starts gunicorn; this script only needs DATABASE_URL to find accounts and URLs.
"""

import http.cookiejar
import os
import random
import statistics
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.loadtest.forms import find_form  # noqa: E402

BASE_URL = os.environ.get("LOADTEST_URL", "http://127.0.0.1:8108").rstrip("/")
USERS = int(os.environ.get("LOADTEST_USERS", "50"))
SECONDS = float(os.environ.get("LOADTEST_SECONDS", "60"))
WAIT_MIN = float(os.environ.get("LOADTEST_WAIT_MIN", "1"))
WAIT_MAX = float(os.environ.get("LOADTEST_WAIT_MAX", "5"))
MAX_P95_MS = 300
SHARES = (("partenaire", 0.4), ("directeur", 0.3), ("conseiller", 0.3))


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.durations = defaultdict(list)
        self.errors = defaultdict(int)
        self.recording = False

    def add(self, name, ms, error=None):
        if not self.recording:
            return
        with self.lock:
            self.durations[name].append(ms)
            if error:
                self.errors[f"{name} : {error}"] += 1


class VirtualUser:
    def __init__(self, plan, stats, rng):
        self.plan = plan
        self.stats = stats
        self.rng = rng
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect)

    def csrf(self):
        return next((c.value for c in self.jar if c.name == "csrftoken"), "")

    def request(self, name, path, data=None):
        """(status, body, location); 3xx answers are followed as a separate GET, like a browser."""
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(BASE_URL + path, data=body)
        if data is not None:
            request.add_header("Referer", BASE_URL + path)
            request.add_header("X-CSRFToken", self.csrf())
        started = time.perf_counter()
        try:
            with self.opener.open(request, timeout=30) as response:
                status, content, location = response.status, response.read().decode("utf-8", "replace"), None
        except urllib.error.HTTPError as error:
            status, content, location = error.code, error.read().decode("utf-8", "replace"), error.headers.get("Location")
        except OSError as error:
            self.stats.add(name, (time.perf_counter() - started) * 1000, f"{type(error).__name__}")
            return None, "", None
        ms = (time.perf_counter() - started) * 1000
        failed = status >= 400 or (location and "/comptes/connexion/" in location and "connexion" not in name)
        self.stats.add(name, ms, f"HTTP {status}" if failed else None)
        if 300 <= status < 400 and location:
            target = urllib.parse.urlsplit(location)
            return self.request(f"{name} → redirection", target.path + (f"?{target.query}" if target.query else ""))
        return status, content, location

    def login(self):
        status, html, _ = self.request("connexion (page)", "/comptes/connexion/")
        form = find_form(html or "")
        if form is None:
            raise RuntimeError(f"formulaire de connexion introuvable pour {self.plan['email']} ({status})")
        self.request(
            "connexion", "/comptes/connexion/", form.data({"username": self.plan["email"], "password": self.plan["password"]})
        )

    def think(self):
        time.sleep(self.rng.uniform(WAIT_MIN, WAIT_MAX))

    def step(self):
        plan = self.plan
        if plan["role"] == "partenaire":
            name, path = self.rng.choice(plan["pages"])
            self.request(name, path)
        elif plan["role"] == "directeur":
            status, html, _ = self.request("saisie (page)", plan["entry"])
            form = find_form(html or "", plan["entry"], page=plan["entry"])
            if form and self.rng.random() < 0.5:
                self.think()
                self.request("saisie (brouillon enregistré)", plan["entry"], form.data(fill_numbers=str(self.rng.randint(1, 40))))
        else:
            if self.rng.random() < 0.3:
                self.request("actions (liste)", plan["action_list"])
                self.think()
            fiche = self.rng.choice(plan["fiches"])
            status, html, _ = self.request("fiche-action", fiche["url"])
            action_url = self.rng.choice(fiche["update_urls"])
            form = find_form(html or "", action_url)
            if form:
                self.think()
                comment = f"Point d'étape (test de charge {self.rng.randint(1, 999)})."
                self.request("mise à jour d'avancement", action_url, form.data({"comment": comment}))

    def run(self, stop):
        while not stop.is_set():
            try:
                self.step()
            except Exception as error:  # a bug of the client must show, not stop the run
                self.stats.add("client", 0, f"{type(error).__name__}: {error}")
            self.think()


def plans(users):
    """What each virtual user does, found in the database (Django set up with DATABASE_URL)."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "avs_schema.settings")
    django.setup()
    from django.urls import reverse

    from core.scale import SCALE_EMAIL_DOMAIN
    from core.scale.network import SCALE_PASSWORD
    from fiches.models import Action, Fiche, Schema
    from indicateurs.enums import CampaignStatus, ValueStatus
    from indicateurs.models import Campaign, IndicatorValue
    from structures.models import Structure

    counts = {role: round(users * share) for role, share in SHARES}
    counts["partenaire"] += users - sum(counts.values())
    schemas = list(Schema.objects.filter(slug__endswith="-echelle", last_year__gte=2026).order_by("department_code"))
    if len(schemas) < max(counts.values()):
        sys.exit("Pas assez de schémas générés en cours : lancez d'abord generate_scale_data (make bench).")
    result = []
    for schema in schemas[: counts["partenaire"]]:
        code = schema.department_code.lower()
        pages = [("tableau de bord", reverse("rapports:dashboard"))]
        pages += [
            (label, reverse(name, kwargs={"pk": schema.pk}))
            for label, name in (
                ("tableau de bord : avancement", "rapports:schema_dashboard"),
                ("tableau de bord : indicateurs", "rapports:indicators_dashboard"),
                ("tableau de bord : structures", "rapports:structures_dashboard"),
            )
        ]
        result.append({"role": "partenaire", "email": f"partenaire.{code}@{SCALE_EMAIL_DOMAIN}", "pages": pages})
    for schema in schemas[: counts["directeur"]]:
        campaign = Campaign.objects.get(schema=schema, status=CampaignStatus.OPEN)
        locked = IndicatorValue.objects.filter(campaign=campaign, status__in=[ValueStatus.SUBMITTED, ValueStatus.VALIDATED])
        structure = (
            Structure.objects.filter(commune__department_code=schema.department_code)
            .exclude(pk__in=locked.values("structure"))
            .order_by("pk")
            .first()
        )
        result.append(
            {
                "role": "directeur",
                "email": f"directeur.{structure.pk}@{SCALE_EMAIL_DOMAIN}",
                "entry": reverse("indicateurs:entry", kwargs={"campaign_pk": campaign.pk, "structure_pk": structure.pk}),
            }
        )
    for schema in schemas[: counts["conseiller"]]:
        fiches = []
        for fiche in Fiche.objects.filter(schema=schema).order_by("code")[:5]:
            actions = Action.objects.filter(fiche=fiche).values_list("pk", flat=True)
            fiches.append(
                {
                    "url": reverse("fiches:fiche_detail", kwargs={"pk": fiche.pk}),
                    "update_urls": [reverse("fiches:action_update", kwargs={"pk": pk}) for pk in actions],
                }
            )
        result.append(
            {
                "role": "conseiller",
                "email": f"conseiller.{schema.department_code.lower()}@{SCALE_EMAIL_DOMAIN}",
                "action_list": reverse("fiches:action_list"),
                "fiches": fiches,
            }
        )
    for plan in result:
        plan["password"] = SCALE_PASSWORD
    return result


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered), max(1, round(share * len(ordered) + 0.5 - 1e-9))) - 1]


def main():
    rng = random.Random(2026)
    stats = Stats()
    users = [VirtualUser(plan, stats, random.Random(rng.random())) for plan in plans(USERS)]
    print(f"{len(users)} utilisateurs virtuels : connexion…", flush=True)
    login_started = time.perf_counter()
    with_errors = []

    def login(user):
        try:
            user.login()
        except Exception as error:
            with_errors.append(str(error))

    # Five at a time: hashing passwords is slow on purpose, and logins are not what is measured.
    for start in range(0, len(users), 5):
        batch = [threading.Thread(target=login, args=(user,)) for user in users[start : start + 5]]
        for thread in batch:
            thread.start()
        for thread in batch:
            thread.join()
    print(f"Connexions faites en {time.perf_counter() - login_started:.1f} s ({len(with_errors)} échecs).", flush=True)
    stop = threading.Event()
    threads = [threading.Thread(target=user.run, args=(stop,), daemon=True) for user in users]
    stats.recording = True
    started = time.perf_counter()
    for thread in threads:
        thread.start()
        time.sleep(0.02)
    time.sleep(max(0.0, SECONDS - (time.perf_counter() - started)))
    stop.set()
    for thread in threads:
        thread.join(timeout=35)
    stats.recording = False
    elapsed = time.perf_counter() - started
    report(stats, elapsed, with_errors)
    return 1 if stats.errors or with_errors else 0


def report(stats, elapsed, login_errors):
    everything = [ms for values in stats.durations.values() for ms in values]
    total_errors = sum(stats.errors.values()) + len(login_errors)
    print(f"\nCharge : {USERS} utilisateurs, {elapsed:.0f} s, pause de {WAIT_MIN:g} à {WAIT_MAX:g} s entre deux pages.")
    print(f"{'requête':<45} {'nombre':>7} {'médiane':>9} {'p95':>9} {'max':>9}")
    for name in sorted(stats.durations):
        values = stats.durations[name]
        print(
            f"{name:<45} {len(values):>7} {statistics.median(values):>7.0f}ms {percentile(values, 0.95):>7.0f}ms "
            f"{max(values):>7.0f}ms"
        )
    if not everything:
        print("Aucune requête mesurée.")
        return
    p95 = percentile(everything, 0.95)
    print(f"\nRequêtes : {len(everything)} ; débit : {len(everything) / elapsed:.1f} requêtes/s")
    print(f"Temps de réponse : médiane {statistics.median(everything):.0f} ms, p95 {p95:.0f} ms (cible < {MAX_P95_MS} ms)")
    print(f"Erreurs : {total_errors}")
    for error, count in sorted(stats.errors.items()):
        print(f"  {count} × {error}")
    for error in login_errors:
        print(f"  connexion : {error}")
    verdict = "atteinte" if p95 < MAX_P95_MS and not total_errors else "manquée"
    print(f"Cible (zéro erreur, p95 < {MAX_P95_MS} ms) : {verdict}.")


if __name__ == "__main__":
    sys.exit(main())

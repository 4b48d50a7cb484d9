"""`make bench`: build (or reuse) the demo-scale and national-scale PostgreSQL databases, measure every page, write
bench/results/latest.md and print it. Targets are reported, not asserted (the exit status is 0 unless a step fails).

Environment: BENCH_DATABASE_SERVER (default postgres://postgres@127.0.0.1:5432), BENCH_DB_DEMO and
BENCH_DB_NATIONAL (database names, default avs_bench_demo / avs_bench_national), BENCH_REQUESTS (60) and
BENCH_ROUNDS (4).
With --prepare-only, only prepares the national database (used by bench/loadtest.sh).
"""

import datetime
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
RESULTS = BASE_DIR / "bench" / "results" / "latest.md"
PYTHON = sys.executable
SERVER = os.environ.get("BENCH_DATABASE_SERVER", "postgres://postgres@127.0.0.1:5432").rstrip("/")
DATABASES = {
    "demo": os.environ.get("BENCH_DB_DEMO", "avs_bench_demo"),
    "national": os.environ.get("BENCH_DB_NATIONAL", "avs_bench_national"),
}
# With 30 requests in 2 rounds, the ratio of two medians of a few milliseconds moved by a third from one run to
# the next on a shared machine.
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "60"))
# The requests of each page are spread over rounds that alternate the two scales (demo, national, demo,
# national…), so that a busy moment of the machine weighs on both scales alike.
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "4"))
# The performance targets: queries per page, time against a bare page, national scale against demo, PDFs.
MAX_QUERIES = 15
MAX_BASELINE_RATIO = 4.0
MAX_SCALE_RATIO = 1.3
MAX_PDF_SECONDS = 5.0
# The pages that were slow at national scale, with a target of their own: the indicators dashboard against the
# reference page, the administrator's home and country-wide lists against their time at demo scale.
COUNTRY_WIDE_PAGES = (
    "Accueil (admin)",
    "Actions (liste, admin)",
    "Structures (liste, admin)",
    "Organisations (liste, admin)",
    "Conventions (liste, admin)",
    "Utilisateurs (liste, admin)",
    "Campagnes (liste, admin)",
)
SLOW_PAGE_TARGETS = {"Tableau de bord : indicateurs": ("référence", 15.0)} | dict.fromkeys(COUNTRY_WIDE_PAGES, ("démo", 1.5))
MAX_PDF_MB = 500


def environment(database):
    """Production-like settings (DEBUG off, persistent connections), on loopback without TLS."""
    env = dict(os.environ)
    env.update(
        DATABASE_URL=f"{SERVER}/{database}",
        DEBUG="0",
        SECRET_KEY=env.get("SECRET_KEY") or "bench-only-secret-key-not-for-production",
        ALLOWED_HOSTS="testserver,127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="0",
        SECURE_COOKIES="0",
        CONN_MAX_AGE=env.get("CONN_MAX_AGE") or "600",
        PYTHONHASHSEED="0",
    )
    return env


def manage(database, *args, capture=False, fail=True):
    return _run(database, "manage.py", *args, capture=capture, fail=fail)


def bench_pages(database, *args, capture=False):
    """The page measurement (bench/bench_pages.py), in its own process on the scale's database."""
    return _run(database, "bench/bench_pages.py", *args, capture=capture)


def _run(database, script, *args, capture=False, fail=True):
    command = [PYTHON, script, *args]
    result = subprocess.run(command, cwd=BASE_DIR, env=environment(database), check=False, text=True, capture_output=capture)
    if result.returncode and not fail:
        return None
    if result.returncode:
        if capture:
            sys.stderr.write(result.stdout + result.stderr)
        sys.exit(f"Échec de « {script} {' '.join(args)} » sur la base {database} (code {result.returncode}).")
    return result.stdout if capture else None


def sql(database, query):
    import psycopg

    connection = psycopg.connect(f"{SERVER}/{database}")
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(query)
            return cursor.fetchall() if cursor.description else None
    finally:
        connection.close()


def ensure_database(name):
    if not sql("postgres", f"SELECT 1 FROM pg_database WHERE datname = '{name}'"):
        print(f"Création de la base {name}…", flush=True)
        sql("postgres", f'CREATE DATABASE "{name}"')


def prepare(scale):
    """Create, migrate and fill the scale's database unless it is filled already; returns the preparation time."""
    database = DATABASES[scale]
    started = time.perf_counter()
    ensure_database(database)
    if manage(database, "migrate", "--noinput", "-v0", capture=True, fail=False) is None:
        # A migration was renamed or rewritten since this bench-only database was built: build it again.
        print(f"Base {database} : migrations incompatibles avec le code, la base est recréée.", flush=True)
        sql("postgres", f'DROP DATABASE "{database}"')
        ensure_database(database)
        manage(database, "migrate", "--noinput", "-v0")
    if scale == "national":
        generated = sql(database, "SELECT count(*) FROM fiches_schema WHERE slug LIKE '%-echelle'")[0][0]
        if generated:
            print(f"Base {database} : données nationales déjà générées ({generated} schémas), réutilisées.", flush=True)
        else:
            print(f"Base {database} : génération des données nationales…", flush=True)
            manage(database, "generate_scale_data")
    manage(database, "load_demo", capture=True)
    # The state autovacuum leaves a live database in: planner statistics (without them PostgreSQL picks plans 10 ×
    # slower), and the visibility map and hint bits that a freshly bulk-written table lacks, so that the first
    # rounds do not pay for index-only scans reading the heap and for reads that write.
    sql(database, "VACUUM (ANALYZE)")
    return time.perf_counter() - started


def counts(database):
    tables = {
        "schémas": "fiches_schema",
        "fiches": "fiches_fiche",
        "actions": "fiches_action",
        "mises à jour": "fiches_actionupdate",
        "structures": "structures_structure",
        "valeurs": "indicateurs_indicatorvalue",
    }
    return {label: sql(database, f"SELECT count(*) FROM {table}")[0][0] for label, table in tables.items()}


def measure(scale, requests, round_number):
    database = DATABASES[scale]
    print(
        f"\nMesure des pages — échelle {scale} ({database}), tour {round_number}/{ROUNDS}, {requests} requêtes par page :",
        flush=True,
    )
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        output = handle.name
    try:
        bench_pages(database, "--requests", str(requests), "--output", output)
        return json.loads(Path(output).read_text(encoding="utf-8"))
    finally:
        Path(output).unlink(missing_ok=True)


def percentile(values, share):
    """Nearest-rank percentile (share in 0-1), as in bench/measure.py."""
    ordered = sorted(values)
    return ordered[min(len(ordered), max(1, round(share * len(ordered) + 0.5 - 1e-9))) - 1]


def pool(rounds):
    """One result per page from the rounds: median and p95 over all the requests, queries of the first round."""
    pooled = {}
    for label, first in rounds[0].items():
        if first.get("absent"):
            pooled[label] = first
            continue
        durations = [ms for result in rounds for ms in result[label]["durations"]]
        pooled[label] = first | {
            "median_ms": statistics.median(durations),
            "p95_ms": percentile(durations, 0.95),
            "requests": len(durations),
            "status": max(result[label]["status"] for result in rounds),
        }
    return pooled


def measure_scales():
    per_round = -(-REQUESTS // ROUNDS)  # at least REQUESTS in all
    results = {scale: [] for scale in DATABASES}
    for number in range(1, ROUNDS + 1):
        for scale in DATABASES:
            results[scale].append(measure(scale, per_round, number))
    return pool(results["demo"]), pool(results["national"])


def measure_annual_report():
    print("\nBilan annuel PDF à l'échelle nationale (processus séparé)…", flush=True)
    return json.loads(bench_pages(DATABASES["national"], "--annual-report", capture=True).strip().splitlines()[-1])


# The table ---------------------------------------------------------------------------------------


def _ms(value):
    return f"{value:.1f}".replace(".", ",")


def _ratio(value):
    return f"{value:.2f}".replace(".", ",")


def page_rows(demo, national):
    """(markdown row, [missed targets]) per page, baselines first."""
    rows, misses = [], []
    for label, nat in national.items():
        dem = demo.get(label, {})
        if nat.get("absent") or dem.get("absent"):
            rows.append(f"| {label} | `{nat.get('url_name', '')}` | page absente | | | | | | | | |")
            continue
        base = national[nat["baseline"]]
        to_base = nat["median_ms"] / base["median_ms"]
        to_demo = nat["median_ms"] / dem["median_ms"]
        missed = []
        if nat["status"] != 200 or dem["status"] != 200:
            missed.append(f"réponse {dem['status']}/{nat['status']}")
        # The reference pages are not held to the targets: their ratios show the noise of the machine.
        if not nat["is_baseline"]:
            if max(dem["queries"], nat["queries"]) > MAX_QUERIES:
                missed.append(f"requêtes SQL > {MAX_QUERIES}")
            if to_base > MAX_BASELINE_RATIO:
                missed.append(f"> {MAX_BASELINE_RATIO:g} × référence")
            if to_demo > MAX_SCALE_RATIO:
                missed.append(f"> {_ratio(MAX_SCALE_RATIO)} × démo")
        if missed:
            misses.append((label, missed, nat))
        rows.append(
            f"| {label} | `{nat['url']}` ({nat['user']}) | {_ms(dem['median_ms'])} | {_ms(dem['p95_ms'])} | "
            f"{_ms(nat['median_ms'])} | {_ms(nat['p95_ms'])} | {_ratio(to_base)} | {_ratio(to_demo)} | "
            f"{dem['queries']} | {nat['queries']} | {'OK' if not missed else ', '.join(missed)} |"
        )
    return rows, misses


def slow_page_rows(demo, national):
    """A markdown row per page of SLOW_PAGE_TARGETS measured at both scales."""
    rows = []
    for label, (against, limit) in SLOW_PAGE_TARGETS.items():
        nat, dem = national.get(label), demo.get(label)
        if nat is None or dem is None or nat.get("absent") or dem.get("absent"):
            continue
        reference = national[nat["baseline"]] if against == "référence" else dem
        ratio = nat["median_ms"] / reference["median_ms"]
        queries = max(dem["queries"], nat["queries"])
        missed = [f"> {_ratio(limit)} × {against}"] if ratio > limit else []
        if queries > MAX_QUERIES:
            missed.append(f"requêtes SQL > {MAX_QUERIES}")
        rows.append(
            f"| {label} | {_ratio(ratio)} × {against} | au plus {_ratio(limit)} × | {queries} | "
            f"{'OK' if not missed else ', '.join(missed)} |"
        )
    return rows


def render(demo, national, report, context):
    rows, misses = page_rows(demo, national)
    slow_rows = slow_page_rows(demo, national)
    lines = [
        "# Résultats du banc de performance",
        "",
        f"Mesuré le {context['date']} sur {context['machine']} ; PostgreSQL {context['postgres']} en local ; "
        f"{REQUESTS} requêtes mesurées par page et par échelle, en {ROUNDS} tours alternant démo et nationale, après "
        "échauffement (client de test Django, DEBUG désactivé, connexions persistantes).",
        "",
        "| échelle | " + " | ".join(context["counts"]["demo"]) + " |",
        "| --- | " + " | ".join("---:" for _ in context["counts"]["demo"]) + " |",
    ]
    for scale in ("demo", "national"):
        lines.append(f"| {scale} | " + " | ".join(f"{v:,}".replace(",", " ") for v in context["counts"][scale].values()) + " |")
    lines += [
        "",
        "Temps en millisecondes (médiane et 95e centile du temps serveur). « ÷ réf. » : médiane nationale divisée par "
        "celle de la page de référence (base.html vide, même personne) ; « ÷ démo » : médiane nationale divisée par la "
        f"médiane à l'échelle démo. Cibles : au plus {MAX_QUERIES} requêtes SQL, au plus {MAX_BASELINE_RATIO:g} × la "
        f"référence et {_ratio(MAX_SCALE_RATIO)} × la démo.",
        "",
        "| page | URL (qui) | démo méd. | démo p95 | nat. méd. | nat. p95 | ÷ réf. | ÷ démo | SQL démo | SQL nat. | cibles |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
        *rows,
        "",
        "## Pages lentes à l'échelle nationale",
        "",
        "Le tableau de bord des indicateurs rapporté à la page de référence, l'accueil et les listes de tout le pays "
        "de l'administrateur rapportés à leur temps à l'échelle démo (médianes du tableau ci-dessus).",
        "",
        "| page | mesuré | objectif | requêtes SQL (au plus) | cibles |",
        "| --- | ---: | ---: | ---: | --- |",
        *slow_rows,
        "",
        "## Bilan annuel PDF (un département, échelle nationale)",
        "",
    ]
    if report.get("absent"):
        lines.append(f"Page absente (`{report['url_name']}`).")
    else:
        pdf_misses = []
        if report["status"] != 200:
            pdf_misses.append(f"réponse {report['status']}")
        if report["seconds"] > MAX_PDF_SECONDS:
            pdf_misses.append(f"plus de {MAX_PDF_SECONDS:g} s")
        if report["peak_mb"] > MAX_PDF_MB:
            pdf_misses.append(f"plus de {MAX_PDF_MB} Mo")
        if pdf_misses:
            misses.append((report["label"], pdf_misses, report))
        lines += [
            "| document | URL | réponse | rendu | dont temps CPU | téléchargement suivant (cache) "
            "| mémoire maximale du processus | avant le rendu | requêtes SQL | cibles |",
            "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
            f"| {report['label']} | `{report['url']}` | {report['status']} {report['content_type']} | "
            f"{_ratio(report['seconds'])} s | {_ratio(report['cpu_seconds'])} s | {_ratio(report['second_seconds'])} s | "
            f"{report['peak_mb']:.0f} Mo | "
            f"{report['before_mb']:.0f} Mo | {report['queries']} | {'OK' if not pdf_misses else ', '.join(pdf_misses)} |",
            "",
            "Rendu : premier téléchargement dans un processus neuf (WeasyPrint déjà importé et initialisé), cache vide ; "
            "le temps CPU du processus montre le coût propre du rendu quand la machine est partagée.",
        ]
    lines += ["", "## Cibles manquées", ""]
    if not misses:
        lines.append("Aucune : toutes les pages mesurées tiennent leurs cibles.")
    for label, missed, _result in misses:
        lines.append(f"- **{label}** : {', '.join(missed)}.")
    return "\n".join(lines) + "\n"


def describe_context():
    version = sql(DATABASES["demo"], "SHOW server_version")[0][0]
    return {
        "date": datetime.datetime.now().strftime("%d/%m/%Y à %H:%M"),
        "machine": f"{os.cpu_count()} cœurs",
        "postgres": version.split()[0],
        "counts": {scale: counts(DATABASES[scale]) for scale in DATABASES},
    }


def collect_static():
    """collectstatic (DEBUG off needs the manifest) unless the manifest is newer than every file of static/."""
    manifest = BASE_DIR / "staticfiles" / "staticfiles.json"
    newest = max((path.stat().st_mtime for path in (BASE_DIR / "static").rglob("*") if path.is_file()), default=0)
    if manifest.is_file() and manifest.stat().st_mtime > newest:
        return
    print("Collecte des fichiers statiques (manifeste de production)…", flush=True)
    manage(DATABASES["demo"], "collectstatic", "--noinput", "-v0")


def kept_loadtest_section():
    """The load test's section of the previous results (bench/loadtest/report.py), kept as it was."""
    previous = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
    begin, end = "<!-- loadtest -->", "<!-- /loadtest -->"
    if begin not in previous or end not in previous:
        return ""
    return "\n\n" + previous[previous.index(begin) : previous.index(end) + len(end)] + "\n"


def main():
    started = time.perf_counter()
    collect_static()
    scales = ["national"] if "--prepare-only" in sys.argv else list(DATABASES)
    for scale in scales:
        seconds = prepare(scale)
        print(f"Base {DATABASES[scale]} prête en {seconds:.1f} s.", flush=True)
    if "--prepare-only" in sys.argv:
        return
    demo, national = measure_scales()
    report = measure_annual_report()
    text = render(demo, national, report, describe_context())
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(text + kept_loadtest_section(), encoding="utf-8")
    print("\n" + text)
    print(f"Tableau écrit dans {RESULTS.relative_to(BASE_DIR)} ({time.perf_counter() - started:.0f} s en tout).")


if __name__ == "__main__":
    main()

"""`python bench/bench_pages.py`: measure the main pages in the configured database (Django test client): median
and 95th percentile of the server time, SQL queries. Run by bench/run_bench.py (make bench) with the environment
of the database to measure; a script of the bench, not a command of the application."""

import argparse
import json
import os
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def parse_arguments(argv=None):
    parser = argparse.ArgumentParser(
        description=(
            "Mesure les pages principales dans la base courante (client de test Django) : médiane et 95e centile "
            "du temps serveur, nombre de requêtes SQL."
        )
    )
    parser.add_argument("--requests", type=int, default=30, help="Requêtes mesurées par page (30).")
    parser.add_argument("--warmup", type=int, default=3, help="Requêtes d'échauffement par page (3).")
    parser.add_argument("--output", help="Fichier JSON où écrire les résultats.")
    parser.add_argument("--page", action="append", help="Ne mesurer que cette page (libellé ; option répétable).")
    parser.add_argument("--sql", action="store_true", help="Afficher les requêtes SQL de chaque page, les plus lentes d'abord.")
    parser.add_argument(
        "--annual-report", action="store_true", help="Mesurer seulement le bilan annuel PDF (temps, mémoire maximale)."
    )
    return parser.parse_args(argv)


def report(label, result):
    if result.get("absent"):
        print(f"  {label:<40} page absente ({result['url_name']})", flush=True)
    else:
        print(
            f"  {label:<40} {result['status']}  médiane {result['median_ms']:7.1f} ms  "
            f"p95 {result['p95_ms']:7.1f} ms  {result['queries']:3d} requêtes SQL",
            flush=True,
        )


def main(argv=None):
    options = parse_arguments(argv)
    if str(BASE_DIR) not in sys.path:
        sys.path.insert(0, str(BASE_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "avs_schema.settings")
    import django

    django.setup()
    from bench.measure import measure_annual_report, measure_pages

    if options.annual_report:
        results = measure_annual_report()
        print(json.dumps(results, ensure_ascii=False), flush=True)
    else:
        results = measure_pages(
            requests=options.requests,
            warmup=options.warmup,
            only=options.page,
            report=report,
            show_sql=print if options.sql else None,
        )
    if options.output:
        with open(options.output, "w", encoding="utf-8") as handle:
            json.dump(results, handle, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()

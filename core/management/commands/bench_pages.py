import json

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Mesure les pages principales dans la base courante (client de test Django) : médiane et 95e centile du "
        "temps serveur, nombre de requêtes SQL. Utilisé par bench/run_bench.py (make bench)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--requests", type=int, default=30, help="Requêtes mesurées par page (30).")
        parser.add_argument("--warmup", type=int, default=3, help="Requêtes d'échauffement par page (3).")
        parser.add_argument("--output", help="Fichier JSON où écrire les résultats.")
        parser.add_argument("--page", action="append", help="Ne mesurer que cette page (libellé ; option répétable).")
        parser.add_argument(
            "--sql", action="store_true", help="Afficher les requêtes SQL de chaque page, les plus lentes d'abord."
        )
        parser.add_argument(
            "--annual-report", action="store_true", help="Mesurer seulement le bilan annuel PDF (temps, mémoire maximale)."
        )

    def handle(self, *args, **options):
        from bench.measure import measure_annual_report, measure_pages

        if options["annual_report"]:
            results = measure_annual_report()
            self.stdout.write(json.dumps(results, ensure_ascii=False))
        else:
            results = measure_pages(
                requests=options["requests"],
                warmup=options["warmup"],
                only=options["page"],
                report=self._report,
                show_sql=self.stdout.write if options["sql"] else None,
            )
        if options["output"]:
            with open(options["output"], "w", encoding="utf-8") as handle:
                json.dump(results, handle, ensure_ascii=False, indent=1)

    def _report(self, label, result):
        if result.get("absent"):
            self.stdout.write(f"  {label:<40} page absente ({result['url_name']})")
        else:
            self.stdout.write(
                f"  {label:<40} {result['status']}  médiane {result['median_ms']:7.1f} ms  "
                f"p95 {result['p95_ms']:7.1f} ms  {result['queries']:3d} requêtes SQL"
            )

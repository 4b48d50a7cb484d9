from django.core.management.base import BaseCommand

from demo.scale import DEFAULT_SKIPPED_DEPARTMENTS, ScaleOptions
from demo.scale.generator import generate

# (option, type, help) of the sizes whose default is ScaleOptions'.
SIZE_OPTIONS = (
    ("--departments", int, "Nombre de départements (100)."),
    ("--fiches-per-schema", int, "Fiches par schéma (30)."),
    ("--actions-per-fiche", int, "Actions par fiche (3)."),
    ("--updates-per-action", float, "Nombre moyen de mises à jour d'avancement par action (5,5)."),
    ("--indicators-per-schema", int, "Indicateurs par schéma (15)."),
    ("--structures", int, "Nombre total de structures, réparties selon la population des départements (4 100)."),
)


class Command(BaseCommand):
    help = (
        "Remplit la base à l'échelle nationale : un schéma par département (communes réelles du fichier national), "
        "fiches, actions et leur historique, indicateurs, structures, agréments, financements, campagnes et valeurs."
    )

    def add_arguments(self, parser):
        defaults = ScaleOptions()
        for option, kind, help_text in SIZE_OPTIONS:
            name = option.removeprefix("--").replace("-", "_")
            parser.add_argument(option, type=kind, default=getattr(defaults, name), help=help_text)
        parser.add_argument(
            "--structures-per-department",
            type=int,
            default=None,
            help="Nombre fixe de structures par département (remplace --structures).",
        )
        parser.add_argument("--campaigns", type=int, default=defaults.campaigns, help="Campagnes annuelles par schéma (5).")
        parser.add_argument("--seed", type=int, default=defaults.seed, help="Graine du générateur (résultat reproductible).")
        parser.add_argument(
            "--skip-departments",
            default=",".join(DEFAULT_SKIPPED_DEPARTMENTS),
            help="Départements laissés de côté, séparés par des virgules (par défaut 69 : le Rhône de la démonstration).",
        )

    def handle(self, *args, **options):
        scale = ScaleOptions(
            departments=options["departments"],
            fiches_per_schema=options["fiches_per_schema"],
            actions_per_fiche=options["actions_per_fiche"],
            updates_per_action=options["updates_per_action"],
            indicators_per_schema=options["indicators_per_schema"],
            structures=options["structures"],
            structures_per_department=options["structures_per_department"],
            campaigns=options["campaigns"],
            seed=options["seed"],
            skip_departments=tuple(code.strip() for code in options["skip_departments"].split(",") if code.strip()),
        )
        result = generate(scale, report=self._report)
        self.stdout.write(self.style.SUCCESS(f"Génération terminée en {result.seconds:.1f} s."))

    def _report(self, step):
        self.stdout.write(f"  {step.label:<55} {step.rows:>9} lignes  {step.seconds:6.1f} s")

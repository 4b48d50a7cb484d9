from django.core.management.base import BaseCommand, CommandError

from structures.commune_files import CommuneFileError, read_communes, read_populations
from structures.communes import import_communes, load_shipped_communes


class Command(BaseCommand):
    help = (
        "Importe ou met à jour les communes (repérées par leur code INSEE) depuis un fichier CSV ou XLSX : "
        "le fichier livré avec l'application, le Code officiel géographique de l'Insee ou la composition "
        "communale des EPCI ; --population ajoute les populations municipales ; --shipped charge les communes "
        "de France livrées avec l'application."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="Fichier des communes (CSV ou XLSX).")
        parser.add_argument(
            "--population", metavar="FICHIER", help="Fichier des populations municipales (code INSEE et population)."
        )
        parser.add_argument(
            "--shipped",
            action="store_true",
            help="Charge les communes et arrondissements de France livrés avec l'application (noms avec article, "
            "codes postaux) ; les communes déjà connues sont mises à jour.",
        )
        parser.add_argument(
            "--department", action="append", metavar="CODE", help="Avec --shipped : seulement ce département (répétable)."
        )

    def handle(self, *args, file=None, population=None, shipped=False, department=None, **options):
        if shipped:
            if file or population:
                raise CommandError("--shipped se suffit à lui-même : n'indiquez pas de fichier en plus.")
            result = load_shipped_communes(departments=department)
            self.stdout.write(self.style.SUCCESS(result.summary()))
            return
        if department:
            raise CommandError("--department ne s'emploie qu'avec --shipped.")
        if not file and not population:
            raise CommandError(
                "Indiquez un fichier de communes, un fichier de populations avec --population, "
                "ou --shipped pour les communes livrées avec l'application."
            )
        records, populations = [], {}
        if file:
            try:
                communes = read_communes(file)
            except CommuneFileError as error:
                raise CommandError(f"{file}, {error}") from error
            records = communes.records
            self.stdout.write(f"{file} : {len(records)} communes lues ({communes.layout.label}).")
        if population:
            try:
                populations = read_populations(population)
            except CommuneFileError as error:
                raise CommandError(f"{population}, {error}") from error
            self.stdout.write(f"{population} : {len(populations)} populations lues.")
        result = import_communes(records, populations)
        self.stdout.write(self.style.SUCCESS(result.summary()))
        unknown = result.unknown_population_codes
        if unknown:
            examples = ", ".join(unknown[:5]) + ("…" if len(unknown) > 5 else "")
            self.stdout.write(self.style.WARNING(f"{len(unknown)} populations ignorées : commune inconnue ({examples})."))

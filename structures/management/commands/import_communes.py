from django.core.management.base import BaseCommand, CommandError

from structures.communes import CommuneFileError, import_communes, read_communes, read_populations


class Command(BaseCommand):
    help = (
        "Importe ou met à jour les communes (repérées par leur code INSEE) depuis un fichier CSV ou XLSX : "
        "le fichier livré avec l'application, le Code officiel géographique de l'Insee ou la composition "
        "communale des EPCI ; --population ajoute les populations municipales."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="Fichier des communes (CSV ou XLSX).")
        parser.add_argument(
            "--population", metavar="FICHIER", help="Fichier des populations municipales (code INSEE et population)."
        )

    def handle(self, *args, file=None, population=None, **options):
        if not file and not population:
            raise CommandError("Indiquez un fichier de communes, ou un fichier de populations avec --population.")
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

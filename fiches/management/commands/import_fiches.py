from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from fiches.importer import FicheFormatError
from fiches.models import Schema
from fiches.reading import DocumentReading, UnreadableDocument, read_document
from fiches.services import import_documents


def plural(count: int, singular: str, plural_form: str) -> str:
    return f"{count} {singular if count <= 1 else plural_form}"


class Command(BaseCommand):
    help = (
        "Importe des fiches-actions (texte .txt, Word .docx, OpenDocument .odt ou PDF avec texte). Les doutes du "
        "lecteur sont affichés avec leur ligne ; une erreur refuse l'import. Tous les fichiers sont importés ensemble, "
        "ou aucun."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FICHIER", help="Fichiers des fiches-actions.")
        parser.add_argument("--schema", required=True, help="Identifiant numérique ou slug du schéma.")
        parser.add_argument("--dry-run", action="store_true", help="Vérifie les fichiers sans rien enregistrer.")

    def handle(self, *args, **options):
        schema = get_schema(options["schema"])
        period = (schema.first_year, schema.last_year)
        readings = [read_fiche_file(path, period) for path in options["files"]]
        errors = []
        for reading in readings:
            for doubt in reading.all_doubts():
                message = f"{reading.filename} — {doubt}"
                if doubt.blocking:
                    errors.append(message)
                else:
                    self.stderr.write(f"Attention : {message}")
        if errors:
            raise CommandError("\n".join([*errors, "Rien n'a été enregistré."]))
        with transaction.atomic():
            try:
                results = import_documents(readings, schema=schema)
            except FicheFormatError as error:
                raise CommandError(str(error)) from None
            for fiche, created in results:
                self.stdout.write(
                    f"{fiche.code} {'créée' if created else 'mise à jour'} : "
                    f"{plural(fiche.actions.count(), 'action', 'actions')}, "
                    f"{plural(fiche.expected_results.count(), 'résultat attendu', 'résultats attendus')}, "
                    f"{plural(fiche.indicators.count(), 'indicateur', 'indicateurs')}"
                )
            if options["dry_run"]:
                transaction.set_rollback(True)
                self.stdout.write("Vérification seulement : rien n'a été enregistré.")


def get_schema(value: str) -> Schema:
    schema = Schema.objects.filter(slug=value).first()
    if schema is None and value.isdigit():
        schema = Schema.objects.filter(pk=int(value)).first()
    if schema is None:
        raise CommandError(f"Schéma introuvable : « {value} ». Indiquez son identifiant numérique ou son slug.")
    return schema


def read_fiche_file(path: str, period: tuple[int, int]) -> DocumentReading:
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise CommandError(f"{path} — Lecture impossible : {error.strerror or error}.") from None
    try:
        reading = read_document(Path(path).name, data, period=period)
    except UnreadableDocument as error:
        raise CommandError(f"{path} — {error}") from None
    reading.filename = path
    return reading

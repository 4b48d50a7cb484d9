from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError

from core.french import plural
from core.uploads import validate_import_file
from structures.imports import ImportFileError, check_rows, preview_to_session, read_rows
from structures.services import ImportConflict, apply_structure_import


class Command(BaseCommand):
    help = (
        "Importe une liste de structures (CSV ou XLSX : extrait SENACS, tableau de la Caf) avec les mêmes règles "
        "que la page « Importer des structures », comme un administrateur : affiche l'aperçu, puis enregistre. "
        "S'arrête sans rien écrire (code de sortie 1) si des lignes sont refusées, sauf avec --valid-only."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Fichier CSV ou XLSX.")
        parser.add_argument(
            "--department",
            action="append",
            metavar="CODE",
            help="Ne rattacher les structures qu'aux communes de ce département (répétable), comme un conseiller.",
        )
        parser.add_argument(
            "--valid-only", action="store_true", help="Importer les lignes valides et lister les lignes refusées."
        )
        parser.add_argument("--dry-run", action="store_true", help="Afficher l'aperçu sans rien enregistrer.")
        parser.add_argument("--format-names", action="store_true", help="Mettre en forme les noms écrits en majuscules.")

    def handle(self, *args, file, department=None, valid_only=False, dry_run=False, format_names=False, **options):
        try:
            with open(file, "rb") as handle:
                upload = File(handle, name=file)
                validate_import_file(upload)
                list_file = read_rows(upload)
        except OSError as error:
            raise CommandError(f"{file} : fichier illisible ({error.strerror}).") from error
        except (ImportFileError, ValidationError) as error:
            message = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
            raise CommandError(f"{file} : {message}") from error
        preview = check_rows(list_file, departments=set(department) if department else None, format_names=format_names)
        self._print(preview)
        if preview.refused and not valid_only:
            n = preview.error_count
            raise CommandError(
                f"{n} ligne{plural(n)} refusée{plural(n)} : rien n'a été enregistré. Corrigez le fichier, "
                "ou relancez avec --valid-only pour importer les lignes valides."
            )
        if dry_run:
            self.stdout.write("Essai (--dry-run) : rien n'a été enregistré.")
            return
        try:
            created, updated = apply_structure_import(rows=preview_to_session(preview))
        except (ValidationError, ImportConflict) as error:
            reason = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
            raise CommandError(f"L'import a été annulé, rien n'a été enregistré : {reason}") from error
        text = (
            f"Import terminé : {created} structure{plural(created)} créée{plural(created)}, "
            f"{updated} mise{plural(updated)} à jour."
        )
        if preview.refused:
            n = preview.error_count
            text += f" {n} ligne{plural(n)} refusée{plural(n)} laissée{plural(n)} de côté (ci-dessus)."
        self.stdout.write(self.style.SUCCESS(text))

    def _print(self, preview):
        if preview.communes_missing:
            self.stdout.write(
                self.style.WARNING(
                    "Aucune commune du territoire n'est connue : chargez-les avec « python manage.py import_communes --shipped »."
                )
            )
        for column, reason in preview.ignored_columns:
            self.stdout.write(f"Colonne « {column} » : {reason}.")
        for row in preview.rows:
            self.stdout.write(f"Ligne {row.line} — {row.name or '(sans nom)'} — {row.commune_label or '—'} — {row.action}")
            for error in row.errors:
                self.stdout.write(f"    refusée : {error}")
            for change in row.changes:
                self.stdout.write(f"    {change.label} : {change.before} → {change.after}")
            for note in row.notes:
                self.stdout.write(f"    remarque : {note}")
        self.stdout.write(
            f"{preview.created_count} création{plural(preview.created_count)}, "
            f"{preview.updated_count} mise{plural(preview.updated_count)} à jour, "
            f"{preview.unchanged_count} inchangée{plural(preview.unchanged_count)}, "
            f"{preview.skipped_count} ignorée{plural(preview.skipped_count)}, "
            f"{preview.error_count} refusée{plural(preview.error_count)}."
        )

"""`manage.py restore FICHIER`: puts a backup of `manage.py backup` back into the configured database."""

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from core import backup


class Command(BaseCommand):
    help = "Restaure une sauvegarde de `manage.py backup` dans la base configurée (ses tables sont remplacées)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="la sauvegarde (.sqlite3 pour SQLite, .dump pour PostgreSQL)")
        parser.add_argument("--noinput", action="store_true", help="ne demande pas de confirmation")

    def handle(self, *args, path, noinput=False, **options):
        settings_dict = connections["default"].settings_dict
        if not noinput:
            answer = input(f"Les données de la base « {settings_dict['NAME']} » seront remplacées. Continuer ? [oui/non] ")
            if answer.strip().lower() not in {"oui", "o", "yes", "y"}:
                raise CommandError("Restauration annulée.")
        connections["default"].close()
        try:
            backup.restore(path, settings_dict)
        except (backup.BackupError, OSError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Sauvegarde restaurée dans {settings_dict['NAME']}.")

"""`manage.py backup [FICHIER]`: a consistent copy of the database (core/backup.py says how)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from core import backup


class Command(BaseCommand):
    help = "Sauvegarde la base de données (SQLite : copie en ligne ; PostgreSQL : pg_dump au format custom)."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", help="fichier à écrire (défaut : backups/avs-AAAAMMJJ-HHMMSS.…)")

    def handle(self, *args, path=None, **options):
        try:
            if path is None:
                folder = Path(settings.BASE_DIR) / "backups"
                folder.mkdir(exist_ok=True)
                stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
                path = folder / f"avs-{stamp}{backup.default_suffix()}"
            backup.backup(path)
        except (backup.BackupError, OSError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Sauvegarde écrite : {path}")

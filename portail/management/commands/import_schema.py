"""python manage.py import_schema fichier.json [--as-template --department-code … --department-name …
--first-year … --last-year …]"""

from django.core.management.base import BaseCommand, CommandError

from portail import schema_exchange


class Command(BaseCommand):
    help = (
        "Importe un schéma exporté par export_schema : en entier dans une base vide, ou comme modèle "
        "(axes, orientations, fiches, actions, indicateurs, sans valeurs) sous un nouveau territoire et une nouvelle période."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Le fichier JSON de l'export.")
        parser.add_argument("--as-template", action="store_true", help="Créer un nouveau schéma sur ce modèle, sans valeurs.")
        parser.add_argument("--department-code", help="Code du département du nouveau schéma (avec --as-template).")
        parser.add_argument("--department-name", help="Nom du département du nouveau schéma (avec --as-template).")
        parser.add_argument("--first-year", type=int, help="Première année du nouveau schéma (avec --as-template).")
        parser.add_argument("--last-year", type=int, help="Dernière année du nouveau schéma (avec --as-template).")
        parser.add_argument("--title", help="Intitulé du nouveau schéma (par défaut, celui du modèle).")

    def handle(self, *args, file, as_template=False, **options):
        try:
            with open(file, encoding="utf-8") as stream:
                data = schema_exchange.read(stream)
        except OSError as error:
            raise CommandError(f"Impossible de lire {file} : {error.strerror}.") from error
        except schema_exchange.ExportError as error:
            raise CommandError(str(error)) from error
        try:
            if as_template:
                self._import_template(data, options)
            else:
                counts = schema_exchange.import_full(data)
                total = sum(counts.values())
                self.stdout.write(f"Import terminé : {total} lignes ({data['schema']['title']}).")
        except schema_exchange.ExportError as error:
            raise CommandError(str(error)) from error

    def _import_template(self, data, options):
        missing = [
            f"--{name.replace('_', '-')}"
            for name in ("department_code", "department_name", "first_year", "last_year")
            if options.get(name) in (None, "")
        ]
        if missing:
            raise CommandError(f"Avec --as-template, précisez aussi : {', '.join(missing)}.")
        schema = schema_exchange.import_as_template(
            data,
            department_code=options["department_code"],
            department_name=options["department_name"],
            first_year=options["first_year"],
            last_year=options["last_year"],
            title=options.get("title"),
        )
        self.stdout.write(
            f"Schéma « {schema.title} » créé pour {schema.department_name} ({schema.first_year}-{schema.last_year}) "
            f"avec {schema.fiches.count()} fiches-actions."
        )

"""python manage.py export_schema <schéma> [-o fichier.json] [--with-history]"""

import sys

from django.core.management.base import BaseCommand, CommandError

from fiches.models import Schema
from portail import schema_exchange


class Command(BaseCommand):
    help = (
        "Exporte un schéma et tout ce qui s'y rattache (axes à valeurs, structures et organisations de son "
        "département, comptes liés, historique en option) dans un fichier JSON."
    )

    def add_arguments(self, parser):
        parser.add_argument("schema", help="Identifiant (slug) ou numéro du schéma.")
        parser.add_argument("-o", "--output", help="Fichier à écrire (par défaut : la sortie standard).")
        parser.add_argument("--with-history", action="store_true", help="Inclure l'historique des modifications.")

    def handle(self, *args, schema, output=None, with_history=False, **options):

        found = Schema.objects.filter(slug=schema).first()
        if found is None and schema.isdigit():
            found = Schema.objects.filter(pk=int(schema)).first()
        if found is None:
            raise CommandError(f"Aucun schéma ne porte l'identifiant « {schema} ».")
        try:
            text = schema_exchange.dumps(schema_exchange.export_schema(found, history=with_history))
        except schema_exchange.ExportError as error:
            raise CommandError(str(error)) from error
        if output:
            with open(output, "w", encoding="utf-8") as stream:
                stream.write(text)
            self.stderr.write(f"Schéma « {found.title} » exporté dans {output}.")
        else:
            sys.stdout.write(text)

"""E-mail each active conseiller the agréments of their départements that end within 12 months (once a month)."""

from django.core.management.base import BaseCommand

from core.french import plural
from structures.notifications import send_agrement_notices


class Command(BaseCommand):
    help = (
        "Envoie à chaque conseiller Caf la liste des agréments de son territoire qui se terminent dans les 12 mois "
        "(une fois par mois : relancée dans le même mois, elle n'envoie rien de plus)."
    )

    def handle(self, *args, **options):
        sent = send_agrement_notices()
        self.stdout.write(f"{sent} courriel{plural(sent)} envoyé{plural(sent)}.")

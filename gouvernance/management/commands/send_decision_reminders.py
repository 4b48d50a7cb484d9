"""E-mail each decision's carrier a month before its échéance and once it is late (each reminder once)."""

from django.core.management.base import BaseCommand

from core.french import plural
from gouvernance.reminders import send_decision_reminders


class Command(BaseCommand):
    help = "Rappelle à qui porte une décision son échéance (un mois avant) et son retard, une fois chacun."

    def handle(self, *args, **options):
        sent, orphans = send_decision_reminders()
        self.stdout.write(f"{sent} rappel{plural(sent)} envoyé{plural(sent)}.")
        for decision in orphans:
            self.stdout.write(
                f"Aucun destinataire pour la décision n° {decision.pk} ({decision.carrier}) : "
                "indiquez une personne ou une adresse de l'organisation."
            )

"""Every scheduled e-mail of the application, to run once a day (crontab or systemd timer, see the README).

Each send is recorded (core.models.SentNotification): running the command twice sends nothing twice.
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from indicateurs.models import Campaign
from indicateurs.notifications import send_scheduled_reminders, send_validation_digests
from structures.notifications import send_agrement_notices


class Command(BaseCommand):
    help = (
        "Envoie les courriels programmés : relances des campagnes ouvertes avant la clôture, récapitulatif quotidien "
        "des valeurs à valider pour les conseillers, agréments qui se terminent (une fois par mois). "
        "Relancée, elle n'envoie rien deux fois."
    )

    def add_arguments(self, parser):
        parser.add_argument("--base-url", default=settings.SITE_URL, help="Adresse du site, pour les liens des courriels.")

    def handle(self, *args, base_url, **options):
        reminders = 0
        for campaign in Campaign.objects.open().select_related("schema"):
            reminders += send_scheduled_reminders(campaign, base_url=base_url)
        digests = send_validation_digests(base_url=base_url)
        agrements = send_agrement_notices()
        self.stdout.write(f"Relances de campagne : {reminders}.")
        self.stdout.write(f"Récapitulatifs des valeurs à valider : {digests}.")
        self.stdout.write(f"Avis d'agréments à renouveler : {agrements}.")

"""E-mail the directors of the structures that have not submitted their values to the open campaigns."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.french import plural
from indicateurs.models import Campaign
from indicateurs.services import remind


class Command(BaseCommand):
    help = "Relance par courriel les directions des structures qui n'ont pas transmis leurs valeurs."

    def add_arguments(self, parser):
        parser.add_argument("--campaign", type=int, help="Identifiant d'une campagne (par défaut : les campagnes ouvertes).")
        parser.add_argument(
            "--base-url",
            default=settings.SITE_URL,
            help="Adresse du site, pour les liens des courriels.",
        )

    def handle(self, *args, campaign=None, base_url, **options):
        campaigns = Campaign.objects.select_related("schema")
        if campaign is not None:
            campaigns = campaigns.filter(pk=campaign)
            if not campaigns.exists():
                raise CommandError(f"Aucune campagne n'a l'identifiant {campaign}.")
            if not campaigns[0].is_open:
                raise CommandError(f"La campagne {campaigns[0].year} n'est pas ouverte : aucune relance envoyée.")
        else:
            campaigns = campaigns.open()
        total = 0
        for item in campaigns:
            sent = remind(campaign=item, base_url=base_url)
            total += sent
            self.stdout.write(f"{item} : {sent} courriel{plural(sent)} de relance envoyé{plural(sent)}.")
        self.stdout.write(self.style.SUCCESS(f"Relances envoyées : {total}."))

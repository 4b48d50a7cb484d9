from django.core.management.base import BaseCommand

from demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from demo.builder import load_demo


class Command(BaseCommand):
    help = "Charge les données de démonstration : le schéma du Rhône 2022-2026, ses structures, campagnes et comptes."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Supprime d'abord les données de démonstration déjà chargées, puis les recharge.",
        )

    def handle(self, *args, reset=False, **options):
        result = load_demo(reset=reset)
        if not result.loaded:
            self.stdout.write("Les données de démonstration sont déjà chargées.")
        else:
            self.stdout.write(self.style.SUCCESS("Données de démonstration chargées :"))
            for label, count in result.counts.items():
                self.stdout.write(f"  {label} : {count}")
        self.stdout.write("")
        self.stdout.write("Comptes de démonstration :")
        for email, role, first_name, last_name in DEMO_ACCOUNTS:
            self.stdout.write(f"  {email:<26} {role.label} ({first_name} {last_name})")
        self.stdout.write(f"Mot de passe de tous les comptes : {DEMO_PASSWORD}")

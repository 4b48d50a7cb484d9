"""E-mail each active conseiller the agréments of their départements that end within 12 months."""

from django.conf import settings
from django.core.mail import send_mail
from django.core.management.base import BaseCommand
from django.utils import timezone

from comptes.enums import Role
from comptes.models import User
from structures.models import Agrement


def message_for(conseiller, agrements):
    lines = [
        f"Bonjour {conseiller.first_name or conseiller.email},",
        "",
        f"{len(agrements)} agrément(s) de votre territoire se termine(nt) dans les 12 prochains mois :",
        "",
    ]
    for agrement in agrements:
        lines.append(
            f"- {agrement.structure.name} ({agrement.structure.commune.name}) : {agrement.get_kind_display()}, "
            f"fin le {agrement.end_date:%d/%m/%Y}"
        )
    lines += [
        "",
        "Le renouvellement demande un nouveau diagnostic partagé et un nouveau projet social.",
        "",
        "— AVS Schéma",
    ]
    return "\n".join(lines)


class Command(BaseCommand):
    help = "Envoie à chaque conseiller Caf la liste des agréments de son territoire qui se terminent dans les 12 mois."

    def handle(self, *args, **options):
        today = timezone.localdate()
        ending = list(
            Agrement.objects.ending_within(12, on=today)
            .select_related("structure__commune")
            .order_by("end_date", "structure__name")
        )
        sent = 0
        for conseiller in User.objects.filter(role=Role.CONSEILLER, is_active=True).exclude(email=""):
            codes = set(conseiller.department_codes())
            agrements = [a for a in ending if a.structure.commune.department_code in codes]
            if not agrements:
                continue
            send_mail(
                subject=f"Agréments à renouveler : {len(agrements)} dans les 12 mois",
                message=message_for(conseiller, agrements),
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=[conseiller.email],
            )
            sent += 1
        self.stdout.write(f"{sent} courriel(s) envoyé(s).")

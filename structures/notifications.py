"""The monthly notice of agréments ending within 12 months, one per conseiller and month (sent once)."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import timezone

from comptes.rules import conseillers
from core.french import plural
from core.mail import send_once

from .models import Agrement


def message_for(conseiller, agrements):
    lines = [
        f"Bonjour {conseiller.first_name or conseiller.email},",
        "",
        f"{len(agrements)} agrément{plural(agrements)} de votre territoire se termine{plural(agrements, 'nt')} "
        "dans les 12 prochains mois :",
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


def send_agrement_notices(*, today=None):
    """E-mail each active conseiller the agréments of their départements ending within 12 months, at most once a
    month (a second run in the same month sends nothing); return the number of e-mails sent."""
    today = today or timezone.localdate()
    ending = list(
        Agrement.objects.ending_within(12, on=today).select_related("structure__commune").order_by("end_date", "structure__name")
    )
    sent = 0
    for conseiller in conseillers().exclude(email=""):
        codes = set(conseiller.department_codes())
        agrements = [a for a in ending if a.structure.commune.department_code in codes]
        if not agrements:
            continue
        message = EmailMessage(
            f"Agréments à renouveler : {len(agrements)} dans les 12 mois",
            message_for(conseiller, agrements),
            settings.DEFAULT_FROM_EMAIL,
            [conseiller.email],
        )
        sent += send_once(f"agrements-ending:{conseiller.pk}:{today:%Y-%m}", message)
    return sent

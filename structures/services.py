"""Writes that span several rows or models: agréments (record, renew), structure import."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from .enums import AgrementStatus
from .models import Agrement


def overlapping_agrements(*, structure, kind, start_date, end_date, exclude=None):
    """The structure's agréments of the same kind (not refused) whose period meets [start_date, end_date]."""
    agrements = structure.agrements.filter(kind=kind, start_date__lte=end_date, end_date__gte=start_date).exclude(
        status=AgrementStatus.REFUSE
    )
    if exclude:
        agrements = agrements.exclude(pk=exclude)
    return list(agrements.order_by("start_date"))


@transaction.atomic
def renew_agrement(*, previous, end_date, status=AgrementStatus.INSTRUCTION, decision_date=None, comment=""):
    """Record the agrément that follows ``previous``: same structure and kind, starting the day after it ends."""
    start_date = previous.end_date + datetime.timedelta(days=1)
    agrement = Agrement(
        structure=previous.structure,
        kind=previous.kind,
        start_date=start_date,
        end_date=end_date,
        status=status,
        decision_date=decision_date,
        comment=comment,
    )
    agrement.full_clean()
    # Lock the structure's agréments so that two renewals cannot both pass the overlap check.
    list(Agrement.objects.select_for_update().filter(structure=previous.structure, kind=previous.kind))
    overlaps = overlapping_agrements(structure=previous.structure, kind=previous.kind, start_date=start_date, end_date=end_date)
    if overlaps:
        other = overlaps[0]
        raise ValidationError(
            f"Le renouvellement chevauche l'agrément {other.get_kind_display()} du "
            f"{other.start_date:%d/%m/%Y} au {other.end_date:%d/%m/%Y}."
        )
    agrement.save()
    return agrement

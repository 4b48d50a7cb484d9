"""Writes that span several rows or models: agréments (record, renew), structure import."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from core.concurrency import bump_version

from .enums import AgrementStatus
from .models import Agrement, Structure


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


class ImportConflict(Exception):
    """A structure changed between the preview and the confirmation; the message is French."""


@transaction.atomic
def apply_structure_import(*, rows, user=None):
    """Write the checked rows (``imports.preview_to_session``): all of them or none. Returns (created, updated).

    An update changes only the fields the preview showed, bumps the structure's version and leaves a
    history record; a structure saved by someone else since the preview stops the whole import.
    """
    created = updated = 0
    for row in rows:
        if row["id"]:
            structure = Structure.objects.select_for_update().filter(pk=row["id"]).first()
            if structure is None or structure.version != row["version"]:
                name = structure.name if structure else row["values"].get("name", "")
                raise ImportConflict(
                    f"La structure « {name} » (ligne {row['line']}) a été modifiée ou supprimée depuis l'aperçu : "
                    "déposez de nouveau le fichier pour voir son état actuel."
                )
            for name, value in row["values"].items():
                setattr(structure, name, value)
            bump_version(structure)
            updated += 1
        else:
            structure = Structure(**row["values"])
            created += 1
        structure._change_reason = "Import de structures"
        if user is not None:
            structure._history_user = user
        try:
            structure.full_clean()
        except ValidationError as error:
            raise ValidationError([f"Ligne {row['line']} : {message}" for message in error.messages]) from error
        structure.save()
    return created, updated

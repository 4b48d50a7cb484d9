"""Agréments: record, correct, renew, delete, and the page of those that end soon or have ended."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone

from core.access import check_perm, get_object_for_user

from ..enums import AgrementKind, AgrementStatus
from ..forms import AgrementForm, AgrementRenewForm
from ..models import Agrement, Structure, months_later
from ..services import renew_agrement
from .items import delete_item, edit_item, structure_item


def agrement_create(request, pk):
    structure = get_object_for_user(request.user, Structure.objects.select_related("commune"), pk, "structures.change_structure")
    form = AgrementForm(request.POST or None, structure=structure)
    if form.is_valid():
        form.save()
        messages.success(request, "L'agrément a été enregistré.")
        return redirect("structures:structure_detail", pk=structure.pk)
    return render(
        request, "structures/form.html", {"form": form, "title": f"Nouvel agrément — {structure}", "structure": structure}
    )


def agrement_edit(request, pk):
    """Correcting an agrément: its status once the decision is known, its dates, its comment."""
    agrement = structure_item(request.user, Agrement, pk)
    return edit_item(request, agrement, AgrementForm, title="Modifier l'agrément", saved="L'agrément a été modifié.")


def agrement_delete(request, pk):
    agrement = structure_item(request.user, Agrement, pk)
    deleted = f"L'agrément « {agrement.get_kind_display()} » a été supprimé."
    return delete_item(request, agrement, title="Supprimer l'agrément", what="cet agrément", deleted=deleted)


def agrement_renew(request, pk):
    previous = structure_item(request.user, Agrement, pk)
    structure = previous.structure
    form = AgrementRenewForm(request.POST or None, previous=previous)
    if form.is_valid():
        try:
            renew_agrement(previous=previous, **form.cleaned_data)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, f"Le renouvellement à compter du {form.start_date:%d/%m/%Y} a été enregistré.")
            return redirect("structures:structure_detail", pk=structure.pk)
    return render(
        request,
        "structures/agrement_renew.html",
        {"form": form, "previous": previous, "structure": structure, "title": f"Renouveler l'agrément — {structure}"},
    )


def agrements_ending(request):
    check_perm(request.user, "structures.view_structure")
    today = timezone.localdate()
    limit = months_later(today, 12)
    structures = list(
        Structure.objects.for_user(request.user)
        .with_agrement_end()
        .filter(agrement_end__lte=limit)
        .select_related("commune")
        .order_by("agrement_end", "name")
    )
    main_kinds = [AgrementKind.AGC, AgrementKind.ANIMATION_LOCALE]
    by_structure = {}
    for agrement in Agrement.objects.filter(structure__in=[s.pk for s in structures], kind__in=main_kinds).order_by("start_date"):
        by_structure.setdefault(agrement.structure_id, []).append(agrement)
    ending, expired = [], []
    for structure in structures:
        agrements = by_structure.get(structure.pk, [])
        structure.agrement = next(
            (a for a in agrements if a.status != AgrementStatus.INSTRUCTION and a.end_date == structure.agrement_end), None
        )
        structure.renewal = next(
            (a for a in agrements if a.status == AgrementStatus.INSTRUCTION and a.start_date > structure.agrement_end), None
        )
        structure.can_change = request.user.has_perm("structures.change_structure", structure)
        (expired if structure.agrement_end < today else ending).append(structure)
    return render(
        request,
        "structures/agrements_ending.html",
        {"ending": ending, "expired": expired, "today": today, "limit": limit},
    )

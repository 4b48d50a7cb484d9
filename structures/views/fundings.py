"""A structure's fundings: record, correct, delete (the deletion stays in the history, restorable)."""

from django.contrib import messages
from django.shortcuts import redirect, render

from core.access import get_object_for_user

from ..forms import FundingForm
from ..models import Funding, Structure
from .items import delete_item, edit_item, structure_item


def funding_create(request, pk):
    structure = get_object_for_user(request.user, Structure.objects.select_related("commune"), pk, "structures.change_structure")
    form = FundingForm(request.POST or None, structure=structure)
    if form.is_valid():
        form.save()
        messages.success(request, "Le financement a été enregistré.")
        return redirect("structures:structure_detail", pk=structure.pk)
    return render(
        request, "structures/form.html", {"form": form, "title": f"Nouveau financement — {structure}", "structure": structure}
    )


def funding_edit(request, pk):
    funding = structure_item(request.user, Funding, pk)
    return edit_item(request, funding, FundingForm, title="Modifier le financement", saved="Le financement a été modifié.")


def funding_delete(request, pk):
    funding = structure_item(request.user, Funding, pk)
    deleted = f"Le financement « {funding.funder}, {funding.year} » a été supprimé."
    return delete_item(request, funding, title="Supprimer le financement", what="ce financement", deleted=deleted)

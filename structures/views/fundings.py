"""A structure's fundings: record, correct, delete (the deletion stays in the history, restorable)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from core.access import check_perm, get_object_for_user
from core.concurrency import StaleObjectError, save_versioned_form

from ..forms import FundingForm
from ..models import Funding, Structure


def _funding_for_change(user, pk):
    funding = get_object_or_404(Funding.objects.select_related("structure__commune", "funder"), pk=pk)
    check_perm(user, "structures.change_structure", funding.structure)
    return funding


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
    funding = _funding_for_change(request.user, pk)
    structure = funding.structure
    form = FundingForm(request.POST or None, instance=funding, structure=structure)
    if form.is_valid():
        try:
            save_versioned_form(form)
        except StaleObjectError as error:
            form.add_stale_error(error)
        else:
            messages.success(request, "Le financement a été modifié.")
            return redirect("structures:structure_detail", pk=structure.pk)
    return render(
        request,
        "structures/form.html",
        {
            "form": form,
            "title": f"Modifier le financement — {structure}",
            "structure": structure,
            "history_url": reverse("history", args=["structures", "funding", funding.pk]),
        },
    )


def funding_delete(request, pk):
    funding = _funding_for_change(request.user, pk)
    structure = funding.structure
    if request.method == "POST":
        funding.delete()
        messages.success(request, f"Le financement « {funding.funder}, {funding.year} » a été supprimé.")
        return redirect("structures:structure_detail", pk=structure.pk)
    return render(
        request,
        "structures/confirm_delete.html",
        {"object": funding, "structure": structure, "title": "Supprimer le financement", "what": "ce financement"},
    )

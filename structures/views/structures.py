"""Structures: list, page, create, edit, a director's contact details."""

from itertools import groupby

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from comptes.rules import is_directeur
from core.access import check_perm, get_object_for_user
from core.pagination import paginate

from ..filters import StructureFilter
from ..forms import StructureContactForm, StructureForm
from ..models import Agrement, Funding, Structure
from .editing import edit_page

HISTORY_LIMIT = 30
PAGE_SIZE = 50


def structure_list(request):
    check_perm(request.user, "structures.view_structure")
    visible = Structure.objects.listed_for(request.user)
    structure_filter = StructureFilter(request.GET or None, queryset=visible.in_french_order(), structures=visible)
    # The page's identifiers first, then its rows: the agrément ends and the communes are joined to the 50
    # structures shown, not to the whole country's before sorting (3 × faster at national scale).
    page, query = paginate(request, structure_filter.qs, PAGE_SIZE)
    ids = list(page.object_list.values_list("pk", flat=True))
    # The ids come in the list's order already: the rows are put back in it rather than sorted again.
    rows = Structure.objects.with_agrement_end().select_related("commune").in_bulk(ids)
    structures = [rows[pk] for pk in ids]
    own_ids = set(request.user.structures.values_list("pk", flat=True)) if is_directeur(request.user) else set()
    today = timezone.localdate()
    for structure in structures:
        structure.flag = structure.agrement_flag(on=today)
        structure.is_own = structure.pk in own_ids
    return render(
        request,
        "structures/structure_list.html",
        {
            "filter": structure_filter,
            "structures": structures,
            "page": page,
            "query": query,
            "can_add": request.user.has_perm("structures.add_structure"),
            "can_import": request.user.has_perm("structures.import_structures"),
        },
    )


def _history(structure):
    """The latest changes of the structure, its agréments and its fundings, newest first: (record, what)."""
    rows = [(record, "Fiche de la structure") for record in structure.history.select_related("history_user")[:HISTORY_LIMIT]]
    rows += [
        (record, f"Agrément {record.get_kind_display()} du {record.start_date:%d/%m/%Y} au {record.end_date:%d/%m/%Y}")
        for record in Agrement.history.filter(structure_id=structure.pk).select_related("history_user")[:HISTORY_LIMIT]
    ]
    rows += [
        (record, f"Financement {record.year} — {record.get_nature_display()}")
        for record in Funding.history.filter(structure_id=structure.pk).select_related("history_user")[:HISTORY_LIMIT]
    ]
    rows.sort(key=lambda row: row[0].history_date, reverse=True)
    return rows[:HISTORY_LIMIT]


def structure_detail(request, pk):
    structure = get_object_for_user(
        request.user,
        Structure.objects.with_agrement_end().select_related("commune", "manager"),
        pk,
        "structures.view_structure_identity",
    )
    user = request.user
    private = user.has_perm("structures.view_structure_private", structure)
    context = {
        "structure": structure,
        "flag": structure.agrement_flag(),
        "agrements": list(structure.agrements.order_by("-start_date", "kind")),
        "private": private,
        "can_change": user.has_perm("structures.change_structure", structure),
        "can_change_contact": user.has_perm("structures.change_structure_contact", structure),
        "today": timezone.localdate(),
    }
    if private:
        fundings = list(structure.fundings.select_related("funder").order_by("-year", "funder__name"))
        context["funding_years"] = [
            {"year": year, "fundings": items, "total": sum(f.amount for f in items)}
            for year, items in ((year, list(group)) for year, group in groupby(fundings, key=lambda f: f.year))
        ]
        context["conventions"] = list(structure.conventions.order_by("-signed_on", "title"))
        values = structure.indicator_values.select_related("indicator", "campaign").order_by("-campaign__year", "indicator__id")
        context["value_years"] = [(year, list(group)) for year, group in groupby(values, key=lambda v: v.campaign.year)]
        context["history"] = _history(structure)
    return render(request, "structures/structure_detail.html", context)


def structure_create(request):
    check_perm(request.user, "structures.add_structure")
    form = StructureForm(request.POST or None, user=request.user)
    if form.is_valid():
        structure = form.save()
        messages.success(request, f"La structure « {structure} » a été créée.")
        return redirect("structures:structure_detail", pk=structure.pk)
    return render(request, "structures/form.html", {"form": form, "title": "Nouvelle structure"})


def structure_edit(request, pk):
    structure = get_object_for_user(request.user, Structure.objects.select_related("commune"), pk, "structures.change_structure")
    form = StructureForm(request.POST or None, instance=structure, user=request.user)
    context = {"title": f"Modifier « {structure} »", "structure": structure}
    return edit_page(
        request,
        form,
        saved="La structure a été modifiée.",
        success_url=reverse("structures:structure_detail", args=[structure.pk]),
        context=context,
    )


def structure_contact_edit(request, pk):
    structure = get_object_for_user(
        request.user, Structure.objects.select_related("commune"), pk, "structures.change_structure_contact"
    )
    form = StructureContactForm(request.POST or None, instance=structure)
    context = {"title": f"Coordonnées de « {structure} »", "structure": structure}
    saved = "Les coordonnées de la structure ont été enregistrées."
    return edit_page(
        request, form, saved=saved, success_url=reverse("structures:structure_detail", args=[structure.pk]), context=context
    )

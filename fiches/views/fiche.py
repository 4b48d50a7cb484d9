from django.contrib import messages
from django.shortcuts import redirect, render

from core.access import check_perm, get_object_for_user
from core.concurrency import StaleObjectError

from ..forms import (
    ADD_ROWS,
    ActionFormSet,
    ActionUpdateForm,
    ExpectedResultFormSet,
    FicheForm,
    FicheOrganisationFormSet,
    shown_without_errors,
    with_more_rows,
)
from ..models import Fiche, Schema
from ..progress import fiche_progress
from ..services import save_fiche


def _fiche_page_queryset():
    return Fiche.objects.with_page_data().prefetch_related("expected_results", "indicators")


def fiche_detail(request, pk):
    fiche = get_object_for_user(request.user, _fiche_page_queryset(), pk, "fiches.view_fiche")
    can_update = request.user.has_perm("fiches.add_action_update", fiche)
    actions = list(fiche.actions.all())
    rows = [{"action": action, "form": ActionUpdateForm(action=action) if can_update else None} for action in actions]
    context = {
        "fiche": fiche,
        "schema": fiche.schema,
        "rows": rows,
        "progress": fiche_progress(fiche),
        "can_update": can_update,
        "can_edit": request.user.has_perm("fiches.change_fiche", fiche),
    }
    return render(request, "fiches/fiche_detail.html", context)


def _formsets(data, fiche, schema):
    return [
        ActionFormSet(data, instance=fiche, prefix="actions", schema=schema),
        ExpectedResultFormSet(data, instance=fiche, prefix="results"),
        FicheOrganisationFormSet(
            data,
            instance=fiche,
            prefix="organisations",
            queryset=fiche.organisation_links.select_related("organisation") if fiche.pk else None,
        ),
    ]


def _edit(request, *, fiche, schema, can_choose_followers):
    data = request.POST if request.method == "POST" else None
    adding_rows = data is not None and ADD_ROWS in data
    if adding_rows:
        data = with_more_rows(data, ["actions", "results", "organisations"])
    form = FicheForm(data, instance=fiche, schema=schema, can_choose_followers=can_choose_followers)
    formsets = _formsets(data, fiche, schema)
    if adding_rows:
        shown_without_errors(form, *formsets)
    elif data is not None and form.is_valid() and all(formset.is_valid() for formset in formsets):
        try:
            fiche = save_fiche(form=form, formsets=formsets, expected_version=form.cleaned_data.get("version"))
        except StaleObjectError as error:
            form.add_stale_error(error)
        else:
            messages.success(request, f"La fiche-action {fiche.code} a été enregistrée.")
            return redirect("fiches:fiche_detail", pk=fiche.pk)
    context = {"form": form, "formsets": formsets, "fiche": fiche, "schema": schema}
    return render(request, "fiches/fiche_form.html", context)


def fiche_edit(request, pk):
    fiche = get_object_for_user(
        request.user, Fiche.objects.select_related("orientation__axis__schema", "schema"), pk, "fiches.change_fiche"
    )
    return _edit(
        request, fiche=fiche, schema=fiche.schema, can_choose_followers=request.user.has_perm("fiches.add_fiche", fiche.schema)
    )


def fiche_create(request, schema_pk):
    schema = get_object_for_user(request.user, Schema, schema_pk, "fiches.view_schema")
    check_perm(request.user, "fiches.add_fiche", schema)
    return _edit(request, fiche=Fiche(schema=schema), schema=schema, can_choose_followers=True)

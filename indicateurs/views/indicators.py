"""Indicators of a schéma (the menu's page), their results, and the administrators' definition forms."""

from django.contrib import messages
from django.db import transaction
from django.db.models import Max
from django.shortcuts import redirect, render

from comptes.rules import is_directeur
from core import access
from core.access import check_perm, get_object_for_user
from core.concurrency import StaleObjectError, bump_version, lock_version
from core.secrecy import smallest_group
from fiches.models import Fiche, Schema

from ..forms import IndicatorForm
from ..models import Campaign, Indicator, IndicatorTarget
from ..results import schema_results, text_answers, withhold_small_figures
from ..rules import Entry, reopened_until


def _schema_for(request):
    """The schéma chosen with ?schema=, else the first the user reads; and all the schémas they read."""
    schemas = list(Schema.objects.for_user(request.user).order_by("-first_year", "department_code"))
    chosen = request.GET.get("schema")
    if chosen:
        schema = get_object_for_user(request.user, Schema, chosen, "indicateurs.view_results")
    else:
        schema = schemas[0] if schemas else None
    return schema, schemas


def _grouped(results, years):
    groups = []
    for result in results:
        result.for_years(years)
        fiche = result.indicator.fiche
        axis = fiche.orientation.axis
        if not groups or groups[-1][0] != axis:
            groups.append((axis, []))
        if not groups[-1][1] or groups[-1][1][-1][0] != fiche:
            groups[-1][1].append((fiche, []))
        groups[-1][1][-1][1].append(result)
    return groups


def indicator_list(request):
    check_perm(request.user, "indicateurs.view_indicator")
    schema, schemas = _schema_for(request)
    context = {"schema": schema, "schemas": schemas, "groups": [], "campaigns": []}
    if schema is not None:
        campaigns = list(Campaign.objects.filter(schema=schema).order_by("-year"))
        years = sorted({c.year for c in campaigns})[-3:] or [schema.last_year]
        my_structures = (
            list(request.user.structures.filter(commune__department_code=schema.department_code).select_related("commune"))
            if is_directeur(request.user)
            else []
        )
        for campaign in campaigns:
            # The director's links say « Saisir » wherever the entry takes values, a reopened one included.
            campaign.my_entries = [
                {
                    "structure": structure,
                    "open": access.refusal(request.user, "indicateurs.enter_values", Entry(campaign, structure)) is None,
                    "until": reopened_until(campaign, structure),
                }
                for structure in my_structures
            ]
        context.update(
            campaigns=campaigns,
            years=years,
            groups=_grouped(withhold_small_figures(schema_results(schema, years=years), smallest_group(request.user)), years),
        )
    return render(request, "indicateurs/indicator_list.html", context)


def results(request, schema_pk):
    user = request.user
    schema = get_object_for_user(
        user, Schema.objects.annotate(latest_campaign_year=Max("campaigns__year")), schema_pk, "indicateurs.view_results"
    )
    years = list(schema.years)
    # Partners and directors read no figure made of fewer than AVS_MIN_GROUP_SIZE structures (core/secrecy.py).
    results = withhold_small_figures(schema_results(schema, years=years), smallest_group(user))
    context = {"schema": schema, "years": years, "groups": _grouped(results, years)}
    if user.has_perm("indicateurs.view_structure_answers", schema):
        try:
            year = int(request.GET.get("annee") or schema.latest_campaign_year)
        except (ValueError, TypeError):
            year = schema.last_year
        context.update(answers_year=year, answers=text_answers(schema, year))
    return render(request, "indicateurs/results.html", context)


def _save_indicator(form):
    with transaction.atomic():
        if form.instance.pk:
            lock_version(Indicator, form.instance.pk, expected_version=form.cleaned_data.get("version"))
            bump_version(form.instance)
        indicator = form.save(commit=False)
        indicator.options = form.cleaned_data["options_text"]
        indicator.save()
        targets = form.cleaned_data["targets_text"]
        indicator.targets.exclude(year__in=list(targets)).delete()
        for year, value in targets.items():
            IndicatorTarget.objects.update_or_create(indicator=indicator, year=year, defaults={"value": value})
    return indicator


def indicator_create(request, fiche_pk):
    check_perm(request.user, "indicateurs.change_indicator")
    fiche = get_object_for_user(request.user, Fiche.objects.select_related("schema"), fiche_pk, "indicateurs.change_indicator")
    form = IndicatorForm(request.POST or None, instance=Indicator(fiche=fiche), schema=fiche.schema)
    if request.method == "POST" and form.is_valid():
        indicator = _save_indicator(form)
        messages.success(request, f"L'indicateur « {indicator} » est créé.")
        return redirect(f"{_list_url()}?schema={fiche.schema_id}")
    return render(request, "indicateurs/indicator_form.html", {"form": form, "fiche": fiche})


def indicator_edit(request, pk):
    indicator = get_object_for_user(
        request.user, Indicator.objects.select_related("fiche__schema"), pk, "indicateurs.change_indicator"
    )
    form = IndicatorForm(request.POST or None, instance=indicator, schema=indicator.fiche.schema)
    if request.method == "POST" and form.is_valid():
        try:
            _save_indicator(form)
        except StaleObjectError as error:
            form.add_stale_error(error)
        else:
            messages.success(request, "L'indicateur est enregistré.")
            return redirect(f"{_list_url()}?schema={indicator.fiche.schema_id}")
    return render(request, "indicateurs/indicator_form.html", {"form": form, "fiche": indicator.fiche, "indicator": indicator})


def _list_url():
    from django.urls import reverse

    return reverse("indicateurs:indicator_list")

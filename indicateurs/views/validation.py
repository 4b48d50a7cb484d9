"""Validation by conseillers: the submitted entries by structure; validate them, or send one value back."""

from collections import Counter, defaultdict

from django.contrib import messages
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from core import access
from core.access import check_perm
from core.french import plural

from ..completeness import EntryState, state_of
from ..forms import ReturnValueForm
from ..models import Indicator, IndicatorValue
from ..plausibility import questioned
from ..services import Refused, return_value, validate_entry, validate_value
from .common import get_campaign, get_entry

VALIDATORS = "indicateurs.view_structure_answers"


def validation(request, campaign_pk):
    """The structures whose entry waits for the Caf (submitted), then the others with values."""
    campaign = get_campaign(request.user, campaign_pk, VALIDATORS)
    expected = Indicator.objects.for_schema(campaign.schema).per_structure().count()
    counts = defaultdict(Counter)
    rows = (
        IndicatorValue.objects.filter(
            campaign=campaign, structure__isnull=False, indicator__level="structure", indicator__computed_source=""
        )
        .values("structure_id", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows:
        counts[row["structure_id"]][row["status"]] += row["n"]
    structures = list(campaign.structures().filter(pk__in=list(counts)).order_by("name"))
    entries = [{"structure": s, "state": state_of(counts[s.pk], expected), "counts": counts[s.pk]} for s in structures]
    waiting = list(IndicatorValue.objects.filter(campaign=campaign).to_validate().select_related("indicator"))
    questions = Counter()
    by_pk = {v.pk: v.structure_id for v in waiting}
    for value_pk in questioned(campaign, waiting):
        questions[by_pk[value_pk]] += 1
    for entry in entries:
        entry["state_label"] = EntryState.LABELS[entry["state"]]
        entry["to_validate"] = entry["counts"].get("submitted", 0)
        entry["questioned"] = questions[entry["structure"].pk]
    entries.sort(key=lambda e: (e["to_validate"] == 0, e["questioned"] == 0, e["structure"].name))
    return render(
        request,
        "indicateurs/validation.html",
        {
            "campaign": campaign,
            "entries": entries,
            "refusal": access.refusal(request.user, "indicateurs.validate_values", campaign),
        },
    )


def _history(values):
    """{value pk: [history rows, newest first]} with what changed from the row before."""
    model = IndicatorValue.history.model
    records = model.objects.filter(id__in=[v.pk for v in values]).select_related("history_user").order_by("id", "history_date")
    history = defaultdict(list)
    previous = {}
    for record in records:
        before = previous.get(record.id)
        record.before = before
        history[record.id].append(record)
        previous[record.id] = record
    for rows in history.values():
        rows.reverse()
    return history


def validation_structure(request, campaign_pk, structure_pk):
    user = request.user
    entry = get_entry(user, campaign_pk, structure_pk, VALIDATORS)
    campaign, structure = entry.campaign, entry.structure
    refusal = access.refusal(user, "indicateurs.validate_values", campaign)
    if request.method == "POST":
        check_perm(user, "indicateurs.validate_values", campaign)
        try:
            count = validate_entry(campaign=campaign, structure=structure, user=user)
        except Refused as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"{count} valeur{plural(count)} validée{plural(count)} pour {structure.name}.")
        return redirect("indicateurs:validation_structure", campaign.pk, structure.pk)
    values = list(
        IndicatorValue.objects.for_structure_entry(campaign, structure)
        .select_related("indicator__fiche", "updated_by")
        .order_by("indicator__fiche__code", "indicator__order", "indicator_id")
    )
    history = _history(values)
    previous = {
        v.indicator_id: v
        for v in IndicatorValue.objects.filter(
            campaign__schema_id=campaign.schema_id, campaign__year=campaign.year - 1, structure=structure
        ).select_related("indicator")
    }
    questions = questioned(campaign, values)
    for value in values:
        value.records = history.get(value.pk, [])
        value.previous = previous.get(value.indicator_id)
        value.question = questions.get(value.pk)
    # The values the plausibility rule questions first, so that the conseiller looks at them before validating.
    values.sort(key=lambda v: v.question is None)
    return render(
        request,
        "indicateurs/validation_structure.html",
        {
            "campaign": campaign,
            "structure": structure,
            "values": values,
            "refusal": refusal,
            "return_form": ReturnValueForm(),
            "to_validate": sum(1 for v in values if v.status == "submitted"),
            "questioned": len(questions),
        },
    )


@require_POST
def validate_value_view(request, value_pk):
    """Validate one submitted value of a structure."""
    user = request.user
    value = get_object_or_404(IndicatorValue.objects.select_related("campaign__schema", "structure__commune"), pk=value_pk)
    if value.structure is None:
        check_perm(user, VALIDATORS, value.campaign)
        messages.error(request, "Une valeur du schéma se valide depuis la page des valeurs du schéma.")
        return redirect("indicateurs:schema_values", value.campaign_id)
    get_entry(user, value.campaign_id, value.structure_id, VALIDATORS)
    check_perm(user, "indicateurs.validate_values", value.campaign)
    try:
        validate_value(value=value, user=user)
    except Refused as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"La valeur « {value.indicator} » de {value.structure.name} est validée.")
    return redirect("indicateurs:validation_structure", value.campaign_id, value.structure_id)


@require_POST
def return_value_view(request, value_pk):
    user = request.user
    value = get_object_or_404(IndicatorValue.objects.select_related("campaign__schema", "structure__commune"), pk=value_pk)
    if value.structure is None:
        check_perm(user, VALIDATORS, value.campaign)
        messages.error(request, "Une valeur du schéma ne se renvoie pas : corrigez-la directement.")
        return redirect("indicateurs:schema_values", value.campaign_id)
    get_entry(user, value.campaign_id, value.structure_id, VALIDATORS)
    check_perm(user, "indicateurs.validate_values", value.campaign)
    form = ReturnValueForm(request.POST)
    if form.is_valid():
        try:
            return_value(value=value, user=user, comment=form.cleaned_data["comment"], base_url=request.build_absolute_uri("/"))
        except Refused as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"La valeur « {value.indicator} » est renvoyée à {value.structure.name}.")
    else:
        messages.error(request, form.errors["comment"][0])
    return redirect("indicateurs:validation_structure", value.campaign_id, value.structure_id)

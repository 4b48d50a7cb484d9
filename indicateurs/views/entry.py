"""The director's entry page and the conseillers' schéma-wide values."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from core import access
from core.access import check_perm
from core.concurrency import StaleObjectError

from ..forms import ValuesForm
from ..models import Indicator, IndicatorValue
from ..plausibility import bounds_for
from ..rules import CLOSED_REASON, overrides_value_locks, reopened_until, value_refusal
from ..services import Refused, save_entry, save_schema_values
from .common import add_plausibility, get_campaign, get_entry, grouped_rows

SUBMIT = "transmettre"
UNCHANGED = "inchangee"
CONFIRM = "confirme"


def _posted_pks(raw_values):
    return {int(raw) for raw in raw_values if str(raw).isdigit()}


def _entry_page(request, entry, form, values, previous, refusal, extra=None):
    indicators = form.indicators
    missing = sum(1 for i in indicators if values.get(i.pk) is None or values[i.pk].is_empty)
    bounds = bounds_for(entry.campaign, [entry.structure.pk])
    groups = grouped_rows(indicators, form, values, previous)
    for _, fiches in groups:
        for _, rows in fiches:
            for row in rows:
                add_plausibility(row, bounds.get((entry.structure.pk, row["indicator"].pk)))
    return render(
        request,
        "indicateurs/entry.html",
        {
            **(extra or {}),
            "campaign": entry.campaign,
            "structure": entry.structure,
            "form": form,
            "groups": groups,
            "refusal": refusal,
            "can_edit": refusal is None and len(form.locked) < len(indicators),
            "missing": missing,
            "returned": [v for v in values.values() if v.status == "returned"],
            "reopened_until": reopened_until(entry.campaign, entry.structure),
        },
    )


def entry(request, campaign_pk, structure_pk):
    user = request.user
    entry = get_entry(user, campaign_pk, structure_pk)
    campaign, structure = entry.campaign, entry.structure
    refusal = access.refusal(user, "indicateurs.enter_values", entry)
    indicators = list(Indicator.objects.for_schema(campaign.schema).per_structure().in_fiche_order())
    values = _by_indicator(IndicatorValue.objects.for_structure_entry(campaign, structure))
    previous = _by_indicator(_previous_year(campaign).filter(structure=structure))
    if refusal:
        locked = {i.pk: refusal for i in indicators}
    elif overrides_value_locks(user):
        locked = {}
    else:
        locked = {pk: reason for pk, v in values.items() if (reason := value_refusal(v))}
    if request.method != "POST":
        form = ValuesForm(indicators=indicators, values=values, locked=locked)
        return _entry_page(request, entry, form, values, previous, refusal)
    if refusal == CLOSED_REASON:
        return _closed_while_typing(request, entry, indicators, values, previous)
    if refusal:
        raise PermissionDenied(refusal)
    form = ValuesForm(request.POST, indicators=indicators, values=values, locked=locked)
    unchanged = _posted_pks([request.POST.get(UNCHANGED, "")])
    submit = SUBMIT in request.POST and not unchanged
    if form.is_valid() and (not submit or form.check_complete()):
        try:
            save_entry(
                campaign=campaign,
                structure=structure,
                user=user,
                changes=form.changes(),
                submit=submit,
                versions=form.versions(),
                confirmed=_posted_pks(request.POST.getlist(CONFIRM)),
                unchanged=unchanged,
            )
        except StaleObjectError as error:
            form.add_stale_error(error)
        except Refused as error:
            form.add_error(None, str(error))
        else:
            if unchanged:
                messages.success(request, f"La valeur {campaign.year - 1} est reprise et confirmée. Brouillon enregistré.")
            elif submit:
                messages.success(request, "Les valeurs sont transmises à la Caf. Merci !")
            else:
                messages.success(request, "Le brouillon est enregistré.")
            return redirect("indicateurs:entry", campaign.pk, structure.pk)
    if submit and form.errors and not form.non_field_errors():
        form.add_error(None, "La transmission n'a pas eu lieu : corrigez les valeurs signalées.")
    return _entry_page(request, entry, form, values, previous, refusal)


def _closed_while_typing(request, entry, indicators, values, previous):
    """The campaign closed while the director was typing: nothing is saved, but the page comes back with
    what they typed (read only, to copy), the date it closed and the conseillers Caf who can reopen it."""
    campaign = entry.campaign
    locked = {pk: reason for pk, v in values.items() if (reason := value_refusal(v))}
    form = ValuesForm(request.POST, indicators=indicators, values=values, locked=locked)
    for field in form.fields.values():
        field.widget.attrs["readonly"] = True
        field.widget.attrs["aria-readonly"] = "true"
    conseillers = campaign.schema.conseillers.filter(is_active=True).order_by("last_name", "first_name")
    response = _entry_page(
        request,
        entry,
        form,
        values,
        previous,
        refusal=CLOSED_REASON,
        extra={
            "closed_while_typing": True,
            "closed_on": campaign.status_since() or campaign.closes_on,
            "contacts": list(conseillers),
        },
    )
    response.status_code = 409
    return response


def schema_values(request, campaign_pk):
    user = request.user
    campaign = get_campaign(user, campaign_pk, "indicateurs.view_structure_answers")
    refusal = access.refusal(user, "indicateurs.enter_schema_values", campaign)
    indicators = list(Indicator.objects.for_schema(campaign.schema).schema_wide().in_fiche_order())
    values = _by_indicator(IndicatorValue.objects.filter(campaign=campaign).schema_wide())
    previous = _by_indicator(_previous_year(campaign).filter(structure__isnull=True))
    if refusal:
        locked = {i.pk: refusal for i in indicators}
    elif overrides_value_locks(user):
        locked = {}
    else:
        locked = {pk: reason for pk, v in values.items() if v.status == "validated" and (reason := value_refusal(v))}
    form = ValuesForm(request.POST or None, indicators=indicators, values=values, locked=locked)
    if request.method == "POST":
        check_perm(user, "indicateurs.enter_schema_values", campaign)
        if form.is_valid():
            try:
                save_schema_values(
                    campaign=campaign,
                    user=user,
                    changes=form.changes(),
                    validate="valider" in request.POST,
                    versions=form.versions(),
                )
            except StaleObjectError as error:
                form.add_stale_error(error)
            except Refused as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, "Les valeurs du schéma sont enregistrées.")
                return redirect("indicateurs:schema_values", campaign.pk)
    return render(
        request,
        "indicateurs/schema_values.html",
        {
            "campaign": campaign,
            "form": form,
            "groups": grouped_rows(indicators, form, values, previous),
            "refusal": refusal,
            "can_edit": refusal is None and len(locked) < len(indicators),
        },
    )


def _by_indicator(values):
    """{indicator pk: value} of the queryset ``values``."""
    return {value.indicator_id: value for value in values.select_related("indicator")}


def _previous_year(campaign):
    """The values of the same schéma's campaign one year before, shown beside the inputs."""
    return IndicatorValue.objects.filter(campaign__schema=campaign.schema, campaign__year=campaign.year - 1)

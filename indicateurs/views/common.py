"""What the views of this app share: loading a campaign and an entry with the right access check."""

from django.shortcuts import get_object_or_404

from core.access import check_perm, get_object_for_user
from structures.models import Structure

from ..forms import value_field_name
from ..models import Campaign
from ..plausibility import question_for
from ..rules import Entry


def get_campaign(user, pk, perm="indicateurs.view_campaign"):
    return get_object_for_user(user, Campaign.objects.select_related("schema"), pk, perm)


def get_entry(user, campaign_pk, structure_pk, perm="indicateurs.view_entry"):
    """The Entry (campaign, structure) of the URL, or 404 / a French 403."""
    campaign = get_object_or_404(Campaign.objects.select_related("schema"), pk=campaign_pk)
    structure = get_object_or_404(Structure.objects.select_related("commune"), pk=structure_pk)
    entry = Entry(campaign, structure)
    check_perm(user, perm, entry)
    return entry


def grouped_rows(indicators, form, values, previous=None):
    """[(axis, [(fiche, [row])])] in fiche order; a row: indicator, field, comment field, value, previous value."""
    from ..forms import comment_field_name

    groups = []
    previous = previous or {}
    for indicator in indicators:
        fiche = indicator.fiche
        axis = fiche.orientation.axis
        if not groups or groups[-1][0] != axis:
            groups.append((axis, []))
        fiches = groups[-1][1]
        if not fiches or fiches[-1][0] != fiche:
            fiches.append((fiche, []))
        comment_name = comment_field_name(indicator)
        fiches[-1][1].append(
            {
                "indicator": indicator,
                "field": form[value_field_name(indicator)],
                "comment": form[comment_name] if comment_name in form.fields else None,
                "value": values.get(indicator.pk),
                "previous": previous.get(indicator.pk),
                "locked": form.locked.get(indicator.pk),
            }
        )
    return groups


def add_plausibility(row, bounds):
    """Give an entry row its plausibility question (about the stored value) and the bounds the browser compares
    the typed value with (static/indicateurs/js/plausibility.js), so the question is asked while typing."""
    row["bounds"] = bounds
    row["question"] = question_for(row["value"], bounds)
    if bounds is not None and not row["field"].field.disabled:
        row["field"].field.widget.attrs.update({"data-plausible-low": str(bounds.low), "data-plausible-high": str(bounds.high)})

"""What every dashboard and report view shares: the schéma (access checked), the year, the stamp."""

from django.contrib import messages

from core.access import get_object_for_user
from fiches.models import Schema
from indicateurs.completeness import campaign_completeness

from .. import years
from ..changes import last_changed
from ..rules import own_report_organisation_id

# page_context's stamp when the caller has not read it (None is a stamp: nothing recorded yet).
UNREAD = object()


def get_schema_for_dashboard(request, pk, perm="rapports.view_dashboard"):
    # The campaigns read with the schéma: the default year and the year's state cost no query of their own.
    schemas = Schema.objects.select_related("pilot").prefetch_related("campaigns")
    return get_object_for_user(request.user, schemas, pk, perm)


def year_of(request, schema):
    """The year asked by ``?annee=``, or the default one with a French message when it is not valid."""
    raw = request.GET.get("annee")
    if raw in (None, ""):
        return years.default_year(schema)
    year = years.parse_year(schema, raw)
    if year is None:
        year = years.default_year(schema)
        messages.warning(
            request,
            f"L'année demandée n'est pas valable pour ce schéma ({schema.first_year} à {schema.last_year}) : "
            f"voici l'année {year}.",
        )
    return year


def campaign_of(schema, year):
    """The schéma's campaign of ``year`` (from its prefetched campaigns), or None."""
    return next((c for c in schema.campaigns.all() if c.year == year), None)


def page_context(schema, year, *, user, completeness=None, stamp=UNREAD):
    """What every dashboard's header shows: the year, the others one click away, whether it is final (with
    the completeness reached so far when it is not: ``completeness`` when the caller has it). ``stamp``:
    rapports.changes.last_changed(schema), when the caller has read it already."""
    campaign = campaign_of(schema, year)
    state = years.year_state(schema, year, campaign=campaign)
    if state.provisional and campaign is not None and completeness is None:
        completeness = campaign_completeness(campaign)
    return {
        "schema": schema,
        "year": year,
        "years": list(schema.years),
        "year_state": years.year_state(schema, year, campaign=campaign, completeness=completeness),
        "last_changed": last_changed(schema) if stamp is UNREAD else stamp,
        "own_organisation_pk": own_report_organisation_id(user),
    }

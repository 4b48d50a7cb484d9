"""What every dashboard and report view shares: the schéma (access checked), the year, the stamp."""

from django.contrib import messages
from django.db.models import Max

from core.access import check_perm, get_object_for_user
from fiches.models import Schema

from .. import reports
from ..rules import dashboard_denial_reason


def get_schema_for_dashboard(request, pk, perm="rapports.view_dashboard"):
    reason = dashboard_denial_reason(request.user)
    check_perm(request.user, perm, reason=reason)
    # The latest campaign's year read with the schéma: the default year costs no query of its own.
    schemas = Schema.objects.select_related("pilot").annotate(latest_campaign_year=Max("campaigns__year"))
    return get_object_for_user(request.user, schemas, pk, perm, reason=reason)


def year_of(request, schema):
    """The year asked by ``?annee=``, or the default one with a French message when it is not valid."""
    raw = request.GET.get("annee")
    if raw in (None, ""):
        return reports.default_year(schema)
    year = reports.parse_year(schema, raw)
    if year is None:
        year = reports.default_year(schema)
        messages.warning(
            request,
            f"L'année demandée n'est pas valable pour ce schéma ({schema.first_year} à {schema.last_year}) : "
            f"voici l'année {year}.",
        )
    return year


def page_context(schema, year):
    return {
        "schema": schema,
        "year": year,
        "years": list(schema.years),
        "last_changed": reports.last_changed(schema),
    }

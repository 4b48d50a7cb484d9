"""The portal's pages: the home page people land on (and the header search, in search.py)."""

from django.db.models import Count
from django.shortcuts import render

from fiches.models import Action, Axis, Fiche, Schema
from indicateurs.completeness import open_entries

from .search import MIN_LENGTH, search_everything, too_short


def _grouped_counts(queryset, schema_field, schema_ids, **counts):
    """``{schema_id: {name: count}}`` for the schémas listed, in one grouped query."""
    rows = queryset.filter(**{f"{schema_field}__in": schema_ids}).order_by().values(schema_field).annotate(**counts)
    return {row[schema_field]: row for row in rows}


# The home page shows this many schémas; an installation with a schéma per département lists the others on
# the schémas' page (« Voir tous les schémas »), so that the home page costs the same at national scale.
HOME_SCHEMA_LIMIT = 6


def _schemas_for_home(user):
    """The first HOME_SCHEMA_LIMIT schémas the user may read, with their counts, and whether there are more:
    one query for the schémas and one grouped count per table, however many schémas there are."""

    schemas = list(Schema.objects.for_user(user).select_related("pilot")[: HOME_SCHEMA_LIMIT + 1])
    more = len(schemas) > HOME_SCHEMA_LIMIT
    schemas = schemas[:HOME_SCHEMA_LIMIT]
    ids = [schema.pk for schema in schemas]
    if not ids:
        return schemas, more
    late = Action.objects.late_condition()
    axes = _grouped_counts(Axis.objects.all(), "schema_id", ids, total=Count("pk"))
    fiches = _grouped_counts(Fiche.objects.all(), "schema_id", ids, total=Count("pk"))
    actions = _grouped_counts(Action.objects.all(), "fiche__schema_id", ids, total=Count("pk"), late=Count("pk", filter=late))
    for schema in schemas:
        schema.axis_count = axes.get(schema.pk, {}).get("total", 0)
        schema.fiche_count = fiches.get(schema.pk, {}).get("total", 0)
        schema.action_count = actions.get(schema.pk, {}).get("total", 0)
        schema.late_action_count = actions.get(schema.pk, {}).get("late", 0)
    return schemas, more


def home(request):
    user = request.user
    schemas, more_schemas = _schemas_for_home(user)
    context = {"schemas": schemas, "more_schemas": more_schemas}
    if user.is_directeur:
        structures = list(user.structures.select_related("commune"))
        context.update(structures=structures, open_entries=open_entries(structures))
    return render(request, "portail/home.html", context)


def search_results(request):
    """The header's search box: results grouped by kind, each kind within the person's scope."""

    query = request.GET.get("q", "").strip()[:200]
    context = {"query": query, "groups": [], "min_length": MIN_LENGTH, "too_short": too_short(query)}
    if not context["too_short"]:
        context["groups"] = search_everything(request.user, query)
        context["total"] = sum(len(group.results) for group in context["groups"])
    return render(request, "portail/search.html", context)

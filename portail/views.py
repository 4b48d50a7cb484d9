"""The portal's pages: the home page people land on (and the header search, in search.py)."""

from django.shortcuts import render

from core.urls import url_filler
from fiches.models import Schema
from indicateurs.completeness import open_entries

from .search import MIN_LENGTH, search_everything, too_short

# The home page shows this many schémas; an installation with a schéma per département lists the others on
# the schémas' page (« Voir tous les schémas »), so that the home page costs the same at national scale.
HOME_SCHEMA_LIMIT = 6


def _schemas_for_home(user):
    """The first HOME_SCHEMA_LIMIT schémas the user may read, with their counts and address, and whether
    there are more: two queries however many schémas there are."""
    schemas = list(Schema.objects.for_user(user).select_related("pilot")[: HOME_SCHEMA_LIMIT + 1])
    more = len(schemas) > HOME_SCHEMA_LIMIT
    schemas = schemas[:HOME_SCHEMA_LIMIT]
    counts = Schema.objects.filter(pk__in=[schema.pk for schema in schemas]).tree_counts() if schemas else {}
    detail = url_filler("fiches:schema_detail")
    for schema in schemas:
        schema.url = detail(schema.pk)
        for name, count in counts[schema.pk].items():
            setattr(schema, name, count)
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

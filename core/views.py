from django.db.models import Count
from django.shortcuts import render


def _grouped_counts(queryset, schema_field, schema_ids, **counts):
    """``{schema_id: {name: count}}`` for the schémas listed, in one grouped query."""
    rows = queryset.filter(**{f"{schema_field}__in": schema_ids}).order_by().values(schema_field).annotate(**counts)
    return {row[schema_field]: row for row in rows}


def _schemas_for_home(user):
    """The schémas the user may read, with their counts: one query for the schémas and one grouped
    count per table (a fixed number of queries however many schémas are listed, issue 8)."""
    from fiches.models import Action, Axis, Fiche, Schema

    schemas = list(Schema.objects.for_user(user).select_related("pilot"))
    ids = [schema.pk for schema in schemas]
    if not ids:
        return schemas
    late = Action.objects.late_condition()
    axes = _grouped_counts(Axis.objects.all(), "schema_id", ids, total=Count("pk"))
    fiches = _grouped_counts(Fiche.objects.all(), "schema_id", ids, total=Count("pk"))
    actions = _grouped_counts(Action.objects.all(), "fiche__schema_id", ids, total=Count("pk"), late=Count("pk", filter=late))
    for schema in schemas:
        schema.axis_count = axes.get(schema.pk, {}).get("total", 0)
        schema.fiche_count = fiches.get(schema.pk, {}).get("total", 0)
        schema.action_count = actions.get(schema.pk, {}).get("total", 0)
        schema.late_action_count = actions.get(schema.pk, {}).get("late", 0)
    return schemas


def home(request):
    user = request.user
    context = {"schemas": list(_schemas_for_home(user))}
    if user.is_directeur:
        from indicateurs.completeness import open_entries

        structures = list(user.structures.select_related("commune"))
        context.update(structures=structures, open_entries=open_entries(structures))
    return render(request, "core/home.html", context)


def permission_denied(request, exception=None):
    """handler403: the French 403 page, with the reason the rules gave (see core.access)."""
    reason = str(exception) if exception is not None else ""
    return render(request, "403.html", {"reason": reason}, status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import render


def _count_by_schema(queryset, schema_field):
    """A subquery counting the rows of ``queryset`` that belong to the outer schéma (0 when none)."""
    counts = (
        queryset.filter(**{schema_field: OuterRef("pk")})
        .order_by()
        .values(schema_field)
        .annotate(total=Count("pk"))
        .values("total")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), 0)


def _schemas_for_home(user):
    """The schémas the user may read, with their counts, in one query."""
    from fiches.models import Action, Axis, Fiche, Schema

    return (
        Schema.objects.for_user(user)
        .select_related("pilot")
        .annotate(
            axis_count=_count_by_schema(Axis.objects.all(), "schema"),
            fiche_count=_count_by_schema(Fiche.objects.all(), "schema"),
            action_count=_count_by_schema(Action.objects.all(), "fiche__schema"),
            late_action_count=_count_by_schema(Action.objects.late(), "fiche__schema"),
        )
    )


def home(request):
    user = request.user
    context = {"schemas": list(_schemas_for_home(user))}
    if user.is_directeur:
        context["structures"] = list(user.structures.select_related("commune"))
    return render(request, "core/home.html", context)


def permission_denied(request, exception=None):
    """handler403: the French 403 page, with the reason the rules gave (see core.access)."""
    reason = str(exception) if exception is not None else ""
    return render(request, "403.html", {"reason": reason}, status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)

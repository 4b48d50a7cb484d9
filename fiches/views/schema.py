from django.db.models import Count, Prefetch
from django.shortcuts import render

from core.access import check_perm, get_object_for_user

from ..models import Action, Fiche, Orientation, Schema
from ..progress import schema_tree, tree_progress


def schema_list(request):
    check_perm(request.user, "fiches.view_schema")
    schemas = (
        Schema.objects.for_user(request.user)
        .select_related("pilot")
        .annotate(fiche_count=Count("fiches", distinct=True), action_count=Count("fiches__actions", distinct=True))
    )
    context = {"schemas": schemas, "can_manage": request.user.has_perm("fiches.manage_schemas")}
    return render(request, "fiches/schema_list.html", context)


def schema_detail(request, pk):
    schema = get_object_for_user(request.user, Schema.objects.select_related("pilot"), pk, "fiches.view_schema")
    fiches = Fiche.objects.with_page_data().order_by("code")
    axes = schema.axes.prefetch_related(
        Prefetch("orientations", queryset=Orientation.objects.prefetch_related(Prefetch("fiches", queryset=fiches)))
    )
    tree = schema_tree(axes)
    late_actions = (
        Action.objects.filter(fiche__schema=schema).late().with_current_state().order_by("last_year", "fiche__code", "number")
    )
    context = {
        "schema": schema,
        "tree": tree,
        "fiches": [node.fiche for axis in tree for node in axis.fiches],
        "progress": tree_progress(tree),
        "late_actions": late_actions,
        "can_add_fiche": request.user.has_perm("fiches.add_fiche", schema),
        "can_manage": request.user.has_perm("fiches.manage_schemas", schema),
        "can_import": request.user.has_perm("fiches.import_action_updates", schema),
        "can_import_fiches": request.user.has_perm("fiches.import_fiches", schema),
    }
    return render(request, "fiches/schema_detail.html", context)

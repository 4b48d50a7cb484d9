from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from core.access import check_perm, get_object_for_user
from core.concurrency import StaleObjectError
from core.pagination import paginate

from ..filters import ActionFilter
from ..forms import ActionUpdateForm
from ..models import Action, Fiche
from ..progress import fiche_progress
from ..services import record_update

PAGE_SIZE = 50


def action_list(request):
    check_perm(request.user, "fiches.view_action")
    queryset = Action.objects.for_user(request.user).with_current_state().order_by("fiche__code", "number")
    action_filter = ActionFilter(request.GET or None, queryset=queryset, user=request.user)
    actions = action_filter.qs if action_filter.is_bound else queryset
    if action_filter.is_bound and not action_filter.is_valid():
        actions = queryset.none()
    page, query = paginate(request, actions, PAGE_SIZE)
    # The page's identifiers first (sorted and filtered on the actions and their fiches only), then its 50
    # rows with their fiche, schéma and latest update: the joins no longer run over the country's actions.
    ids = list(page.object_list.values_list("pk", flat=True))
    rows = Action.objects.with_current_state().in_bulk(ids)
    page.object_list = [rows[pk] for pk in ids]
    context = {"filter": action_filter, "page": page, "query": query, "columns": _sort_columns(request.GET)}
    return render(request, "fiches/action_list.html", context)


SORTABLE = [
    ("fiche", "Fiche"),
    ("number", "Action"),
    ("echeance", "Échéance"),
    ("status", "Statut"),
    ("progress", "Avancement"),
    ("updated", "Dernière mise à jour"),
]


def _sort_columns(query):
    """The table's headers, each a link that sorts by its column (again: in reverse)."""
    current = query.get("order", "")
    columns = []
    for key, label in SORTABLE:
        params = query.copy()
        params.pop("page", None)  # a new order starts again at its first page
        params["order"] = f"-{key}" if current == key else key
        sorted_as = "ascending" if current == key else "descending" if current == f"-{key}" else ""
        columns.append({"label": label, "url": "?" + params.urlencode(), "sorted": sorted_as})
    return columns


def action_detail(request, pk):
    action = get_object_for_user(request.user, Action.objects.with_current_state(), pk, "fiches.view_action")
    updates = action.updates.select_related("author").order_by("-date", "-created_at")
    can_update = request.user.has_perm("fiches.add_action_update", action)
    context = {
        "action": action,
        "fiche": action.fiche,
        "schema": action.fiche.schema,
        "updates": updates,
        "form": ActionUpdateForm(action=action) if can_update else None,
    }
    return render(request, "fiches/action_detail.html", context)


@require_POST
def action_update(request, pk):
    """Record a progress update. From the fiche page: with htmx, answers the action's row; without
    JavaScript, redirects back to the page the form came from (or re-renders the form with its errors)."""
    action = get_object_for_user(request.user, Action.objects.with_current_state(), pk, "fiches.add_action_update")
    form = ActionUpdateForm(request.POST, action=action)
    if form.is_valid():
        data = form.cleaned_data
        try:
            record_update(
                action=action,
                author=request.user,
                status=data["status"],
                progress=data["progress"],
                comment=data["comment"],
                date=data["date"],
                expected_version=data.get("version"),
            )
        except StaleObjectError as error:
            form.add_stale_error(error)
            action = Action.objects.with_current_state().get(pk=action.pk)
        else:
            action = Action.objects.with_current_state().get(pk=action.pk)
            message = f"Mise à jour de l'action {action.number} enregistrée."
            if request.htmx:
                row = {"action": action, "form": ActionUpdateForm(action=action)}
                context = {
                    "row": row,
                    "can_update": True,
                    "saved": message,
                    "refresh_fiche_progress": True,
                    "fiche_progress": fiche_progress(Fiche.objects.prefetch_related("actions").get(pk=action.fiche_id)),
                }
                return render(request, "fiches/includes/action_row.html", context)
            messages.success(request, message)
            return redirect(_back_url(request, action))
    if request.htmx:
        # htmx swaps only 2xx answers: the row comes back open, with the errors and the input kept.
        row = {"action": action, "form": form}
        return render(request, "fiches/includes/action_row.html", {"row": row, "can_update": True, "open": True})
    context = {"action": action, "fiche": action.fiche, "schema": action.fiche.schema, "form": form}
    return render(request, "fiches/action_update.html", context, status=422)


def _back_url(request, action):
    if request.POST.get("next") == "action":
        return reverse("fiches:action_detail", args=[action.pk])
    return reverse("fiches:fiche_detail", args=[action.fiche_id]) + f"#action-{action.pk}"

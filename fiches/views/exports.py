from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from core.access import get_object_for_user
from core.french import plural

from ..enums import STATUS_PROGRESS_RULE
from ..exports import COLUMNS, ImportFileError, read_rows, refused_rows_csv, to_csv, to_xlsx
from ..forms import ActionUpdateImportForm
from ..models import Action, Schema
from ..services import ActionImportError, import_action_updates, import_valid_action_updates, refusal_messages

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def action_export(request, pk, fmt):
    if fmt not in CONTENT_TYPES:
        raise Http404("Format d'export inconnu : CSV ou XLSX.")
    schema = get_object_for_user(request.user, Schema, pk, "fiches.export_actions")
    actions = Action.objects.filter(fiche__schema=schema).with_current_state().order_by("fiche__code", "number")
    content = to_csv(actions) if fmt == "csv" else to_xlsx(actions)
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="actions-{schema.slug}.{fmt}"'
    return response


REJECTED_KEY = "fiches_action_import_rejected"


@require_http_methods(["GET", "POST"])
def action_import(request, pk):
    schema = get_object_for_user(request.user, Schema, pk, "fiches.import_action_updates")
    form = ActionUpdateImportForm(request.POST or None, request.FILES or None)
    errors, created = [], None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            rows = read_rows(upload.name, upload.read())
            if form.cleaned_data["valid_only"]:
                created, refused = import_valid_action_updates(rows, schema=schema, author=request.user)
            else:
                created, refused = import_action_updates(rows, schema=schema, author=request.user), []
        except ImportFileError as error:
            form.add_error("file", str(error))
        except ActionImportError as error:
            errors = error.errors
        else:
            if not refused:
                messages.success(
                    request,
                    f"Import terminé : {len(created)} mise{plural(created)} à jour d'avancement enregistrée{plural(created)}."
                    if created
                    else "Import terminé : aucune ligne ne modifiait l'avancement des actions.",
                )
                return redirect("fiches:schema_detail", pk=schema.pk)
            # The valid rows are in; the page lists the refused ones and offers them as a file.
            request.session[REJECTED_KEY] = {"schema": schema.pk, "csv": refused_rows_csv(refused)}
            errors = refusal_messages(refused)
    context = {
        "schema": schema,
        "form": form,
        "errors": errors,
        "written": None if created is None else len(created),
        "columns": COLUMNS,
        "status_progress_rule": STATUS_PROGRESS_RULE,
    }
    status = 422 if (errors and created is None) or form.errors else 200
    return render(request, "fiches/action_import.html", context, status=status)


def action_import_rejected(request, pk):
    schema = get_object_for_user(request.user, Schema, pk, "fiches.import_action_updates")
    pending = request.session.get(REJECTED_KEY)
    if not isinstance(pending, dict) or pending.get("schema") != schema.pk:
        messages.error(request, "Aucune ligne refusée à télécharger : importez de nouveau le fichier.")
        return redirect("fiches:action_import", schema.pk)
    response = HttpResponse(pending["csv"], content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="actions-{schema.slug}-lignes-refusees.csv"'
    return response

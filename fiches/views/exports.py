from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from core.access import get_object_for_user

from ..enums import STATUS_PROGRESS_RULE
from ..exports import COLUMNS, ImportFileError, read_rows, to_csv, to_xlsx
from ..forms import ActionUpdateImportForm
from ..models import Action, Schema
from ..services import ActionImportError, import_action_updates

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


@require_http_methods(["GET", "POST"])
def action_import(request, pk):
    schema = get_object_for_user(request.user, Schema, pk, "fiches.import_action_updates")
    form = ActionUpdateImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            rows = read_rows(upload.name, upload.read())
            created = import_action_updates(rows, schema=schema, author=request.user)
        except ImportFileError as error:
            form.add_error("file", str(error))
        except ActionImportError as error:
            errors = error.errors
        else:
            messages.success(
                request,
                f"Import terminé : {len(created)} mise(s) à jour d'avancement enregistrée(s)."
                if created
                else "Import terminé : aucune ligne ne modifiait l'avancement des actions.",
            )
            return redirect("fiches:schema_detail", pk=schema.pk)
    context = {
        "schema": schema,
        "form": form,
        "errors": errors,
        "columns": COLUMNS,
        "status_progress_rule": STATUS_PROGRESS_RULE,
    }
    return render(request, "fiches/action_import.html", context, status=422 if errors or form.errors else 200)

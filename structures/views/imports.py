"""Importing structures: upload, preview (per row: commune chosen, fields that change, errors), confirm the
valid rows, download the refused ones."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render

from comptes.rules import is_admin
from core.access import check_perm
from core.french import is_plural, plural

from ..forms import ImportForm
from ..imports import ImportFileError, check_rows, preview_to_session, read_rows, rejected_csv, template_csv
from ..services import ImportConflict, apply_structure_import

SESSION_KEY = "structures_import"
# Kept after the confirmation: the person fixes the refused rows once the valid ones are in.
REJECTED_KEY = "structures_import_rejected"


def import_departments(user):
    """The départements whose communes the person may attach structures to (None: all of France)."""
    return None if is_admin(user) else set(user.department_codes())


def structure_import(request):
    check_perm(request.user, "structures.import_structures")
    if request.method == "POST" and "confirm" in request.POST:
        return _confirm(request)

    form = ImportForm(request.POST or None, request.FILES or None)
    preview = None
    if request.method == "POST" and form.is_valid():
        try:
            list_file = read_rows(form.cleaned_data["file"])
        except ImportFileError as error:
            form.add_error("file", str(error))
        else:
            preview = check_rows(
                list_file,
                departments=import_departments(request.user),
                format_names=form.cleaned_data["format_names"],
            )
            request.session[SESSION_KEY] = {"rows": preview_to_session(preview), "refused": preview.error_count}
            request.session[REJECTED_KEY] = rejected_csv(preview) if preview.refused else ""
    context = {"form": form, "preview": preview, "rejected_pending": bool(request.session.get(REJECTED_KEY))}
    return render(request, "structures/structure_import.html", context)


def _confirm(request):
    pending = request.session.get(SESSION_KEY)
    if not pending or not isinstance(pending, dict):
        messages.error(request, "Aucun import en attente : déposez de nouveau le fichier.")
        return redirect("structures:structure_import")
    if pending["refused"] and "valid_only" not in request.POST:
        messages.error(
            request, "Des lignes sont refusées : confirmez l'import des seules lignes valides, ou corrigez le fichier."
        )
        return redirect("structures:structure_import")
    try:
        created, updated = apply_structure_import(rows=pending["rows"], user=request.user)
    except (ValidationError, ImportConflict) as error:
        reason = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        messages.error(request, "L'import a été annulé, rien n'a été enregistré : " + reason)
        return redirect("structures:structure_import")
    del request.session[SESSION_KEY]
    text = (
        f"Import terminé : {created} structure{plural(created)} créée{plural(created)}, {updated} mise{plural(updated)} à jour."
    )
    messages.success(request, text)
    if refused := pending["refused"]:
        # Back to the import page, which offers the refused rows to download.
        messages.warning(
            request,
            f"{refused} ligne{plural(refused)} refusée{plural(refused)} laissée{plural(refused)} de côté : "
            + ("téléchargez-les pour les corriger." if is_plural(refused) else "téléchargez-la pour la corriger."),
        )
        return redirect("structures:structure_import")
    return redirect("structures:structure_list")


def structure_import_rejected(request):
    check_perm(request.user, "structures.import_structures")
    content = request.session.get(REJECTED_KEY)
    if not content:
        messages.error(request, "Aucune ligne refusée à télécharger : déposez de nouveau le fichier.")
        return redirect("structures:structure_import")
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="structures-lignes-refusees.csv"'
    return response


def structure_import_template(request):
    check_perm(request.user, "structures.import_structures")
    response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="modele-import-structures.csv"'
    return response

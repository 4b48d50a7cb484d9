"""Importing structures: upload, preview with the errors of each row, confirm."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render

from core.access import check_perm

from ..forms import ImportForm
from ..imports import ImportFileError, apply_import, check_rows, preview_to_session, read_rows, template_csv

SESSION_KEY = "structures_import"


def structure_import(request):
    check_perm(request.user, "structures.import_structures")
    if request.method == "POST" and "confirm" in request.POST:
        rows = request.session.get(SESSION_KEY)
        if not rows:
            messages.error(request, "Aucun import en attente : déposez de nouveau le fichier.")
            return redirect("structures:structure_import")
        try:
            created, updated = apply_import(rows=rows)
        except ValidationError as error:
            messages.error(request, "L'import a été annulé, rien n'a été enregistré : " + " ".join(error.messages))
            return redirect("structures:structure_import")
        del request.session[SESSION_KEY]
        messages.success(request, f"Import terminé : {created} structure(s) créée(s), {updated} mise(s) à jour.")
        return redirect("structures:structure_list")

    form = ImportForm(request.POST or None, request.FILES or None)
    preview = None
    if request.method == "POST" and form.is_valid():
        try:
            rows = read_rows(form.cleaned_data["file"])
        except ImportFileError as error:
            form.add_error("file", str(error))
        else:
            preview = check_rows(rows, user=request.user, skip_test_rows=form.cleaned_data["skip_test_rows"])
            if preview.valid:
                request.session[SESSION_KEY] = preview_to_session(preview)
            else:
                request.session.pop(SESSION_KEY, None)
    return render(request, "structures/structure_import.html", {"form": form, "preview": preview})


def structure_import_template(request):
    check_perm(request.user, "structures.import_structures")
    response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="modele-import-structures.csv"'
    return response

"""Importing fiches from documents: upload, preview with corrections, confirmation.

Between the upload and the confirmation the session keeps the files' bytes (never what was read from them): the
preview and the confirmation read them again, so a posted form carries only the person's corrections.
"""

import base64
import secrets

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from core.access import get_object_for_user

from ..forms import FicheImportForm
from ..import_confirm import confirm_import
from ..import_preview import CREATE, KIND_CHOICES, LEVEL_CHOICES, StoredFile, build_preview
from ..importer import FicheFormatError
from ..models import Schema


def _session_key(schema):
    return f"fiche_import_{schema.pk}"


def _store(request, schema, files):
    token = secrets.token_urlsafe(16)
    request.session[_session_key(schema)] = {
        "token": token,
        "files": [[file.name, base64.b64encode(file.data).decode("ascii")] for file in files],
    }
    return token


def _load(request, schema):
    pending = request.session.get(_session_key(schema))
    if not isinstance(pending, dict) or "token" not in pending:
        return None, []
    return pending["token"], [StoredFile(name, base64.b64decode(data)) for name, data in pending["files"]]


def _clear(request, schema):
    request.session.pop(_session_key(schema), None)


@require_http_methods(["GET", "POST"])
def fiche_import(request, pk):
    schema = get_object_for_user(request.user, Schema, pk, "fiches.import_fiches")
    form = FicheImportForm(request.POST, request.FILES) if request.method == "POST" else FicheImportForm()
    if request.method == "POST" and form.is_valid():
        _store(request, schema, [StoredFile(upload.name, upload.read()) for upload in form.cleaned_data["files"]])
        return redirect("fiches:fiche_import_preview", pk=schema.pk)
    return render(request, "fiches/import/upload.html", {"schema": schema, "form": form}, status=422 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def fiche_import_preview(request, pk):
    schema = get_object_for_user(request.user, Schema, pk, "fiches.import_fiches")
    token, files = _load(request, schema)
    if token is None:
        messages.info(request, "Aucun import de fiches en attente : choisissez les fichiers à importer.")
        return redirect("fiches:fiche_import", pk=schema.pk)
    if request.method == "POST" and "abandon" in request.POST:
        _clear(request, schema)
        messages.info(request, "Import abandonné : rien n'a été enregistré.")
        return redirect("fiches:schema_detail", pk=schema.pk)
    posted = request.method == "POST"
    preview = build_preview(schema, files, request.POST if posted else None)
    importable = ",".join(str(file.index) for file in preview.importable_files)
    if posted:
        if request.POST.get("token") != token:
            preview.errors.insert(
                0,
                "Cet aperçu ne correspond plus à l'import en attente (d'autres fichiers ont été choisis depuis) : "
                "vérifiez l'aperçu ci-dessous, puis confirmez.",
            )
        elif not preview.importable_files:
            preview.errors.append("Aucun fichier de cet import ne peut être importé : rien n'a été enregistré.")
        elif request.POST.get("importable") != importable:
            # The schéma's data changed since the page was shown: confirm only what the person saw.
            preview.errors.append(
                "Les fichiers importables ont changé depuis l'affichage de l'aperçu (les données du schéma ont été "
                "modifiées entre-temps) : vérifiez l'aperçu ci-dessous, puis confirmez."
            )
        elif preview.can_confirm:
            try:
                results = confirm_import(preview=preview)
            except FicheFormatError as error:
                preview.errors.append(f"Rien n'a été enregistré : {error}")
            else:
                _clear(request, schema)
                messages.success(request, _summary(results, preview))
                return redirect("fiches:schema_detail", pk=schema.pk)
    context = {
        "schema": schema,
        "preview": preview,
        "token": token,
        "importable": importable,
        "kind_choices": KIND_CHOICES,
        "level_choices": LEVEL_CHOICES,
        "create": CREATE,
    }
    return render(request, "fiches/import/preview.html", context, status=422 if posted else 200)


def _summary(results, preview):
    done = ", ".join(f"{fiche.code} {'créée' if created else 'mise à jour'}" for fiche, created in results)
    text = f"Import terminé : {done}."
    if preview.blocked_files:
        names = ", ".join(file.name for file in preview.blocked_files)
        text += f" Non importé{'s' if len(preview.blocked_files) > 1 else ''} : {names} (à corriger puis importer de nouveau)."
    return text

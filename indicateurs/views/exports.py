"""Exports of a campaign's values (CSV, XLSX) and their import by administrators."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from core.access import check_perm
from core.french import plural

from ..exports import ImportError_, check_import, to_csv, to_xlsx
from ..forms import ImportForm
from ..services import Refused
from ..services import import_values as import_service
from .common import get_campaign

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def export_values(request, pk, fmt):
    campaign = get_campaign(request.user, pk, "indicateurs.view_structure_answers")
    name = f"valeurs-{campaign.schema.department_code}-{campaign.year}"
    if fmt == "csv":
        response = HttpResponse(to_csv(campaign), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        response = HttpResponse(to_xlsx(campaign), content_type=XLSX)
    else:
        raise Http404("Format d'export inconnu : choisissez CSV ou XLSX.")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


REJECTED_KEY = "indicateurs_import_rejected"


def import_values(request, pk):
    check_perm(request.user, "indicateurs.import_values")
    campaign = get_campaign(request.user, pk, "indicateurs.import_values")
    form = ImportForm(request.POST or None, request.FILES or None)
    errors, written = [], None
    if request.method == "POST" and form.is_valid():
        try:
            checked = check_import(campaign, form.cleaned_data["file"])
            if checked.errors and not form.cleaned_data["valid_only"]:
                raise ImportError_(checked.errors)
            written = import_service(campaign=campaign, user=request.user, changes=checked.changes)
        except ImportError_ as error:
            errors = error.errors
        except Refused as error:
            errors = [str(error)]
        else:
            if not checked.errors:
                messages.success(request, f"Import terminé : {written} valeur{plural(written)} enregistrée{plural(written)}.")
                return redirect("indicateurs:campaign_detail", campaign.pk)
            # The valid rows are in; the page lists the refused ones and offers them as a file.
            request.session[REJECTED_KEY] = {"campaign": campaign.pk, "csv": checked.rejected_csv}
            errors = checked.errors
    context = {"campaign": campaign, "form": form, "errors": errors, "written": written}
    return render(request, "indicateurs/import.html", context)


def import_rejected(request, pk):
    check_perm(request.user, "indicateurs.import_values")
    campaign = get_campaign(request.user, pk, "indicateurs.import_values")
    pending = request.session.get(REJECTED_KEY)
    if not isinstance(pending, dict) or pending.get("campaign") != campaign.pk:
        messages.error(request, "Aucune ligne refusée à télécharger : importez de nouveau le fichier.")
        return redirect("indicateurs:import", campaign.pk)
    response = HttpResponse(pending["csv"], content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="valeurs-{campaign.year}-lignes-refusees.csv"'
    return response

"""Exports of a campaign's values (CSV, XLSX) and their import by administrators."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from core.access import check_perm

from ..exports import ImportError_, parse_import, to_csv, to_xlsx
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


def import_values(request, pk):
    check_perm(request.user, "indicateurs.import_values")
    campaign = get_campaign(request.user, pk, "indicateurs.import_values")
    form = ImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            changes = parse_import(campaign, form.cleaned_data["file"])
            count = import_service(campaign=campaign, user=request.user, changes=changes)
        except ImportError_ as error:
            errors = error.errors
        except Refused as error:
            errors = [str(error)]
        else:
            messages.success(request, f"Import terminé : {count} valeur(s) enregistrée(s).")
            return redirect("indicateurs:campaign_detail", campaign.pk)
    return render(request, "indicateurs/import.html", {"campaign": campaign, "form": form, "errors": errors})

"""PDF downloads: the annual report (cached until the data changes), a fiche-action, a structure's file."""

from django.http import Http404, HttpResponse

from core.access import get_object_for_user
from core.secrecy import smallest_group
from fiches.models import Fiche
from structures.models import Structure

from .. import annual, caching, rendering, reports
from .common import get_schema_for_dashboard


def pdf_response(pdf, filename):
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def annual_report_pdf(request, pk, year):
    schema = get_schema_for_dashboard(request, pk, perm="rapports.download_report")
    if reports.parse_year(schema, year) is None:
        raise Http404(f"Le schéma couvre les années {schema.first_year} à {schema.last_year} : pas de bilan pour {year}.")
    # The Caf's bilan shows every figure; the partners' one withholds small groups (core/secrecy.py).
    smallest = smallest_group(request.user)
    kind = "bilan" if smallest == 1 else f"bilan-secret-{smallest}"
    key = caching.report_key(kind, schema, year, reports.last_changed(schema))
    # Rendered by the background worker when there is one (rapports/rendering.py).
    filename = annual.report_filename(schema, year)
    return rendering.bilan_pdf_or_waiting_page(request, schema, year, smallest, key, filename, pdf_response)


def fiche_pdf(request, pk):
    from core.pdf import render_pdf

    queryset = Fiche.objects.select_related("schema", "orientation__axis").prefetch_related(
        "actions", "expected_results", "indicators", "organisation_links__organisation"
    )
    fiche = get_object_for_user(request.user, queryset, pk, "fiches.view_fiche")
    pdf = render_pdf("rapports/pdf/fiche.html", {"fiche": fiche, "schema": fiche.schema})
    code = fiche.code.replace(" ", "-").replace(".", "-").lower()
    return pdf_response(pdf, f"fiche-{code}.pdf")


def structure_pdf(request, pk):
    from core.pdf import render_pdf

    queryset = Structure.objects.select_related("commune", "manager").prefetch_related("agrements", "fundings__funder")
    structure = get_object_for_user(request.user, queryset, pk, "structures.view_structure_private")
    pdf = render_pdf("rapports/pdf/structure.html", {"structure": structure})
    return pdf_response(pdf, f"structure-{structure.pk}-{annual.slugify(structure.name)[:60]}.pdf")

"""PDF downloads: the annual report (cached until the data changes), a fiche-action, a structure's file."""

from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone

from core.access import check_perm, get_object_for_user
from core.secrecy import smallest_group
from fiches.document import sections_before_actions
from fiches.models import Action, Fiche
from structures.models import Organisation, Structure

from .. import annual, caching, indicator_figures, rendering, years
from ..changes import last_changed
from .common import get_schema_for_dashboard


def pdf_response(pdf, filename):
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def annual_report_pdf(request, pk, year):
    schema = get_schema_for_dashboard(request, pk, perm="rapports.download_report")
    if years.parse_year(schema, year) is None:
        raise Http404(f"Le schéma couvre les années {schema.first_year} à {schema.last_year} : pas de bilan pour {year}.")
    # The Caf's bilan shows every figure; the partners' one withholds small groups (core/secrecy.py).
    smallest = smallest_group(request.user)
    kind = "bilan" if smallest == 1 else f"bilan-secret-{smallest}"
    key = caching.report_key(kind, schema, year, last_changed(schema))
    # Rendered by the background worker when there is one (rapports/rendering.py).
    filename = annual.report_filename(schema, year)
    return rendering.bilan_pdf_or_waiting_page(request, schema, year, smallest, key, filename, pdf_response)


def partner_report_pdf(request, pk, year, organisation_pk):
    """The bilan of ``year`` limited to what concerns one organisation (annual.annual_report)."""
    from core.pdf import render_pdf

    schema = get_schema_for_dashboard(request, pk, perm="rapports.download_report")
    if years.parse_year(schema, year) is None:
        raise Http404(f"Le schéma couvre les années {schema.first_year} à {schema.last_year} : pas de bilan pour {year}.")
    organisation = get_object_or_404(Organisation, pk=organisation_pk)
    check_perm(request.user, "rapports.download_partner_report", organisation)
    smallest = smallest_group(request.user)
    key = caching.report_key(f"bilan-organisation-{organisation.pk}-secret-{smallest}", schema, year, last_changed(schema))
    pdf = caching.cached_pdf(
        key,
        lambda: render_pdf(
            "rapports/pdf/bilan.html", annual.annual_report(schema, year, organisation=organisation, smallest=smallest)
        ),
    )
    return pdf_response(pdf, annual.partner_report_filename(schema, year, organisation))


def fiche_pdf(request, pk):
    """The fiche laid out like the source documents, with each action's current state and the indicators'
    figures by campaign year."""
    from core.pdf import render_pdf

    queryset = Fiche.objects.select_related("schema", "orientation__axis").prefetch_related(
        Prefetch("actions", queryset=Action.objects.select_related("last_update")),
        "expected_results",
        "organisation_links__organisation",
    )
    fiche = get_object_for_user(request.user, queryset, pk, "fiches.view_fiche")
    schema = fiche.schema
    campaigns = list(schema.campaigns.order_by("year"))
    series = indicator_figures.indicator_series(
        schema,
        fiches=[fiche],
        years=[c.year for c in campaigns],
        provisional=years.provisional_years(schema, campaigns),
    )
    # Partners read no figure made of fewer than AVS_MIN_GROUP_SIZE structures (core/secrecy.py).
    series = indicator_figures.withhold_small_years(series, smallest_group(request.user))
    links = list(fiche.organisation_links.all())
    context = {
        "fiche": fiche,
        "schema": schema,
        "actions": list(fiche.actions.all()),
        "sections": sections_before_actions(fiche, links),
        "indicators": [{"series": one, "texts": []} for one in series],
        "generated_on": timezone.localdate(),
    }
    pdf = render_pdf("rapports/pdf/fiche.html", context)
    code = fiche.code.replace(" ", "-").replace(".", "-").lower()
    return pdf_response(pdf, f"fiche-{code}.pdf")


def structure_pdf(request, pk):
    from core.pdf import render_pdf

    queryset = Structure.objects.select_related("commune", "manager").prefetch_related("agrements", "fundings__funder")
    structure = get_object_for_user(request.user, queryset, pk, "structures.view_structure_private")
    pdf = render_pdf("rapports/pdf/structure.html", {"structure": structure})
    return pdf_response(pdf, f"structure-{structure.pk}-{annual.slugify(structure.name)[:60]}.pdf")

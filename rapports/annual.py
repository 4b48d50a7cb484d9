"""The content of the annual steering report (bilan annuel) and of the other PDFs."""

import re
from decimal import Decimal

from django.utils import timezone
from django.utils.text import slugify

from fiches.models import Fiche
from fiches.progress import schema_tree_as_of
from gouvernance import figures as governance
from indicateurs.completeness import campaign_completeness
from indicateurs.enums import IndicatorLevel
from structures.coverage import coverage, map_shapes
from structures.models import Structure

from . import charts, indicator_figures, schema_figures, structure_figures, years
from .changes import last_changed
from .rules import structure_names_visible

NNBSP = "\u202f"  # narrow no-break space: before ; : ! ? and between thousands


def report_filename(schema, year):
    """bilan-2025-rhone.pdf"""
    return f"bilan-{year}-{slugify(schema.department_name) or schema.department_code}.pdf"


def french_typography(text):
    """Plain text set in French: a narrow no-break space before ; : ! ? and inside « guillemets »,
    straight double quotes turned into guillemets. The text stays text: templates escape it."""
    if not text:
        return text
    text = str(text)
    text = re.sub(r'"([^"\n]+)"', "«\u202f\\1\u202f»", text)
    text = re.sub(r"«\s*", "«" + NNBSP, text)
    text = re.sub(r"\s*»", NNBSP + "»", text)
    text = re.sub(r"(?<=[^\s\u202f\u00a0])\s*([;:!?])(?=\s|$)", NNBSP + r"\1", text)
    text = re.sub(r"[ \u00a0]([;:!?])", NNBSP + r"\1", text)
    return text


def annual_report(schema, year, *, organisation=None, smallest=1):
    """Everything the bilan of ``year`` shows, in the order it shows it, each figure as of that year: the
    actions as they stood at the end of ``year`` and its comments only, the campaigns up to ``year``, the
    fundings of ``year``, the agréments in force in ``year``.

    With ``organisation``: its own report, limited to the fiches it pilots, funds or takes part in as a
    partner, its fundings of the structures and the structures of its territory; each of those items with
    the same figures as in the full bilan (the figures of the whole schéma, by axe or for the département, are left out).

    The group figures made of fewer than ``smallest`` structures are WITHHELD (core/secrecy.py)."""
    fiches = Fiche.objects.concerning(organisation) if organisation else None
    axes = schema_tree_as_of(schema, year, fiches=fiches)
    campaigns = sorted((c for c in schema.campaigns.all() if c.year <= year), key=lambda c: c.year)
    campaign = next((c for c in campaigns if c.year == year), None)
    completeness = campaign_completeness(campaign) if campaign is not None else None
    series_by_fiche = {}
    provisional = years.provisional_years(schema, campaigns)
    series = indicator_figures.indicator_series(
        schema,
        years=[c.year for c in campaigns],
        provisional=provisional,
        fiches=None if organisation is None else [f.fiche for axis in axes for f in axis.fiches],
    )
    series = indicator_figures.withhold_small_years(series, smallest)
    for one in series:
        series_by_fiche.setdefault(one.indicator.fiche_id, []).append(one)
    # Partners read the bilan: answers name their structure only where the Caf allows it (the same PDF for all).
    texts = indicator_figures.text_answers(
        schema,
        year,
        indicators=[one.indicator for one in series],
        names_visible=lambda indicator: structure_names_visible(None, indicator),
    )
    for axis in axes:
        for orientation in axis.orientations:
            for fiche in orientation.fiches:
                fiche.chart = charts.actions_progress(fiche) if fiche.actions else None
                fiche.indicators = [
                    {
                        "series": one,
                        "chart": charts.indicator_chart(one),
                        "texts": texts.get(one.indicator.pk, []),
                        "per_structure": one.indicator.level == IndicatorLevel.STRUCTURE,
                    }
                    for one in series_by_fiche.get(fiche.fiche.pk, [])
                ]
    if organisation is not None:
        return _partner_report(schema, year, organisation, axes, completeness, campaign)
    figures = structure_figures.structure_figures(schema.department_code, year, smallest=smallest)
    territory = coverage(department_code=schema.department_code, year=year)
    return {
        "schema": schema,
        "year": year,
        "axes": axes,
        "figures": schema_figures.key_figures(axes),
        "structure_figures": figures,
        "completeness": completeness,
        "year_state": years.year_state(schema, year, campaign=campaign, completeness=completeness),
        "summary_charts": [charts.progress_by_axis(axes), charts.actions_by_status(axes)] if axes else [],
        "timeline": charts.timeline(schema, axes, year=year, wide=True) if axes else None,
        "structures": structure_figures.structures_with_agrements(schema.department_code, year=year),
        "coverage": territory,
        "coverage_map": charts.coverage_map(territory, map_shapes(territory), year=year),
        "epcis_without_structure": [epci for epci in territory.epcis if not epci.structure_count],
        "governance": governance.year_figures(schema, year),
        "last_changed": last_changed(schema),
        "generated_on": timezone.localdate(),
    }


def _partner_report(schema, year, organisation, axes, completeness, campaign):
    department = schema.department_code
    fiches = [f for axis in axes for f in axis.fiches]
    fundings = structure_figures.fundings_of(organisation, department_code=department, year=year)
    return {
        "schema": schema,
        "year": year,
        "organisation": organisation,
        "axes": axes,
        "figures": schema_figures.key_figures(axes),
        "completeness": completeness,
        "year_state": years.year_state(schema, year, campaign=campaign, completeness=completeness),
        "summary_charts": [charts.progress_by_fiche(fiches)] if fiches else [],
        "timeline": charts.timeline(schema, axes, year=year, wide=True) if axes else None,
        "fundings": fundings,
        "fundings_total": sum((f.amount for f in fundings), Decimal(0)),
        "structures": structure_figures.structures_with_agrements(
            department, year=year, structures=Structure.objects.in_territory_of(organisation, department_code=department)
        ),
        "carried_decisions": governance.carried_decisions(schema, organisation, year),
        "last_changed": last_changed(schema),
        "generated_on": timezone.localdate(),
    }


def partner_report_filename(schema, year, organisation):
    """bilan-2025-rhone-metropole-de-lyon.pdf"""
    return f"{report_filename(schema, year)[:-4]}-{slugify(organisation.name)[:60]}.pdf"

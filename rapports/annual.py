"""The content of the annual steering report (bilan annuel) and of the other PDFs."""

import re

from django.utils import timezone
from django.utils.text import slugify

from gouvernance import figures as governance
from indicateurs.enums import IndicatorLevel

from . import charts, reports

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


def annual_report(schema, year, *, smallest=1):
    """Everything the bilan shows, in the order it shows it; the group figures made of fewer than
    ``smallest`` structures WITHHELD (core/secrecy.py)."""
    axes = reports.schema_progress(schema)
    series_by_fiche = {}
    for one in reports.withhold_small_years(reports.indicator_series(schema), smallest):
        series_by_fiche.setdefault(one.indicator.fiche_id, []).append(one)
    for axis in axes:
        for orientation in axis.orientations:
            for fiche in orientation.fiches:
                fiche.chart = charts.actions_progress(fiche) if fiche.actions else None
                fiche.indicators = [
                    {
                        "series": one,
                        "chart": charts.indicator_chart(one),
                        "per_structure": one.indicator.level == IndicatorLevel.STRUCTURE,
                    }
                    for one in series_by_fiche.get(fiche.fiche.pk, [])
                ]
    figures = reports.structure_figures(schema.department_code, year, smallest=smallest)
    return {
        "schema": schema,
        "year": year,
        "axes": axes,
        "figures": reports.key_figures(axes),
        "structure_figures": figures,
        "completeness": reports.campaign_completeness(schema, year),
        "summary_charts": [charts.progress_by_axis(axes), charts.actions_by_status(axes)] if axes else [],
        "timeline": charts.timeline(schema, axes) if axes else None,
        "structures": reports.structures_with_agrements(schema.department_code),
        "governance": governance.year_figures(schema, year),
        "last_changed": reports.last_changed(schema),
        "generated_on": timezone.localdate(),
    }

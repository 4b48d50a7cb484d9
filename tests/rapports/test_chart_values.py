"""Every chart of the dashboards and of the bilan writes all its values: each cell of its data table (the
alternative for screen readers) appears in the SVG's text, labels named rather than numbered."""

import re
from html import unescape

import pytest
from django.urls import reverse

from core.svg_charts import hbar_chart, stacked_chart, wrap
from rapports import annual

from .conftest import client_for


def svg_text(chart):
    """The text of the SVG's <text> elements, joined: what a reader sees written on the chart."""
    return " ".join(unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", chart.svg))


def assert_every_value_written(chart):
    written = " ".join(svg_text(chart).split())
    assert chart.table_rows, chart.title
    for row in chart.table_rows:
        # A missing value (—) or an empty segment (0) draws nothing to read.
        for cell in (cell for cell in row[1:] if cell not in ("—", "0")):
            assert " ".join(str(cell).split()) in written, (chart.title, cell)


def all_charts(context):
    charts = list(context.get("charts") or []) + list(context.get("summary_charts") or [])
    if context.get("timeline"):
        charts.append(context["timeline"])
    for item in context.get("items") or []:
        if item["chart"]:
            charts.append(item["chart"])
    for axis in context.get("axes") or []:
        for fiche in axis.fiches:
            charts.append(getattr(fiche, "chart", None))
            charts += [item["chart"] for item in getattr(fiche, "indicators", [])]
    return [c for c in charts if c is not None]


@pytest.mark.parametrize("name", ["rapports:schema_dashboard", "rapports:indicators_dashboard", "rapports:structures_dashboard"])
def test_dashboard_charts_write_every_value(world, partenaire, name):
    response = client_for(partenaire).get(reverse(name, args=[world["schema"].pk]), {"annee": "2025"})
    charts = all_charts(response.context)
    assert charts
    for chart in charts:
        assert_every_value_written(chart)


def test_bilan_charts_write_every_value_and_name_their_axe_and_fiche(world):
    context = annual.annual_report(world["schema"], 2025)
    charts = all_charts(context)
    assert len(charts) == 6  # by axe, by status, calendar, the fiche's actions, two indicators
    for chart in charts:
        assert_every_value_written(chart)
    by_axis, by_status = context["summary_charts"]
    assert "Axe 2 - Confirmer la fonction de développement" in svg_text(by_axis)
    assert "Axe 2 - Confirmer la fonction de développement" in svg_text(by_status)
    fiche_chart = context["axes"][0].fiches[0].chart
    assert fiche_chart.title == (
        "Avancement des actions — PA 2.1.2 - Promouvoir les expérimentations favorisant l'ouverture à l'autre"
    )
    assert svg_text(fiche_chart).count("65\xa0%") == 1 and "40\xa0%" in svg_text(fiche_chart)


def test_hbar_chart_keeps_room_for_the_longest_value():
    chart = hbar_chart(title="Budgets", rows=[("2024", 20_900_000, ""), ("2025", 84, "")], alt="x", unit="€")
    assert "20\u202f900\u202f000\xa0€" in svg_text(chart) and "84\xa0€" in svg_text(chart)
    value_x = float(re.search(r'<text x="([\d.]+)"[^>]*font-weight="bold" fill="#000">20', chart.svg).group(1))
    assert value_x + 13 * 0.72 * 1.08 * len("20 900 000 €") <= 380


def test_stacked_chart_names_each_status_by_pattern_and_in_words():
    chart = stacked_chart(
        title="Statuts", rows=[("Axe 1 - Agir", [1, 0, 3])], series=["À venir", "En cours", "Réalisée"], alt="x"
    )
    assert 'fill="url(#dots)"' in chart.svg and 'fill="#3a3a3a"' in chart.svg
    assert "1 à venir · 3 réalisée" in svg_text(chart)
    assert chart.table_rows == (("Axe 1 - Agir", "1", "0", "3", "4"),)


def test_wrap_cuts_capitals_sooner():
    assert wrap("CONFIRMER LA FONCTION DES LIENS SOCIAUX", 360, 14) == ["CONFIRMER LA FONCTION DES LIENS", "SOCIAUX"]
    assert wrap("Confirmer la fonction des liens sociaux", 360, 14) == ["Confirmer la fonction des liens sociaux"]

"""The calendar and the stacked bars read whole on a phone and on A4: a long action label is written whole over
several lines, never cut; the smallest type stays legible once the image is scaled to its displayed width;
every value of the chart's data is written on it."""

import re

import pytest

from core.calendar_chart import gantt_chart
from core.svg_charts import stacked_chart

from .test_chart_values import assert_every_value_written
from .test_charts_line import box, texts

# The width of a chart's image on a 390 px wide phone, measured with Chromium on the schéma dashboard (where
# the calendar and the stacked bars show; the page's padding and the chart's frame off).
PHONE_IMAGE_WIDTH = 356
# The width of the calendar in the bilan: the A4 page less its side margins of 18 mm, in points.
A4_COLUMN_PT = (210 - 2 * 18) / 25.4 * 72

LONG_LABEL = "PA 2.1.2 · action 3 - Ouvrir les centres sociaux aux habitants des quartiers prioritaires."

ROWS = [
    {"label": LONG_LABEL, "first_year": 2023, "last_year": 2025, "progress": 35, "late": False},
    {"label": "PA 1.1.1 · action 1", "first_year": 2022, "last_year": 2023, "progress": 100, "late": False},
    {"label": "PA 1.1.1 · action 2", "first_year": 2020, "last_year": 2024, "progress": 10, "late": True},
]


def calendar(wide=False):
    return gantt_chart(
        title="Calendrier des actions 2022-2026", years=range(2022, 2027), rows=ROWS, alt="x", today_year=2025, wide=wide
    )


def view_width(chart):
    return float(re.search(r'viewBox="0 0 ([\d.]+) ', chart.svg).group(1))


@pytest.mark.parametrize("wide", [False, True])
def test_calendar_writes_a_long_action_label_whole_over_several_lines(wide):
    assert len(LONG_LABEL) == 90
    chart = calendar(wide)
    lines = [t for t in texts(chart) if t[-1] in LONG_LABEL and t[0] < 20]
    assert len(lines) >= 2
    assert " ".join(t[-1] for t in lines) == LONG_LABEL
    assert "…" not in chart.svg
    assert all(box(*t)[2] <= view_width(chart) for t in texts(chart))


def test_calendar_type_is_legible_on_a_phone():
    chart = calendar()
    smallest = min(size for _, _, size, *_ in texts(chart))
    assert smallest * PHONE_IMAGE_WIDTH / view_width(chart) >= 11


def test_calendar_type_is_legible_in_the_a4_bilan():
    chart = calendar(wide=True)
    smallest = min(size for _, _, size, *_ in texts(chart))
    assert smallest * A4_COLUMN_PT / view_width(chart) >= 8


@pytest.mark.parametrize("wide", [False, True])
def test_calendar_writes_every_value_and_tells_late_actions_in_words(wide):
    chart = calendar(wide)
    assert_every_value_written(chart)
    assert chart.table_rows[2] == ("PA 1.1.1 · action 2", "2020 à 2024", "10\xa0% · en retard")
    assert 'fill="url(#hatch)"' in chart.svg


def test_stacked_chart_type_is_legible_on_a_phone():
    chart = stacked_chart(
        title="Actions par statut et par axe",
        rows=[("Axe 1 - Agir", [2, 3, 1, 0, 0])],
        series=["À venir", "En cours", "Réalisée", "Reportée", "Abandonnée"],
        alt="x",
    )
    smallest = min(size for _, _, size, *_ in texts(chart))
    assert smallest * PHONE_IMAGE_WIDTH / view_width(chart) >= 12
    assert_every_value_written(chart)

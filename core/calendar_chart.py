"""The calendar of the actions: one bar per action across the years of a schéma, drawn directly as SVG.

Two layouts of the same data, each sized for where it is read:

- narrow (380 units wide, like the bar charts), for the pages: each action's full label is written above its
  bar, wrapped over as many lines as it needs, its years and progress beside it, so that a phone showing the
  image about 320 px wide still writes it at 11 px or more;
- wide (760 units), for the A4 bilan, where the actions of a whole schéma must fit on one page: the label
  wrapped in a left column, the years and progress in a right column, the bars between them.

In both, the text is dark on white or on a light grey column, never on a bar; a late action's bar is hatched
and « en retard » written beside it, so that statuses read apart without colour.
"""

from html import escape

from .charts import FONT_FAMILY, NBSP, Chart
from .svg_charts import PAD, PATTERNS, _text_width, _title, wrap

NARROW_WIDTH, WIDE_WIDTH = 380, 760
LABEL_SIZE = 14  # a row's label in the narrow layout
TEXT_SIZE = 13  # every other text: years, figures, legend; the wide layout's labels too
LINE = 17
BAR = 18
DONE_FILL, TODO_FILL, LATE_FILL = "#4a4a4a", "#d4d4d4", "url(#hatch)"
LEGEND = ((DONE_FILL, "avancement"), (TODO_FILL, "reste à faire"), (LATE_FILL, "en retard (échéance passée)"))
HATCH = dict(PATTERNS)["hatch"]


def gantt_chart(*, title, years, rows, alt, today_year=None, wide=False):
    """The calendar: ``rows`` is a list of dicts: ``label``, ``first_year``, ``last_year``, ``progress`` (0-100,
    drawn as a dark part of the bar), ``late`` (a hatched bar and « en retard » written beside). ``wide`` draws
    the A4 layout."""
    years = list(years)
    figures = [(row["label"], _span(row), _progress(row)) for row in rows]
    width = WIDE_WIDTH if wide else NARROW_WIDTH
    draw = _wide_rows if wide else _narrow_rows
    header, y = _title(title, 0)
    legend, y = _legend(y, width)
    grid_left, grid_right = (PAD + 250, width - PAD - 240) if wide else (PAD, width - PAD)
    column = (grid_right - grid_left) / max(len(years), 1)
    grid_top = y + 6
    bars, height = draw(rows, figures, years, grid_left, column, grid_top + 24)
    shading = _columns(years, today_year, grid_left, column, grid_top, height)
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height + PAD}"'
        f' viewBox="0 0 {width} {height + PAD}" role="img" aria-labelledby="gantt-title gantt-desc"'
        f' font-family="{escape(FONT_FAMILY)}">'
        f'<title id="gantt-title">{escape(title)}</title><desc id="gantt-desc">{escape(alt)}</desc>'
        f'<defs>{HATCH}</defs><rect width="{width}" height="{height + PAD}" fill="#ffffff"/>'
        + "".join(header + legend + shading + bars)
        + "</svg>"
    )
    return Chart(title=title, alt=alt, svg=svg, table_headers=("Action", "Échéance", "Avancement"), table_rows=tuple(figures))


def _span(row):
    return f"{row['first_year']} à {row['last_year']}"


def _progress(row):
    return f"{_clamped(row)}{NBSP}%" + (" · en retard" if row.get("late") else "")


def _clamped(row):
    return max(0, min(100, row.get("progress") or 0))


def _legend(y, width):
    """The three fills and their names, flowing over as many lines as the width needs."""
    out, x, y = [], PAD, y + 2
    for fill, name in LEGEND:
        item = 22 + _text_width(name, TEXT_SIZE)
        if x > PAD and x + item > width - PAD:
            x, y = PAD, y + LINE + 2
        out.append(f'<rect x="{x}" y="{y}" width="16" height="12" fill="{fill}" stroke="#1f1f1f" stroke-width="0.75"/>')
        out.append(f'<text x="{x + 21}" y="{y + 11}" font-size="{TEXT_SIZE}" fill="#000">{escape(name)}</text>')
        x += item + 14
    return out, y + LINE + 4


def _columns(years, today_year, left, column, top, bottom):
    """A light column per year, darker for the year of the report, each headed by its year (every other year
    when the columns are too narrow for all of them)."""
    step = 1 if column >= _text_width("2000", TEXT_SIZE) + 4 else 2
    out = []
    for index, year in enumerate(years):
        x = left + index * column
        shade = "#e0e0e0" if year == today_year else ("#f2f2f2" if index % 2 == 0 else "#ffffff")
        out.append(f'<rect x="{x:.1f}" y="{top}" width="{column:.1f}" height="{bottom - top}" fill="{shade}"/>')
        if index % step == 0:
            out.append(
                f'<text x="{x + column / 2:.1f}" y="{top + 16}" font-size="{TEXT_SIZE}" text-anchor="middle"'
                f' font-weight="bold" fill="#000">{year}</text>'
            )
    return out


def _bar(row, years, left, column, y):
    start = max(row["first_year"], years[0]) - years[0]
    end = min(row["last_year"], years[-1]) - years[0] + 1
    x = left + start * column + 2
    width = max((end - start) * column - 4, 4)
    fill = LATE_FILL if row.get("late") else TODO_FILL
    out = [f'<rect x="{x:.1f}" y="{y}" width="{width:.1f}" height="{BAR}" fill="{fill}" stroke="#1f1f1f" stroke-width="1"/>']
    if _clamped(row) and not row.get("late"):
        out.append(f'<rect x="{x:.1f}" y="{y}" width="{width * _clamped(row) / 100:.1f}" height="{BAR}" fill="{DONE_FILL}"/>')
    return out


def _narrow_rows(rows, figures, years, left, column, y):
    """Each row: its label above, whole; its years and progress after the label's last line when they fit
    there, on a line of their own otherwise; then its bar across the years."""
    out = []
    room = NARROW_WIDTH - 2 * PAD
    for row, (label, span, progress) in zip(rows, figures, strict=True):
        lines = wrap(label, room, LABEL_SIZE) or [""]
        for line in lines:
            y += LINE
            out.append(f'<text x="{PAD}" y="{y - 3}" font-size="{LABEL_SIZE}" fill="#000">{escape(line)}</text>')
        said = f"{span} · {progress}"
        # A margin for the estimate of the widths: the figures never run into the label.
        if _text_width(lines[-1], LABEL_SIZE) + 24 + _text_width(said, TEXT_SIZE, bold=True) > room:
            y += LINE
        out.append(
            f'<text x="{NARROW_WIDTH - PAD}" y="{y - 3}" font-size="{TEXT_SIZE}" text-anchor="end" font-weight="bold"'
            f' fill="#000">{escape(said)}</text>'
        )
        out += _bar(row, years, left, column, y + 1)
        y += BAR + 12
    return out, y


def _wide_rows(rows, figures, years, left, column, y):
    """Each row: its label wrapped in the left column, its bar on the first line, its years and progress in the
    right column."""
    out = []
    for row, (label, span, progress) in zip(rows, figures, strict=True):
        lines = wrap(label, left - 2 * PAD, TEXT_SIZE) or [""]
        for index, line in enumerate(lines):
            out.append(f'<text x="{PAD}" y="{y + 14 + index * 16}" font-size="{TEXT_SIZE}" fill="#000">{escape(line)}</text>')
        out += _bar(row, years, left, column, y + 1)
        out.append(
            f'<text x="{left + column * len(years) + 10:.1f}" y="{y + 14}" font-size="{TEXT_SIZE}" font-weight="bold"'
            f' fill="#000">{escape(f"{span} · {progress}")}</text>'
        )
        y += max(len(lines) * 16, BAR + 2) + 8
    return out, y

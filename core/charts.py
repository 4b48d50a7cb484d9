"""Charts drawn on the server as SVG: one helper for the pages and the PDFs.

Every chart is a ``Chart``: its title, a text alternative (a sentence that says what the chart shows,
for screen readers and for the PDF's text layer), the SVG markup and a ``data:`` URI for an ``<img>``.
The same image shows in a dashboard (``<img src="{{ chart.data_uri }}" alt="{{ chart.alt }}">``) and in
WeasyPrint, which renders SVG images cleanly that way.

Bar charts of several series are drawn by pygal, with its JavaScript off (it would fetch it from a CDN), local
fonts, and a style that reads in black and white: distinct grey levels and the values written on the
bars. The Gantt timeline of the actions is drawn here directly (pygal has none).
"""

import base64
import re
from dataclasses import dataclass
from html import escape

from core import numbers

FONT_FAMILY = "DejaVu Sans, Liberation Sans, Arial, sans-serif"
# Grey levels far enough apart to tell the series apart on a black-and-white printout.
GREYS = ("#1f1f1f", "#6b6b6b", "#a8a8a8", "#d4d4d4", "#474747", "#8c8c8c")
NBSP = "\xa0"


@dataclass(frozen=True)
class Chart:
    title: str
    alt: str
    svg: str
    # The same data as a table, for screen readers and whoever cannot read the image.
    table_headers: tuple = ()
    table_rows: tuple = ()

    @property
    def data_uri(self):
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg.encode("utf-8")).decode("ascii")

    def __str__(self):
        return self.svg


def fr_number(value, places=0):
    """1234.5 → « 1 234,5 »: core.numbers.fr_number (the one rule: rounded half up, French separators) with a
    narrow no-break space between thousands, which keeps chart labels short."""
    return numbers.fr_number(value, places).replace("\xa0", "\u202f")


def _style():
    from pygal.style import Style

    return Style(
        font_family=FONT_FAMILY,
        background="#ffffff",
        plot_background="#ffffff",
        foreground="#1f1f1f",
        foreground_strong="#000000",
        foreground_subtle="#5c5c5c",
        opacity="1",
        opacity_hover="1",
        colors=GREYS,
        # Large type on a narrow chart: still legible once scaled down to a phone or an A4 column.
        title_font_size=17,
        label_font_size=14,
        major_label_font_size=14,
        legend_font_size=14,
        value_font_size=14,
        value_label_font_size=14,
        tooltip_font_size=14,
    )


def _config(chart_class, *, title, height, **options):
    return chart_class(
        title=title,
        style=_style(),
        js=[],
        disable_xml_declaration=True,
        width=options.pop("width", 760),
        height=height,
        print_values=True,
        print_values_position=options.pop("print_values_position", "top"),
        show_legend=options.pop("show_legend", True),
        legend_at_bottom=True,
        legend_at_bottom_columns=options.pop("legend_columns", 3),
        truncate_label=-1,
        truncate_legend=-1,
        margin=12,
        **options,
    )


SCRIPT_RE = re.compile(r"<script\b.*?</script>", re.DOTALL)


def _render(chart, title, alt, *, table_headers=(), table_rows=()):
    # pygal writes its configuration in a <script> even with js=[]: nothing runs it, so it goes.
    svg = SCRIPT_RE.sub("", chart.render(is_unicode=True))
    return Chart(title=title, alt=alt, svg=svg, table_headers=table_headers, table_rows=tuple(table_rows))


def bar_chart(*, title, labels, series, alt, unit="", horizontal=False, max_value=None, height=360, places=0):
    """A bar chart: ``series`` is a list of (name, [value per label]); ``alt`` the text alternative.

    Values are written on the bars (direct labels); ``None`` leaves a gap.
    """
    import pygal

    chart_class = pygal.HorizontalBar if horizontal else pygal.Bar
    suffix = f"{NBSP}{unit}" if unit else ""
    chart = _config(
        chart_class,
        title=title,
        height=height,
        show_legend=len(series) > 1,
        range=(0, max_value) if max_value else None,
        value_formatter=lambda v: f"{fr_number(v, places)}{suffix}",
        x_label_rotation=0,
    )
    chart.x_labels = labels
    for name, values in series:
        chart.add(name, values)
    return _render(chart, title, alt)


def stacked_bar_chart(*, title, labels, series, alt, height=360):
    """Stacked horizontal bars (counts of actions by status for each axe, for example)."""
    import pygal

    chart = _config(
        pygal.HorizontalStackedBar,
        title=title,
        height=height,
        value_formatter=lambda v: fr_number(v) if v else "",
        print_values_position="center",
        legend_columns=5,
        margin_bottom=20,
    )
    chart.x_labels = labels
    for name, values in series:
        chart.add(name, values)
    return _render(chart, title, alt)


def nice_ticks(values, count=5):
    """About ``count`` round tick values covering ``values`` (from 0 when they are all positive and close to it)."""
    import math

    numbers = [v for v in values if v is not None]
    if not numbers:
        return None
    low, high = min(numbers), max(numbers)
    if low >= 0 and low <= (high - low):
        low = 0
    span = high - low or abs(high) or 1
    raw = span / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    start = math.floor(low / step) * step
    ticks, tick = [], start
    while tick <= high + step * 0.999:
        ticks.append(round(tick, 6))
        tick += step
    return ticks


def gantt_chart(*, title, years, rows, alt, today_year=None):
    """A Gantt timeline: one bar per row across the years of a schéma.

    ``rows`` is a list of dicts: ``label`` (left column), ``first_year``, ``last_year``, ``progress``
    (0-100, drawn as a dark part of the bar), ``late`` (a hatched bar and « en retard » written beside).
    """
    years = list(years)
    label_width, year_width, row_height, top, caption_width = 230, 80, 26, 58, 130
    width = label_width + year_width * len(years) + caption_width
    height = top + row_height * max(len(rows), 1) + 34
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}"'
        f' role="img" aria-labelledby="gantt-title gantt-desc" font-family="{escape(FONT_FAMILY)}">',
        f'<title id="gantt-title">{escape(title)}</title><desc id="gantt-desc">{escape(alt)}</desc>',
        "<defs>"
        '<pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        '<rect width="6" height="6" fill="#ffffff"/><line x1="0" y1="0" x2="0" y2="6" stroke="#1f1f1f" stroke-width="2.5"/>'
        "</pattern></defs>",
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
        f'<text x="{width / 2}" y="22" font-size="16" text-anchor="middle" fill="#000">{escape(title)}</text>',
    ]
    for index, year in enumerate(years):
        x = label_width + index * year_width
        shade = "#f2f2f2" if index % 2 == 0 else "#ffffff"
        if year == today_year:
            shade = "#e0e0e0"
        out.append(f'<rect x="{x}" y="{top - 18}" width="{year_width}" height="{height - top - 16}" fill="{shade}"/>')
        out.append(f'<text x="{x + year_width / 2}" y="{top - 4}" font-size="12" text-anchor="middle">{year}</text>')
    captions = []
    for index, row in enumerate(rows):
        y = top + index * row_height
        label = row["label"]
        if len(label) > 24:
            label = label[:23] + "…"
        out.append(f'<text x="6" y="{y + 17}" font-size="11">{escape(label)}</text>')
        out.append(
            f'<text x="{label_width - 8}" y="{y + 17}" font-size="11" text-anchor="end" fill="#333">'
            f"{row['first_year']} à {row['last_year']}</text>"
        )
        start = max(row["first_year"], years[0]) - years[0]
        end = min(row["last_year"], years[-1]) - years[0] + 1
        x = label_width + start * year_width + 3
        bar_width = max((end - start) * year_width - 6, 4)
        fill = "url(#hatch)" if row.get("late") else "#d4d4d4"
        out.append(f'<rect x="{x}" y="{y + 5}" width="{bar_width}" height="16" fill="{fill}" stroke="#1f1f1f" stroke-width="1"/>')
        progress = max(0, min(100, row.get("progress") or 0))
        if progress and not row.get("late"):
            out.append(f'<rect x="{x}" y="{y + 5}" width="{bar_width * progress / 100:.1f}" height="16" fill="#4a4a4a"/>')
        # Outside the bar, in its own column: dark text on white, whatever the bar's fill.
        caption = f"{progress}{NBSP}%" + (" · en retard" if row.get("late") else "")
        captions.append((row["label"], f"{row['first_year']} à {row['last_year']}", caption))
        out.append(
            f'<text x="{label_width + year_width * len(years) + 8}" y="{y + 17}" font-size="12" font-weight="bold"'
            f' fill="#000">{escape(caption)}</text>'
        )
    legend_y = height - 10
    out.append(
        f'<rect x="6" y="{legend_y - 10}" width="14" height="10" fill="#4a4a4a"/>'
        f'<text x="24" y="{legend_y}" font-size="11">avancement</text>'
        f'<rect x="110" y="{legend_y - 10}" width="14" height="10" fill="#d4d4d4" stroke="#1f1f1f"/>'
        f'<text x="128" y="{legend_y}" font-size="11">reste à faire</text>'
        f'<rect x="222" y="{legend_y - 10}" width="14" height="10" fill="url(#hatch)" stroke="#1f1f1f"/>'
        f'<text x="240" y="{legend_y}" font-size="11">en retard (échéance passée)</text>'
    )
    out.append("</svg>")
    return Chart(
        title=title,
        alt=alt,
        svg="".join(out),
        table_headers=("Action", "Échéance", "Avancement"),
        table_rows=tuple(captions),
    )

"""Charts drawn on the server as SVG: one helper for the pages and the PDFs.

Every chart is a ``Chart``: its title, a text alternative (a sentence that says what the chart shows,
for screen readers and for the PDF's text layer), the SVG markup and a ``data:`` URI for an ``<img>``.
The same image shows in a dashboard (``<img src="{{ chart.data_uri }}" alt="{{ chart.alt }}">``) and in
WeasyPrint, which renders SVG images cleanly that way.

Bar charts of several series are drawn by pygal, with its JavaScript off (it would fetch it from a CDN), local
fonts, and a style that reads in black and white: distinct grey levels and the values written on the
bars. The calendar of the actions is drawn directly in core.calendar_chart (pygal has none).
"""

import base64
import re
from dataclasses import dataclass

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

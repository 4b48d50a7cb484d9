"""Bar charts drawn directly as SVG, for charts whose every value must be read on a phone and on A4.

pygal's bars write their values at the bar's end, where the plot cuts them (« 8 » for 84 %), name their
rows with short labels only and tell series apart by grey alone. These charts instead:

- write each row's full label above its bar (wrapped), so that axes and fiches are named, not numbered;
- keep a column on the right for the value, so that it is never cut, in dark text on white;
- fill the segments of stacked bars with patterns (dots, hatching, solid) named in the legend, and write
  each segment's count on a white badge, so that statuses read apart without colour;
- are narrow (380 units wide) with large type, and scale to their container (``viewBox``): an A4 column
  and a phone show the text at a legible size.

The line chart of an indicator against its target follows the same rules: its values are written beside
their points, the value's label above and the target's below wherever the two points meet, so that they
never cover each other; the target's line is dashed with square markers, the value's solid with round ones.

Each returns a ``core.charts.Chart`` whose ``table`` repeats the data for screen readers.
"""

from functools import lru_cache
from html import escape

from .charts import FONT_FAMILY, Chart, fr_number, nice_ticks

WIDTH = 380
PAD = 10
LINE = 17  # height of a label line
LABEL_SIZE = 14
BAR = 18
SMALL_SIZE = 13  # the smallest type of the stacked bars: still 12 px on a phone showing the image 356 px wide

# Fills a black-and-white printout tells apart: (pattern id or colour, legend name). Dark text is written on
# a white badge over each, so the count reads whatever the fill.
PATTERNS = (
    (
        "dots",
        '<pattern id="dots" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" fill="#fff"/>'
        '<circle cx="3" cy="3" r="1.3" fill="#1f1f1f"/></pattern>',
    ),
    ("light", ""),
    ("dark", ""),
    (
        "hatch",
        '<pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        '<rect width="6" height="6" fill="#fff"/><line x1="0" y1="0" x2="0" y2="6" stroke="#1f1f1f" stroke-width="2"/></pattern>',
    ),
    (
        "cross",
        '<pattern id="cross" width="7" height="7" patternUnits="userSpaceOnUse"><rect width="7" height="7" fill="#fff"/>'
        '<path d="M0 0L7 7M7 0L0 7" stroke="#1f1f1f" stroke-width="1"/></pattern>',
    ),
)
FILLS = {"dots": "url(#dots)", "light": "#c8c8c8", "dark": "#3a3a3a", "hatch": "url(#hatch)", "cross": "url(#cross)"}


def _svg(height, title, alt, body, defs=""):
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}"'
        f' role="img" aria-labelledby="chart-title chart-desc" font-family="{escape(FONT_FAMILY)}">'
        f'<title id="chart-title">{escape(title)}</title><desc id="chart-desc">{escape(alt)}</desc>'
        f"<defs>{defs}</defs>"
        f'<rect width="{WIDTH}" height="{height}" fill="#ffffff"/>' + "".join(body) + "</svg>"
    )


# Widths in hundredths of the type size, so that sums are exact whatever their order.
_NARROW = {" ": 32, "i": 28, "l": 28, "'": 28, ".": 32, ",": 32, "-": 36}


@lru_cache(maxsize=8192)
def _hundredths(text):
    """The width of ``text`` in hundredths of its type size; memoised, as the same labels are drawn on every page."""
    return sum(_NARROW.get(c) or (72 if c.isupper() or c.isdigit() else 58) for c in text)


def _scaled(hundredths, size, bold):
    return hundredths * size / 100 * (1.08 if bold else 1)


def _text_width(text, size, bold=False):
    """An estimate of the width of ``text`` in DejaVu Sans at ``size``: capitals are wider than the rest."""
    return _scaled(_hundredths(text), size, bold)


def wrap(text, width, size, bold=False):
    """``text`` cut into lines that fit ``width`` at ``size`` (whole words; a too long word stands alone).

    A line's width grows by a space and a word at a time rather than being measured again whole."""
    lines, line, used = [], "", 0
    for word in str(text).split():
        word_width = _hundredths(word)
        if line and _scaled(used + _NARROW[" "] + word_width, size, bold) > width:
            lines.append(line)
            line, used = word, word_width
        elif line:
            line, used = f"{line} {word}", used + _NARROW[" "] + word_width
        else:
            line, used = word, word_width
    return lines + [line] if line else lines


def _title(title, y):
    """The title in bold, wrapped on as many lines as it needs; returns (markup, next y)."""
    out = []
    # A margin for the estimate of the widths: a bold line a little wider than estimated is not cut.
    for line in wrap(title, WIDTH - 2 * PAD - 24, 16, bold=True) or [""]:
        y += 20
        out.append(f'<text x="{PAD}" y="{y}" font-size="16" font-weight="bold" fill="#000">{escape(line)}</text>')
    return out, y + 8


def _label(label, y):
    """The row's full label, wrapped on as many lines as it needs: a long axe title is read whole."""
    out = []
    for line in wrap(label, WIDTH - 2 * PAD, LABEL_SIZE):
        y += LINE
        out.append(f'<text x="{PAD}" y="{y - 3}" font-size="{LABEL_SIZE}" fill="#000">{escape(line)}</text>')
    return out, y


def hbar_chart(*, title, rows, alt, unit="", max_value=None, places=0, headers=("Élément", "Valeur")):
    """Horizontal bars, one per row: ``rows`` is a list of (label, value, note) — ``note`` (may be "") is
    written after the label (« Action 1 - … (en cours) »). The value is written after the bar, in a column
    wide enough for the longest one; ``None`` draws no bar and writes « sans valeur »."""
    suffix = f"\xa0{unit}" if unit else ""
    said = ["sans valeur" if value is None else f"{fr_number(value, places)}{suffix}" for _, value, _ in rows]
    value_column = max([_text_width(text, 13, bold=True) for text in said] or [0]) + 12
    numbers = [value for _, value, _ in rows if value is not None]
    top = max_value or (max(numbers) if numbers else 0) or 1
    track = WIDTH - 2 * PAD - value_column
    body, y = _title(title, 0)
    table = []
    for (label, value, note), text in zip(rows, said, strict=True):
        full_label = f"{label} ({note})" if note else str(label)
        lines, y = _label(full_label, y)
        body += lines
        body.append(
            f'<rect x="{PAD}" y="{y}" width="{track:.1f}" height="{BAR}" fill="#f0f0f0" stroke="#9a9a9a" stroke-width="0.5"/>'
        )
        if value is not None:
            length = max(track * min(float(value), top) / top, 1.5) if value else 0
            body.append(f'<rect x="{PAD}" y="{y}" width="{length:.1f}" height="{BAR}" fill="#3a3a3a"/>')
        body.append(
            f'<text x="{PAD + track + 6:.1f}" y="{y + BAR - 4}" font-size="13" font-weight="bold"'
            f' fill="#000">{escape(text)}</text>'
        )
        table.append((full_label, text))
        y += BAR + 10
    return Chart(title=title, alt=alt, svg=_svg(y + PAD, title, alt, body), table_headers=headers, table_rows=tuple(table))


def stacked_chart(*, title, rows, series, alt, headers_first="Élément"):
    """Stacked horizontal bars of counts: ``rows`` is a list of (label, [count per series]); ``series`` the
    names of the series (at most five), each drawn with its own pattern, named in the legend."""
    track = WIDTH - 2 * PAD - 40
    defs = "".join(markup for _, markup in PATTERNS)
    body, y = _title(title, 0)
    x = PAD
    for index, name in enumerate(series):
        fill = FILLS[PATTERNS[index][0]]
        body.append(f'<rect x="{x}" y="{y}" width="16" height="12" fill="{fill}" stroke="#1f1f1f" stroke-width="0.75"/>')
        body.append(f'<text x="{x + 20}" y="{y + 11}" font-size="{SMALL_SIZE}" fill="#000">{escape(name)}</text>')
        x += 34 + _text_width(name, SMALL_SIZE)
        following = series[index + 1] if index < len(series) - 1 else None
        if following and x + 20 + _text_width(following, SMALL_SIZE) > WIDTH - PAD:
            x, y = PAD, y + 19
    y += 26
    table = []
    for label, counts in rows:
        lines, y = _label(label, y)
        body += lines
        total = sum(c or 0 for c in counts)
        x = PAD
        for index, count in enumerate(counts):
            if not count:
                continue
            width = track * count / total
            fill = FILLS[PATTERNS[index][0]]
            body.append(
                f'<rect x="{x:.1f}" y="{y}" width="{width:.1f}" height="{BAR + 4}" fill="{fill}"'
                ' stroke="#1f1f1f" stroke-width="0.75"/>'
            )
            text = fr_number(count)
            badge = round(_text_width(text, SMALL_SIZE, bold=True) + 8)
            if width >= badge + 2:
                cx = x + width / 2
                body.append(
                    f'<rect x="{cx - badge / 2:.1f}" y="{y + 3}" width="{badge}" height="{BAR - 2}" rx="3" fill="#fff"'
                    ' stroke="#1f1f1f" stroke-width="0.5"/>'
                )
                body.append(
                    f'<text x="{cx:.1f}" y="{y + BAR - 1}" font-size="{SMALL_SIZE}" text-anchor="middle" font-weight="bold"'
                    f' fill="#000">{text}</text>'
                )
            x += width
        body.append(
            f'<text x="{PAD + track + 6}" y="{y + BAR - 1}" font-size="13" font-weight="bold"'
            f' fill="#000">{fr_number(total)}</text>'
        )
        # Direct labels under the bar: every count with its status, even where a segment is too narrow.
        said = " · ".join(f"{fr_number(c)} {name.lower()}" for c, name in zip(counts, series, strict=True) if c)
        y += BAR + 4
        for line in wrap(said, WIDTH - 2 * PAD, SMALL_SIZE):
            y += LINE
            body.append(f'<text x="{PAD}" y="{y - 2}" font-size="{SMALL_SIZE}" fill="#000">{escape(line)}</text>')
        table.append((str(label), *[fr_number(c or 0) for c in counts], fr_number(total)))
        y += 13
    headers = (headers_first, *series, "Total")
    return Chart(title=title, alt=alt, svg=_svg(y + PAD, title, alt, body, defs), table_headers=headers, table_rows=tuple(table))


def choropleth(*, title, width, height, shapes, legend, alt, table_headers=(), table_rows=()):
    """A map: ``shapes`` are dicts with ``path`` (SVG path data in a ``width`` × ``height`` frame), ``level``
    (an index into ``legend``) and ``title``; ``legend`` is a list of (fill, label), fills far enough apart to
    read in black and white. The legend is drawn under the map."""
    body, y = _title(title, 0)
    scale = (WIDTH - 2 * PAD) / width
    map_height = height * scale
    body.append(f'<g transform="translate({PAD},{y}) scale({scale:.4f})">')
    for shape in shapes:
        fill = legend[shape["level"]][0]
        body.append(
            f'<path d="{shape["path"]}" fill="{fill}" stroke="#555" stroke-width="{0.6 / scale:.2f}">'
            f"<title>{escape(shape['title'])}</title></path>"
        )
    body.append("</g>")
    y += map_height + 12
    for fill, label in legend:
        body.append(f'<rect x="{PAD}" y="{y}" width="18" height="12" fill="{fill}" stroke="#555" stroke-width="0.75"/>')
        body.append(f'<text x="{PAD + 24}" y="{y + 11}" font-size="13" fill="#000">{escape(label)}</text>')
        y += 18
    return Chart(
        title=title,
        alt=alt,
        svg=_svg(y + PAD, title, alt, body, defs="".join(markup for _, markup in PATTERNS)),
        table_headers=table_headers,
        table_rows=tuple(table_rows),
    )


VALUE_SIZE = 13  # the smallest type of the line chart: still 11 px once a phone scales it down
LABEL_HEIGHT = VALUE_SIZE + 4


def _badge(x, baseline, text, *, bold=False):
    """``text`` centred on ``x``, dark on a white box, so that a line crossing it does not hide it."""
    width = _text_width(text, VALUE_SIZE, bold) + 6
    weight = ' font-weight="bold"' if bold else ""
    return (
        f'<rect x="{x - width / 2:.1f}" y="{baseline - VALUE_SIZE:.1f}" width="{width:.1f}" height="{LABEL_HEIGHT}"'
        ' fill="#fff"/>'
        f'<text x="{x:.1f}" y="{baseline:.1f}" font-size="{VALUE_SIZE}" text-anchor="middle"{weight}'
        f' fill="#000">{escape(text)}</text>'
    )


def line_chart(*, title, labels, series, alt, unit="", places=0):
    """Lines by year: ``series`` is [("Valeur", [value per label]), ("Cible", [target per label])], ``None``
    for a year without one (the line breaks there). Every value is written beside its point, so no scale is
    drawn: at each year the higher point's label above it, the lower one's below (the value above when they
    are equal), the target's prefixed with « cible »; a label that would run into another one, or into a
    marker, moves one line further out, then to the other side."""
    suffix = f"\xa0{unit}" if unit else ""
    names = [name for name, _ in series]
    said = [[None if v is None else f"{fr_number(v, places)}{suffix}" for v in values] for _, values in series]
    shown = [[None if t is None else (t if index == 0 else f"cible {t}") for t in texts] for index, texts in enumerate(said)]
    ticks = nice_ticks([v for _, values in series for v in values if v is not None]) or [0, 1]
    low, high = ticks[0], ticks[-1] if ticks[-1] != ticks[0] else ticks[0] + 1
    first_x, last_x = PAD + 22, WIDTH - PAD - 22
    count = len(labels)
    xs = [first_x + i * (last_x - first_x) / (count - 1) for i in range(count)] if count > 1 else [WIDTH / 2]

    def to_y(value):  # in the plot's own frame: 0 at the top, PLOT_HEIGHT at the bottom
        return PLOT_HEIGHT - (float(value) - low) / (high - low) * PLOT_HEIGHT

    points = [[None if v is None else (x, to_y(v)) for x, v in zip(xs, values, strict=True)] for _, values in series]
    placed = [(x - 6, y - 6, x + 6, y + 6) for column in points for x, y in (p for p in column if p)]
    labels_drawn = []
    for i in range(count):
        # Higher on the page first; at equal heights the value (series 0) first: its label goes above.
        at_year = sorted((column[i][1], index) for index, column in enumerate(points) if column[i])
        for rank, (py, index) in enumerate(at_year):
            box = _free_box(xs[i], py, shown[index][i], placed, up=rank == 0, bold=index == 0)
            placed.append(box)
            labels_drawn.append((box, shown[index][i], index == 0))

    body, y = _title(title, 0)
    x = PAD
    for index, name in enumerate(names):  # the legend: each series' line and marker, as drawn in the plot
        body.append(_line_sample(index, x, y + 7))
        body.append(f'<text x="{x + 34}" y="{y + 12}" font-size="{VALUE_SIZE}" fill="#000">{escape(name)}</text>')
        x += 44 + _text_width(name, VALUE_SIZE)
    y += 26
    top = min([box[1] for box in placed] + [0])
    bottom = max([box[3] for box in placed] + [PLOT_HEIGHT])
    shift = y - top + 4
    plot = []
    for index, column in enumerate(points):
        plot += _series_line(index, [None if p is None else (p[0], p[1] + shift) for p in column])
    for (x0, y0, x1, _), text, bold in labels_drawn:
        plot.append(_badge((x0 + x1) / 2, y0 + shift + VALUE_SIZE, text, bold=bold))
    axis_y = bottom + shift + 8
    plot.append(f'<line x1="{PAD}" y1="{axis_y:.1f}" x2="{WIDTH - PAD}" y2="{axis_y:.1f}" stroke="#1f1f1f" stroke-width="1"/>')
    for x, label in zip(xs, labels, strict=True):
        plot.append(f'<line x1="{x:.1f}" y1="{axis_y:.1f}" x2="{x:.1f}" y2="{axis_y + 5:.1f}" stroke="#1f1f1f"/>')
        plot.append(
            f'<text x="{x:.1f}" y="{axis_y + 20:.1f}" font-size="{VALUE_SIZE}" text-anchor="middle"'
            f' fill="#000">{escape(label)}</text>'
        )
    rows = [(label, *[column[i] or "—" for column in said]) for i, label in enumerate(labels)]
    return Chart(
        title=title,
        alt=alt,
        svg=_svg(round(axis_y + 20 + PAD), title, alt, body + plot),
        table_headers=("Année", *names),
        table_rows=tuple(rows),
    )


PLOT_HEIGHT = 150


def _free_box(x, py, text, placed, *, up, bold):
    """The box of ``text``'s label for the point at (``x``, ``py``): on its side (``up`` or down), one line
    further out for each label or marker in the way, then on the other side; kept within the chart's width."""
    width = _text_width(text, VALUE_SIZE, bold) + 6
    left = min(max(x - width / 2, PAD / 2), WIDTH - PAD / 2 - width)
    candidates = [(side, level) for side in (up, not up) for level in range(6)]
    for side, level in candidates:
        if side:
            bottom = py - 7 - level * LABEL_HEIGHT
            box = (left, bottom - LABEL_HEIGHT, left + width, bottom)
        else:
            top = py + 7 + level * LABEL_HEIGHT
            box = (left, top, left + width, top + LABEL_HEIGHT)
        if not any(_overlap(box, other) for other in placed):
            return box
    return box


def _overlap(a, b):
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


# Each series' stroke: grey, width, dash pattern; markers: round for the value, square for the target.
LINE_STYLES = (("#1f1f1f", 3, ""), ("#5c5c5c", 2.5, "8 5"), ("#1f1f1f", 2, "2 4"))


def _marker(index, x, y):
    colour = LINE_STYLES[index % len(LINE_STYLES)][0]
    if index % 2 == 0:
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4.5" fill="{colour}"/>'
    return f'<rect x="{x - 4.5:.1f}" y="{y - 4.5:.1f}" width="9" height="9" fill="#fff" stroke="{colour}" stroke-width="2"/>'


def _line_sample(index, x, y):
    colour, width, dash = LINE_STYLES[index % len(LINE_STYLES)]
    dashes = f' stroke-dasharray="{dash}"' if dash else ""
    return f'<line x1="{x}" y1="{y}" x2="{x + 28}" y2="{y}" stroke="{colour}" stroke-width="{width}"{dashes}/>' + _marker(
        index, x + 14, y
    )


def _series_line(index, points):
    """The polylines between the points that have a value (a year without one breaks the line), and the markers."""
    colour, width, dash = LINE_STYLES[index % len(LINE_STYLES)]
    dashes = f' stroke-dasharray="{dash}"' if dash else ""
    out, run = [], []
    for point in [*points, None]:
        if point is None:
            if len(run) > 1:
                coords = " ".join(f"{px:.1f},{py:.1f}" for px, py in run)
                out.append(f'<polyline points="{coords}" fill="none" stroke="{colour}" stroke-width="{width}"{dashes}/>')
            run = []
        else:
            run.append(point)
    out += [_marker(index, x, y) for x, y in (p for p in points if p)]
    return out

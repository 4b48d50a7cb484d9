"""The charts read whole on a phone: the line chart's labels never cover each other (value equal to target
included), its smallest type stays legible once a phone scales the image down, a long axe title is wrapped,
not cut."""

import re
from html import unescape

from core.svg_charts import WIDTH, _text_width, hbar_chart, line_chart

# The width of a chart's image on a 390 px wide phone (the dashboards' padding and the chart's frame off),
# measured with Chromium on the indicators dashboard (its narrowest chart).
PHONE_IMAGE_WIDTH = 322

TEXT_RE = re.compile(r"<text ([^>]*)>([^<]*)</text>")


def texts(chart):
    """(x, baseline, font size, anchor, bold, text) of each <text> of the SVG."""
    out = []
    for attributes, text in TEXT_RE.findall(chart.svg):
        found = dict(re.findall(r'([\w-]+)="([^"]*)"', attributes))
        out.append(
            (
                float(found["x"]),
                float(found["y"]),
                float(found["font-size"]),
                found.get("text-anchor", "start"),
                found.get("font-weight") == "bold",
                unescape(text),
            )
        )
    return out


def box(x, y, size, anchor, bold, text):
    """The box the text covers: its estimated width, from the top of its capitals to below its baseline."""
    width = _text_width(text, size, bold)
    left = {"start": x, "middle": x - width / 2, "end": x - width}[anchor]
    return (left, y - 0.8 * size, left + width, y + 0.25 * size)


def overlap(a, b):
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def test_line_chart_labels_do_not_overlap_when_value_equals_target():
    chart = line_chart(
        title="Nombre de projets", labels=["2024", "2025"], series=[("Valeur", [4, 9]), ("Cible", [4, 9])], alt="x"
    )
    written = {t[-1]: box(*t) for t in texts(chart)}
    for year_labels in (("4", "cible 4"), ("9", "cible 9")):
        value, target = (written[label] for label in year_labels)
        assert not overlap(value, target), year_labels
    boxes = list(written.values())
    assert not any(overlap(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])


def test_line_chart_labels_of_wide_values_do_not_overlap():
    values, targets = [20_900_000, 21_000_000, None, 22_500_000, 23_000_000], [21_000_000] * 2 + [22_000_000] * 3
    chart = line_chart(
        title="Budget",
        labels=["2022", "2023", "2024", "2025", "2026"],
        series=[("Valeur", values), ("Cible", targets)],
        alt="x",
        unit="€",
    )
    boxes = [box(*t) for t in texts(chart)]
    assert not any(overlap(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])
    assert all(left >= 0 and right <= WIDTH for left, _, right, _ in boxes)


def test_line_chart_type_is_legible_on_a_phone():
    chart = line_chart(
        title="Part de « oui »", labels=["2024", "2025"], series=[("Valeur", [40, 55]), ("Cible", [50, 60])], alt="x"
    )
    view_width = float(re.search(r'viewBox="0 0 ([\d.]+) ', chart.svg).group(1))
    smallest = min(size for _, _, size, *_ in texts(chart))
    assert smallest * PHONE_IMAGE_WIDTH / view_width >= 11


def test_long_axe_title_is_written_whole_on_several_lines():
    title = (
        "AXE 2 - CONFIRMER LA FONCTION DE DÉVELOPPEMENT DES LIENS SOCIAUX DES ÉQUIPEMENTS D'ANIMATION DE LA VIE SOCIALE DU RHÔNE."
    )
    assert len(title) == 120
    chart = hbar_chart(title="Avancement par axe", rows=[(title, 40, "")], alt="x", unit="%", max_value=100)
    lines = [t for t in texts(chart) if t[2] == 14]
    assert len(lines) == 4
    assert " ".join(t[-1] for t in lines) == title
    assert all(box(*t)[2] <= WIDTH for t in lines)


def test_line_chart_of_withheld_values_only_draws_its_years():
    series = [("Valeur", [None, None]), ("Cible", [None, None])]
    chart = line_chart(title="Budget", labels=["2024", "2025"], series=series, alt="x")
    assert [t[-1] for t in texts(chart)] == ["Budget", "Valeur", "Cible", "2024", "2025"]
    assert chart.table_rows == (("2024", "—", "—"), ("2025", "—", "—"))

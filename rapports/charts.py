"""The charts of the dashboards and of the report, built from the figures of rapports' figure modules by core.charts."""

from core.calendar_chart import gantt_chart
from core.charts import fr_number
from core.secrecy import is_withheld
from core.svg_charts import choropleth, hbar_chart, line_chart, stacked_chart
from fiches.enums import ActionStatus

from .indicator_figures import IndicatorSeries

NBSP = "\xa0"


def _axis_name(axis):
    return f"Axe {axis.number} - {axis.title}"


def progress_by_axis(axes):
    rows = [(_axis_name(a.axis), a.progress or 0, "") for a in axes]
    alt = "Avancement moyen des actions par axe : " + " ; ".join(f"{label} : {v}{NBSP}%" for label, v, _ in rows)
    return hbar_chart(
        title="Avancement moyen des actions par axe",
        rows=rows,
        alt=alt + ".",
        unit="%",
        max_value=100,
        headers=("Axe", "Avancement moyen"),
    )


def progress_by_fiche(fiches, *, title="Avancement moyen des actions par fiche"):
    rows = [(f"{f.fiche.code} - {f.fiche.title}", f.progress or 0, "") for f in fiches]
    alt = f"{title} : " + " ; ".join(f"{label} : {v}{NBSP}%" for label, v, _ in rows)
    return hbar_chart(title=title, rows=rows, alt=alt + ".", unit="%", max_value=100, headers=("Fiche-action", "Avancement"))


def actions_by_status(axes):
    rows = [(_axis_name(a.axis), [a.status_counts.get(value, 0) for value, _ in ActionStatus.choices]) for a in axes]
    parts = []
    for axis in axes:
        counts = ", ".join(f"{axis.status_counts.get(v, 0)} {lab.lower()}" for v, lab in ActionStatus.choices)
        parts.append(f"axe {axis.axis.number} : {counts}")
    return stacked_chart(
        title="Actions par statut et par axe",
        rows=rows,
        series=[label for _, label in ActionStatus.choices],
        alt="Nombre d'actions par statut : " + " ; ".join(parts) + ".",
        headers_first="Axe",
    )


def actions_progress(fiche_progress):
    actions = fiche_progress.actions
    fiche = fiche_progress.fiche
    rows = [
        (
            f"Action {a.number} - {a.text}",
            a.progress,
            a.get_status_display().lower() + (", en retard" if a.is_late else ""),
        )
        for a in actions
    ]
    title = f"Avancement des actions — {fiche.code} - {fiche.title}"
    alt = f"{title} : " + " ; ".join(
        f"action {a.number} : {a.progress}{NBSP}% ({a.get_status_display().lower()})" for a in actions
    )
    return hbar_chart(title=title, rows=rows, alt=alt + ".", unit="%", max_value=100, headers=("Action", "Avancement, statut"))


def timeline(schema, axes, *, year, wide=False):
    """The calendar of the schéma's actions; ``wide`` for the A4 bilan, narrow for the pages."""
    rows = []
    for axis in axes:
        for fiche in axis.fiches:
            for action in fiche.actions:
                rows.append(
                    {
                        "label": f"{fiche.fiche.code} · action {action.number}",
                        "first_year": action.first_year,
                        "last_year": action.last_year,
                        "progress": action.progress,
                        "late": action.is_late,
                    }
                )
    alt = "Échéances des actions : " + " ; ".join(
        f"{r['label']} de {r['first_year']} à {r['last_year']}, {r['progress']}{NBSP}%" + (", en retard" if r["late"] else "")
        for r in rows
    )
    return gantt_chart(
        title=f"Calendrier des actions {schema.first_year}-{schema.last_year}",
        years=schema.years,
        rows=rows,
        alt=alt + ".",
        today_year=year,
        wide=wide,
    )


def indicator_chart(series: IndicatorSeries):
    """Values by year against the target of one numeric indicator; None when there is nothing to draw."""
    if not series.is_numeric or not (series.has_values or series.targets):
        return None
    unit = series.unit
    years = sorted(set(series.years) | set(series.targets))
    values = [_float(series.values.get(y)) for y in years]
    targets = [_float(series.targets.get(y)) for y in years]
    places = 0 if all(v is None or float(v).is_integer() for v in values + targets) else 1
    label = series.indicator.label
    title = label  # wrapped to the width of the chart, whole
    suffix = f"{NBSP}{unit}" if unit else ""

    def said(v):
        return "sans valeur" if v is None else f"{fr_number(v, places)}{suffix}"

    alt = f"{label} par année, valeur et cible : " + " ; ".join(
        f"{y} : {said(v)} (cible {said(t)})" for y, v, t in zip(years, values, targets, strict=True)
    )
    return line_chart(
        title=title,
        labels=[str(y) for y in years],
        series=[("Valeur", values), ("Cible", targets)],
        alt=alt + ".",
        unit=unit,
        places=places,
    )


def breakdown_chart(indicator, rows, *, by_label, unit=""):
    if not rows:
        return None
    values = [_float(v) for _, v in rows]
    places = 1 if any(v is not None and not float(v).is_integer() for v in values) else 0
    title = f"{indicator.label} — par {by_label}"
    alt = f"{indicator.label}, par {by_label} : " + " ; ".join(f"{label} : {fr_number(v, places)}" for label, v in rows)
    return hbar_chart(
        title=title,
        rows=[(label, v, "") for (label, _), v in zip(rows, values, strict=True)],
        alt=alt + ".",
        unit=unit,
        places=places,
        headers=(by_label.capitalize(), "Valeur"),
    )


def structures_by_kind(figures):
    alt = "Nombre de structures par type : " + " ; ".join(f"{lab} : {n}" for lab, n in figures["by_kind"])
    return hbar_chart(
        title=f"Structures agréées par type en {figures['year']}",
        rows=[(label, n, "") for label, n in figures["by_kind"]],
        alt=alt + ".",
        headers=("Type", "Structures"),
    )


def budgets_chart(rows):
    rows = [r for r in rows if r[1]]
    alt = "Budget cumulé des structures et part de la Caf par année : " + " ; ".join(
        f"{y} : {fr_number(t)}{NBSP}€ dont Caf {fr_number(c)}{NBSP}€ ({fr_number(s, 1)}{NBSP}%)" for y, t, c, s in rows
    )
    bars = []
    for year, total, caf, share in rows:
        bars.append((f"{year} : budget total", _float(total), ""))
        bars.append((f"{year} : dont Caf", _float(caf), f"{fr_number(share, 1)}{NBSP}% du budget"))
    return hbar_chart(
        title="Budget cumulé et financement Caf par année",
        rows=bars,
        alt=alt + ".",
        unit="€",
        headers=("Année", "Montant"),
    )


def _short(text, length=40):
    text = str(text)
    return text if len(text) <= length else text[: length - 1] + "…"


def _float(value):
    return None if value is None or is_withheld(value) else float(value)


# Levels of the coverage map (structures.coverage.map_shapes): none, 1, 2 to 3, 4 and more.
MAP_LEGEND = (
    ("url(#hatch)", "aucune structure"),
    ("#d9d9d9", "1 structure"),
    ("#8c8c8c", "2 à 3 structures"),
    ("#2b2b2b", "4 structures et plus"),
)


def coverage_map(result, shapes, *, year):
    """The coverage page's map of the communes, for the bilan of ``year``; None without an outline."""
    if not shapes:
        return None
    levels = [0, 0, 0, 0]
    for shape in shapes["shapes"]:
        levels[shape["level"]] += 1
    covered = fr_number(result.covered_share, 1) if result.covered_share is not None else "—"
    title = f"Communes avec et sans structure agréée en {year}"
    rows = [(label, fr_number(n)) for (_, label), n in zip(MAP_LEGEND, levels, strict=True)]
    alt = (
        f"{title} : "
        + " ; ".join(f"{n} commune{'s' if int(n.replace(chr(0x202F), '')) > 1 else ''} avec {label}" for label, n in rows)
        + f" ; population couverte : {covered}{NBSP}%."
    )
    return choropleth(
        title=title,
        width=shapes["width"],
        height=shapes["height"],
        shapes=shapes["shapes"],
        legend=MAP_LEGEND,
        alt=alt,
        table_headers=("Communes", "Nombre"),
        table_rows=rows,
    )

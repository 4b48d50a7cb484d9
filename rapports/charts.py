"""The charts of the dashboards and of the report, built from rapports.reports' figures by core.charts."""

from core.charts import bar_chart, fr_number, gantt_chart, line_chart, stacked_bar_chart
from fiches.enums import ActionStatus

from . import reports

NBSP = "\xa0"


def progress_by_axis(axes):
    labels = [f"Axe {a.axis.number}" for a in axes]
    values = [a.progress or 0 for a in axes]
    alt = "Avancement moyen des actions par axe : " + " ; ".join(
        f"axe {a.axis.number} : {v}{NBSP}%" for a, v in zip(axes, values, strict=True)
    )
    return bar_chart(
        title="Avancement moyen des actions par axe",
        labels=labels,
        series=[("Avancement", values)],
        alt=alt + ".",
        unit="%",
        max_value=100,
        height=300,
    )


def progress_by_fiche(fiches, *, title="Avancement moyen des actions par fiche"):
    labels = [f.fiche.code for f in fiches]
    values = [f.progress or 0 for f in fiches]
    alt = f"{title} : " + " ; ".join(f"{label} : {v}{NBSP}%" for label, v in zip(labels, values, strict=True))
    return bar_chart(
        title=title,
        labels=labels,
        series=[("Avancement", values)],
        alt=alt + ".",
        unit="%",
        horizontal=True,
        max_value=100,
        height=max(160, 60 + 34 * len(labels)),
    )


def actions_by_status(axes):
    labels = [f"Axe {a.axis.number}" for a in axes]
    series = []
    for value, label in ActionStatus.choices:
        series.append((label, [a.status_counts.get(value, 0) or None for a in axes]))
    parts = []
    for axis in axes:
        counts = ", ".join(f"{axis.status_counts.get(v, 0)} {lab.lower()}" for v, lab in ActionStatus.choices)
        parts.append(f"axe {axis.axis.number} : {counts}")
    return stacked_bar_chart(
        title="Actions par statut et par axe",
        labels=labels,
        series=series,
        alt="Nombre d'actions par statut : " + " ; ".join(parts) + ".",
        height=max(220, 120 + 40 * len(labels)),
    )


def actions_progress(fiche_progress):
    actions = fiche_progress.actions
    labels = [f"Action {a.number}" for a in actions]
    values = [a.progress for a in actions]
    title = f"Avancement des actions — {fiche_progress.fiche.code}"
    alt = f"{title} : " + " ; ".join(
        f"action {a.number} : {a.progress}{NBSP}% ({a.get_status_display().lower()})" for a in actions
    )
    return bar_chart(
        title=title,
        labels=labels,
        series=[("Avancement", values)],
        alt=alt + ".",
        unit="%",
        horizontal=True,
        max_value=100,
        height=max(150, 70 + 32 * len(labels)),
    )


def timeline(schema, axes, *, year):
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
    )


def indicator_chart(series: reports.IndicatorSeries):
    """Values by year against the target of one numeric indicator; None when there is nothing to draw."""
    if not series.is_numeric or not (series.has_values or series.targets):
        return None
    unit = series.unit
    years = sorted(set(series.years) | set(series.targets))
    values = [_float(series.values.get(y)) for y in years]
    targets = [_float(series.targets.get(y)) for y in years]
    places = 0 if all(v is None or float(v).is_integer() for v in values + targets) else 1
    label = series.indicator.label
    title = label if len(label) <= 70 else label[:69] + "…"
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
        height=300,
    )


def breakdown_chart(indicator, rows, *, by_label):
    if not rows:
        return None
    labels = [_short(label) for label, _ in rows]
    values = [_float(v) for _, v in rows]
    title = f"{_short(indicator.label, 60)} — par {by_label}"
    alt = f"{indicator.label}, par {by_label} : " + " ; ".join(f"{label} : {fr_number(v, 1)}" for label, v in rows)
    return bar_chart(
        title=title,
        labels=labels,
        series=[("Valeur", values)],
        alt=alt + ".",
        horizontal=True,
        places=1 if any(v is not None and not float(v).is_integer() for v in values) else 0,
        height=max(160, 70 + 32 * len(labels)),
    )


def structures_by_kind(figures):
    labels = [label for label, _ in figures["by_kind"]]
    values = [n for _, n in figures["by_kind"]]
    alt = "Nombre de structures par type : " + " ; ".join(f"{lab} : {n}" for lab, n in figures["by_kind"])
    return bar_chart(title="Structures par type", labels=labels, series=[("Structures", values)], alt=alt + ".", height=280)


def budgets_chart(rows):
    rows = [r for r in rows if r[1]]
    labels = [str(r[0]) for r in rows]
    alt = "Budget cumulé des structures et part de la Caf par année : " + " ; ".join(
        f"{y} : {fr_number(t)}{NBSP}€ dont Caf {fr_number(c)}{NBSP}€ ({fr_number(s, 1)}{NBSP}%)" for y, t, c, s in rows
    )
    return bar_chart(
        title="Budget cumulé et financement Caf par année (€)",
        labels=labels,
        series=[("Budget total", [_float(r[1]) for r in rows]), ("dont Caf", [_float(r[2]) for r in rows])],
        alt=alt + ".",
        height=320,
    )


def _short(text, length=40):
    text = str(text)
    return text if len(text) <= length else text[: length - 1] + "…"


def _float(value):
    return None if value is None else float(value)

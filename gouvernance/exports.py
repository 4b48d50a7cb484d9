"""The decisions register as CSV or XLSX, through core.exports (no cell is ever read as a formula)."""

from core.exports import csv_text, xlsx_bytes

HEADER = [
    "Instance",
    "Réunion",
    "Décision",
    "Fiches-actions",
    "Actions",
    "Portée par",
    "Personne",
    "Échéance",
    "Statut",
    "En retard",
]


def _rows(decisions):
    for decision in decisions:
        yield [
            decision.meeting.body.name,
            decision.meeting.date,
            decision.text,
            ", ".join(fiche.code for fiche in decision.fiches.all()),
            ", ".join(f"{action.fiche.code} action {action.number}" for action in decision.actions.all()),
            decision.carrier.name,
            str(decision.carrier_person) if decision.carrier_person else "",
            decision.due_date,
            decision.get_status_display(),
            "oui" if decision.is_late else "non",
        ]


def _as_text(cell):
    """CSV cells are text: dates are written the French way."""
    return cell.strftime("%d/%m/%Y") if hasattr(cell, "strftime") else cell


def decisions_csv(decisions):
    return csv_text(HEADER, ([_as_text(cell) for cell in row] for row in _rows(decisions)))


def decisions_xlsx(decisions):
    return xlsx_bytes("Décisions", HEADER, _rows(decisions))

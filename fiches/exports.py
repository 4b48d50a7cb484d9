"""Actions to and from CSV and XLSX: the export of their current state and the import of progress
updates, with the same columns."""

import datetime
from dataclasses import dataclass, field

from django.core.files.base import ContentFile

from core.exports import csv_text, unquote, xlsx_bytes
from core.tables import UnreadableTable, find_columns, header_with, read_table, rejected_rows_csv

from .enums import ActionStatus

COLUMNS = [
    "Schéma",
    "Fiche",
    "Action",
    "Intitulé",
    "Échéance début",
    "Échéance fin",
    "Statut",
    "Avancement (%)",
    "Date",
    "Commentaire",
    "Auteur",
    "En retard",
]
# The columns an import reads; the others are there for the reader and are ignored.
REQUIRED_COLUMNS = ["Fiche", "Action", "Statut", "Avancement (%)", "Date", "Commentaire"]


def action_row(action):
    update = action.last_update
    author = update.author if update else None
    return [
        action.fiche.schema.slug,
        action.fiche.code,
        action.number,
        action.text,
        action.first_year,
        action.last_year,
        action.get_status_display(),
        action.progress,
        update.date.strftime("%d/%m/%Y") if update else "",
        update.comment if update else "",
        str(author) if author else "",
        "oui" if action.is_late else "non",
    ]


def to_csv(actions):
    return csv_text(COLUMNS, (action_row(action) for action in actions)).encode("utf-8")


def to_xlsx(actions):
    return xlsx_bytes("Actions", COLUMNS, (action_row(action) for action in actions))


class ImportFileError(Exception):
    """The file cannot be read at all (format, missing columns)."""


@dataclass
class ImportRow:
    line: int
    values: dict
    # The row's cells and the file's header as read, to give a refused row back as the file had it.
    cells: list = field(default_factory=list)
    header: list = field(default_factory=list)


# Other names people give the columns an import reads (compared without case, accents or punctuation).
COLUMN_ALIASES = {
    "Fiche": ("Code fiche", "Fiche-action", "Fiche action"),
    "Action": ("N° action", "Numéro d'action", "Numéro", "Action n°"),
    "Statut": ("État", "Etat"),
    "Avancement (%)": ("Avancement", "Progression", "Pourcentage", "% d'avancement", "Taux d'avancement"),
    "Date": ("Date de mise à jour", "Date de la mise à jour", "Mis à jour le"),
    "Commentaire": ("Commentaires", "Remarque", "Observations"),
}


def read_rows(name, content):
    """The rows of an uploaded CSV or XLSX file as ImportRows (line numbers as a spreadsheet shows them),
    keyed by COLUMNS' names whatever the file's spelling or order; XLSX cells keep their type."""
    wanted = {column: COLUMN_ALIASES.get(column, ()) for column in COLUMNS}
    try:
        table = read_table(ContentFile(content, name=name), is_header=header_with(wanted, REQUIRED_COLUMNS))
    except UnreadableTable as error:
        raise ImportFileError(str(error)) from error
    found = find_columns(table.header, wanted)
    missing = [column for column in REQUIRED_COLUMNS if column not in found]
    if missing:
        raise ImportFileError("Colonnes manquantes : " + ", ".join(f"« {column} »" for column in missing) + ".")
    result = []
    for line, cells in table.rows:
        # A short row: the last cells are empty. A text this application exported comes back as it was stored.
        padded = [unquote(cell) for cell in cells] + [""] * (len(table.header) - len(cells))
        values = {column: padded[index] for column, index in found.items()}
        result.append(ImportRow(line=line, values=values, cells=padded, header=table.header))
    return result


STATUS_BY_TEXT = {}
for _status in ActionStatus:
    STATUS_BY_TEXT[_status.value] = _status.value
    STATUS_BY_TEXT[_status.label.lower()] = _status.value


def parse_status(value):
    text = str(value or "").strip().lower()
    if text not in STATUS_BY_TEXT:
        labels = ", ".join(f"« {status.label} »" for status in ActionStatus)
        raise ValueError(f"statut « {value or ''} » inconnu (attendu : {labels})")
    return STATUS_BY_TEXT[text]


def parse_progress(value):
    text = str(value if value is not None else "").replace("%", "").replace(",", ".").strip()
    try:
        number = float(text)
    except ValueError:
        raise ValueError(f"avancement « {value or ''} » illisible (un pourcentage entre 0 et 100 est attendu)") from None
    if not number.is_integer() or not 0 <= number <= 100:
        raise ValueError(f"avancement {text} hors de 0 à 100 (un pourcentage entier est attendu)")
    return int(number)


def parse_date(value):
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value if value is not None else "").strip()
    if not text:
        # An action never updated is exported with an empty date: a row that changes it must say when.
        raise ValueError("date manquante (colonne « Date ») : indiquez la date de la mise à jour au format JJ/MM/AAAA")
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(f"date « {text} » illisible (attendu : JJ/MM/AAAA)")


def refused_rows_csv(refused):
    """The refused rows of an import ([(ImportRow, reason)]) as the file had them, with a « motif » column."""
    header = refused[0][0].header if refused else []
    return rejected_rows_csv(header, [(row.line, row.cells, reason) for row, reason in refused])

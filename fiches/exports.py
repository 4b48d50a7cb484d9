"""Actions to and from CSV and XLSX: the export of their current state and the import of progress
updates, with the same columns."""

import csv
import datetime
import io
from dataclasses import dataclass

from django.core.files.base import ContentFile

from core.tables import UnreadableTable, read_table

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
    buffer = io.StringIO()
    buffer.write("\ufeff")  # so that spreadsheet software reads UTF-8
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(COLUMNS)
    for action in actions:
        writer.writerow(action_row(action))
    return buffer.getvalue().encode("utf-8")


def to_xlsx(actions):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Actions"
    sheet.append(COLUMNS)
    for action in actions:
        sheet.append(action_row(action))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


class ImportFileError(Exception):
    """The file cannot be read at all (format, missing columns)."""


@dataclass
class ImportRow:
    line: int
    values: dict


def read_rows(name, content):
    """The rows of an uploaded CSV or XLSX file as ImportRows (line numbers as a spreadsheet shows them);
    XLSX cells keep their type (dates, numbers)."""
    try:
        table = read_table(ContentFile(content, name=name))
    except UnreadableTable as error:
        raise ImportFileError(str(error)) from error
    missing = [column for column in REQUIRED_COLUMNS if column not in table.header]
    if missing:
        raise ImportFileError("Colonnes manquantes : " + ", ".join(f"« {column} »" for column in missing) + ".")
    result = []
    for line, cells in table.rows:
        padded = cells + [""] * (len(table.header) - len(cells))  # a short row: the last cells are empty
        result.append(ImportRow(line=line, values=dict(zip(table.header, padded, strict=False))))
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

"""Reading an uploaded table, CSV or XLSX, the same way for every import.

``read_table(upload)`` returns a :class:`Table`: the header (the first non-blank row) and the data rows
with the line number a spreadsheet shows for each. Blank lines are counted, then left out, so that an
error message « Ligne 7 » points at line 7 of the file. Each app maps the header to its own columns and
turns :class:`UnreadableTable` (a French message) into its own error.

The upload should have passed ``core.uploads.validate_import_file`` (type, size, no NUL byte).
"""

import csv
import io
from dataclasses import dataclass
from pathlib import PurePath

# The separators a CSV may use: « ; » from Excel in French, « , » elsewhere, tabulations from a copy.
DELIMITERS = (";", ",", "\t")
# Excel on French Windows saves « CSV (séparateur : point-virgule) » in this encoding.
FALLBACK_ENCODING = "cp1252"


class UnreadableTable(Exception):
    """The file cannot be read as a table; the message is in French, for the user."""


@dataclass
class Table:
    header: list[str]
    # (line number as a spreadsheet shows it, cells); CSV cells are strings, XLSX cells Python values
    # (int, float, datetime...) with "" for an empty cell.
    rows: list[tuple[int, list]]


def read_table(upload):
    """The Table of an uploaded CSV or XLSX file (by its extension); raises UnreadableTable."""
    if hasattr(upload, "seek"):
        upload.seek(0)
    content = upload.read()
    is_xlsx = PurePath(upload.name or "").suffix.lower() == ".xlsx"
    lines = _xlsx_lines(content) if is_xlsx else _csv_lines(content)
    numbered = [(number, cells) for number, cells in enumerate(lines, start=1) if not _is_blank(cells)]
    if not numbered:
        raise UnreadableTable("Le fichier est vide.")
    (_, header), *rows = numbered
    return Table(header=[str(cell).strip() for cell in header], rows=rows)


def _is_blank(cells):
    return all(not str(cell).strip() for cell in cells)


def _csv_lines(content):
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = content.decode(FALLBACK_ENCODING)
        except UnicodeDecodeError:
            raise UnreadableTable(
                "Le fichier CSV ne peut pas être lu : enregistrez-le de nouveau au format « CSV UTF-8 »."
            ) from None
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max(DELIMITERS, key=lambda candidate: len(next(csv.reader([first_line], delimiter=candidate), [])))
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:  # a field beyond the csv module's limit (an unclosed quote), say
        raise UnreadableTable(
            "Le fichier CSV ne peut pas être lu : vérifiez qu'aucun guillemet n'est resté ouvert dans une cellule."
        ) from error


def _xlsx_lines(content):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0]
            return [["" if cell is None else cell for cell in row] for row in sheet.iter_rows(values_only=True)]
        finally:
            workbook.close()
    except Exception as error:  # openpyxl raises many kinds of errors on a damaged file
        raise UnreadableTable(
            "Le fichier XLSX ne peut pas être lu : est-ce bien un classeur Excel enregistré au format .xlsx ?"
        ) from error

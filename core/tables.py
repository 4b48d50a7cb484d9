"""Reading an uploaded table, CSV or XLSX, the same way for every import.

``read_table(upload)`` returns a :class:`Table`: the header and the data rows with the line number a
spreadsheet shows for each. Blank lines and lines starting with ``#`` (comments) are counted, then left
out, so that an error message « Ligne 7 » points at line 7 of the file. The header is the first line, or,
when the caller gives ``is_header``, the first of the opening lines that it accepts: the lines above it
(a title, merged group headings) are left out. Each app maps the header to its own columns and turns
:class:`UnreadableTable` (a French message) into its own error.

CSV: UTF-8 with or without BOM, or Windows-1252; separated by « ; », « , », tabulations or « | ».
XLSX: the first worksheet, read as a stream (openpyxl's read-only parser): a sheet whose content goes
beyond MAX_LINES or MAX_COLUMNS is refused as soon as that content is met, without padding the rows to
the sheet's declared size (one far cell, XFD1048576, would otherwise make a million rows of 16,384 cells).

The upload should have passed ``core.uploads.validate_import_file`` (type, size, no NUL byte).
"""

import csv
import io
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import PurePath

from core.exports import csv_text

# The separators a CSV may use: « ; » from Excel in French, « , » elsewhere, tabulations from a copy,
# « | » from some exports.
DELIMITERS = (";", ",", "\t", "|")
# Excel on French Windows saves « CSV (séparateur : point-virgule) » in this encoding.
FALLBACK_ENCODING = "cp1252"
# Beyond these, a file is not a list a person typed: it is refused before it fills the memory.
MAX_LINES = 50_000
MAX_COLUMNS = 200
# How many opening lines may hold a title or group headings above the header.
HEADER_SEARCH_LINES = 15
# How many lines decide the separator of a CSV.
SNIFF_LINES = 20


class UnreadableTable(Exception):
    """The file cannot be read as a table; the message is in French, for the user."""


@dataclass
class Table:
    header: list[str]
    # (line number as a spreadsheet shows it, cells); CSV cells are strings, XLSX cells Python values
    # (int, float, datetime...) with "" for an empty cell.
    rows: list[tuple[int, list]]
    header_line: int = 1


def is_blank(value):
    return value is None or not str(value).strip()


def column_key(label):
    """A column name as compared: no case, accents or punctuation (« Avancement (%) » = « avancement »)."""
    text = unicodedata.normalize("NFKD", str(label or "")).encode("ascii", "ignore").decode().lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def find_columns(header, wanted):
    """{name of ``wanted``: index in ``header``} for the wanted columns the header holds, in any order.

    ``wanted`` maps each name to the other names people give that column (may be empty).
    """
    keys = [column_key(cell) for cell in header]
    found = {}
    for name, aliases in wanted.items():
        for alias in (name, *aliases):
            if column_key(alias) in keys:
                found[name] = keys.index(column_key(alias))
                break
    return found


def header_with(wanted, required):
    """An ``is_header`` for read_table: the line that holds every required column."""
    return lambda cells: set(required) <= set(find_columns(cells, wanted))


def read_table(upload, *, is_header=None):
    """The Table of an uploaded CSV or XLSX file (by its extension); raises UnreadableTable.

    ``is_header(cells)`` tells whether a line is the header; without it, the first line is.
    """
    if hasattr(upload, "seek"):
        upload.seek(0)
    content = upload.read()
    is_xlsx = PurePath(upload.name or "").suffix.lower() == ".xlsx"
    lines = _xlsx_lines(content) if is_xlsx else _csv_lines(content)
    numbered = [(number, cells) for number, cells in lines if not _is_blank(cells) and not _is_comment(cells)]
    if not numbered:
        raise UnreadableTable("Le fichier est vide.")
    position = 0
    if is_header is not None:
        position = next((index for index, (_, cells) in enumerate(numbered[:HEADER_SEARCH_LINES]) if is_header(cells)), 0)
    header_line, header = numbered[position]
    width = len(header)
    # An XLSX line ends at its last value: it is padded to the header, as a CSV line would be.
    rows = [(number, cells + [""] * (width - len(cells))) for number, cells in numbered[position + 1 :]]
    return Table(header=[str(cell).strip() for cell in header], rows=rows, header_line=header_line)


def _is_blank(cells):
    return all(is_blank(cell) for cell in cells)


def _is_comment(cells):
    first = next((cell for cell in cells if not is_blank(cell)), "")
    return isinstance(first, str) and first.lstrip().startswith("#")


def _too_many_lines(number, sheet=None):
    where = f"la feuille « {sheet} » a" if sheet else "le fichier a"
    return UnreadableTable(
        f"Le fichier est trop grand : {where} du contenu à la ligne {number}, au-delà de la limite de "
        f"{MAX_LINES} lignes. Découpez-le en plusieurs fichiers, ou effacez les cellules remplies sous le tableau."
    )


def _too_many_columns(number, column, sheet=None):
    where = f"feuille « {sheet} », ligne" if sheet else "ligne"
    return UnreadableTable(
        f"Le fichier est trop large : {where} {number}, une cellule est remplie dans la colonne {_column_letter(column)}, "
        f"au-delà de la limite de {MAX_COLUMNS} colonnes. Effacez les cellules remplies à droite du tableau."
    )


def _column_letter(column):
    from openpyxl.utils import get_column_letter

    return get_column_letter(column)


def _decode(content):
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return content.decode(FALLBACK_ENCODING)
        except UnicodeDecodeError:
            raise UnreadableTable(
                "Le fichier CSV ne peut pas être lu : enregistrez-le de nouveau au format « CSV UTF-8 »."
            ) from None


def _delimiter(text):
    """The separator that gives the most opening lines the same number of cells (more than one).

    A title line above the header, or a comma inside an unquoted name, does not sway it: the header and
    the data lines agree with each other.
    """
    sample = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")][:SNIFF_LINES]

    def score(delimiter):
        try:
            widths = [len(cells) for cells in csv.reader(sample, delimiter=delimiter)]
        except csv.Error:
            return (0, 0)
        common = Counter(width for width in widths if width > 1).most_common(1)
        return (common[0][1], common[0][0]) if common else (0, 0)

    best = max(DELIMITERS, key=score)
    return best if score(best) != (0, 0) else DELIMITERS[0]


def _csv_lines(content):
    text = _decode(content)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    lines = []
    try:
        # A record is one line, as a spreadsheet shows it, even with a line break inside a quoted cell.
        for number, cells in enumerate(reader, start=1):
            _check_width(number, cells)
            if not _is_blank(cells):
                if number > MAX_LINES:
                    raise _too_many_lines(number)
                lines.append((number, cells))
    except csv.Error as error:  # a field beyond the csv module's limit (an unclosed quote), say
        raise UnreadableTable(
            "Le fichier CSV ne peut pas être lu : vérifiez qu'aucun guillemet n'est resté ouvert dans une cellule."
        ) from error
    return lines


def _check_width(number, cells, sheet=None):
    if len(cells) > MAX_COLUMNS:
        last = max((index for index, cell in enumerate(cells, start=1) if not is_blank(cell)), default=0)
        if last > MAX_COLUMNS:
            raise _too_many_columns(number, last, sheet)


def _xlsx_lines(content):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds of errors on a damaged file
        raise _damaged_xlsx() from error
    try:
        return list(_sheet_lines(workbook.worksheets[0]))
    except UnreadableTable:
        raise
    except Exception as error:
        raise _damaged_xlsx() from error
    finally:
        workbook.close()


def _damaged_xlsx():
    return UnreadableTable("Le fichier XLSX ne peut pas être lu : est-ce bien un classeur Excel enregistré au format .xlsx ?")


def _sheet_lines(sheet):
    """(line number, cells) of each line holding a value, read from the sheet's XML as it comes.

    openpyxl's own iter_rows pads every row to the sheet's declared width and yields every missing row
    up to its declared height; its parser gives only the cells the file holds, which is what a person
    typed.
    """
    from openpyxl.worksheet._reader import WorkSheetParser

    workbook = sheet.parent
    with sheet._get_source() as source:
        parser = WorkSheetParser(
            source,
            sheet._shared_strings,
            data_only=True,
            epoch=workbook.epoch,
            date_formats=workbook._date_formats,
            timedelta_formats=workbook._timedelta_formats,
        )
        for number, cells in parser.parse():
            values = {cell["column"]: cell["value"] for cell in cells if not is_blank(cell["value"])}
            if not values:
                continue
            last = max(values)
            if last > MAX_COLUMNS:
                raise _too_many_columns(number, last, sheet.title)
            if number > MAX_LINES:
                raise _too_many_lines(number, sheet.title)
            yield number, [values.get(column, "") for column in range(1, last + 1)]


def rejected_rows_csv(header, rejected):
    """The refused rows of an import as the file had them, with a « motif » column: ready to fix and import
    again. ``rejected``: (line number, cells, reason). Written through ``core.exports``, like every export, so
    that no cell opens as a formula."""

    rows = (
        [str(cell) for cell in cells] + [""] * (len(header) - len(cells)) + [f"Ligne {number} : {reason}"]
        for number, cells, reason in rejected
    )
    return csv_text([*header, "motif"], rows)

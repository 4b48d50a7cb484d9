"""Writing tables (CSV, XLSX) that a spreadsheet opens without running anything a person typed.

Excel and LibreOffice read a cell that starts with ``=``, ``+``, ``-``, ``@``, a tabulation or a carriage
return as a formula (OWASP « CSV injection »): a comment ``=HYPERLINK("http://…","x")`` would become a live
link in the Caf's spreadsheet. Every export writes its rows through :func:`csv_text` or :func:`xlsx_bytes`,
which prefix such a text with a single quote (the spreadsheet then shows it as text) and write every XLSX
text cell as a string, never as a formula. Numbers, dates and booleans are written as they are: a negative
number stays a number. Imports that read back a file exported here undo the prefix with :func:`unquote`.

Reading tables is ``core/tables.py``'s job; this module only writes them.
"""

import csv
import io

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


def neutralise(value):
    """The cell as a spreadsheet may show it: a text that would start a formula gets a leading quote.

    A text that already starts with quotes before such a character gets one more, so that :func:`unquote`
    gives back exactly what was stored."""
    if isinstance(value, str) and value.lstrip(QUOTE).startswith(FORMULA_STARTS):
        return QUOTE + value
    return value


def unquote(value):
    """The stored text of a cell written by :func:`neutralise` (any other value is returned unchanged)."""
    if isinstance(value, str) and value.startswith(QUOTE) and value.lstrip(QUOTE).startswith(FORMULA_STARTS):
        return value[1:]
    return value


def csv_text(header, rows, *, delimiter=";"):
    """The CSV of ``header`` and ``rows``, with the BOM that makes spreadsheet software read UTF-8."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow([neutralise(cell) for cell in header])
    for row in rows:
        writer.writerow([neutralise("" if cell is None else cell) for cell in row])
    return buffer.getvalue()


def xlsx_bytes(sheet_title, header, rows):
    """An XLSX workbook of one sheet; text cells are strings (data type "s"), never formulas."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title)

    def cells(row):
        out = []
        for value in row:
            if isinstance(value, str):
                cell = WriteOnlyCell(sheet, value=neutralise(value))
                # openpyxl turns a text starting with "=" into a formula; this cell is text whatever it holds.
                cell.data_type = "s"
                out.append(cell)
            else:
                out.append(value)
        return out

    sheet.append(cells(header))
    for row in rows:
        sheet.append(cells(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

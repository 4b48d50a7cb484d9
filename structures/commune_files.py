"""Reading commune files: their layout, recognised from the header, and the records they hold.

Accepted layouts (column names case-insensitive):

- the file shipped with the application (``structures/data/communes.csv.gz``, every commune and municipal
  arrondissement of France, names with their article): code_insee, type, nom, code_departement,
  nom_departement, code_epci, nom_epci, type_epci, population, code_commune_parent, codes_postaux;
- the INSEE "Code officiel géographique" communes file: TYPECOM, COM, REG, DEP, …, LIBELLE, COMPARENT
  (communes and municipal arrondissements are kept, delegated and associated communes ignored);
- the INSEE composition of EPCI: CODGEO, LIBGEO, EPCI, LIBEPCI, DEP (CSV, or the published XLSX);
- populations (``--population``): a code column (COM, CODGEO, DEPCOM, code_insee) and a population
  column (PMUN, population).

CSV files (gzipped or not) may be separated by ',' ';' or tabs and encoded in UTF-8 (with or without BOM)
or Windows-1252. A file is read and checked whole: the first error raises CommuneFileError, naming the line.
Nothing here writes (structures/communes.py does).
"""

import csv
import gzip
import io
import re
from dataclasses import dataclass
from pathlib import Path

ENCODINGS = ("utf-8-sig", "cp1252")
DELIMITERS = (";", ",", "\t")
HEADER_SEARCH_ROWS = 15
INSEE_CODE_RE = re.compile(r"^(\d{5}|2[AB]\d{3})$")
EPCI_CODE_RE = re.compile(r"^\d{9}$")
# INSEE writes this code for the few communes that belong to no EPCI (islands).
NO_EPCI_CODE = "ZZZZZZZZZ"
EPCI_KIND_ALIASES = {"METRO": "ME", "MET": "ME", "METROPOLE": "ME"}
EPCI_KIND_PREFIXES = (
    ("communauté de communes", "CC"),
    ("communauté d'agglomération", "CA"),
    ("communauté urbaine", "CU"),
    ("métropole", "ME"),
    ("cc ", "CC"),
    ("ca ", "CA"),
    ("cu ", "CU"),
)


class CommuneFileError(Exception):
    """A file that cannot be read; the message is French and names the line."""

    def __init__(self, message, *, line=None, sheet=None):
        self.message = message
        self.line = line
        self.sheet = sheet
        super().__init__(str(self))

    def __str__(self):
        where = []
        if self.sheet:
            where.append(f"feuille « {self.sheet} »")
        if self.line:
            where.append(f"ligne {self.line}")
        return f"{', '.join(where)} : {self.message}" if where else self.message


@dataclass(frozen=True)
class Layout:
    key: str
    label: str
    required: tuple  # each item: a column name, or a tuple of alternatives

    def match(self, columns):
        """Column index of each required item, or None if the header does not fit this layout."""
        found = {}
        for item in self.required:
            names = item if isinstance(item, tuple) else (item,)
            index = next((columns.index(name) for name in names if name in columns), None)
            if index is None:
                return None
            found[names[0]] = index
        return found


SHIPPED = Layout("shipped", "fichier des communes de l'application", ("code_insee", "nom", "code_departement"))
COG = Layout("cog", "Code officiel géographique de l'Insee", ("typecom", "com", ("libelle", "nccenr", "ncc")))
EPCI = Layout("epci", "composition communale des EPCI de l'Insee", ("codgeo", "libgeo", "epci", "libepci", "dep"))
POPULATION = Layout(
    "population",
    "populations municipales",
    (("pmun", "population", "population_municipale"), ("com", "codgeo", "depcom", "code_insee", "code_commune")),
)
COMMUNE_LAYOUTS = (SHIPPED, COG, EPCI)


@dataclass
class CommuneFile:
    layout: Layout
    records: list  # dicts: insee_code plus the Commune fields that the layout provides


# Reading tables -----------------------------------------------------------------------------------


def _normalise_column(name):
    return str(name or "").strip().strip('"').strip().lower()


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


@dataclass
class Table:
    columns: list
    header_line: int
    rows: list  # (line number, list of cells)
    sheet: str = ""


def _find_header(rows, layouts):
    """(layout, index of the header row) among the first rows, or (None, None)."""
    for position, (_line, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        columns = [_normalise_column(cell) for cell in cells]
        for layout in layouts:
            if layout.match(columns) is not None:
                return layout, position
    return None, None


def _table_of(rows, layouts, *, sheet=""):
    """(layout, Table) of ``rows`` from the header of a known layout on, or None when no header fits."""
    layout, position = _find_header(rows, layouts)
    if layout is None:
        return None
    columns = [_normalise_column(cell) for cell in rows[position][1]]
    return layout, Table(columns=columns, header_line=rows[position][0], rows=rows[position + 1 :], sheet=sheet)


def _decode(data):
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as error:
            last_error = error
    line = data[: last_error.start].count(b"\n") + 1
    raise CommuneFileError(
        "encodage non reconnu : le fichier doit être enregistré en UTF-8 ou en Windows-1252 (ANSI).", line=line
    )


def _csv_rows(text, delimiter):
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    try:
        for cells in reader:
            rows.append((reader.line_num, [cell.strip() for cell in cells]))
    except csv.Error as error:
        raise CommuneFileError(f"ligne CSV illisible ({error}).", line=reader.line_num + 1) from error
    return rows


def _read_csv(path, layouts):
    data = Path(path).read_bytes()
    if data[:2] == b"\x1f\x8b":  # gzip
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as error:
            raise CommuneFileError(f"fichier compressé illisible ({error}).") from error
    text = _decode(data)
    for delimiter in DELIMITERS:
        found = _table_of(_csv_rows(text, delimiter), layouts)
        if found is not None:
            return found
    first = next((cells for _line, cells in _csv_rows(text, ",") if any(cells)), [])
    raise _unknown_header(first, layouts)


def _read_xlsx(path, layouts):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds of errors on a damaged file
        raise CommuneFileError(f"classeur Excel illisible ({error}).") from error
    try:
        for sheet in workbook.worksheets:
            rows = [
                (number, [_cell(value) for value in values])
                for number, values in enumerate(sheet.iter_rows(values_only=True), start=1)
            ]
            found = _table_of(rows, layouts, sheet=sheet.title)
            if found is not None:
                return found
    finally:
        workbook.close()
    raise _unknown_header([], layouts)


def _unknown_header(cells, layouts):
    expected = " ; ou ".join(
        ", ".join(item[0] if isinstance(item, tuple) else item for item in layout.required) for layout in layouts
    )
    read = ", ".join(cell for cell in cells if cell)[:200] or "aucune"
    return CommuneFileError(
        f"en-tête non reconnu (colonnes lues : {read}). Colonnes attendues : {expected}.", line=1 if cells else None
    )


def _read_table(path, layouts):
    path = Path(path)
    if not path.is_file():
        raise CommuneFileError(f"fichier introuvable : {path}.")
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _read_xlsx(path, layouts)
    return _read_csv(path, layouts)


def _iter_rows(table):
    """(line, {column: value}) for each non-empty row, checking the number of columns."""
    width = len(table.columns)
    for line, cells in table.rows:
        if not any(cells):
            continue
        if len(cells) < width:
            raise CommuneFileError(
                f"la ligne compte {len(cells)} colonnes au lieu de {width}.", line=line, sheet=table.sheet or None
            )
        if any(cells[width:]):
            raise CommuneFileError(
                f"la ligne compte {len(cells)} colonnes au lieu de {width}.", line=line, sheet=table.sheet or None
            )
        yield line, dict(zip(table.columns, cells, strict=False))


# Values -------------------------------------------------------------------------------------------


def _insee_code(value, *, label="code INSEE"):
    code = value.strip().upper()
    if code.isdigit() and len(code) == 4:  # a leading zero lost in a spreadsheet
        code = "0" + code
    if not INSEE_CODE_RE.match(code):
        raise ValueError(f"{label} invalide : « {value} » (5 caractères attendus, par exemple 69123).")
    return code


def _department_code(value, insee_code):
    code = value.strip().upper()
    if code.isdigit() and len(code) == 1:
        code = "0" + code
    if not code:
        code = insee_code[:3] if insee_code.startswith("97") else insee_code[:2]
    if len(code) > 3:
        raise ValueError(f"code département invalide : « {value} ».")
    return code


def _population(value):
    cleaned = re.sub(r"[\s\u00a0\u202f]", "", value)
    if cleaned.endswith(".0"):
        cleaned = cleaned[:-2]
    if not cleaned:
        return None
    if not cleaned.isdigit():
        raise ValueError(f"population invalide : « {value} » (nombre entier attendu).")
    return int(cleaned)


def _epci(code, name, kind=""):
    code = code.strip()
    if not code or code.upper() == NO_EPCI_CODE:
        return {"epci_code": "", "epci_name": "", "epci_kind": ""}
    if not EPCI_CODE_RE.match(code):
        raise ValueError(f"code EPCI invalide : « {code} » (SIREN à 9 chiffres attendu).")
    kind = kind.strip().upper()
    kind = EPCI_KIND_ALIASES.get(kind, kind)
    if not kind:
        lowered = name.strip().lower()
        kind = next((short for prefix, short in EPCI_KIND_PREFIXES if lowered.startswith(prefix)), "")
    if len(kind) > 4:
        raise ValueError(f"nature d'EPCI invalide : « {kind} ».")
    return {"epci_code": code, "epci_name": name.strip(), "epci_kind": kind}


def _require(value, label):
    if not value.strip():
        raise ValueError(f"{label} manquant.")
    return value.strip()


# Layouts ------------------------------------------------------------------------------------------


def _shipped_record(row):
    code = _insee_code(row["code_insee"])
    record = {
        "insee_code": code,
        "name": _require(row["nom"], "nom de commune"),
        "department_code": _department_code(row["code_departement"], code),
    }
    if "nom_departement" in row:
        record["department_name"] = row["nom_departement"]
    if "code_epci" in row:
        record.update(_epci(row["code_epci"], row.get("nom_epci", ""), row.get("type_epci", "")))
    if "population" in row:
        record["population"] = _population(row["population"])
    if "code_commune_parent" in row:
        record["parent_code"] = (
            _insee_code(row["code_commune_parent"], label="code de la commune parente") if row["code_commune_parent"] else ""
        )
    if "codes_postaux" in row:
        record["postal_codes"] = _postal_codes(row["codes_postaux"])
    return record


def _postal_codes(value):
    codes = value.replace(",", " ").replace(";", " ").split()
    for code in codes:
        if not re.fullmatch(r"\d{5}", code):
            raise ValueError(f"code postal invalide : « {code} » (5 chiffres attendus).")
    return " ".join(codes)


def _cog_record(row):
    kind = row["typecom"].strip().upper()
    if kind not in ("COM", "ARM"):
        return None  # delegated (COMD) and associated (COMA) communes are not communes of their own
    code = _insee_code(row["com"])
    name = row.get("libelle") or row.get("nccenr") or row.get("ncc") or ""
    parent = row.get("comparent", "").strip()
    return {
        "insee_code": code,
        "name": _require(name, "nom de commune"),
        "department_code": _department_code(row.get("dep", ""), parent or code),
        "parent_code": _insee_code(parent, label="code de la commune parente") if kind == "ARM" and parent else "",
    }


def _epci_record(row):
    code = _insee_code(row["codgeo"])
    record = {
        "insee_code": code,
        "name": _require(row["libgeo"], "nom de commune"),
        "department_code": _department_code(row["dep"], code),
    }
    record.update(_epci(row["epci"], row["libepci"], row.get("nature_epci", "")))
    return record


RECORD_BUILDERS = {SHIPPED.key: _shipped_record, COG.key: _cog_record, EPCI.key: _epci_record}


def read_communes(path):
    """Read a commune file in one of the accepted layouts. Raises CommuneFileError."""
    layout, table = _read_table(path, COMMUNE_LAYOUTS + (POPULATION,))
    if layout is POPULATION:
        raise CommuneFileError(
            "ce fichier ne contient que des populations : importez-le avec l'option --population.", line=table.header_line
        )
    build = RECORD_BUILDERS[layout.key]
    records, seen = [], {}
    for line, row in _iter_rows(table):
        try:
            record = build(row)
        except ValueError as error:
            raise CommuneFileError(str(error), line=line, sheet=table.sheet or None) from error
        if record is None:
            continue
        code = record["insee_code"]
        if code in seen:
            raise CommuneFileError(
                f"le code INSEE {code} apparaît deux fois (déjà lu ligne {seen[code]}).", line=line, sheet=table.sheet or None
            )
        seen[code] = line
        records.append(record)
    if not records:
        raise CommuneFileError("le fichier ne contient aucune commune.", line=table.header_line, sheet=table.sheet or None)
    return CommuneFile(layout=layout, records=records)


def read_populations(path):
    """{insee code: municipal population} from a populations file. Raises CommuneFileError."""
    _layout, table = _read_table(path, (POPULATION,))
    code_column = next(c for c in POPULATION.required[1] if c in table.columns)
    population_column = next(c for c in POPULATION.required[0] if c in table.columns)
    department_column = next((c for c in ("dep", "coddep", "code_departement") if c in table.columns), None)
    populations, seen = {}, {}
    for line, row in _iter_rows(table):
        try:
            raw_code = row[code_column].strip()
            if department_column and raw_code.isdigit() and len(raw_code) < 4 and row[department_column].strip():
                # Some INSEE tables give the commune number within its département ("001").
                department = row[department_column].strip()
                raw_code = department + raw_code.zfill(5 - len(department))
            code = _insee_code(raw_code)
            population = _population(row[population_column])
        except ValueError as error:
            raise CommuneFileError(str(error), line=line, sheet=table.sheet or None) from error
        if code in seen:
            raise CommuneFileError(
                f"le code INSEE {code} apparaît deux fois (déjà lu ligne {seen[code]}).", line=line, sheet=table.sheet or None
            )
        seen[code] = line
        if population is not None:
            populations[code] = population
    return populations

"""Export the values of a campaign to CSV or XLSX (one row per structure × indicator) and read the same format
back for the administrators' bulk entry."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError

from core.exports import csv_text, unquote, xlsx_bytes
from core.tables import UnreadableTable, find_columns, header_with, read_table, rejected_rows_csv

from .forms import build_value_field, fields_of, initial_of, is_blank
from .models import Indicator, IndicatorValue

HEADERS = ["structure_id", "structure", "indicateur_id", "fiche", "indicateur", "nature", "valeur", "commentaire", "statut"]


def export_rows(campaign):
    """One row per structure × per-structure indicator (empty value when nothing is entered), in 3 queries."""
    indicators = list(Indicator.objects.for_schema(campaign.schema).per_structure().in_fiche_order())
    structures = list(campaign.structures().order_by("name").only("pk", "name"))
    values = {
        (v.structure_id, v.indicator_id): v
        for v in IndicatorValue.objects.filter(campaign=campaign, structure__isnull=False).select_related("indicator")
    }
    for structure in structures:
        for indicator in indicators:
            value = values.get((structure.pk, indicator.pk))
            yield [
                structure.pk,
                structure.name,
                indicator.pk,
                indicator.fiche.code,
                indicator.label,
                indicator.get_kind_display(),
                _plain(value),
                value.comment if value else "",
                value.get_status_display() if value else "Non saisie",
            ]


def _plain(value):
    if value is None:
        return ""
    initial = initial_of(value)
    if initial is None:
        return ""
    if isinstance(initial, str):
        return initial
    text = f"{initial.normalize():f}" if initial == initial.to_integral_value() else f"{initial:f}".rstrip("0")
    return text.replace(".", ",")


def to_csv(campaign):
    return csv_text(HEADERS, export_rows(campaign))


def to_xlsx(campaign):
    return xlsx_bytes(f"Campagne {campaign.year}", HEADERS, export_rows(campaign))


class ImportError_(ValueError):
    """The file cannot be imported; ``errors`` lists the French error of each faulty row."""

    def __init__(self, errors):
        super().__init__("\n".join(errors))
        self.errors = errors


# The columns an import reads, with the other names people give them; the others are for the reader.
IMPORT_COLUMNS = {
    "structure_id": ("id structure", "identifiant structure"),
    "indicateur_id": ("id indicateur", "identifiant indicateur"),
    "valeur": ("valeurs", "value"),
    "commentaire": ("commentaires", "remarque"),
}
REQUIRED_IMPORT_COLUMNS = ("structure_id", "indicateur_id", "valeur")


def read_rows(upload):
    """(header, [(line number, {column: text}, cells as text)]) of an uploaded CSV or XLSX file in the export
    format (columns in any order and spelling, the header below a title if need be); a missing
    « commentaire » column reads as blank."""
    try:
        table = read_table(upload, is_header=header_with(IMPORT_COLUMNS, REQUIRED_IMPORT_COLUMNS))
    except UnreadableTable as error:
        raise ImportError_([str(error)]) from error
    found = find_columns(table.header, IMPORT_COLUMNS)
    if not set(REQUIRED_IMPORT_COLUMNS) <= set(found):
        raise ImportError_([f"La première ligne doit reprendre les colonnes de l'export : {' ; '.join(HEADERS)}."])
    rows = []
    for number, cells in table.rows:
        # A text this application exported comes back as it was stored (without the quote against formulas).
        texts = ["" if cell is None else unquote(str(cell)) for cell in cells]
        rows.append((number, {column: texts[index] if index < len(texts) else "" for column, index in found.items()}, texts))
    return table.header, rows


class _RowError(Exception):
    pass


@dataclass
class CheckedImport:
    changes: dict  # {(structure_id, indicator_id): (indicator, fields)}
    errors: list  # one French error per refused row
    rejected_csv: str  # the refused rows as in the file, with a « motif » column ("" when none)


def check_import(campaign, upload):
    """Every row of the file checked: the changes of the valid rows and the refused rows; nothing is written."""
    indicators = {i.pk: i for i in Indicator.objects.for_schema(campaign.schema).per_structure()}
    structure_ids = set(campaign.structures().values_list("pk", flat=True))
    stored = {
        (value.structure_id, value.indicator_id): value
        for value in IndicatorValue.objects.filter(campaign=campaign, structure__isnull=False)
    }
    header, rows = read_rows(upload)
    errors, rejected, changes = [], [], {}
    for number, row, cells in rows:
        try:
            change = _row_change(row, indicators=indicators, structure_ids=structure_ids, stored=stored, changes=changes)
        except _RowError as error:
            errors.append(f"Ligne {number} : {error}")
            rejected.append((number, cells, str(error)))
            continue
        if change is not None:
            changes[change[0]] = change[1]
    return CheckedImport(changes, errors, rejected_rows_csv(header, rejected) if rejected else "")


def parse_import(campaign, upload):
    """{(structure_id, indicator): fields} from the file, or ImportError_ with one French error per faulty row."""
    checked = check_import(campaign, upload)
    if checked.errors:
        raise ImportError_(checked.errors)
    return checked.changes


def _row_change(row, *, indicators, structure_ids, stored, changes):
    try:
        structure_id = int(row.get("structure_id") or "")
        indicator_id = int(row.get("indicateur_id") or "")
    except ValueError:
        raise _RowError("structure_id et indicateur_id doivent être des nombres.") from None
    if structure_id not in structure_ids:
        raise _RowError(f"la structure {structure_id} ne relève pas de cette campagne.")
    indicator = indicators.get(indicator_id)
    if indicator is None:
        raise _RowError(f"l'indicateur {indicator_id} n'est pas demandé aux structures de ce schéma.")
    raw = (row.get("valeur") or "").strip()
    if indicator.kind == "boolean":
        raw = raw.lower()
    try:
        cleaned = build_value_field(indicator).clean(raw)
    except ValidationError as error:
        raise _RowError(" ".join(error.messages)) from None
    if (structure_id, indicator_id) in changes:
        raise _RowError("cette structure et cet indicateur figurent déjà plus haut dans le fichier.")
    # A blank cell never erases what is stored: a blank value keeps the stored value, a blank comment
    # the stored comment; a row blank in both changes nothing.
    current = stored.get((structure_id, indicator_id))
    comment = (row.get("commentaire") or "").strip()
    if not raw and not comment:
        return None
    if not raw and current is not None:
        fields = {"number": current.number, "boolean": current.boolean, "text": current.text}
        fields["blank"] = current.is_empty
    else:
        fields = fields_of(indicator.kind, cleaned)
        fields["blank"] = is_blank(cleaned)
    fields["comment"] = comment or (current.comment if current is not None else "")
    return (structure_id, indicator_id), (indicator, fields)

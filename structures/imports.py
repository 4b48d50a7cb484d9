"""Importing structures from a CSV or XLSX list (a SENACS extract, a Caf's own spreadsheet): read, check
every row, preview, then write the valid rows (``services.apply_structure_import``).

A row updates the structure with the same SIRET, else the same name in the same commune. A blank cell
never changes what is stored; the preview lists, per structure, each field that will change. Names are
kept as written unless the person asks to format them. Duplicates inside the file and rows that look like
tests are shown and skipped; refused rows come back as a CSV with a « motif » column.
"""

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from core.exports import csv_text
from core.tables import UnreadableTable, read_table, rejected_rows_csv

from .commune_lookup import CommuneLookup, ascii_lower
from .enums import Gestion, StructureKind
from .models import Commune, Structure

# (column of the template, Structure field, label for people)
COLUMNS = [
    ("nom", "name", "nom"),
    ("type", "kind", "type"),
    ("gestion", "gestion", "gestion"),
    ("siret", "siret", "SIRET"),
    ("adresse", "address", "adresse"),
    ("code_postal", "postal_code", "code postal"),
    ("commune", "commune_id", "commune"),
    ("code_insee", None, "code INSEE"),
    ("qpv", "qpv", "QPV"),
    ("adherent_federation", "federation_member", "adhérent à la Fédération"),
    ("directeur", "director_name", "directeur ou directrice"),
    ("courriel", "email", "courriel"),
    ("telephone", "phone", "téléphone"),
]
TEMPLATE_COLUMNS = [column for column, _field, _label in COLUMNS]
FIELD_LABELS = {name: label for _column, name, label in COLUMNS if name}
TEMPLATE_EXAMPLE = [
    "Centre social des Buers",
    "Centre social",
    "Associatif",
    "77567227200015",
    "30 rue Pierre Joseph Proudhon",
    "69100",
    "Villeurbanne",
    "69266",
    "oui",
    "oui",
    "Nadia Benali",
    "contact@cs-buers.fr",
    "04 78 00 00 00",
]

# Column names as people write them (compared without case, accents or punctuation).
HEADER_ALIASES = {
    "nom": ("nom", "nom de la structure", "nom structure", "nom de structure", "structure", "raison sociale",
            "denomination", "nom du centre", "nom de l equipement", "equipement", "libelle"),
    "type": ("type", "type de structure", "type de la structure", "type d equipement", "type de l equipement",
             "categorie"),
    "gestion": ("gestion", "gestionnaire", "mode de gestion", "mode de gestion de la structure", "type de gestion",
                "statut juridique", "type de gestionnaire"),
    "siret": ("siret", "n siret", "numero siret", "no siret", "siret de la structure", "code siret"),
    "adresse": ("adresse", "adresse postale", "adresse de la structure", "rue", "voie"),
    "code_postal": ("code postal", "cp", "code postale", "c p"),
    "commune": ("commune", "ville", "localite", "commune d implantation", "nom de la commune", "nom commune",
                "libelle commune", "commune de la structure"),
    "code_insee": ("code insee", "insee", "code commune", "code commune insee", "code insee de la commune",
                   "code insee commune", "cog", "code geographique"),
    "qpv": ("qpv", "en qpv", "quartier prioritaire", "quartier politique de la ville", "politique de la ville"),
    "adherent_federation": ("adherent federation", "adherent a la federation", "federation", "adherent",
                            "adherent federation des centres sociaux", "adhesion federation"),
    "directeur": ("directeur", "directrice", "directeur ou directrice", "directeur directrice", "nom du directeur",
                  "direction", "responsable"),
    "courriel": ("courriel", "email", "e mail", "mail", "adresse mail", "adresse electronique", "courriel de contact"),
    "telephone": ("telephone", "tel", "telephone fixe", "n de telephone", "numero de telephone"),
}  # fmt: skip
HEADERS = {alias: column for column, aliases in HEADER_ALIASES.items() for alias in aliases}

KINDS = {
    StructureKind.CENTRE_SOCIAL: ("centre social", "centres sociaux", "cs", "centre social agree", "csx",
                                  "centre socio culturel", "centre socioculturel", "centre social et culturel"),
    StructureKind.EVS: ("evs", "espace de vie sociale", "espaces de vie sociale", "espace vie sociale"),
}  # fmt: skip
GESTIONS = {
    Gestion.ASSOCIATIVE: ("associatif", "associative", "association", "gestion associative", "asso",
                          "association loi 1901", "associatifs"),
    Gestion.MUNICIPALE: ("collectivite locale", "collectivites locales", "collectivite", "collectivite territoriale",
                         "municipale", "municipal", "municipale ccas", "commune", "ccas", "cias", "mairie", "ville",
                         "intercommunalite", "epci", "gestion municipale", "communale"),
    Gestion.CAF: ("caf", "gestion caf", "gestion directe caf", "caf gestion directe"),
    Gestion.AUTRE: ("autre", "autres", "autres dont delegation de gestion", "delegation de gestion",
                    "delegation de service public", "dsp", "autre gestionnaire"),
    Gestion.NON_RENSEIGNEE: ("non renseigne", "non renseignee", "nr", "inconnu", "inconnue"),
}  # fmt: skip
KIND_LABELS = {alias: kind for kind, aliases in KINDS.items() for alias in aliases}
GESTION_LABELS = {alias: gestion for gestion, aliases in GESTIONS.items() for alias in aliases}
YES = {"oui", "o", "yes", "y", "1", "vrai", "x", "adherent", "adherente"}
NO = {"non", "n", "no", "0", "faux", "non adherent", "non adherente"}
TEST_WORDS = {"test", "tests", "essai"}
# Words kept in lower case (after the first one) when a name in capitals is formatted.
SMALL_WORDS = {"de", "des", "du", "la", "le", "les", "et", "en", "sur", "sous", "aux", "au", "à", "d'", "l'"}
COMMON_WORDS = {"centre", "social", "sociale", "sociaux", "socioculturel", "espace", "vie", "maison", "quartier", "habitants"}
ACRONYMS = {"evs", "cs", "ccas", "mjc", "mpt", "caf", "qpv", "asso", "agf", "malt"}
POSTAL_GLUED = re.compile(r"^\s*(\d{2}\s?\d{3})\s*[-,]?\s*(.*)$")
MAX_LENGTHS = {"name": 200, "address": 255, "director_name": 150, "phone": 30, "email": 254}


class ImportFileError(Exception):
    """The file cannot be read at all (format, encoding, columns)."""


def key(text):
    """Lower case, no accents, words only: to compare labels and names."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", ascii_lower(text)).split())


def clean_text(value):
    """A cell as text: stripped, without surrounding quotes, single spaces."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():  # a code typed as a number in a spreadsheet
        value = int(value)
    text = str(value).strip()
    while len(text) >= 2 and text[0] in "\"'«“" and text[-1] in "\"'»”":
        text = text[1:-1].strip()
    return " ".join(text.split())


def nice_name(name):
    """« CENTRE SOCIAL DES BUERS » → « Centre social des Buers »; names not all in capitals are kept."""
    if not name.isupper():
        return name
    words = []
    for index, word in enumerate(name.lower().split()):
        if word in ACRONYMS:
            words.append(word.upper())
        elif index and (word in SMALL_WORDS or word in COMMON_WORDS):
            words.append(word)
        else:
            words.append("-".join(part[:1].upper() + part[1:] for part in word.split("-")))
    return " ".join(words)


@dataclass
class ListFile:
    header: list  # as written in the file
    ignored_columns: list  # (column as written, why)
    rows: list  # (line, {template column: text}, [cells as text])


def _is_header(cells):
    columns = {HEADERS.get(key(cell)) for cell in cells}
    return "nom" in columns and bool(columns & {"commune", "code_insee", "code_postal"})


def read_rows(upload):
    """The rows of an uploaded list, keyed by TEMPLATE_COLUMNS; raises ImportFileError (French)."""
    try:
        table = read_table(upload, is_header=_is_header)
    except UnreadableTable as error:
        raise ImportFileError(str(error)) from error
    if not _is_header(table.header):
        raise ImportFileError(
            "Aucune ligne d'en-tête reconnue parmi les premières lignes du fichier : il faut au moins une colonne "
            "« nom » et une colonne « commune » (ou « code postal », « code INSEE »). "
            "Téléchargez le modèle pour voir les colonnes attendues."
        )
    keys, ignored = [], []
    for cell in table.header:
        column = HEADERS.get(key(cell))
        if column in keys:
            ignored.append((cell, f"colonne ignorée : la colonne « {column} » est déjà lue plus à gauche"))
            column = None
        elif column is None and cell:
            ignored.append((cell, "colonne ignorée : nom de colonne inconnu"))
        keys.append(column)
    rows = []
    for line, cells in table.rows:
        texts = [clean_text(cell) for cell in cells]
        data = dict.fromkeys(TEMPLATE_COLUMNS, "")
        for column, text in zip(keys, texts, strict=False):
            if column:
                data[column] = text
        rows.append((line, data, texts))
    return ListFile(header=table.header, ignored_columns=ignored, rows=rows)


@dataclass
class Change:
    field: str
    label: str
    before: str
    after: str


@dataclass
class RowResult:
    line: int
    cells: list = field(default_factory=list)
    name: str = ""
    commune_label: str = ""
    errors: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    skipped: str = ""  # why the row is left out without being refused
    values: dict = field(default_factory=dict)  # the fields to write
    changes: list = field(default_factory=list)
    structure_id: int | None = None
    version: int | None = None

    @property
    def action(self):
        if self.errors:
            return "Refusée"
        if self.skipped:
            return f"Ignorée ({self.skipped})"
        if self.structure_id is None:
            return "Création"
        return "Mise à jour" if self.changes else "Inchangée"

    @property
    def writes(self):
        return not self.errors and not self.skipped and (self.structure_id is None or bool(self.changes))


@dataclass
class ImportPreview:
    rows: list
    header: list = field(default_factory=list)
    ignored_columns: list = field(default_factory=list)
    communes_missing: bool = False

    def _count(self, action):
        return sum(1 for row in self.rows if row.action == action)

    @property
    def refused(self):
        return [row for row in self.rows if row.errors]

    @property
    def valid(self):
        return not self.refused

    @property
    def error_count(self):
        return len(self.refused)

    @property
    def created_count(self):
        return self._count("Création")

    @property
    def updated_count(self):
        return self._count("Mise à jour")

    @property
    def unchanged_count(self):
        return self._count("Inchangée")

    @property
    def skipped_count(self):
        return sum(1 for row in self.rows if row.skipped and not row.errors)

    @property
    def to_write(self):
        return [row for row in self.rows if row.writes]


def _boolean(value, label, errors):
    """True, False, or None for a blank cell (the stored value stays)."""
    if not value:
        return None
    word = key(value)
    if word in YES:
        return True
    if word in NO:
        return False
    errors.append(f"{label} : « {value} » n'est pas compris (oui ou non attendu).")
    return None


def _choice(value, labels, message, errors):
    if not value:
        return None
    choice = labels.get(key(value))
    if choice is None:
        errors.append(message.format(value=value))
    return choice


def _postal_code(value):
    code = re.sub(r"\s", "", value)
    return "0" + code if code.isdigit() and len(code) == 4 else code


def _texts(data, values, errors):
    for column, name in (("adresse", "address"), ("directeur", "director_name"), ("telephone", "phone")):
        if data[column]:
            values[name] = data[column]
    email = data["courriel"]
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors.append(f"Courriel invalide : « {email} ».")
        values["email"] = email
    for name, limit in MAX_LENGTHS.items():
        if len(values.get(name) or "") > limit:
            errors.append(f"{FIELD_LABELS[name].capitalize()} trop long : {len(values[name])} caractères (au plus {limit}).")


def _read_row(line, data, cells, *, lookup, format_names):
    """The RowResult of one row, with its values (blank cells left out) but not yet matched to a structure."""
    errors, values = [], {}
    name = nice_name(data["nom"]) if format_names else data["nom"]
    result = RowResult(line=line, cells=cells, name=name)
    if not name:
        errors.append("Le nom est obligatoire.")
    values["name"] = name
    values["kind"] = _choice(data["type"], KIND_LABELS, "Type inconnu : « {value} » (Centre social ou EVS attendu).", errors)
    values["gestion"] = _choice(
        data["gestion"],
        GESTION_LABELS,
        "Gestion inconnue : « {value} » (Associatif, Collectivité locale, CCAS, Caf ou Autres attendu).",
        errors,
    )
    siret = re.sub(r"[\s.]", "", data["siret"])
    if siret and not re.fullmatch(r"\d{14}", siret):
        errors.append(f"SIRET invalide : « {data['siret']} » (14 chiffres attendus).")
    values["siret"] = siret
    postal_code, commune_name = _postal_code(data["code_postal"]), data["commune"]
    glued = POSTAL_GLUED.match(commune_name)
    if glued:  # « 34400Lunel-Viel », « 69009 Lyon »
        postal_code = postal_code or _postal_code(glued.group(1))
        commune_name = glued.group(2).strip()
    if postal_code and not re.fullmatch(r"\d{5}", postal_code):
        errors.append(f"Code postal invalide : « {data['code_postal']} » (5 chiffres attendus).")
        postal_code = ""
    values["postal_code"] = postal_code
    found = lookup.find(insee_code=data["code_insee"], postal_code=postal_code, name=commune_name)
    if found.error:
        errors.append(found.error)
    result.notes.extend(found.notes)
    result.commune_label = str(found.commune) if found.commune else commune_name or data["code_insee"]
    values["commune_id"] = found.commune.pk if found.commune else None
    values["qpv"] = _boolean(data["qpv"], "QPV", errors)
    values["federation_member"] = _boolean(data["adherent_federation"], "Adhérent à la Fédération", errors)
    _texts(data, values, errors)
    result.errors = errors
    result.values = {name: value for name, value in values.items() if value not in (None, "")}
    return result


def check_rows(list_file, *, departments=None, format_names=False):
    """Check every row of a ListFile and find the structure each one updates; nothing is written.

    ``departments``: the codes of the communes the person may attach structures to (None: all).
    """
    lookup = CommuneLookup(departments)
    existing = list(Structure.objects.select_related("commune"))
    by_siret = {s.siret: s for s in existing if s.siret}
    by_name = {(key(s.name), s.commune_id): s for s in existing}
    seen = {}
    results = []
    for line, data, cells in list_file.rows:
        result = _read_row(line, data, cells, lookup=lookup, format_names=format_names)
        results.append(result)
        words = set(key(result.name).split())
        if words & TEST_WORDS:  # left out whatever it holds: it is not meant to be imported
            result.skipped, result.errors, result.values = "ligne de test", [], {}
            continue
        commune_id = result.values.get("commune_id")
        siret = result.values.get("siret")
        if not result.errors:
            keys = [k for k in (("siret", siret) if siret else None, ("name", key(result.name), commune_id)) if k]
            first = next((seen[k] for k in keys if k in seen), None)
            if first is not None:
                result.skipped = f"en double de la ligne {first}"
                continue
            for k in keys:
                seen[k] = line
        match = by_siret.get(siret) if siret else None
        if match is None and commune_id:
            match = by_name.get((key(result.name), commune_id))
        if match is not None:
            if departments is not None and match.commune.department_code not in departments:
                result.errors.append(f"La structure existante « {match.name} » n'est pas dans votre territoire.")
            result.structure_id, result.version = match.pk, match.version
            result.changes = _changes(match, result.values)
            result.values = {name: value for name, value in result.values.items() if name in {c.field for c in result.changes}}
        else:
            _complete_new(result)
        if result.errors:
            result.values, result.changes = {}, []
    return ImportPreview(
        results, header=list_file.header, ignored_columns=list_file.ignored_columns, communes_missing=lookup.is_empty
    )


def _complete_new(result):
    if "kind" not in result.values and not any(e.startswith("Type inconnu") for e in result.errors):
        result.errors.append("Le type est obligatoire pour une nouvelle structure (Centre social ou EVS).")
    # A blank gestion is not known: it is not taken for « associative ».
    result.values.setdefault("gestion", Gestion.NON_RENSEIGNEE)
    result.values.setdefault("qpv", False)
    result.values.setdefault("federation_member", False)


def _changes(structure, values):
    """The fields whose value in the row differs from the stored one (blank cells are not in ``values``)."""
    changes = []
    for name, after in values.items():
        before = getattr(structure, name)
        if before == after:
            continue
        if name == "name" and key(before) == key(after):
            continue  # the same name in other capitals or accents: the stored spelling stays
        changes.append(Change(name, FIELD_LABELS[name], _shown(structure, name, before), _shown(structure, name, after)))
    return changes


def _shown(structure, name, value):
    if name == "commune_id":
        return str(structure.commune) if value == structure.commune_id else _commune_text(value)
    if isinstance(value, bool):
        return "oui" if value else "non"
    choices = dict(structure._meta.get_field(name).choices or ())
    return str(choices.get(value, value)) if value != "" else "—"


def _commune_text(pk):
    commune = Commune.objects.filter(pk=pk).first()
    return str(commune) if commune else "—"


def preview_to_session(preview):
    """What the confirmation writes: the rows to write, with the version each update was checked against."""
    return [{"line": row.line, "id": row.structure_id, "version": row.version, "values": row.values} for row in preview.to_write]


def rejected_csv(preview):
    """The refused rows as written in the file, with a « motif » column: to fix and import again."""
    return rejected_rows_csv(preview.header, [(row.line, row.cells, " ".join(row.errors)) for row in preview.refused])


def template_csv():
    return csv_text(TEMPLATE_COLUMNS, [TEMPLATE_EXAMPLE])

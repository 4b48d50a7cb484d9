"""Importing structures from a CSV or XLSX file: read, check every row (French errors), preview, then write
all rows or none. A row updates the structure with the same SIRET, else the same name in the same commune."""

import re
import unicodedata
from dataclasses import dataclass, field

from django.db import transaction

from core.exports import csv_text
from core.tables import UnreadableTable, read_table

from .enums import Gestion, StructureKind
from .models import Commune, Structure

TEMPLATE_COLUMNS = [
    "nom",
    "type",
    "gestion",
    "siret",
    "adresse",
    "code_postal",
    "commune",
    "code_insee",
    "qpv",
    "adherent_federation",
    "directeur",
    "courriel",
    "telephone",
]
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

HEADER_ALIASES = {
    "nom": "nom",
    "nom_de_la_structure": "nom",
    "structure": "nom",
    "raison_sociale": "nom",
    "type": "type",
    "type_de_structure": "type",
    "type_de_la_structure": "type",
    "gestion": "gestion",
    "mode_de_gestion": "gestion",
    "type_de_gestion": "gestion",
    "siret": "siret",
    "n_siret": "siret",
    "numero_siret": "siret",
    "adresse": "adresse",
    "code_postal": "code_postal",
    "cp": "code_postal",
    "commune": "commune",
    "ville": "commune",
    "code_insee": "code_insee",
    "insee": "code_insee",
    "code_commune": "code_insee",
    "qpv": "qpv",
    "adherent_federation": "adherent_federation",
    "federation": "adherent_federation",
    "adherent": "adherent_federation",
    "directeur": "directeur",
    "directrice": "directeur",
    "directeur_ou_directrice": "directeur",
    "courriel": "courriel",
    "email": "courriel",
    "mail": "courriel",
    "telephone": "telephone",
    "tel": "telephone",
}

KIND_LABELS = {
    "centre social": StructureKind.CENTRE_SOCIAL,
    "centres sociaux": StructureKind.CENTRE_SOCIAL,
    "cs": StructureKind.CENTRE_SOCIAL,
    "centre_social": StructureKind.CENTRE_SOCIAL,
    "evs": StructureKind.EVS,
    "espace de vie sociale": StructureKind.EVS,
}
GESTION_LABELS = {
    "associatif": Gestion.ASSOCIATIVE,
    "associative": Gestion.ASSOCIATIVE,
    "association": Gestion.ASSOCIATIVE,
    "collectivite locale": Gestion.MUNICIPALE,
    "municipale": Gestion.MUNICIPALE,
    "municipale / ccas": Gestion.MUNICIPALE,
    "commune": Gestion.MUNICIPALE,
    "ccas": Gestion.MUNICIPALE,
    "caf": Gestion.CAF,
    "autre": Gestion.AUTRE,
    "autres": Gestion.AUTRE,
    "autres (dont delegation de gestion)": Gestion.AUTRE,
}
YES = {"oui", "o", "yes", "y", "1", "vrai", "x"}
NO = {"non", "n", "no", "0", "faux", ""}
# Words kept in lower case (after the first one) when a name in capitals is rewritten.
SMALL_WORDS = {"de", "des", "du", "la", "le", "les", "et", "en", "sur", "sous", "aux", "au", "à", "d'", "l'"}
COMMON_WORDS = {"centre", "social", "sociale", "sociaux", "socioculturel", "espace", "vie", "maison", "quartier", "habitants"}
ACRONYMS = {"evs", "cs", "ccas", "mjc", "mpt", "caf", "qpv", "asso"}
POSTAL_GLUED = re.compile(r"^\s*(\d{5})\s*(.*)$")


class ImportFileError(Exception):
    """The file cannot be read at all (format, encoding, columns)."""


def normalize(text):
    """Lower case, no accents, single spaces: to compare names."""
    text = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode()
    text = re.sub(r"[’'`\-]", " ", text.lower())
    return " ".join(text.split())


def clean_text(value):
    """A cell as text: stripped, without surrounding quotes, single spaces."""
    if value is None:
        return ""
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


def _header_key(header):
    key = re.sub(r"[^a-z0-9]+", "_", normalize(header)).strip("_")
    return HEADER_ALIASES.get(key)


def read_rows(upload):
    """The data rows of an uploaded CSV or XLSX file, as dicts keyed by TEMPLATE_COLUMNS, with their line number."""
    try:
        table = read_table(upload)
    except UnreadableTable as error:
        raise ImportFileError(str(error)) from error
    keys = [_header_key(cell) for cell in table.header]
    if "nom" not in keys or ("commune" not in keys and "code_insee" not in keys):
        raise ImportFileError(
            "La première ligne doit nommer les colonnes : au moins « nom » et « commune » (ou « code_insee »). "
            "Téléchargez le modèle pour voir les colonnes attendues."
        )
    rows = []
    for line, cells in table.rows:
        data = dict.fromkeys(TEMPLATE_COLUMNS, "")
        for key, cell in zip(keys, cells, strict=False):
            if key and not data[key]:
                data[key] = clean_text(cell)
        rows.append((line, data))
    return rows


@dataclass
class RowResult:
    line: int
    name: str = ""
    commune_name: str = ""
    values: dict = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    skipped: bool = False
    structure_id: int | None = None

    @property
    def action(self):
        if self.skipped:
            return "Ignorée (ligne de test)"
        if self.errors:
            return "Refusée"
        return "Mise à jour" if self.structure_id else "Création"


@dataclass
class ImportPreview:
    rows: list[RowResult]

    @property
    def valid(self):
        return not any(row.errors for row in self.rows)

    @property
    def error_count(self):
        return sum(1 for row in self.rows if row.errors)

    @property
    def created_count(self):
        return sum(1 for row in self.rows if not row.errors and not row.skipped and not row.structure_id)

    @property
    def updated_count(self):
        return sum(1 for row in self.rows if not row.errors and not row.skipped and row.structure_id)


class _Communes:
    def __init__(self, user):
        communes = Commune.objects.all()
        if not user.is_admin:
            communes = communes.filter(department_code__in=user.department_codes())
        self.all_codes = set(Commune.objects.values_list("insee_code", flat=True)) if not user.is_admin else None
        self.by_code = {c.insee_code: c for c in communes}
        self.by_name = {}
        for commune in self.by_code.values():
            self.by_name.setdefault(normalize(commune.name), []).append(commune)

    def find(self, *, insee_code, name, postal_code):
        """(commune, error)."""
        if insee_code:
            commune = self.by_code.get(insee_code)
            if commune:
                return commune, None
            if self.all_codes is not None and insee_code in self.all_codes:
                return None, f"La commune {insee_code} n'est pas dans votre territoire."
            return None, f"Code INSEE inconnu : « {insee_code} »."
        if not name:
            return None, "La commune est obligatoire."
        candidates = self.by_name.get(normalize(name), [])
        if len(candidates) > 1 and postal_code:
            candidates = [c for c in candidates if c.department_code == postal_code[:2]] or candidates
        if len(candidates) == 1:
            return candidates[0], None
        if len(candidates) > 1:
            return None, f"Plusieurs communes s'appellent « {name} » : indiquez le code INSEE."
        return None, f"Commune inconnue ou hors de votre territoire : « {name} »."


def _boolean(value, label, errors):
    key = normalize(value)
    if key in YES:
        return True
    if key in NO:
        return False
    errors.append(f"{label} : « {value} » n'est pas compris (oui ou non attendu).")
    return False


def check_rows(rows, *, user, skip_test_rows=False):
    """Check every row, find the structure each one updates; nothing is written."""
    communes = _Communes(user)
    existing = list(Structure.objects.select_related("commune"))
    by_siret = {s.siret: s for s in existing if s.siret}
    by_name = {(normalize(s.name), s.commune_id): s for s in existing}
    seen = {}
    results = []
    for line, data in rows:
        errors = []
        name = nice_name(data["nom"])
        result = RowResult(line=line, name=name)
        results.append(result)
        if skip_test_rows and "test" in normalize(name).split():
            result.skipped = True
            continue
        if not name:
            errors.append("Le nom est obligatoire.")
        kind = KIND_LABELS.get(normalize(data["type"]).replace("_", " ")) if data["type"] else None
        if not kind:
            errors.append(
                f"Type inconnu : « {data['type']} » (Centre social ou EVS attendu)."
                if data["type"]
                else "Le type est obligatoire."
            )
        gestion = GESTION_LABELS.get(normalize(data["gestion"])) if data["gestion"] else Gestion.ASSOCIATIVE
        if not gestion:
            errors.append(f"Gestion inconnue : « {data['gestion']} » (Associatif, Collectivité locale, Caf ou Autres attendu).")
        siret = re.sub(r"\s", "", data["siret"])
        if siret and not re.fullmatch(r"\d{14}", siret):
            errors.append(f"SIRET invalide : « {data['siret']} » (14 chiffres attendus).")
        postal_code, commune_name = data["code_postal"], data["commune"]
        glued = POSTAL_GLUED.match(commune_name)
        if glued:
            postal_code = postal_code or glued.group(1)
            commune_name = glued.group(2).strip(" -,")
        if postal_code and not re.fullmatch(r"\d{5}", postal_code):
            errors.append(f"Code postal invalide : « {postal_code} ».")
            postal_code = ""
        commune, error = communes.find(insee_code=data["code_insee"], name=commune_name, postal_code=postal_code)
        if error:
            errors.append(error)
        result.commune_name = commune.name if commune else commune_name
        email = data["courriel"]
        if email and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
            errors.append(f"Courriel invalide : « {email} ».")
        qpv = _boolean(data["qpv"], "QPV", errors)
        federation = _boolean(data["adherent_federation"], "Adhérent à la Fédération", errors)
        key = siret or (normalize(name), commune.pk if commune else None)
        if key in seen:
            errors.append(f"Cette structure figure déjà à la ligne {seen[key]}.")
        seen[key] = line
        match = by_siret.get(siret) if siret else None
        if match is None and commune:
            match = by_name.get((normalize(name), commune.pk))
        if match is not None:
            if not user.is_admin and match.commune.department_code not in user.department_codes():
                errors.append("La structure existante correspondante n'est pas dans votre territoire.")
            result.structure_id = match.pk
        result.errors = errors
        if not errors:
            result.values = {
                "name": name,
                "kind": kind,
                "gestion": gestion,
                "siret": siret,
                "address": data["adresse"],
                "postal_code": postal_code,
                "commune_id": commune.pk,
                "qpv": qpv,
                "federation_member": federation,
                "director_name": data["directeur"],
                "email": email,
                "phone": data["telephone"],
            }
    return ImportPreview(results)


def preview_to_session(preview):
    return [{"line": row.line, "id": row.structure_id, "values": row.values} for row in preview.rows if row.values]


@transaction.atomic
def apply_import(*, rows):
    """Write the checked rows (from ``preview_to_session``): all or nothing. Returns (created, updated)."""
    created = updated = 0
    for row in rows:
        values = dict(row["values"])
        if row["id"]:
            structure = Structure.objects.select_for_update().get(pk=row["id"])
            # An empty cell keeps what the structure already has.
            for name, value in values.items():
                if value not in ("", None) or name in ("qpv", "federation_member"):
                    setattr(structure, name, value)
            updated += 1
        else:
            structure = Structure(**values)
            created += 1
        structure.full_clean()
        structure.save()
    return created, updated


def template_csv():
    return csv_text(TEMPLATE_COLUMNS, [TEMPLATE_EXAMPLE])

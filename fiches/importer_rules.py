"""Organisation lines of a fiche (pilots, partners, funders) and the directory's usual names. Pure functions.

The rest of the reading is in `fiches.reading`.
"""

import re

from structures.enums import OrganisationKind

from .importer_text import key


def indicator_label(text: str) -> str:
    """The label as written, without the full stop or semicolon that ends a list item."""
    return text.rstrip(" .;")


# Organisations. A pilot or partner line is "Name" or "Name dans le cadre de …": the frame is kept as detail.
_FRAME_START = re.compile(r"\s+(?=dans le cadre\b|en lien\b|au titre\b)|\s*:\s+", re.IGNORECASE)
_FUNDING_LEAD = re.compile(
    r"^(?:co-?)?financ(?:ements?|eurs?)\b\s*(?:[:–—-]\s*)?(?:(?:de la|de l['’]|des|du|de|par)\s+)?", re.IGNORECASE
)


def split_organisation_line(text: str) -> tuple[str, str]:
    """(organisation name, frame of its role) from a pilot or partner line."""
    match = _FRAME_START.search(text)
    if not match:
        return text.strip(" .;,"), ""
    return text[: match.start()].strip(" .;,–—-"), text[match.end() :].strip()


def funder_names(text: str) -> list[str] | None:
    """The names listed on a "Financements Caf, communes, …" line; None for another kind of resource line."""
    match = _FUNDING_LEAD.match(text)
    if not match:
        return None
    names = re.split(r"\s*[,;/]\s*|\s+et\s+", text[match.end() :])
    return [name.strip(" .") for name in names if name.strip(" .")]


# "Caf" alone is the schéma's own Caf: see services.OrganisationDirectory.
SCHEMA_CAF = "caf"
ORGANISATION_ALIASES = {
    "communes": ("Communes", OrganisationKind.COMMUNE),
    "politique de la ville": ("État — politique de la ville", OrganisationKind.ETAT),
    "etat politique de la ville": ("État — politique de la ville", OrganisationKind.ETAT),
    "msa": ("MSA", OrganisationKind.MSA),
    "carsat": ("Carsat", OrganisationKind.CARSAT),
    "metropole de lyon": ("Métropole de Lyon", OrganisationKind.METROPOLE),
    "la metropole de lyon": ("Métropole de Lyon", OrganisationKind.METROPOLE),
    "auracs": ("Auracs", OrganisationKind.RESEAU),
    "etat": ("État", OrganisationKind.ETAT),
}

_KIND_RULES = [
    (r"^(?:caf|caisse d allocations familiales)\b", OrganisationKind.CAF),
    (r"^(?:la )?metropole\b", OrganisationKind.METROPOLE),
    (r"^(?:conseil departemental|departement)\b", OrganisationKind.DEPARTEMENT),
    (r"^(?:communaute de communes|communaute d agglomeration|communaute urbaine|agglomeration|epci)\b", OrganisationKind.EPCI),
    (r"^(?:communes?|ville|villes|mairies?|ccas)\b", OrganisationKind.COMMUNE),
    (r"^msa\b", OrganisationKind.MSA),
    (r"^carsat\b", OrganisationKind.CARSAT),
    (r"^(?:etat|prefecture|ddcs|ddets|drajes|sdjes|politique de la ville)\b", OrganisationKind.ETAT),
    (r"^(?:la )?federation\b", OrganisationKind.FEDERATION),
    (r"^(?:reseaux?|auracs|club|collectif|centres sociaux|espaces de vie sociale|structures)\b", OrganisationKind.RESEAU),
    (r"^association\b", OrganisationKind.ASSOCIATION),
]


def guess_organisation_kind(name: str) -> str:
    name_key = key(name)
    for pattern, kind in _KIND_RULES:
        if re.match(pattern, name_key):
            return kind
    return OrganisationKind.AUTRE

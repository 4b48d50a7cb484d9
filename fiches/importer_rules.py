"""Reading rules of the fiche importer: indicators, échéances, organisation lines. Pure functions, no database.

The rules themselves are described in the docstring of `fiches.importer`.
"""

import re
from dataclasses import dataclass

from indicateurs.enums import Aggregation, IndicatorKind
from structures.enums import OrganisationKind

from .importer_text import fold, key


@dataclass(frozen=True)
class IndicatorGuess:
    kind: str
    aggregation: str
    unit: str = ""
    comment_asked: bool = False


_MEASURES = {
    "nombre": IndicatorGuess(IndicatorKind.INTEGER, Aggregation.SUM),
    "taux": IndicatorGuess(IndicatorKind.PERCENTAGE, Aggregation.MEAN, "%"),
    "part": IndicatorGuess(IndicatorKind.PERCENTAGE, Aggregation.MEAN, "%"),
    "pourcentage": IndicatorGuess(IndicatorKind.PERCENTAGE, Aggregation.MEAN, "%"),
    "montant": IndicatorGuess(IndicatorKind.AMOUNT, Aggregation.SUM, "€"),
    "existence": IndicatorGuess(IndicatorKind.BOOLEAN, Aggregation.COUNT_YES),
}
_MEASURE = re.compile(r"^(nombre|taux|part|montant|existence)(?: total| moyen)? (?:de |des |du |d')|^(pourcentage)\b")
_COUNT_QUESTION = re.compile(r"^combien\b")
_OPEN_QUESTION = re.compile(r"^(?:qu'est-ce qu|qu'est ce qu|comment\b|quel(?:le)?s?\b|pourquoi\b|en quoi\b)")
_CLOSED_QUESTION = re.compile(r"^est-ce qu")
_OPEN_ANSWER = IndicatorGuess(IndicatorKind.TEXT, Aggregation.NONE)
_YES_NO_ANSWER = IndicatorGuess(IndicatorKind.BOOLEAN, Aggregation.SHARE_YES, comment_asked=True)


def guess_indicator(text: str) -> IndicatorGuess | None:
    """How a line of the results list is measured, or None when it is an expected result."""
    folded = fold(text)
    match = _MEASURE.match(folded)
    if match:
        return _MEASURES[match[1] or match[2]]
    if _COUNT_QUESTION.match(folded):
        return _MEASURES["nombre"]
    if _OPEN_QUESTION.match(folded):
        return _OPEN_ANSWER
    if "?" in folded or _CLOSED_QUESTION.match(folded):
        return _YES_NO_ANSWER
    return None


def indicator_label(text: str) -> str:
    """The label as written, without the full stop or semicolon that ends a list item."""
    return text.rstrip(" .;")


def split_results_item(text: str) -> list[tuple[str, IndicatorGuess | None]]:
    """A results item as (text, guess) pairs: "question + Nombre de …" gives two indicators."""
    parts = [part.strip() for part in re.split(r"\s\+\s", text) if part.strip()]
    if len(parts) > 1:
        guesses = [guess_indicator(part) for part in parts]
        if all(guesses):
            return list(zip(parts, guesses, strict=True))
    return [(text, guess_indicator(text))]


# Échéances, read on fold(): "action 1 : 2023 a 2026", "actions 1, 2 et 3 : 2022-2026", "2024".
_PERIOD = r"(?:de |en )?(?P<first>\d{4})(?: ?(?:a|au|-|–|—|/) ?(?P<last>\d{4}))?"
_NUMBERS = r"(?P<numbers>\d{1,3}(?: ?(?:,|et|&|a|-) ?\d{1,3})*)"
_FOR_ACTIONS = re.compile(rf"^actions? (?:n ?° ?)?{_NUMBERS} ?[:–—-] ?{_PERIOD} ?\.?$")
_FOR_ALL = re.compile(rf"^{_PERIOD} ?\.?$")
_LOOKS_LIKE_ECHEANCE = re.compile(r"\b\d{4}\b|^actions?\b")


@dataclass(frozen=True)
class Echeance:
    numbers: tuple[int, ...] | None  # None: every action of the fiche
    first_year: int
    last_year: int


def looks_like_echeance(text: str) -> bool:
    return bool(_LOOKS_LIKE_ECHEANCE.search(fold(text)))


def parse_echeance(text: str) -> Echeance | None:
    """The échéance written on a line, or None when the line cannot be read."""
    folded = fold(text)
    match = _FOR_ACTIONS.match(folded) or _FOR_ALL.match(folded)
    if not match:
        return None
    first = int(match["first"])
    last = int(match["last"] or first)
    if "numbers" not in match.groupdict():
        return Echeance(None, first, last)
    numbers = []
    for token in re.split(r" ?(?:,|et|&) ?", match["numbers"]):
        bounds = [int(bound) for bound in re.split(r" ?(?:a|-) ?", token.strip())]
        if len(bounds) == 2 and bounds[0] < bounds[1]:
            numbers.extend(range(bounds[0], bounds[1] + 1))
        else:
            numbers.extend(bounds)
    return Echeance(tuple(numbers), first, last)


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

"""Échéances: "Action 1 : 2023 à 2026", "Actions 1 et 3 : de 2022 à 2026", "Actions 1 à 3 : 2023-2026",
"Toutes les actions : 2022/2026", a bare "2023 à 2026" or "2024" for the whole fiche, "En continu" (the schéma's
period), with or without a bullet, a trailing ";" or ".".
"""

import re
from dataclasses import dataclass

from ..importer_text import fold

_YEAR = r"(?:19|20)\d{2}"
_PERIOD = (
    rf"(?:(?:de|en|sur|periode|annee|annees)\s+)?(?P<first>{_YEAR})"
    rf"(?:\s*(?:a|au|-|–|—|/|jusqu'?en|et|\s)\s*(?P<last>{_YEAR}))?"
)
_CONTINUOUS = r"(?P<continuous>en continu|tout au long du schema|toute la duree du schema|permanent(?:e)?)"
_WHEN = rf"(?:{_PERIOD}|{_CONTINUOUS})"
_NUMBERS = r"(?P<numbers>\d{1,3}(?:\s*(?:,|et|&|a|-)\s*\d{1,3})*)"
_FOR_ACTIONS = re.compile(rf"^actions?\s*(?:n\s*[°o]\s*)?{_NUMBERS}\s*(?::|–|—|-|\s)\s*{_WHEN}\s*[.;]?$")
_FOR_ALL = re.compile(rf"^(?:(?:toutes les|pour toutes les|l'ensemble des|chaque) actions?\s*(?::|–|—|-)?\s*)?{_WHEN}\s*[.;]?$")
_LOOKS_LIKE = re.compile(rf"\b{_YEAR}\b|^actions?\b|^toutes les actions|\ben continu\b")


@dataclass(frozen=True)
class Echeance:
    numbers: tuple[int, ...] | None  # None: every action of the fiche (not named elsewhere)
    first_year: int | None
    last_year: int | None
    continuous: bool = False  # "En continu": the schéma's period


_IN_BRACKETS = re.compile(
    r"\s*\(\s*(?:[ée]ch[ée]ance\s*:?\s*)?((?:19|20)\d{2}(?:\s*(?:à|a|-|–|/)\s*(?:19|20)\d{2})?)\s*\)\s*[.;]?$"
)


def bracketed_echeance(text: str) -> tuple[str, str] | None:
    """ "Former les bénévoles (2023-2025)": (text without the brackets, "2023-2025")."""
    match = _IN_BRACKETS.search(text)
    if not match:
        return None
    return text[: match.start()].rstrip(), match[1]


def looks_like_echeance(text: str) -> bool:
    return bool(_LOOKS_LIKE.search(fold(text)))


def parse_echeance(text: str) -> Echeance | None:
    """The échéance written on a line, or None when the line cannot be read."""
    folded = re.sub(r"\s*\([^)]*\)\s*([.;]?)$", r"\1", fold(text).replace("’", "'"))  # "2023 à 2026 (bilan en 2025)"
    match = _FOR_ACTIONS.match(folded) or _FOR_ALL.match(folded)
    if not match:
        return None
    groups = match.groupdict()
    continuous = bool(groups.get("continuous"))
    first = int(groups["first"]) if groups.get("first") else None
    last = int(groups["last"]) if groups.get("last") else first
    if not groups.get("numbers"):
        return Echeance(None, first, last, continuous)
    numbers: list[int] = []
    for token in re.split(r"\s*(?:,|et|&)\s*", groups["numbers"]):
        bounds = [int(bound) for bound in re.split(r"\s*(?:a|-)\s*", token.strip())]
        if len(bounds) == 2 and bounds[0] < bounds[1]:
            numbers.extend(range(bounds[0], bounds[1] + 1))
        else:
            numbers.extend(bounds)
    return Echeance(tuple(numbers), first, last, continuous)

"""Results and indicators as the Caf means them.

Kind, from the first words: "Nombre (annuel, total) de", "Nb de", "Combien" → whole number, summed; "Nombre moyen
de", "Moyenne de", "<mesure> moyenne" → decimal, averaged; "Taux de",
"Part de", "Pourcentage", "%" → percentage, averaged; "Montant", "Budget" → euros, summed; "Existence (ou non)
de" → yes/no, count of "oui"; an open question ("Qu'est-ce que", "Comment", "Quel", "En quoi", "Pourquoi") → free
text; any other question → yes/no with a comment, share of "oui". "Nombre et type de" asks a comment beside the
number. Under an INDICATEURS heading a label of no known shape is still an indicator (free text, flagged).

Level: what the application already holds is computed at the schéma's level, its source named (conventions
tripartites or CTG signed, share of structures answering SENACS, number of centres sociaux or EVS, actions done);
a count of structures or agréments is the schéma's figure, entered once a year; the rest is asked of each structure.
"""

import re
from dataclasses import dataclass

from indicateurs.enums import Aggregation, ComputedSource, IndicatorKind, IndicatorLevel

from ..importer_text import fold


@dataclass(frozen=True)
class Guess:
    kind: str
    aggregation: str
    unit: str = ""
    comment_asked: bool = False


INTEGER = Guess(IndicatorKind.INTEGER, Aggregation.SUM)
PERCENTAGE = Guess(IndicatorKind.PERCENTAGE, Aggregation.MEAN, "%")
AMOUNT = Guess(IndicatorKind.AMOUNT, Aggregation.SUM, "€")
EXISTENCE = Guess(IndicatorKind.BOOLEAN, Aggregation.COUNT_YES)
OPEN_ANSWER = Guess(IndicatorKind.TEXT, Aggregation.NONE)
YES_NO = Guess(IndicatorKind.BOOLEAN, Aggregation.SHARE_YES, comment_asked=True)
COUNT_AND_KIND = Guess(IndicatorKind.INTEGER, Aggregation.SUM, comment_asked=True)
AVERAGE = Guess(IndicatorKind.DECIMAL, Aggregation.MEAN)

_OF = r"(?:de |des |du |d'|d )"
_SHAPES = [
    (re.compile(rf"^(?:nombre|nb\.?) et (?:type|nature|liste)s? {_OF}"), COUNT_AND_KIND),
    (re.compile(rf"^(?:nombre|nb\.?) moyen {_OF}|^moyenne {_OF}"), AVERAGE),
    (re.compile(rf"^(?:nombre|nb\.?)(?: (?:total|annuel|global|cumule))? {_OF}"), INTEGER),
    (re.compile(r"^(?:nombre|nb\.?) (?:annuel|total) "), INTEGER),
    (re.compile(r"^combien\b"), INTEGER),
    (re.compile(rf"^(?:taux|part|proportion)(?: moyen(?:ne)?| annuel(?:le)?)? {_OF}"), PERCENTAGE),
    (re.compile(r"^(?:pourcentage\b|% |%$|pourcentage)"), PERCENTAGE),
    (re.compile(r"^(?:montant|budget|cout)s?\b"), AMOUNT),
    (re.compile(rf"^existence(?: ou non| ou absence)? {_OF}"), EXISTENCE),
]
_OPEN_QUESTION = re.compile(
    r"^(?:qu'est-ce qu|qu'est ce qu|qu est-ce qu|qu est ce qu|comment\b|quel(?:le)?s?\b|pourquoi\b|en quoi\b|de quelle)"
)
_CLOSED_QUESTION = re.compile(r"^est-ce qu|^est ce qu")
_FOLLOW_UP = re.compile(r"\?\s*(?:si oui|si non|lesquel(?:le)?s|lequel|laquelle|comment|pourquoi|precisez)\b[^?]*\?\s*$")


_ANYWHERE = [
    (re.compile(r"\(?\s*oui\s*/\s*non\s*\)?"), EXISTENCE),
    (re.compile(r"\((?:en )?%\)|\ben %"), PERCENTAGE),
    (re.compile(r"\((?:en )?(?:€|euros?)\)|\ben (?:€|euros?)\b"), AMOUNT),
]


_AVERAGE_OF = re.compile(r"^(?!(?:les|des|le|la|du|de|aux|vos|nos) )[a-z']+ moyen(?:ne)?s?\b")


def guess(text: str) -> Guess | None:
    """How an item is measured, or None when it is an expected result."""
    folded = fold(text).replace("’", "'")
    for pattern, found in _SHAPES:
        if pattern.match(folded):
            return found
    # "Fréquentation moyenne par séance", "Durée moyenne …": a mean, not a count
    if "?" not in folded and _AVERAGE_OF.match(folded):
        return AVERAGE
    for pattern, found in _ANYWHERE:  # "Comité d'usagers en place (oui/non)", "Reste à charge des familles (en €)"
        if pattern.search(folded):
            return found
    if _OPEN_QUESTION.match(folded):
        return OPEN_ANSWER
    if "?" in folded or _CLOSED_QUESTION.match(folded):
        return YES_NO
    return None


def questions_in(text: str) -> int:
    """How many questions a label asks; "… ? Si oui, comment ?" is one question and its follow-up."""
    count = text.count("?")
    if count >= 2 and _FOLLOW_UP.search(fold(text)):
        count -= 1
    return count


def label(text: str) -> str:
    """The label as written, without the full stop or semicolon that ends a list item."""
    return text.strip().rstrip(" .;")


def split_item(text: str) -> list[tuple[str, Guess | None]]:
    """An item as (text, guess) pairs: "question + Nombre de …" gives two indicators."""
    parts = [part.strip() for part in re.split(r"\s\+\s", text) if part.strip()]
    if len(parts) > 1:
        guesses = [guess(part) for part in parts]
        if all(guesses):
            return list(zip(parts, guesses, strict=True))
    return [(text, guess(text))]


_STRUCTURES = (
    r"(?:centres? sociaux|centres? social|espaces? de vie sociale|evs"
    r"|structures?(?: avs| d'animation de la vie sociale| agreees)?)"
)
_SOURCES = [
    (
        re.compile(r"^(?:nombre|nb) de conventions tripartites(?: signees)?(?: dans l'annee)?$"),
        ComputedSource.TRIPARTITE_CONVENTIONS_SIGNED,
    ),
    (
        re.compile(r"^(?:nombre|nb) de (?:conventions territoriales globales|ctg)(?: signees)?(?: dans l'annee)?$"),
        ComputedSource.CTG_SIGNED,
    ),
    (
        re.compile(
            r"^(?:taux|part|pourcentage|%) (?:de |des )?(?:participation|reponse|structures ayant repondu)s? "
            r"(?:a |au |de )?(?:l'observatoire )?senacs$"
        ),
        ComputedSource.SENACS_SHARE,
    ),
    (re.compile(r"^(?:nombre|nb) de centres sociaux(?: agrees)?$"), ComputedSource.CENTRES_SOCIAUX_COUNT),
    (re.compile(r"^(?:nombre|nb) d(?:'| )(?:espaces de vie sociale|evs)(?: agrees)?$"), ComputedSource.EVS_COUNT),
    (re.compile(r"^(?:nombre|nb) d(?:'| )actions (?:realisees|menees a terme)(?: du schema)?$"), ComputedSource.ACTIONS_DONE),
]
# A count of structures or agréments of the territory (new ones, ones agreed…) is one figure for the schéma.
_SCHEMA_COUNT = re.compile(
    rf"^(?:nombre|nb) (?:de |d'|d )(?:nouveaux |nouvelles )?(?:{_STRUCTURES}|agrements?)"
    r"(?: (?:nouvellement )?(?:agree|cree|ouvert)e?s?)?(?: dans l'annee)?$"
)


def level_and_source(text: str) -> tuple[str, str]:
    """(IndicatorLevel, ComputedSource or "") for an indicator's label."""
    folded = fold(label(text)).replace("’", "'")
    for pattern, source in _SOURCES:
        if pattern.match(folded):
            return IndicatorLevel.SCHEMA, source
    if _SCHEMA_COUNT.match(folded):
        return IndicatorLevel.SCHEMA, ""
    return IndicatorLevel.STRUCTURE, ""

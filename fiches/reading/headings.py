"""Section headings: the known ones and their synonyms, action headings, and lines that only look like a heading.

Headings are compared by `key()`: case, accents, apostrophes (even lost ones: "D ACTION") and punctuation do not
matter, nor a numbering in front ("1. DIAGNOSTIC", "II - Diagnostic"), nor a transcript gluing the words together
("PARTENAIRESIMPLIQUÉS").
"""

import functools
import re
from dataclasses import dataclass

from ..importer_rules import ORGANISATION_ALIASES
from ..importer_text import key

# key → section. The sections of a fiche, in the order of the seeds, plus "actions" (a numbered list of actions),
# "expected" and "indicators" (résultats attendus and indicateurs in two sections; "results" when they share one).
_HEADINGS = {
    "diagnostic": ("diagnostic", "diagnostic partage", "constat", "constats", "contexte", "contexte et diagnostic"),
    "principles": (
        "definitions et principes d action",
        "definition et principes d action",
        "definitions et principes",
        "principes d action",
        "principes d intervention",
        "definitions",
    ),
    "publics": (
        "publics et territoires",
        "public et territoires",
        "publics et territoire",
        "publics cibles",
        "public cible",
        "public vise",
        "publics vises",
        "publics concernes",
        "publics",
        "public",
        "territoires concernes",
    ),
    "pilotage": (
        "pilotage coordination",
        "pilotage et coordination",
        "pilotage",
        "pilote",
        "pilotes",
        "pilote s",
        "copilotage",
        "coordination",
        "pilotes et coordination",
        "porteur",
        "porteurs",
        "porteur s",
    ),
    "partners_text": (
        "partenaires impliques",
        "partenaires associes",
        "partenaires mobilises",
        "partenaires concernes",
        "partenaires",
        "partenariat",
        "acteurs impliques",
        "partenaires et acteurs",
    ),
    "resources": (
        "ressources et financements",
        "ressources financements",
        "ressources et financement",
        "moyens mobilises",
        "moyens et financements",
        "moyens",
        "ressources",
        "ressources mobilisees",
        "financements",
        "financement",
        "moyens financiers",
    ),
    "actions": ("actions", "les actions", "actions a mener", "actions envisagees", "actions prevues", "plan d actions"),
    "schedule": ("echeances", "echeance", "echeancier", "echeancier previsionnel", "echeances previsionnelles"),
    "results": (
        "resultats attendus indicateurs d evaluation",
        "resultats attendus et indicateurs d evaluation",
        "resultats attendus et indicateurs",
        "resultats attendus indicateurs",
        "resultats et indicateurs",
        "resultats attendus et indicateurs de suivi",
    ),
    "expected": ("resultats attendus", "resultats", "resultats escomptes"),
    "indicators": (
        "indicateurs d evaluation",
        "indicateurs",
        "indicateurs de suivi",
        "indicateurs de resultat",
        "indicateurs de resultats",
        "indicateurs de suivi et d evaluation",
        "indicateurs d evaluation et de suivi",
    ),
}
# Headings that name a section only when the fiche has no section of that name under its usual heading:
# a "CALENDRIER" beside "ÉCHÉANCES" is something else, kept apart.
_WEAK_HEADINGS = {"calendrier": "schedule", "calendrier previsionnel": "schedule", "calendrier de mise en oeuvre": "schedule"}
SECTION_OF = {heading: section for section, headings in _HEADINGS.items() for heading in headings}
_GLUED = {heading.replace(" ", ""): heading for heading in (*SECTION_OF, *_WEAK_HEADINGS)}
SECTION_TITLES = {
    "diagnostic": "DIAGNOSTIC",
    "principles": "DÉFINITIONS ET PRINCIPES D'ACTION",
    "publics": "PUBLICS ET TERRITOIRES",
    "pilotage": "PILOTAGE / COORDINATION",
    "partners_text": "PARTENAIRES IMPLIQUÉS",
    "resources": "RESSOURCES ET FINANCEMENTS",
    "actions": "ACTIONS",
    "schedule": "ÉCHÉANCES",
    "results": "RÉSULTATS ATTENDUS + INDICATEURS D'ÉVALUATION",
    "expected": "RÉSULTATS ATTENDUS",
    "indicators": "INDICATEURS D'ÉVALUATION",
}

# A heading of no listed form that starts like a known one ("INDICATEURS DE RÉUSSITE", "PARTENAIRES FINANCIERS"):
# the first words tell the section, when the line is a heading by its form (capitals, a final colon).
_STARTS = [
    (re.compile(r"^resultats\b.*\bindicateurs\b"), "results"),
    (re.compile(r"^indicateurs?\b"), "indicators"),
    (re.compile(r"^resultats?\b"), "expected"),
    (re.compile(r"^(?:partenaires financ|financeurs?\b|financements?\b|moyens\b|ressources\b|budget previsionnel)"), "resources"),
    (re.compile(r"^partenaires?\b|^partenariats?\b"), "partners_text"),
    (re.compile(r"^(?:pilot|co-?pilot|coordination\b)"), "pilotage"),
    (re.compile(r"^echeanc"), "schedule"),
    (re.compile(r"^diagnostics?\b"), "diagnostic"),
    (re.compile(r"^publics?\b"), "publics"),
    (re.compile(r"^(?:definitions?|principes?)\b"), "principles"),
]
_NUMBERING = re.compile(r"^(?:\d{1,2}|[ivx]{1,4}|[a-h])(?:\s*[.)–—-]\s*|\s+)(?=[a-z])")
_ACTION = re.compile(
    r"^action\s*(?:n\s*[°º]\s*|no\.?\s*|n\.\s*|numero\s*)?(\d{1,3}(?:\.\d{1,3}){0,4})\s*(?:(?:[-–—:.)]|\s)\s*(.*))?$",
    re.IGNORECASE,
)
_INLINE = re.compile(r"^(?P<head>[^:\t]{3,60}?)\s*(?::|\t)\s*(?P<rest>.+)$")


@dataclass(frozen=True)
class Heading:
    section: str  # a section of SECTION_TITLES, "action", or "" for an unknown heading
    inline: str = ""  # text written on the heading's line, after it
    number: int | None = None  # the action's number
    weak: bool = False
    glued: bool = False  # "PARTENAIRESIMPLIQUÉS"


@functools.lru_cache(maxsize=4096)
def known_section(text: str) -> tuple[str, bool, bool] | None:
    """(section, weak, glued) when the text is a known heading, else None."""
    if len(text) > 90:
        return None
    name = key(text)
    name = _NUMBERING.sub("", name)
    if name in SECTION_OF:
        return SECTION_OF[name], False, False
    if name in _WEAK_HEADINGS:
        return _WEAK_HEADINGS[name], True, False
    compact = name.replace(" ", "")
    if compact in _GLUED:
        heading = _GLUED[compact]
        return (SECTION_OF.get(heading) or _WEAK_HEADINGS[heading]), heading in _WEAK_HEADINGS, " " in heading
    if len(name.split()) <= 6 and looks_like_heading(text):
        section = next((section for pattern, section in _STARTS if pattern.match(name)), None)
        if section:
            return section, False, False
    return None


def action_heading(text: str) -> tuple[int, str] | None:
    """(number, text written after it) for "ACTION 2", "Action n°2 :", "Action 2 – Soutenir…", "Action 2.1.2.3"."""
    if text[:6].lower() != "action":
        return None
    match = _ACTION.match(text)
    if not match:
        return None
    return int(match[1].split(".")[-1]), (match[2] or "").strip()


def heading_of(text: str, cells: list[str] | None = None) -> Heading | None:
    """The heading a line opens, with what is written after it on the line; None for a line of text."""
    if cells:
        found = known_section(cells[0])
        if found:
            return Heading(found[0], "\t".join(cells[1:]), weak=found[1], glued=found[2])
        action = action_heading(cells[0])
        if action:
            return Heading("action", "\t".join([action[1], *cells[1:]]).strip("\t"), number=action[0])
    action = action_heading(text)
    if action:
        return Heading("action", action[1], number=action[0])
    found = known_section(text)
    if found:
        return Heading(found[0], weak=found[1], glued=found[2])
    glued = _capitals_then_text(text)
    if glued:
        return glued
    match = _INLINE.match(text)
    if match:
        found = known_section(match["head"])
        if found and not found[2]:
            return Heading(found[0], match["rest"].strip(), weak=found[1])
    return None


@functools.lru_cache(maxsize=4096)
def _capitals_then_text(text: str) -> Heading | None:
    """ "DIAGNOSTIC Les territoires sont…": a heading in capitals run into its text by a transcript."""
    words = text.split(" ")
    upper = 0
    while upper < 8 and upper < len(words) and words[upper] == words[upper].upper():
        if not any(char.isalpha() for char in words[upper]) and words[upper] not in ("/", "+", "&", "-"):
            break
        if words[upper] == "-" and upper + 1 < len(words) and any(char.islower() for char in words[upper + 1]):
            break  # "PUBLICS ET TERRITOIRES - Centres sociaux…": the dash is the text's bullet
        upper += 1
    if not 0 < upper < len(words) or not any(char.islower() for char in words[upper]) and words[upper][:1] not in "-•➔":
        return None
    found = known_section(" ".join(words[:upper]))
    if found is None or found[2]:
        return None
    return Heading(found[0], " ".join(words[upper:]), weak=found[1])


def looks_like_heading(text: str) -> bool:
    """A short line in capitals, or a short line ending with ":", that is not a known heading."""
    if len(text) > 80:
        return False
    bare = text.rstrip(" :")
    words = bare.split()
    letters = sum(map(str.isalpha, bare))
    if not words or len(words) > 9 or bare.endswith((".", ";", ",")) or letters < 4:
        return False
    if bare == bare.upper():
        return len(words) > 1 or (letters >= 5 and key(bare) not in ORGANISATION_ALIASES)
    return text.endswith(":") and len(words) <= 6 and bare[:1].isupper()

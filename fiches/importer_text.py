"""Text helpers of the fiche importer: line cleaning, folding for comparisons, bullets and headings.

Pure functions, no database: see `fiches.importer` for the format itself.
"""

import re
import unicodedata

# Characters that Word and PDF exports put where a plain space or apostrophe is meant.
_ODD_SPACES = "\u00a0\u202f\u2007\u2009\u2002\u2003\u2005\t"
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_APOSTROPHES = "\u2019\u2018\u02bc\u0060\u00b4\u2032"
_CLEAN_TABLE = str.maketrans({**dict.fromkeys(_ODD_SPACES, " "), **dict.fromkeys(_INVISIBLE)})
_APOSTROPHE_TABLE = str.maketrans(dict.fromkeys(_APOSTROPHES, "'"))
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE"})

ARROWS = "➔→►➜➢➤⇒"
# "- ➔ text", "- text", "• text", "➔ text": a dash needs a space after it, the other marks do not.
_BULLET = re.compile(rf"^(?:[-–—*](?=\s|$)|[•●▪◦■□✓✔{ARROWS}])\s*(?:[{ARROWS}]\s*)?")

# "ACTION 2", "Action n° 2", and outside the échéances "Action 2 - Soutenir …" with the text inline.
_ACTION_HEADING = re.compile(r"^action\s*(?:n\s*°\s*|no\.?\s*)?(\d{1,3})\s*(?:[-–—:.]\s*(.*))?$", re.IGNORECASE)

# Section headings, compared by key(): accents, case, apostrophes and punctuation do not matter.
SECTION_HEADINGS = {
    "diagnostic": "diagnostic",
    "definitions et principes d action": "principles",
    "definitions et principes": "principles",
    "principes d action": "principles",
    "publics et territoires": "publics",
    "pilotage coordination": "pilotage",
    "pilotage et coordination": "pilotage",
    "pilotage": "pilotage",
    "partenaires impliques": "partners_text",
    "partenaires": "partners_text",
    "ressources et financements": "resources",
    "ressources financements": "resources",
    "financements": "resources",
    "echeances": "schedule",
    "echeance": "schedule",
    "resultats attendus indicateurs d evaluation": "results",
    "resultats attendus et indicateurs d evaluation": "results",
    "resultats attendus": "results",
    "indicateurs d evaluation": "results",
    "indicateurs": "results",
}


def clean_line(raw: str) -> str:
    """The line as written, with odd spaces made plain, runs of spaces collapsed and invisible characters removed."""
    return re.sub(r" {2,}", " ", raw.translate(_CLEAN_TABLE)).strip()


def fold(text: str) -> str:
    """Lower-case, accent-free, straight-apostrophe form of a text, for comparisons only."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_APOSTROPHE_TABLE).translate(_LIGATURES))
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return re.sub(r"\s+", " ", bare).strip().lower()


def key(text: str) -> str:
    """fold() with every run of punctuation made a single space: "PILOTAGE / COORDINATION" → "pilotage coordination"."""
    return re.sub(r"[^a-z0-9]+", " ", fold(text)).strip()


def split_bullet(line: str) -> tuple[bool, str]:
    """(is it a bullet, the text without its marker)."""
    match = _BULLET.match(line)
    if not match:
        return False, line
    return True, line[match.end() :].strip()


def heading_of(line: str, *, in_schedule: bool = False) -> tuple[str, int | None, str] | None:
    """("action", number, inline text) or (section, None, "") when the line is a heading, else None.

    Inside ÉCHÉANCES, "Action 1 : 2023 à 2026" is an échéance, so only a bare "ACTION 3" starts an action there.
    """
    match = _ACTION_HEADING.match(line)
    if match and not (in_schedule and match[2]):
        return "action", int(match[1]), (match[2] or "").strip()
    section = SECTION_HEADINGS.get(key(line))
    if section:
        return section, None, ""
    return None


def shorten(text: str, width: int = 60) -> str:
    """A text cut for an error message."""
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"

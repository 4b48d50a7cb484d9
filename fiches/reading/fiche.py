"""One fiche: its header (axis, orientation, code, title) and its body cut into sections.

A line that looks like a heading but is not a known one opens a section kept apart ("autres rubriques"), reported;
its text never joins the section above. Under a results or indicators heading, sub-headings such as "Indicateurs
quantitatifs :" tell what the items under them are and are neither a result nor an indicator.
"""

from dataclasses import dataclass, field

from ..importer import ParsedFiche
from ..importer_rules import guess_organisation_kind
from ..importer_text import fold, shorten
from . import Doubt
from .clean import Line, doubt_at, split_mark
from .content import fill_fiche
from .headings import SECTION_TITLES, Heading, heading_of, known_section, looks_like_heading
from .schedule import bracketed_echeance, parse_echeance

TITLE_MAX_LENGTH = 500
EXAMPLES = {
    "axis": "« 2 - Confirmer la fonction … » ou « AXE 2 : … »",
    "orientation": "« 2.1 - Accompagner les structures … »",
}
_SUB_HEADINGS = {"indicateur": "indicators", "resultat": "expected", "quantitati": "indicators", "qualitati": "indicators"}
# Sections a fiche opens with: met again after its actions, they are the start of another fiche.
_OPENING_SECTIONS = ("diagnostic", "principles")


@dataclass
class Segment:
    section: str  # a key of SECTION_TITLES, "action", or "other" (unknown heading) / "intro" (before any heading)
    heading: str  # as written
    line: Line | None
    lines: list[Line] = field(default_factory=list)
    number: int | None = None  # an action's
    weak: bool = False
    echeance: tuple[Line, str] | None = None  # an échéance written with the action: (line, text)


def read_fiche(headers, context, lines: list[Line], doubts: list[Doubt], *, period) -> ParsedFiche:
    fiche = _header_fiche(headers, context, doubts)
    segments = _segments(lines, fiche, doubts)
    fill_fiche(fiche, segments, doubts, period=period)
    return fiche


def _header_fiche(headers, context, doubts) -> ParsedFiche:
    header = headers["fiche"]
    if "axis" in headers:  # a new axis: the orientation of the fiches read before is not this fiche's
        axis, orientation = headers["axis"], headers.get("orientation")
    else:
        axis, orientation = context["axis"], headers.get("orientation") or context["orientation"]
    code, number = header.code, header.number
    fiche = ParsedFiche(0, "", "", "", code, header.title, header.line.number)
    if axis is None:
        doubts.append(
            doubt_at(
                f"La ligne de l'axe (par exemple {EXAMPLES['axis']}) manque avant la fiche {code}.", header.line, blocking=True
            )
        )
    else:
        fiche.axis_number, fiche.axis_title = int(axis.number), axis.title
    parts = number.split(".")
    if orientation is not None:
        fiche.orientation_number, fiche.orientation_title = orientation.number, orientation.title
        if axis is not None and orientation.number.split(".")[0] != axis.number:
            doubts.append(
                doubt_at(
                    f"L'orientation {orientation.number} n'appartient pas à l'axe {axis.number}.", orientation.line, blocking=True
                )
            )
        elif len(parts) >= 3 and [int(part) for part in parts[:2]] != [int(part) for part in orientation.number.split(".")]:
            doubts.append(
                doubt_at(f"La fiche {code} n'appartient pas à l'orientation {orientation.number}.", header.line, blocking=True)
            )
    elif axis is not None and len(parts) <= 2:
        # A two-level schéma: the fiche sits under its axis, in an orientation that stands for the axis itself.
        fiche.orientation_number, fiche.orientation_title = axis.number, axis.title
        doubts.append(
            doubt_at(f"Pas d'orientation : la fiche {code} est rangée directement sous l'axe {axis.number}.", header.line)
        )
        if len(parts) == 2 and parts[0] != axis.number:
            doubts.append(doubt_at(f"La fiche {code} n'appartient pas à l'axe {axis.number}.", header.line, blocking=True))
    elif axis is not None:
        doubts.append(
            doubt_at(
                f"La ligne de l'orientation (par exemple {EXAMPLES['orientation']}) manque avant la fiche {code}.",
                header.line,
                blocking=True,
            )
        )
    for element, title in (("axe", fiche.axis_title), ("orientation", fiche.orientation_title), ("fiche", fiche.title)):
        if len(title) > TITLE_MAX_LENGTH:
            doubts.append(
                doubt_at(f"Intitulé de {element} trop long (plus de {TITLE_MAX_LENGTH} caractères).", header.line, blocking=True)
            )
    if not fiche.title:
        doubts.append(
            doubt_at(
                f"La fiche {code} n'a pas d'intitulé : écrivez-le après le code ou sur une ligne « Intitulé : … ».",
                header.line,
                blocking=True,
            )
        )
    context["axis"] = axis
    context["orientation"] = orientation
    return fiche


def _content(line: Line, text: str) -> Line:
    """A line of content written after a heading on the heading's line."""
    bullet, ordinal, bare = split_mark(text)
    return Line(line.number, line.page, bare, bullet, ordinal, raw=text)


def _sub_heading(text: str) -> str | None:
    name = fold(text).lstrip("- ")
    return next((section for start, section in _SUB_HEADINGS.items() if name.startswith(start)), None)


def _wrapped_heading(lines: list[Line], index: int) -> Heading | None:
    """A known heading cut over two lines by a PDF ("RÉSULTATS ATTENDUS + INDICATEURS" / "D'ÉVALUATION")."""
    following = next((line for line in lines[index + 1 : index + 2] if line.text), None)
    if following is None or following.bullet or not looks_like_heading(following.text):
        return None
    found = known_section(f"{lines[index].text} {following.text}")
    return Heading(found[0], weak=found[1]) if found else None


_LIST_SECTIONS = ("pilotage", "partners_text", "resources", "actions", "schedule", "results", "expected", "indicators")


def _capitals(lines: list[Line], index: int, current: Segment) -> str:
    """What a line that looks like a heading is: "heading"; "item" of a list written in capitals (organisations
    "CAF DE LA DRÔME", results…); "empty", a heading-like line with nothing under it before the next heading."""
    if current.section in ("pilotage", "partners_text", "resources") and guess_organisation_kind(lines[index].text) != "autre":
        return "item"
    following = next((line for line in lines[index + 1 : index + 40] if line.text), None)
    alone = following is None or (
        not following.bullet and (heading_of(following.text, following.cells) is not None or looks_like_heading(following.text))
    )
    if not alone:
        return "heading"
    return "item" if current.section in _LIST_SECTIONS else "empty"


def _segments(lines: list[Line], fiche: ParsedFiche, doubts: list[Doubt]) -> list[Segment]:
    segments: list[Segment] = [Segment("intro", "", None)]
    skip = set()
    for index, line in enumerate(lines):
        if index in skip:
            continue
        current = segments[-1]
        if not line.text:
            current.lines.append(line)
            continue
        if line.continued:
            current.lines.append(_content(line, line.text if not line.bullet else line.raw))
            continue
        heading = None
        if not line.bullet or (line.ordinal and known_section(line.text) and current.section != "actions"):
            heading = heading_of(line.text if not line.bullet else line.text, line.cells)
        if heading and heading.section == "action" and current.section == "schedule" and heading.inline:
            heading = None  # "Action 1 : 2023 à 2026" under ÉCHÉANCES is an échéance
        if heading and heading.section == "schedule" and current.section == "action" and heading.inline:
            echeance = parse_echeance(heading.inline)
            if echeance is not None and echeance.numbers is None:
                current.echeance = (line, heading.inline)
                continue
        if heading is None and not line.bullet and (looks_like_heading(line.text) or line.styled):
            if current.section in ("results", "expected", "indicators") and _sub_heading(line.text):
                current.lines.append(Line(line.number, line.page, "", raw=f"\x00{_sub_heading(line.text)}"))
                continue
            heading = _wrapped_heading(lines, index)
            if heading:
                skip.add(index + 1)
            elif line.styled or _capitals(lines, index, current) == "heading":
                heading = Heading("other")
            elif _capitals(lines, index, current) == "empty":
                reason = f"Ligne « {shorten(line.text)} » sans texte sous elle avant la rubrique suivante : ignorée."
                doubts.append(doubt_at(reason, line))
                continue
        if heading is None:
            current.lines.append(line)
            continue
        written = (line.cells[0] if line.cells else line.text).rstrip(" :")
        if heading.section == "action":
            written = line.text
        segment = Segment(heading.section, written, line, number=heading.number, weak=heading.weak)
        if heading.glued:
            doubts.append(doubt_at(f"Intitulé collé lu comme « {SECTION_TITLES[heading.section]} ».", line))
        if heading.section == "other":
            doubts.append(doubt_at(f"Rubrique inconnue « {shorten(line.text)} » : texte gardé à part (autres rubriques).", line))
        inline = heading.inline
        if heading.section == "action" and "\t" in inline:
            *text_parts, last = inline.split("\t")
            echeance = parse_echeance(last)
            if echeance is not None and echeance.numbers is None:
                segment.echeance, inline = (line, last), " ".join(text_parts)
        if heading.section == "action" and segment.echeance is None and bracketed_echeance(inline):
            inline, written_echeance = bracketed_echeance(inline)
            segment.echeance = (line, written_echeance)
        if inline:
            segment.lines.append(_content(line, inline.replace("\t", " ")))
        segments.append(segment)
    return segments

"""Where each fiche of a document starts: its axis, orientation and fiche lines.

A fiche starts at its fiche line ("PA 2.1.2 - …", "FA 2.1.2 : …", "Fiche action n°3", "Fiche-action 2.1.3 :"). The
axis ("2 - …", "AXE 2 : …", "AXE II – …") and orientation ("2.1 - …", "Orientation 2.1 : …") lines stand just
above it, or just under it as labelled lines ("Axe 1 : …", "Orientation 1.2 : …", "Intitulé : …"); a title may run
over the next lines. A fiche without an axis or orientation line of its own is under the last ones read (a whole
schéma); a fiche under an axis without orientation belongs to a two-level schéma. What comes before the first
fiche's header is a preamble: skipped and reported.
"""

import re
from dataclasses import dataclass

from ..importer_text import shorten
from . import DocumentReading, Doubt, FicheReading
from .clean import Line, clean
from .extract import SourceLine
from .fiche import read_fiche
from .headings import heading_of, looks_like_heading

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10}
_SEP = r"\s*(?:[-–—:]\s*|\.(?!\d)\s*|\s+(?=\S))"
AXIS_LINE = re.compile(
    r"^(?:axe(?:\s+strat[ée]gique|\s+prioritaire)?(?:\s*n\s*[°º]\s*|\s+)(?P<roman>[ivx]{1,4}|\d{1,2})|(?P<number>\d{1,2}))"
    rf"(?:{_SEP}(?P<title>.*))?$",
    re.I,
)
ORIENTATION_LINE = re.compile(
    r"^(?:(?:orientation(?: strat[ée]gique)?|objectif(?: strat[ée]gique| g[ée]n[ée]ral| op[ée]rationnel)?|sous-axe)"
    r"\s*(?:n\s*[°º]\s*)?\s+)?"
    rf"(?P<number>\d{{1,2}}\.\d{{1,2}})(?:{_SEP}(?P<title>.*))?$",
    re.I,
)
FICHE_LINE = re.compile(
    rf"^(?:(?P<prefix>[A-Z]{{1,4}})\s*(?P<number>\d{{1,2}}(?:\.\d{{1,3}}){{1,3}})"
    rf"|(?i:fiches?[\s-]*(?:actions?)?\s*(?:n\s*[°º]\s*|no\.?\s*|num[ée]ro\s*)?)(?:(?P<named>[A-Z]{{1,4}})\s*)?"
    rf"(?P<plain>\d{{1,3}}(?:\.\d{{1,3}}){{0,3}}))"
    rf"(?:{_SEP}(?P<title>.*))?$"
)
_FICHE_WORDS = re.compile(r"^fiches?[\s-]*(?:actions?)?\s*(?:n\s*[°º]|no\b|num)?", re.I)
TITLE_LINE = re.compile(r"^(?:intitul[ée]|titre|libell[ée])(?: de la fiche)?\s*:\s*(?P<title>.+)$", re.I)


@dataclass
class Header:
    kind: str  # "axis", "orientation" or "fiche"
    number: str
    title: str
    line: Line
    code: str = ""


def header_of(line: Line) -> Header | None:
    """The axis, orientation or fiche a line names, if it is such a line."""
    if not line.text or (line.bullet and not line.ordinal):
        return None
    text = line.raw
    match = FICHE_LINE.match(text) if not text.lower().startswith("axe") else None
    if match and (match["prefix"] or _FICHE_WORDS.match(text)):
        number = match["number"] or match["plain"]
        prefix = (match["prefix"] or match["named"] or "FA").upper()  # "Fiche action PA 2.1.2": PA 2.1.2
        return Header("fiche", number, (match["title"] or "").strip(), line, f"{prefix} {number}")
    match = ORIENTATION_LINE.match(text)
    if match and (match["title"] or not text[0].isdigit()):
        return Header("orientation", match["number"], (match["title"] or "").strip(), line)
    match = AXIS_LINE.match(text)
    if match:
        explicit = match["roman"] is not None
        title = match["title"] or ""
        dashed = re.match(r"^\d{1,2}\s*[-–—:]", text)
        capitals = re.match(r"^\d{1,2}\s*\.\s", text) and title == title.upper() and sum(map(str.isalpha, title)) >= 8
        if not explicit and not (title and (dashed or capitals)):  # "2 - …", "2. CONFIRMER …"; not "1. Renforcer …"
            return None
        value = (match["roman"] or match["number"]).lower()
        number = str(_ROMAN[value]) if value in _ROMAN else str(int(value))
        return Header("axis", number, (match["title"] or "").strip(), line)
    return None


def _is_heading(line: Line) -> bool:
    return bool(line.text) and not line.bullet and heading_of(line.text, line.cells) is not None


def _structural(line: Line) -> bool:
    return header_of(line) is not None or _is_heading(line)


def keeps_apart(line: Line) -> bool:
    """Lines never joined to their neighbours by the cleaner: headings and header lines."""
    if line.bullet and not line.ordinal:
        return False
    return (
        line.styled
        or header_of(line) is not None
        or _is_heading(line)
        or looks_like_heading(line.text)
        or bool(TITLE_LINE.match(line.text))
    )


def read_text(sources: list[SourceLine], *, period, wrapped) -> DocumentReading:
    lines, doubts = clean(sources, wrapped=wrapped, keeps_apart=keeps_apart, structural=_structural)
    reading = DocumentReading(filename="", doubts=doubts)
    if not any(line.text for line in lines):
        reading.doubts.append(Doubt("Le fichier est vide.", blocking=True))
        return reading
    anchors = [index for index, line in enumerate(lines) if (header := header_of(line)) and header.kind == "fiche"]
    if not anchors:
        first = next(line for line in lines if line.text)
        reading.doubts.append(
            Doubt(
                "Aucune fiche trouvée : la ligne de la fiche (par exemple « PA 2.1.2 - Promouvoir les expérimentations … » "
                "ou « Fiche action n°3 ») manque.",
                line=first.number,
                page=first.page,
                text=shorten(first.text),
                blocking=True,
            )
        )
        return reading
    starts = [_header_start(lines, anchor, anchors[position - 1] if position else -1) for position, anchor in enumerate(anchors)]
    preamble = [line for line in lines[: starts[0]] if line.text]
    if preamble:
        reading.doubts.append(
            Doubt(
                f"Préambule ignoré (lignes {preamble[0].number} à {preamble[-1].number}) : le texte qui précède "
                "la première fiche n'appartient à aucune fiche.",
                line=preamble[0].number,
                page=preamble[0].page,
                text=shorten(preamble[0].text),
            )
        )
    context: dict[str, Header | None] = {"axis": None, "orientation": None}
    for position, anchor in enumerate(anchors):
        end = starts[position + 1] if position + 1 < len(anchors) else len(lines)
        fiche_doubts: list[Doubt] = []
        headers, body_start = _read_header(lines, starts[position], anchor, end, fiche_doubts)
        fiche = read_fiche(headers, context, lines[body_start:end], fiche_doubts, period=period)
        first = next((item.fiche for item in reading.fiches if item.fiche.code == fiche.code), None)
        if first is not None:
            fiche_doubts.append(
                Doubt(
                    f"La fiche {fiche.code} figure deux fois dans ce fichier (lignes {first.line} et {fiche.line}).",
                    line=fiche.line,
                    blocking=True,
                )
            )
        reading.fiches.append(FicheReading(fiche, sorted(fiche_doubts, key=lambda doubt: doubt.line or 0)))
    return reading


def _runs_above(lines: list[Line], anchor: int, floor: int) -> int:
    """The first line of the header lines right above a fiche line (axis, orientation and their continued titles)."""
    start = anchor
    index = anchor - 1
    while index > floor:
        while index > floor and not lines[index].text:
            index -= 1
        if index <= floor:
            break
        bottom = index
        while index > floor and lines[index].text:
            index -= 1
        run = lines[index + 1 : bottom + 1]
        top = header_of(run[0])
        if top is None or top.kind == "fiche" or any(_is_heading(line) or (line.bullet and not line.ordinal) for line in run):
            break
        start = index + 1
    return start


def _header_start(lines: list[Line], anchor: int, previous_anchor: int) -> int:
    return _runs_above(lines, anchor, previous_anchor)


def _read_header(lines, start, anchor, end, doubts) -> tuple[dict[str, Header], int]:
    """The header lines of a fiche (above and under its fiche line), and where its body starts."""
    headers: dict[str, Header] = {}
    current: Header | None = None
    index = start
    after_blank = False
    while index < end:
        line = lines[index]
        if not line.text:
            after_blank = True
            index += 1
            continue
        if index > anchor and _is_heading(line):
            break
        header = header_of(line)
        title = TITLE_LINE.match(line.text) if index > anchor else None
        if index > anchor and title is None and len(line.cells) > 1 and TITLE_LINE.match(f"{line.cells[0]} : x"):
            title = {"title": " ".join(line.cells[1:])}  # a table row "Intitulé | …"
        if header and header.kind not in headers and (header.kind != "fiche" or index == anchor):
            headers[header.kind] = current = header
        elif title and "fiche" in headers and not headers["fiche"].title:
            headers["fiche"].title, current = title["title"].strip(), headers["fiche"]
        elif current is not None and not after_blank and not line.bullet:
            current.title = f"{current.title} {line.text}".strip()
        elif current is not None and not current.title and not line.bullet:
            current.title = line.text  # "AXE 2" with its title on the next line
        elif index > anchor:
            break
        after_blank = False
        index += 1
    return headers, index

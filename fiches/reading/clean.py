"""Lines as the reader sees them: page furniture removed, hard-wrapped lines joined, bullets recognised.

Page furniture is what a PDF or a public transcript adds to every page: "Page 3 / 12", "Page 14: <titre>", a
running header or footer repeated at the top or bottom of each page, form feeds. A document is "wrapped" when its
lines were cut at the page width (pdftotext, PDF text): a line then continues the one above when that one is long
and does not end a sentence, or when it starts in lower case; "inclu-" + "sion" gives "inclusion".
"""

import re
from dataclasses import dataclass, field

from ..importer_text import clean_line, fold, key, shorten
from . import Doubt
from .extract import HEADING_MARK, SourceLine

ARROWS = "➔→►➜➢➤⇒▶➙➛➝➞"
# A mark that needs a space (or tab) after it, a mark that may be glued to the text, numbered and lettered items.
_SPACED_MARK = r"[-–—*·Øo§\uf000-\uf0ff](?=\s)"
_GLUED_MARK = rf"[•●▪◦■□✓✔❖{ARROWS}]"
_BULLET = re.compile(rf"^(?:{_SPACED_MARK}|{_GLUED_MARK})\s*(?:[{ARROWS}•]\s*)?")
_ORDINAL = re.compile(r"^(\d{1,2})\s*[.)](?=\s)\s*")
_LETTER = re.compile(r"^([a-l])\s*\)\s*|^([a-l])\.(?=\s)\s*")
_PRIVATE_USE = re.compile(r"[\ue000-\uf8ff]")
# A mark alone before a tab: Word's "Texte brut" writes "Ø<tab>text", "§<tab>text", "o<tab>text".
_BARE_MARK = re.compile(rf"^(?:[-–—*·Øo§\uf000-\uf0ff]|{_GLUED_MARK})(?:\s*[{ARROWS}•])?$|^\d{{1,2}}[.)]$|^[a-l][.)]$")

_PAGE_LINE = re.compile(
    r"^(?:page\s*\d{1,4}(?:\s*(?:/|sur)\s*\d{1,4})?(?:\s*[:–—-]\s*.*)?|\d{1,4}\s*(?:/|sur)\s*\d{1,4}|-\s*\d{1,4}\s*-)$"
)
_SENTENCE_END = re.compile(r"[.!?;:]$")


@dataclass
class Line:
    number: int
    page: int | None
    text: str  # cleaned, without its bullet mark; "" for a blank line
    bullet: bool = False
    ordinal: int | None = None  # "1." or "a)" items: their rank
    cells: list[str] = field(default_factory=list)  # a table row pasted as text: "INTITULÉ<tab>contenu<tab>…"
    continued: bool = False  # a line starting with a tab: more of the row above's content
    raw: str = ""  # cleaned, with its mark
    styled: bool = False  # written in a heading style


def split_mark(text: str) -> tuple[bool, int | None, str]:
    """(is it a list item, its rank for "1." or "a)", the text without the mark)."""
    match = _ORDINAL.match(text)
    if match:
        return True, int(match[1]), text[match.end() :].strip()
    match = _LETTER.match(text)
    if match and len(text) > match.end():
        letter = match[1] or match[2]
        return True, ord(letter) - ord("a") + 1, text[match.end() :].strip()
    match = _BULLET.match(text)
    if match and (text[0] != "o" or text[1:2] == "\t" or text[match.end() : match.end() + 1].isupper()):
        return True, None, text[match.end() :].strip()
    return False, None, text


def _line(source: SourceLine) -> Line:
    raw = source.text.replace("\f", "")
    if raw.startswith(HEADING_MARK):
        text = clean_line(raw[1:])
        return Line(source.number, source.page, text, raw=text, styled=True)
    continued = raw[:1] == "\t" and bool(raw.strip())
    parts = [clean_line(part) for part in raw.split("\t")]
    parts = [part for part in parts if part]
    if len(parts) > 1 and _BARE_MARK.match(parts[0]):  # "Ø<tab>text": the tab follows a bullet mark
        ordinal = split_mark(f"{parts[0]} x")[1]
        parts = [" ".join(parts[1:])]
        bullet, bare = True, parts[0]
        text = bare
    else:
        text = " ".join(parts)
        bullet, ordinal, bare = split_mark(text) if text else (False, None, "")
    bare = _PRIVATE_USE.sub("", bare).strip()
    cells = [] if continued or len(parts) < 2 else parts
    return Line(source.number, source.page, bare, bullet, ordinal, cells, continued, _PRIVATE_USE.sub("", text).strip())


def is_page_line(text: str) -> bool:
    return len(text) <= 150 and bool(_PAGE_LINE.match(fold(text)))


def running_lines(lines: list[Line]) -> set[str]:
    """Keys of the lines repeated at the top or bottom of several pages (running header or footer).

    Without form feeds, a page ends where a page number stands ("Page 2 / 5"): the lines next to it are its edges.
    """
    by_page: dict[int, list[Line]] = {}
    page = 1
    for line in lines:
        if not line.text:
            continue
        if line.page:
            page = line.page
        elif is_page_line(line.raw):
            page += 1
            by_page.setdefault(page - 1, []).append(line)
            continue
        by_page.setdefault(page, []).append(line)
    edges: dict[str, set[int]] = {}
    for page, page_lines in by_page.items():
        for line in {id(x): x for x in (*page_lines[:2], *page_lines[-2:])}.values():
            edges.setdefault(key(line.raw), set()).add(page)
    return {name for name, pages in edges.items() if len(pages) >= 2 and 8 <= len(name) <= 200}


def looks_wrapped(lines: list[Line]) -> tuple[bool, int]:
    """Whether the lines were cut at a page width, and that width."""
    lengths = sorted(len(line.raw) for line in lines if len(line.raw) >= 20)
    if len(lengths) < 6:
        return False, 0
    width = lengths[int(len(lengths) * 0.9) - 1]
    if not 50 <= width <= 140:
        return False, width
    long = [length for length in lengths if length >= 0.75 * width]
    return len(long) >= 0.4 * len(lengths), width


def clean(sources, *, wrapped: bool | None, keeps_apart, structural) -> tuple[list[Line], list[Doubt]]:
    """The document's lines, ready to read, and the doubts about what was removed.

    `keeps_apart(line)` tells a line that must never be joined to its neighbours (headings, header lines);
    `structural(line)` a line that is never page furniture even when repeated (two fiches under one axis).
    """
    lines = [_line(source) for source in sources]
    doubts: list[Doubt] = []
    running = running_lines(lines)
    removed = []
    kept: list[Line] = []
    for line in lines:
        repeated = running and len(line.raw) <= 250 and key(line.raw) in running
        if line.text and (is_page_line(line.raw) or (repeated and not structural(line))):
            removed.append(line)
            kept.append(Line(line.number, line.page, "", raw="\f"))  # a page break, read below
            continue
        kept.append(line)
    if removed:
        numbers = ", ".join(str(line.number) for line in removed[:8]) + (" …" if len(removed) > 8 else "")
        doubts.append(Doubt(f"En-têtes, pieds de page et numéros de page retirés (lignes {numbers})."))
    if wrapped is None:
        wrapped, width = looks_wrapped([line for line in kept if line.text and not keeps_apart(line)])
    else:
        width = 0
    return (_join(kept, width, keeps_apart) if wrapped else _drop_breaks(kept)), doubts


def _drop_breaks(lines: list[Line]) -> list[Line]:
    """Without wrapping, a removed page line is a blank line."""
    for line in lines:
        if line.raw == "\f":
            line.raw = ""
    return lines


def _continues(previous: Line, line: Line, width: int) -> bool:
    if line.text[:1].islower() or previous.raw.endswith("-"):
        return True
    return len(previous.raw) >= 0.6 * width and not _SENTENCE_END.search(previous.raw)


def _join(lines: list[Line], width: int, keeps_apart) -> list[Line]:
    """Join each wrapped line to the line it continues; a page break between them does not separate them."""
    result: list[Line] = []
    gap: list[Line] = []  # blank lines (and page breaks) since the last line of text
    for line in lines:
        if not line.text:
            gap.append(line)
            continue
        previous = result[-1] if result and result[-1].text else None
        only_breaks = any(item.raw == "\f" for item in gap)
        joinable = (
            previous is not None
            and (not gap or only_breaks)
            and not line.bullet
            and not line.cells
            and not line.continued
            and not keeps_apart(line)
            and not keeps_apart(previous)
            and _continues(previous, line, width)
        )
        if joinable:
            if previous.raw.endswith("-") and previous.raw[-2:-1].isalpha() and line.text[:1].islower():
                previous.text, previous.raw = previous.text[:-1] + line.text, previous.raw[:-1] + line.text
            else:
                previous.text, previous.raw = f"{previous.text} {line.text}", f"{previous.raw} {line.text}"
            gap = []
            continue
        for item in gap:
            item.raw = ""
        result.extend(gap)
        gap = []
        result.append(line)
    return result


def doubt_at(reason: str, line: Line | None = None, *, blocking: bool = False) -> Doubt:
    """A doubt about a line: its number, page and text as read."""
    if line is None:
        return Doubt(reason, blocking=blocking)
    return Doubt(reason, line=line.number, page=line.page, text=shorten(line.raw or line.text), blocking=blocking)


def items(lines: list[Line], *, prose_is_item: bool) -> list[tuple[Line, str]]:
    """The items of a list: each bullet, with the unmarked lines right under it.

    A section without any bullet has one item per line. Otherwise an unmarked paragraph is an item of its own
    when prose_is_item, else it is only kept in the section's text.
    """
    content = [line for line in lines if not line.raw.startswith("\x00")]
    has_bullets = any(line.bullet for line in content)
    items: list[list] = []
    after_blank = True
    for line in content:
        if not line.text:
            after_blank = True
            continue
        if line.bullet or not has_bullets:
            items.append([line, line.text])
        elif not after_blank and items:
            items[-1][1] = f"{items[-1][1]} {line.text}"
        elif prose_is_item:
            items.append([line, line.text])
        after_blank = False
    return [(line, text) for line, text in items]


def render(lines: list[Line]) -> str:
    """A section's text: lines as written, list items as "- ", one blank line between paragraphs."""
    paragraphs: list[list[str]] = [[]]
    for line in lines:
        if line.raw.startswith("\x00"):
            continue
        if not line.text:
            if paragraphs[-1]:
                paragraphs.append([])
            continue
        paragraphs[-1].append(f"- {line.text}" if line.bullet else line.text)
    return "\n\n".join("\n".join(paragraph) for paragraph in paragraphs if paragraph)

"""Read fiches-actions as a Caf has them (Word, PDF, pasted text) and say what the reader was unsure of.

Pure parsing, no database: `read_document(filename, data)` returns a `DocumentReading` with one `FicheReading`
per fiche found (a `fiches.importer.ParsedFiche` and its doubts); `fiches.services.import_fiche` writes a fiche.

The steps, one module each:
    extract     bytes → text lines with their page (.txt in any usual encoding, .docx, .odt, .pdf)
    clean       page furniture, hyphenation, wrapped lines, bullets
    document    where each fiche starts (axis, orientation and fiche lines), preamble
    headings    section headings, their synonyms, unknown headings
    fiche       sections → ParsedFiche (texts, actions, organisations)
    schedule    échéances
    indicators  results and indicators, their kind and level
"""

from dataclasses import dataclass, field

from ..importer import ParsedFiche


@dataclass
class Doubt:
    """A line the reader was unsure of (a warning), or an error (blocking) that stops the fiche's import."""

    reason: str  # French, says why
    line: int | None = None  # line number in the extracted text (1-based)
    page: int | None = None  # page number when known (PDF, form feeds)
    text: str = ""  # the line as read, shortened
    blocking: bool = False

    def __str__(self):
        where = []
        if self.page:
            where.append(f"page {self.page}")
        if self.line:
            where.append(f"ligne {self.line}")
        prefix = f"{', '.join(where).capitalize()} : " if where else ""
        return f"{prefix}{self.reason}"


@dataclass
class FicheReading:
    fiche: ParsedFiche
    doubts: list[Doubt] = field(default_factory=list)  # in line order

    @property
    def blocking(self) -> bool:
        return any(doubt.blocking for doubt in self.doubts)


@dataclass
class DocumentReading:
    filename: str
    fiches: list[FicheReading] = field(default_factory=list)
    doubts: list[Doubt] = field(default_factory=list)  # about the document as a whole

    @property
    def blocking(self) -> bool:
        return any(doubt.blocking for doubt in self.doubts) or any(reading.blocking for reading in self.fiches)

    def all_doubts(self) -> list[Doubt]:
        """Every doubt of the document and its fiches, in line order."""
        doubts = [*self.doubts, *(doubt for reading in self.fiches for doubt in reading.doubts)]
        return sorted(doubts, key=lambda doubt: doubt.line or 0)


class UnreadableDocument(Exception):
    """A file that cannot be read at all (wrong type, scanned PDF, corrupt Word file, empty): a French message."""

    def __init__(self, message: str, *, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line

    def __str__(self):
        return f"Ligne {self.line} : {self.message}" if self.line else self.message


def read_document(filename: str, data: bytes, *, period: tuple[int, int] | None = None) -> DocumentReading:
    """Read every fiche of a file. Raises UnreadableDocument when the file cannot be read at all.

    `period` is the schéma's (first year, last year): "En continu" échéances take it.
    """
    from .document import read_text
    from .extract import extract

    extracted = extract(filename, data)
    reading = read_text(extracted.lines, period=period, wrapped=extracted.wrapped)
    reading.filename = filename
    reading.doubts[:0] = extracted.doubts
    return reading


__all__ = ["Doubt", "DocumentReading", "FicheReading", "UnreadableDocument", "read_document"]

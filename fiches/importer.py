"""The parsed form of a fiche-action, and `parse_fiche(text)` for a text holding one fiche.

The reading itself (file types, page furniture, headings and their synonyms, échéances, indicators) is
`fiches.reading.read_document`, which reports what it was unsure of; `fiches.services.import_fiche` writes a fiche.
`parse_fiche` reads one fiche from a text and raises `FicheFormatError` on the first blocking doubt.
"""

from dataclasses import dataclass, field

from indicateurs.enums import IndicatorLevel


class FicheFormatError(Exception):
    """A fiche that cannot be imported: a French message, with the line and the file when known."""

    def __init__(self, message: str, *, line: int | None = None, filename: str | None = None):
        super().__init__(message)
        self.message = message
        self.line = line
        self.filename = filename

    def __str__(self):
        where = f"Ligne {self.line} : " if self.line else ""
        return f"{self.filename} — {where}{self.message}" if self.filename else f"{where}{self.message}"

    def in_file(self, filename: str) -> "FicheFormatError":
        return FicheFormatError(self.message, line=self.line, filename=filename)


@dataclass
class ParsedAction:
    number: int
    text: str
    line: int
    first_year: int | None = None
    last_year: int | None = None
    schedule_line: int | None = None


@dataclass
class ParsedExpectedResult:
    text: str
    line: int


@dataclass
class ParsedIndicator:
    label: str
    kind: str
    aggregation: str
    line: int
    unit: str = ""
    comment_asked: bool = False
    level: str = IndicatorLevel.STRUCTURE
    source: str = ""  # a ComputedSource when the application computes the figure itself
    doubt: str = ""  # why the kind or level was proposed, for the preview


@dataclass
class ParsedOrganisation:
    name: str
    role: str
    line: int
    detail: str = ""


@dataclass
class ParsedFiche:
    axis_number: int
    axis_title: str
    orientation_number: str
    orientation_title: str
    code: str
    title: str
    line: int
    diagnostic: str = ""
    principles: str = ""
    publics: str = ""
    pilotage: str = ""
    partners_text: str = ""
    resources: str = ""
    schedule: str = ""
    actions: list[ParsedAction] = field(default_factory=list)
    expected_results: list[ParsedExpectedResult] = field(default_factory=list)
    indicators: list[ParsedIndicator] = field(default_factory=list)
    organisations: list[ParsedOrganisation] = field(default_factory=list)
    # Named in PILOTAGE or PARTENAIRES but a category of structures or people, not an organisation of the directory.
    categories: list[ParsedOrganisation] = field(default_factory=list)
    # Sections the format does not know: (heading as written, text), kept apart, never mixed with the others.
    other_sections: list[tuple[str, str]] = field(default_factory=list)


def decode_fiche_bytes(data: bytes) -> str:
    """The text of a fiche file: UTF-8 (with or without BOM), UTF-16, else Windows-1252."""
    from .reading import UnreadableDocument
    from .reading.extract import decode_text

    try:
        return decode_text(data)[0]
    except UnreadableDocument as error:
        raise FicheFormatError(error.message, line=error.line) from None


def parse_fiche(text: str) -> ParsedFiche:
    """Read the one fiche of a text; raise FicheFormatError (French message, line number) on the first error."""
    from .reading import UnreadableDocument, read_document

    try:
        reading = read_document("fiche.txt", text.encode("utf-8"))
    except UnreadableDocument as error:
        raise FicheFormatError(error.message, line=error.line) from None
    blocking = [doubt for doubt in reading.all_doubts() if doubt.blocking]
    if blocking:
        raise FicheFormatError(blocking[0].reason, line=blocking[0].line)
    if len(reading.fiches) > 1:
        second = reading.fiches[1].fiche
        raise FicheFormatError(f"Une deuxième fiche ({second.code}) commence ici : une fiche par texte.", line=second.line)
    return reading.fiches[0].fiche

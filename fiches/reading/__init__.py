"""Reading fiche documents: the contract the browser import and the command rely on.

This minimal version reads plain-text files (.txt) in the seed format with ``fiches.importer``; a file that
``parse_fiche`` refuses becomes a reading without fiches and one blocking doubt naming the line and the cause.
Other document kinds are refused with ``UnreadableDocument``.
"""

from dataclasses import dataclass, field
from pathlib import PurePath

from ..importer import FicheFormatError, ParsedFiche, decode_fiche_bytes, parse_fiche


@dataclass
class Doubt:
    reason: str  # French
    line: int | None = None
    page: int | None = None
    text: str = ""
    blocking: bool = False


@dataclass
class FicheReading:
    fiche: ParsedFiche
    doubts: list[Doubt] = field(default_factory=list)


@dataclass
class DocumentReading:
    filename: str
    fiches: list[FicheReading] = field(default_factory=list)
    doubts: list[Doubt] = field(default_factory=list)

    @property
    def blocking(self) -> bool:
        return any(doubt.blocking for doubt in self.doubts) or any(
            doubt.blocking for reading in self.fiches for doubt in reading.doubts
        )


class UnreadableDocument(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def read_document(filename: str, data: bytes, *, period: tuple[int, int] | None = None) -> DocumentReading:
    extension = PurePath(filename).suffix.lower()
    if extension != ".txt":
        raise UnreadableDocument(
            f"Les fichiers {extension or 'sans extension'} ne sont pas encore lus : enregistrez la fiche en texte (.txt)."
        )
    try:
        fiche = parse_fiche(decode_fiche_bytes(data))
    except FicheFormatError as error:
        return DocumentReading(filename, doubts=[Doubt(error.message, line=error.line, blocking=True)])
    return DocumentReading(filename, fiches=[FicheReading(fiche)])

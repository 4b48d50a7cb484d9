"""From a file's bytes to lines of text with their page: .txt (UTF-8, UTF-16, Windows-1252), .docx, .odt, .pdf.

Word and OpenDocument files are written out as the plain text a person would type: one line per paragraph, a blank
line between paragraphs (none between the items of a list), list items marked "- ", and each table row as
"Intitulé<tab>contenu<tab>…" with the cell's further paragraphs on lines of their own starting with a tab.
"""

import codecs
import io
import re
import zipfile
from dataclasses import dataclass, field

from . import Doubt, UnreadableDocument

MAX_BYTES = 10 * 1024 * 1024
TEXT_EXTENSIONS = ("", ".txt", ".text", ".csv", ".md")
# Starts a line written in a heading style (Word, OpenDocument): the reader takes it for a heading whatever its case.
HEADING_MARK = "\x01"
ACCEPTED = "un fichier texte (.txt), Word (.docx), OpenDocument (.odt) ou PDF"


@dataclass
class SourceLine:
    number: int  # 1-based, in the extracted text
    page: int | None
    text: str


@dataclass
class Extracted:
    lines: list[SourceLine]
    wrapped: bool | None = None  # None: let the cleaner tell from the line lengths
    doubts: list[Doubt] = field(default_factory=list)


def extract(filename: str, data: bytes) -> Extracted:
    if not data or not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise UnreadableDocument("Le fichier est vide.")
    if len(data) > MAX_BYTES:
        raise UnreadableDocument("Le fichier dépasse 10 Mo : une fiche-action tient en quelques pages.")
    extension = "." + filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if data.startswith(b"%PDF") or extension == ".pdf":
        return _from_pages(pdf_pages(data), wrapped=None)
    if data.startswith(b"PK\x03\x04") or extension in (".docx", ".odt"):
        return _from_zip(data, extension)
    if data.startswith(b"\xd0\xcf\x11\xe0") or extension == ".doc":
        raise UnreadableDocument(
            "Ce fichier est au format Word 97-2003 (.doc), qui n'est pas lu : enregistrez la fiche en .docx ou en texte (.txt)."
        )
    if data.startswith(b"{\\rtf") or extension == ".rtf":
        raise UnreadableDocument("Le format RTF n'est pas lu : enregistrez la fiche en .docx ou en texte (.txt).")
    if extension not in TEXT_EXTENSIONS:
        raise UnreadableDocument(f"Type de fichier non pris en charge ({extension}) : déposez {ACCEPTED}.")
    text, doubts = decode_text(data)
    return _from_pages(text.split("\f"), wrapped=None, doubts=doubts)


def decode_text(data: bytes) -> tuple[str, list[Doubt]]:
    """The text of a .txt file and a doubt when its encoding had to be guessed."""
    if data.startswith(codecs.BOM_UTF8):
        return _decode(data[3:], "utf-8"), []
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode(data, "utf-16"), []
    if b"\x00" in data:
        even, odd = data[0::2].count(0), data[1::2].count(0)
        if max(even, odd) > len(data) // 4:  # half of the bytes of a Latin text saved as UTF-16 are zero
            return _decode(data, "utf-16-be" if even > odd else "utf-16-le"), []
        raise UnreadableDocument(f"Ce fichier n'est pas un texte : déposez {ACCEPTED}.")
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as error:
        raise UnreadableDocument(
            "Encodage des caractères non reconnu : enregistrez la fiche en texte UTF-8.",
            line=data[: error.start].count(b"\n") + 1,
        ) from None
    return text, [Doubt("Encodage Windows-1252 (Word « Texte brut ») reconnu : vérifiez les accents.")]


def _decode(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise UnreadableDocument(
            "Encodage des caractères non reconnu : enregistrez la fiche en texte UTF-8.",
            line=data[: error.start].count(b"\n") + 1,
        ) from None


def _from_pages(pages: list[str], *, wrapped: bool | None, doubts: list[Doubt] | None = None) -> Extracted:
    lines = []
    several = len([page for page in pages if page.strip()]) > 1
    for page_number, page in enumerate(pages, 1):
        for raw in re.split(r"\r\n|\r|\n", page):
            lines.append(SourceLine(len(lines) + 1, page_number if several else None, raw))
    return Extracted(lines, wrapped, doubts or [])


# PDF -------------------------------------------------------------------------------------------------------------


def pdf_pages(data: bytes) -> list[str]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise UnreadableDocument("Ce PDF est protégé par un mot de passe : enregistrez-le sans protection.")
        pages = [page.extract_text() or "" for page in reader.pages]
    except UnreadableDocument:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError):
        raise UnreadableDocument("Ce PDF est illisible (fichier abîmé ou incomplet).") from None
    if not any(page.strip() for page in pages):
        raise UnreadableDocument(
            "PDF scanné sans texte : ses pages sont des images. Déposez le document Word d'origine, ou un PDF "
            "enregistré depuis Word (avec son texte)."
        )
    return pages


# Word and OpenDocument -------------------------------------------------------------------------------------------


def _from_zip(data: bytes, extension: str) -> Extracted:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
    except zipfile.BadZipFile:
        raise UnreadableDocument("Ce fichier Word ou OpenDocument est abîmé : il ne peut pas être ouvert.") from None
    if "word/document.xml" in names:
        blocks = _docx_blocks(data)
    elif "content.xml" in names:
        blocks = _odt_blocks(data)
    else:
        raise UnreadableDocument(f"Ce fichier compressé n'est pas un document Word ni OpenDocument : déposez {ACCEPTED}.")
    return _from_pages(["\n".join(_blocks_text(blocks))], wrapped=False)


@dataclass
class _Block:
    kind: str  # "paragraph", "heading" (in a heading style), "item" (of a list) or "row" (of a table)
    text: str = ""
    cells: list[list[str]] = field(default_factory=list)  # a row: each cell's paragraphs (items start with "- ")


def _blocks_text(blocks: list[_Block]) -> list[str]:
    lines: list[str] = []
    previous = None
    for block in blocks:
        if block.kind in ("paragraph", "heading") and not block.text.strip():
            continue
        together = block.kind == previous in ("item", "row") or (
            block.kind == "item" and previous == "paragraph" and lines[-1].rstrip().endswith(":")
        )  # a list stays with the paragraph that introduces it
        if previous is not None and not together:
            lines.append("")
        if block.kind == "row":
            lines.extend(_row_lines(block.cells))
        elif block.kind == "item":
            lines.extend(f"- {part}" if index == 0 else part for index, part in enumerate(block.text.split("\n")))
        elif block.kind == "heading":
            lines.append(HEADING_MARK + " ".join(block.text.split()))
        else:
            lines.extend(block.text.split("\n"))
        previous = block.kind
    return lines


def _row_lines(cells: list[list[str]]) -> list[str]:
    """A table row as "cell 1<tab>cell 2<tab>cell 3", further paragraphs of cell 2 on lines starting with a tab."""
    cells = [[part for part in cell if part.strip()] for cell in cells]
    cells = [cell for cell in cells if cell]
    if not cells:
        return []
    if len(cells) == 1:
        return cells[0]
    first, content, rest = cells[0], cells[1], cells[2:]
    head = "\t".join([" ".join(first), content[0], *(" ".join(cell) for cell in rest)])
    return [head, *(f"\t{part}" for part in content[1:])]


def _docx_blocks(data: bytes) -> list[_Block]:
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
        blocks = []
        for item in document.iter_inner_content():
            if isinstance(item, Paragraph):
                blocks.append(_docx_paragraph(item))
            elif isinstance(item, Table):
                for row in item.rows:
                    cells = []
                    for cell in _unique_cells(row.cells):
                        cells.append([_docx_paragraph_text(paragraph) for paragraph in cell.paragraphs])
                    blocks.append(_Block("row", cells=cells))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile):
        raise UnreadableDocument("Ce fichier Word est abîmé : il ne peut pas être ouvert.") from None
    return blocks


def _unique_cells(cells):
    """A merged cell comes back once per grid column it spans: keep it once."""
    seen = []
    for cell in cells:
        if not any(cell._tc is other._tc for other in seen):
            seen.append(cell)
    return seen


def _is_list_paragraph(paragraph) -> bool:
    properties = paragraph._p.pPr
    style = (paragraph.style.name or "").lower() if paragraph.style is not None else ""
    return (properties is not None and properties.numPr is not None) or style.startswith(("list", "liste"))


def _docx_paragraph(paragraph) -> _Block:
    style = (paragraph.style.name or "").lower() if paragraph.style is not None else ""
    if style.startswith(("heading", "titre", "title")):
        return _Block("heading", paragraph.text)
    return _Block("item" if _is_list_paragraph(paragraph) else "paragraph", paragraph.text)


def _docx_paragraph_text(paragraph) -> str:
    return f"- {paragraph.text}" if _is_list_paragraph(paragraph) and paragraph.text.strip() else paragraph.text


def _odt_blocks(data: bytes) -> list[_Block]:
    from odf import opendocument, teletype
    from odf.namespaces import TABLENS, TEXTNS

    try:
        document = opendocument.load(io.BytesIO(data))
    except Exception:  # odfpy raises whatever its XML parser meets: any failure means a broken file
        raise UnreadableDocument("Ce fichier OpenDocument est abîmé : il ne peut pas être ouvert.") from None
    blocks: list[_Block] = []

    def walk(element, in_list=False):
        for child in element.childNodes:
            name = getattr(child, "qname", None)
            if name in ((TEXTNS, "p"), (TEXTNS, "h")):
                kind = "item" if in_list else "heading" if name == (TEXTNS, "h") else "paragraph"
                blocks.append(_Block(kind, teletype.extractText(child)))
            elif name == (TEXTNS, "list"):
                walk(child, in_list=True)
            elif name in ((TEXTNS, "list-item"), (TEXTNS, "section")):
                walk(child, in_list=in_list)
            elif name == (TABLENS, "table"):
                for row in child.getElementsByType(_odf_class("TableRow")):
                    cells = []
                    for cell in row.getElementsByType(_odf_class("TableCell")):
                        cells.append([_odt_cell_text(paragraph) for paragraph in _odt_paragraphs(cell)])
                    blocks.append(_Block("row", cells=cells))

    walk(document.text)
    return blocks


def _odf_class(name):
    from odf import table

    return getattr(table, name)


def _odt_paragraphs(cell):
    from odf.namespaces import TEXTNS

    found = []

    def walk(element, in_list=False):
        for child in element.childNodes:
            name = getattr(child, "qname", None)
            if name in ((TEXTNS, "p"), (TEXTNS, "h")):
                found.append((child, in_list))
            elif name in ((TEXTNS, "list"), (TEXTNS, "list-item")):
                walk(child, in_list=True)

    walk(cell)
    return found


def _odt_cell_text(found) -> str:
    from odf import teletype

    paragraph, in_list = found
    text = teletype.extractText(paragraph)
    return f"- {text}" if in_list and text.strip() else text

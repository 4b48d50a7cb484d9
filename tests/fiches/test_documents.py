"""Word, OpenDocument and PDF files made here from our own fiche read exactly like its text version."""

import html
import io
from pathlib import Path

import pytest

from fiches.reading import read_document
from fiches.reading.clean import split_mark

from .corpus import expected
from .corpus.summary import summary

CORPUS = Path(__file__).parent / "corpus"
HEADER_LINES = 3  # axis, orientation and fiche lines open base.txt


def base_lines() -> list[str]:
    return (CORPUS / "base.txt").read_text(encoding="utf-8").splitlines()


def read(name: str, data: bytes) -> list[dict]:
    reading = read_document(name, data, period=(2022, 2026))
    assert not reading.blocking
    return [summary(item.fiche) for item in reading.fiches]


def word_document(lines: list[str]) -> bytes:
    """The fiche as a Caf writes it in Word: titles in heading styles, lists in "List Bullet" (no mark typed)."""
    import docx

    document = docx.Document()
    header = [line for line in lines if line.strip()][:HEADER_LINES]
    for level, line in enumerate(header, 1):
        document.add_heading(line, level=level)
    for line in lines:
        if not line.strip() or line in header:
            continue
        bullet, _rank, text = split_mark(line)
        document.add_paragraph(text, style="List Bullet" if bullet else None)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_word_fiche_reads_like_its_text_version():
    assert read("fiche.docx", word_document(base_lines())) == expected.BASE


def test_a_word_fiche_written_in_a_table_reads_like_the_table_pasted_as_text():
    import docx

    document = docx.Document()
    for line in ("3 - ÉVALUER L'UTILITÉ SOCIALE DES STRUCTURES", "3.2 - Mesurer ce que les structures apportent"):
        document.add_paragraph(line)
    document.add_paragraph("PA 3.2.2 - OUTILLER LES ÉQUIPES")
    rows = [
        ("DIAGNOSTIC", ["Les équipes manquent de repères."], ""),
        ("PILOTAGE / COORDINATION", ["- Caf de la Drôme", "- Fédération des centres sociaux de la Drôme"], ""),
        ("ACTION 1", ["Rédiger un guide de l'évaluation."], "2023 à 2024"),
        ("ACTION 2", ["Animer deux ateliers par an."], "2024-2026"),
        (
            "RÉSULTATS ATTENDUS + INDICATEURS D'ÉVALUATION",
            ["- Des équipes plus sûres de leurs méthodes.", "- Nombre d'ateliers tenus"],
            "",
        ),
    ]
    table = document.add_table(rows=0, cols=3)
    for heading, paragraphs, echeance in rows:
        cells = table.add_row().cells
        cells[0].text = heading
        cells[1].text = ""
        for index, text in enumerate(paragraphs):
            bullet, _rank, bare = split_mark(text)
            paragraph = cells[1].paragraphs[0] if index == 0 else cells[1].add_paragraph()
            paragraph.text = bare
            if bullet:
                paragraph.style = document.styles["List Bullet"]
        cells[2].text = echeance
    buffer = io.BytesIO()
    document.save(buffer)
    assert read("tableau.docx", buffer.getvalue()) == expected.TABLEAU


def test_an_opendocument_fiche_reads_like_its_text_version():
    from odf.opendocument import OpenDocumentText
    from odf.text import H, List, ListItem, P

    document = OpenDocumentText()
    lines = base_lines()
    header = [line for line in lines if line.strip()][:HEADER_LINES]
    for level, line in enumerate(header, 1):
        document.text.addElement(H(outlinelevel=level, text=line))
    current_list = None
    for line in lines:
        if not line.strip() or line in header:
            continue
        bullet, _rank, text = split_mark(line)
        if bullet:
            if current_list is None:
                current_list = List()
                document.text.addElement(current_list)
            item = ListItem()
            item.addElement(P(text=text))
            current_list.addElement(item)
        else:
            current_list = None
            document.text.addElement(P(text=text))
    buffer = io.BytesIO()
    document.write(buffer)
    assert read("fiche.odt", buffer.getvalue()) == expected.BASE


@pytest.mark.parametrize("font_size", ["11pt", "14pt"])
def test_a_text_pdf_reads_like_its_text_version(font_size):
    """Exported from a word processor: lines cut at the page width (more of them at 14pt), page numbers in the footer."""
    from weasyprint import HTML

    paragraphs = "".join(f"<p>{html.escape(line)}</p>" for line in base_lines() if line.strip())
    style = (
        "@page { size: A4; margin: 2cm; @bottom-center { content: 'Page ' counter(page) ' / ' counter(pages) } }"
        f"p {{ margin: 0 0 4pt; font: {font_size} sans-serif }}"
    )
    pdf = HTML(string=f"<html><head><style>{style}</style></head><body>{paragraphs}</body></html>").write_pdf()
    assert read("fiche.pdf", pdf) == expected.BASE


def test_a_word_heading_of_unknown_name_is_kept_apart_whatever_its_case():
    lines = base_lines()
    at = lines.index("ACTION 2")
    document = word_document(lines[:at])
    import docx

    word = docx.Document(io.BytesIO(document))
    word.add_heading("Points de vigilance", level=3)
    word.add_paragraph("Ne pas alourdir la charge des bénévoles.")
    buffer = io.BytesIO()
    word.save(buffer)
    reading = read_document("fiche.docx", buffer.getvalue(), period=(2022, 2026))
    (item,) = reading.fiches
    assert item.fiche.other_sections == [("Points de vigilance", "Ne pas alourdir la charge des bénévoles.")]
    assert item.fiche.actions[0].text == "Former les administrateurs bénévoles à l'accueil de nouveaux membres."
    assert [d.reason for d in item.doubts if not d.blocking] == [
        "Rubrique inconnue « Points de vigilance » : texte gardé à part (autres rubriques)."
    ]

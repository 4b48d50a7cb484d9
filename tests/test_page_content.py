"""What the pages of the permission matrix say, not only who opens them (tests/test_permission_matrix.py).

Every GET URL of the matrix is opened as every role, as a page and as an htmx fragment, in the matrix's world,
whose private fields hold markers and whose typed texts hold hostile HTML (tests/matrix/markers.py):
- no page, history, dashboard, PDF or export a role opens contains a private marker outside its readers;
- the hostile HTML never comes out raw in a page; PDFs print it as text; exports are downloads, never HTML.
"""

import csv
import io
import re

import pytest
from django.utils.html import escape

from tests.matrix.crawl import crawl
from tests.matrix.markers import PRIVATE, RAW, TYPED, XSS
from tests.matrix.world import open_world
from tests.test_permission_matrix import MATRIX, ROLES


@pytest.fixture(scope="module")
def pages(django_db_setup, django_db_blocker):
    with open_world(django_db_blocker) as world:
        yield crawl(world, MATRIX, ROLES)


def _flat(text):
    """Text without whitespace, quotes nor case: a PDF breaks lines anywhere, its typography turns "…" into « … »
    and its titles are in capitals."""
    return re.sub(r"[\s\"«»“”]+", "", text).lower()


def test_private_fields_reach_no_page_outside_their_readers(pages, db):
    leaks = []
    for page in pages:
        body = _flat(page.body)
        leaks += [
            f"« {field} » sur {page.where}"
            for field, marker, readers in PRIVATE
            if page.role not in readers and _flat(marker) in body
        ]
    assert not leaks, "Champs privés lus hors de leur périmètre :\n" + "\n".join(leaks)


def test_private_markers_are_read_by_their_readers(pages, db):
    """The world holds each marker where the pages read it: the test above looks for something that is there."""
    seen = {field for page in pages for field, marker, readers in PRIVATE if page.role in readers and marker in page.body}
    assert [field for field, _, _ in PRIVATE if field not in seen] == []


def test_typed_text_never_comes_out_raw_in_a_page(pages, db):
    raw = [f"{snippet!r} sur {page.where}" for page in pages if page.is_html for snippet in RAW if snippet in page.body]
    assert not raw, "HTML saisi rendu tel quel (non échappé) :\n" + "\n".join(raw)


def test_typed_text_is_shown_escaped(pages, db):
    """Each hostile text reaches some page, escaped, as a page and as an htmx fragment."""
    for htmx in (False, True):
        shown = {
            field
            for page in pages
            if page.is_html and page.htmx is htmx
            for field, text in XSS.items()
            if escape(text) in page.body
        }
        assert [field for field in XSS if field not in shown] == [], f"htmx={htmx}"


# What each PDF prints of the typed texts, read back as text: escaped HTML prints as it was typed, while an
# unescaped one would be a hidden script or an image.
PDF_TEXTS = {
    "rapports:fiche_pdf": ["fiche-titre", "action-texte", "indicateur-libelle"],
    "rapports:structure_pdf": ["structure-nom", "structure-quartier", "structure-direction", "organisation-nom"],
    "rapports:annual_report_pdf": ["fiche-titre", "action-texte", "indicateur-libelle"],
}


@pytest.mark.parametrize("label", list(PDF_TEXTS))
def test_pdf_prints_typed_text_as_typed(pages, db, label):
    pdfs = [page for page in pages if page.label == label and page.is_pdf]
    assert pdfs, f"aucun PDF {label}"
    for page in pdfs:
        text = _flat(page.body)
        for field in PDF_TEXTS[label]:
            # Wherever the text before the field is printed, the hostile HTML follows it as typed (its start:
            # a chart title may be shortened), where an unescaped one would be a hidden script or an image.
            before, hostile = TYPED[field][0], XSS[field].removeprefix(TYPED[field][0])
            printed = text.count(_flat(before))
            assert printed and text.count(_flat(before + hostile[:10])) == printed, f"{field} : {page.where}"
            assert _flat(XSS[field]) in text, f"{field} : {page.where}"


def test_exports_are_downloads_never_html(pages, db):
    exports = [page for page in pages if re.search(r"export\.(csv|xlsx)$", page.url) and page.status == 200]
    assert {page.label for page in exports} == {
        "fiches:action_export",
        "fiches:action_export[xlsx]",
        "indicateurs:export",
        "indicateurs:export[xlsx]",
        "gouvernance:decision_export",
    }
    for page in exports:
        assert not page.is_html and page.disposition.startswith("attachment"), page.where
    # The typed texts are exported as typed.
    action_csv = next(page for page in exports if page.label == "fiches:action_export")
    cells = [cell for line in csv.reader(io.StringIO(action_csv.body), delimiter=";") for cell in line]
    assert XSS["action-texte"] in cells

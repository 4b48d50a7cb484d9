"""A conseiller imports a Word fiche from the browser: upload, preview with its warnings, a correction, confirmation."""

import io
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.axe import blocking, describe, run_axe
from tests.e2e.conftest import DESKTOP, PHONE
from tests.e2e.pages import CONSEILLER
from tests.fiches.import_fixtures import GARDENS

pytestmark = pytest.mark.e2e

# A heading the reader does not know: the preview must flag it and keep its text apart.
UNKNOWN_HEADING = "OBSERVATIONS DU COMITÉ :"
FICHE_TEXT = GARDENS.replace(
    "PILOTAGE / COORDINATION", f"{UNKNOWN_HEADING}\n\nLe comité souhaite un bilan à mi-parcours.\n\nPILOTAGE / COORDINATION"
)


def word_document(text):
    """The fiche as Word writes it: headings in a heading style, bullets as list paragraphs."""
    from docx import Document

    document = Document()
    for line in text.splitlines():
        if not line.strip():
            continue
        if line.startswith("- ➔ "):
            document.add_paragraph(line.removeprefix("- ➔ "), style="List Bullet")
        elif line.isupper() or line.startswith(("PA ", "ACTION")):
            document.add_heading(line, level=2)
        else:
            document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def screenshots(page, directory, name):
    """The page at both sizes, checked for horizontal scrolling on the phone and by axe-core."""
    violations = blocking(run_axe(page))
    assert not violations, f"{name} : violations axe graves ou critiques :\n{describe(violations)}"
    page.screenshot(path=directory / f"{name}-1280.png", full_page=True)
    page.set_viewport_size(PHONE)
    page.screenshot(path=directory / f"{name}-390.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), f"{name} : défilement horizontal"
    page.set_viewport_size(DESKTOP)


@pytest.mark.parametrize("fmt", ["docx", "txt"])
def test_conseiller_imports_a_fiche_from_the_browser(fmt, open_page, orm, demo, screenshots_dir, tmp_path):
    from fiches.models import Axis, Fiche
    from structures.models import Organisation

    data = word_document(FICHE_TEXT) if fmt == "docx" else FICHE_TEXT.encode()
    path = tmp_path / f"jardins.{fmt}"
    path.write_bytes(data)
    schema = demo["schema"]
    with orm:
        axis_title = Axis.objects.get(schema=schema, number=3).title
        organisations = set(Organisation.objects.values_list("pk", flat=True))

    page = open_page(CONSEILLER, reverse("fiches:schema_detail", args=[schema.pk]))
    page.get_by_role("link", name="Importer des fiches").click()
    page.get_by_label("Fichiers des fiches-actions").set_input_files(str(path))
    if fmt == "txt":
        screenshots(page, screenshots_dir, "import-fiches")
    page.get_by_role("button", name="Lire les fichiers").click()
    page.wait_for_url(re.compile(r"/fiches/import/apercu/$"))

    # The preview: what was understood, what differs from the schéma, and the reader's doubts.
    fiche = page.locator("article.avs-import-fiche")
    expect(fiche.locator("h3")).to_contain_text("PA 3.2.4 — ACCOMPAGNER LES JARDINS PARTAGÉS DE QUARTIER")
    expect(fiche).to_contain_text("Organiser chaque année une rencontre des jardiniers. — échéance 2024 à 2026")
    expect(page.get_by_text("Remplacer l'intitulé de l'axe 3")).to_be_visible()
    expect(fiche).to_contain_text("À créer : Collectif des jardiniers solidaires")
    if fmt == "docx":
        expect(page.locator(".avs-import-doubts")).to_contain_text("OBSERVATIONS DU COMITÉ")
    else:
        screenshots(page, screenshots_dir, "import-apercu")

    # The conseiller fixes the kind of the count, which is a decimal figure, and confirms.
    page.get_by_label("Nature de « Nombre de jardins partagés recensés »").select_option(label="Nombre décimal")
    page.get_by_role("button", name="Confirmer l'import de 1 fiche").click()
    page.wait_for_url(re.compile(rf"/schemas/{schema.pk}/$"))
    expect(page.get_by_role("status").filter(has_text="Import terminé")).to_contain_text("PA 3.2.4 créée")
    page.get_by_role("link", name="PA 3.2.4 — ACCOMPAGNER LES JARDINS PARTAGÉS DE QUARTIER").click()
    expect(page.locator("h1")).to_have_text("PA 3.2.4 — ACCOMPAGNER LES JARDINS PARTAGÉS DE QUARTIER")
    expect(page.locator("#s-indicateurs + ul")).to_contain_text("Nombre de jardins partagés recensés")

    with orm:
        imported = Fiche.objects.get(schema=schema, code="PA 3.2.4")
        assert list(imported.indicators.values_list("label", "kind")) == [
            ("Nombre de jardins partagés recensés", "decimal"),
            ("Taux de structures présentes à la rencontre", "percentage"),
        ]
        assert Axis.objects.get(schema=schema, number=3).title == axis_title
        # Leave the demo as the other browser tests expect it.
        orientation = imported.orientation
        imported.delete()
        if not orientation.fiches.exists():
            orientation.delete()
        Organisation.objects.exclude(pk__in=organisations).delete()

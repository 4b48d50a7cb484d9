"""The annual report read as a partner reads it: the PDF's text, its images, its file name, its cache."""

import io
import time

from django.urls import reverse
from pypdf import PdfReader

from fiches.enums import ActionStatus

from .conftest import XSS_COMMENT, add_update, client_for


def pdf_text(content):
    reader = PdfReader(io.BytesIO(content))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def image_count(reader):
    count = 0
    for page in reader.pages:
        xobjects = page.get("/Resources", {}).get("/XObject", {})
        for ref in xobjects.values():
            obj = ref.get_object()
            if obj.get("/Subtype") == "/Image" or obj.get("/Subtype") == "/Form":
                count += 1
    return count


def download(user, schema, year=2025):
    return client_for(user).get(reverse("rapports:annual_report_pdf", args=[schema.pk, year]))


def test_annual_report_pdf_headers(world, partenaire):
    response = download(partenaire, world["schema"])
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="bilan-2025-rhone.pdf"'
    assert response.content.startswith(b"%PDF")


def test_annual_report_pdf_contains_structure_and_figures(world, conseiller):
    # The Caf's bilan: every figure, even of groups of fewer than 3 structures (test_secrecy.py: partners').
    reader, text = pdf_text(download(conseiller, world["schema"]).content)
    flat = " ".join(text.split())
    for expected in (
        "Bilan annuel 2025".upper(),
        "Sommaire",
        "Chiffres clés 2025",
        "Axe 2 - Confirmer la fonction de développement des liens sociaux",
        "2.1 - Accompagner les structures",
        "PA 2.1.2 - Promouvoir les expérimentations favorisant l'ouverture à l'autre",
        "Action 1 - Soutenir les expériences innovantes",
        "Nombre de projets expérimentaux menés",
        "Annexe : les structures et leur agrément",
        "Centre social A",
        "Animation globale et coordination (AGC)",
        "Réalisée",  # the status chart's legend
    ):
        assert expected.replace(" :", "\u202f:") in flat or expected in flat, expected
    # Sum of the 2025 values (3 + 4), the 2025 target and the gap, the budget and the Caf share (70 000 / 100 000).
    assert "2024 2 4 \u22122 2025 7 9 \u22122" in flat
    assert "100\u202f000\u00a0€" in flat or "100 000 €" in flat.replace("\u202f", " ").replace("\u00a0", " ")
    assert "70,0 %" in flat.replace("\u00a0", " ")
    # Page numbers in the running footer and the contents.
    assert f"Page 1 sur {len(reader.pages)}" not in flat  # the cover has none
    assert f"Page 2 sur {len(reader.pages)}" in flat


def test_annual_report_pdf_contents_has_page_numbers(world, partenaire):
    reader, _ = pdf_text(download(partenaire, world["schema"]).content)
    contents = " ".join(reader.pages[1].extract_text().split())
    assert "Sommaire" in contents
    # The fiche's entry ends with the page it starts on (target-counter).
    fiche_page = next(
        i + 1 for i, page in enumerate(reader.pages) if "Soutenir les expériences" in " ".join(page.extract_text().split())
    )
    assert "Promouvoir les expérimentations favorisant l'ouverture à l'autre" in contents
    assert contents.split("l'ouverture à l'autre")[1].replace(".", "").split()[0] == str(fiche_page)


def test_annual_report_pdf_has_chart_images(world, partenaire):
    reader, _ = pdf_text(download(partenaire, world["schema"]).content)
    # Summary (by axe, by status), timeline, the fiche's actions, the indicator against its target, the yes share.
    assert image_count(reader) >= 5


def test_annual_report_pdf_comment_is_plain_text(world, partenaire):
    _, text = pdf_text(download(partenaire, world["schema"]).content)
    flat = "".join(text.split())
    assert "<script>alert(1)</script>" in flat
    assert "<b>gras</b>" in flat
    assert XSS_COMMENT.split(":")[0].strip().replace(" ", "") in flat


def test_annual_report_pdf_french_typography(world, partenaire):
    _, text = pdf_text(download(partenaire, world["schema"]).content)
    # A narrow no-break space before the colon and the semicolon of the comment, French accents kept.
    assert "Bilan d'étape\u202f:" in text
    assert "\u202f; à suivre\u202f!" in text
    assert "Échéance" in text and "Réalisée" in text


def test_annual_report_pdf_is_cached_until_data_changes(world, partenaire, conseiller):
    schema = world["schema"]
    started = time.perf_counter()
    first = download(partenaire, schema).content
    first_time = time.perf_counter() - started
    started = time.perf_counter()
    second = download(partenaire, schema).content
    second_time = time.perf_counter() - started
    print(f"\nbilan : premier rendu {first_time:.2f} s, second (cache) {second_time:.3f} s")
    assert second == first
    add_update(world["actions"][1], status=ActionStatus.REALISEE, progress=100, comment="Terminée en avance")
    _, text = pdf_text(download(partenaire, schema).content)
    assert "Terminée en avance" in text

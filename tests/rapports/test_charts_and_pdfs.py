"""The chart helper, French typography, and the fiche and structure PDFs read back."""

import base64
import io

from django.urls import reverse
from pypdf import PdfReader

from core.calendar_chart import gantt_chart
from core.charts import bar_chart, nice_ticks
from core.svg_charts import line_chart
from rapports.annual import french_typography, report_filename
from tests import factories

from .conftest import client_for


def pdf_flat_text(content):
    """The PDF's text with every run of white space (narrow no-break spaces included) made one space."""
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_bar_chart_is_static_svg_with_title_and_alt():
    chart = bar_chart(title="Avancement par axe", labels=["Axe 1"], series=[("Avancement", [40])], alt="Axe 1 : 40 %.")
    assert chart.svg.startswith("<svg")
    assert "<?xml" not in chart.svg
    assert "<script" not in chart.svg  # pygal's JavaScript is off: nothing fetched from a CDN
    assert "Avancement par axe" in chart.svg
    assert "DejaVu Sans" in chart.svg
    assert chart.alt == "Axe 1 : 40 %."
    assert base64.b64decode(chart.data_uri.split(",", 1)[1]).decode() == chart.svg


def test_line_chart_escapes_labels():
    chart = line_chart(title="<b>Cible</b>", labels=["2024"], series=[("Valeur", [3]), ("Cible", [4])], alt="x")
    assert "<b>Cible</b>" not in chart.svg


def test_gantt_chart_marks_late_rows_and_escapes():
    chart = gantt_chart(
        title="Calendrier",
        years=range(2022, 2027),
        rows=[{"label": "<script>", "first_year": 2022, "last_year": 2024, "progress": 40, "late": True}],
        alt="Une action en retard.",
    )
    assert "&lt;script&gt;" in chart.svg and "<script>" not in chart.svg
    assert "40\xa0% · en retard" in chart.svg
    assert '<desc id="gantt-desc">Une action en retard.</desc>' in chart.svg


def test_nice_ticks_round_values():
    assert nice_ticks([27, 30]) == [27, 28, 29, 30] or nice_ticks([27, 30])[0] <= 27
    assert nice_ticks([0, 100]) == [0, 20, 40, 60, 80, 100]
    assert nice_ticks([None]) is None


def test_french_typography_spaces_and_guillemets():
    assert french_typography('Bilan : "réussi" ; à suivre !') == "Bilan\u202f: «\u202fréussi\u202f»\u202f; à suivre\u202f!"
    assert french_typography("Déjà\u202f: rien") == "Déjà\u202f: rien"


def test_report_filename_is_slugified():
    schema = factories.SchemaFactory.build(department_name="Val-de-Marne", department_code="94")
    assert report_filename(schema, 2025) == "bilan-2025-val-de-marne.pdf"


def test_fiche_pdf_laid_out_like_seed(world, partenaire, settings):
    settings.AVS_MIN_GROUP_SIZE = 1  # the world's two structures would withhold the partner's figures
    response = client_for(partenaire).get(reverse("rapports:fiche_pdf", args=[world["fiche"].pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="fiche-pa-2-1-2.pdf"'
    text = pdf_flat_text(response.content)
    sections = [
        "DIAGNOSTIC",
        "PUBLICS ET TERRITOIRES",
        "PILOTAGE / COORDINATION",
        "PARTENAIRES IMPLIQUÉS",
        "RESSOURCES ET FINANCEMENTS",
        "ACTION 1",
        "ACTION 2",
        "ÉCHÉANCES",
        "RÉSULTATS ATTENDUS + INDICATEURS D'ÉVALUATION",
    ]
    assert [text.index(section) for section in sections] == sorted(text.index(section) for section in sections)
    for expected in (
        "2 - CONFIRMER LA FONCTION DE DÉVELOPPEMENT DES LIENS SOCIAUX",
        "PA 2.1.2 - PROMOUVOIR LES EXPÉRIMENTATIONS",
        "Caf du Rhône dans le cadre de l'accompagnement",
        # Each action with its échéance, status, progress and last comment.
        "ACTION 1 Échéance 2023 à 2026 Statut En cours Avancement 65 % Dernier commentaire Bilan d'étape",
        "ACTION 2 Échéance 2022 à 2024 Statut En cours (en retard) Avancement 40 % Dernier commentaire "
        "Rencontres reportées (01/10/2025)",
        "Action 1 : 2023 à 2026",
        "Émergence de nouveaux projets expérimentaux",
        # The indicators with their values by year, against their targets.
        "Nombre de projets expérimentaux menés Année Valeur Cible Écart à la cible 2024 2 4 \u22122 2025 7 9 \u22122",
        "2025 50 % — — 1 oui / 1 non",
    ):
        assert expected.replace(" :", "\u202f:") in text or expected in text, expected
    # Real bullets: the list's own arrow, never a typed « - ➔ » before the text.
    assert "- ➔" not in text and "-➔" not in text


def test_fiche_page_links_to_its_pdf(world, partenaire):
    content = client_for(partenaire).get(reverse("fiches:fiche_detail", args=[world["fiche"].pk])).content.decode()
    assert f'href="{reverse("rapports:fiche_pdf", args=[world["fiche"].pk])}"' in content


def test_structure_page_links_to_its_pdf_only_for_whoever_may_read_it(world, conseiller, partenaire, structure_a):
    link = f'href="{reverse("rapports:structure_pdf", args=[structure_a.pk])}"'
    page = reverse("structures:structure_detail", args=[structure_a.pk])
    assert link in client_for(conseiller).get(page).content.decode()
    response = client_for(partenaire).get(page)
    assert response.status_code == 200 and "Centre social A" in response.content.decode()
    assert link not in response.content.decode()


def test_structure_pdf_lists_agrements_and_fundings(world, conseiller, structure_a):
    response = client_for(conseiller).get(reverse("rapports:structure_pdf", args=[structure_a.pk]))
    assert response["Content-Disposition"] == f'attachment; filename="structure-{structure_a.pk}-centre-social-a.pdf"'
    text = pdf_flat_text(response.content)
    assert "Centre social A" in text
    assert "Animation globale et coordination (AGC)" in text
    assert "70 000 €" in text
    assert "Ville de Lyon" in text

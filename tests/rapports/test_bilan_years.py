"""The bilan of each year of a three-year history shows that year's figures, page by page, read from the PDF.

The history: two actions updated in 2023, 2024 and 2025; an indicator with values in the three campaigns
(2023 and 2024 closed, 2025 still open); fundings each year; agréments starting and ending across the years.
"""

import datetime

import pytest
from django.urls import reverse

from fiches.enums import ActionStatus
from indicateurs.enums import Aggregation, CampaignStatus, IndicatorKind, IndicatorLevel, ValueStatus
from structures.enums import AgrementKind, OrganisationKind, StructureKind
from tests import factories

from .conftest import add_update, client_for
from .test_annual_report import pdf_text


@pytest.fixture(autouse=True)
def _every_group_figure_shown(settings):
    """This world holds fewer structures than the threshold of statistical secrecy, which would withhold the
    partner's figures it reads (the secrecy itself: tests/rapports/test_secrecy.py)."""
    settings.AVS_MIN_GROUP_SIZE = 1


@pytest.fixture
def history(schema, structure_a, structure_b):
    axis = factories.AxisFactory(schema=schema, number=1, title="Coordonner l'animation de la vie sociale")
    orientation = factories.OrientationFactory(axis=axis, number="1.1", title="Partager les diagnostics")
    fiche = factories.FicheFactory(orientation=orientation, code="PA 1.1.1", title="Construire un diagnostic partagé")
    first = factories.ActionFactory(fiche=fiche, number=1, text="Réunir les partenaires", first_year=2023, last_year=2024)
    second = factories.ActionFactory(fiche=fiche, number=2, text="Publier la synthèse", first_year=2022, last_year=2024)
    add_update(first, status=ActionStatus.EN_COURS, progress=20, comment="Lancement 2023", date=datetime.date(2023, 6, 1))
    add_update(second, status=ActionStatus.EN_COURS, progress=10, comment="Début 2023", date=datetime.date(2023, 5, 1))
    add_update(first, status=ActionStatus.REALISEE, progress=100, comment="Terminée 2024", date=datetime.date(2024, 11, 15))
    add_update(second, status=ActionStatus.EN_COURS, progress=50, comment="Reprise 2025", date=datetime.date(2025, 2, 1))
    indicator = factories.IndicatorFactory(
        fiche=fiche,
        label="Nombre de projets menés",
        kind=IndicatorKind.INTEGER,
        level=IndicatorLevel.STRUCTURE,
        aggregation=Aggregation.SUM,
    )
    campaigns = {
        year: factories.CampaignFactory(schema=schema, year=year, status=status)
        for year, status in ((2023, CampaignStatus.CLOSED), (2024, CampaignStatus.CLOSED), (2025, CampaignStatus.OPEN))
    }
    for year, structure, number in (
        (2023, structure_a, 2),
        (2024, structure_a, 3),
        (2024, structure_b, 4),
        (2025, structure_a, 5),
    ):
        factories.IndicatorValueFactory(
            indicator=indicator, campaign=campaigns[year], structure=structure, number=number, status=ValueStatus.VALIDATED
        )
    structure_b.kind = StructureKind.EVS
    structure_b.save()
    factories.AgrementFactory(structure=structure_a, start_date=datetime.date(2022, 1, 1), end_date=datetime.date(2025, 12, 31))
    factories.AgrementFactory(
        structure=structure_b,
        kind=AgrementKind.ANIMATION_LOCALE,
        start_date=datetime.date(2024, 1, 1),
        end_date=datetime.date(2027, 12, 31),
    )
    caf = factories.OrganisationFactory(name="Caf du Rhône", kind=OrganisationKind.CAF)
    city = factories.OrganisationFactory(name="Ville de Lyon", kind=OrganisationKind.COMMUNE)
    for year, structure, funder, amount in (
        (2023, structure_a, caf, 50000),
        (2024, structure_a, caf, 60000),
        (2024, structure_b, city, 20000),
        (2025, structure_a, caf, 30000),
    ):
        factories.FundingFactory(structure=structure, funder=funder, year=year, amount=amount)
    return schema


def bilan_pages(user, schema, year):
    response = client_for(user).get(reverse("rapports:annual_report_pdf", args=[schema.pk, year]))
    assert response.status_code == 200
    reader, _ = pdf_text(response.content)
    return [" ".join(page.extract_text().replace("\u202f", " ").replace("\xa0", " ").split()) for page in reader.pages]


def page_with(pages, marker):
    found = [page for page in pages if marker in page]
    assert len(found) == 1, marker
    return found[0]


def test_bilan_2023_shows_the_state_at_the_end_of_2023(history, partenaire):
    pages = bilan_pages(partenaire, history, 2023)
    assert "PROVISOIRE" not in pages[0] and not any("provisoire" in page for page in pages)
    figures = page_with(pages, "Chiffres clés 2023 L'avancement")
    assert (
        "L'avancement du schéma au 31 décembre 2023 1 fiches-actions 2 actions 0 actions réalisées 2 actions en cours "
        "0 actions en retard 15 % avancement moyen"
    ) in figures
    assert (
        "1 structures AVS 1 Centre social 0 Espace de vie sociale 50 000 € budget cumulé 2023 0 € budget des EVS "
        "100,0 % part de la Caf"
    ) in figures
    fiche = page_with(pages, "PA 1.1.1 - Construire un diagnostic partagé Actions")
    assert "Action 1 - Réunir les partenaires 2023 à 2024 En cours 20 % Lancement 2023 01/06/2023" in fiche
    assert "Action 2 - Publier la synthèse 2022 à 2024 En cours 10 % Début 2023 01/05/2023" in fiche
    assert "Année Valeur Cible Écart à la cible 2023 2 — —" in fiche
    for later in ("Terminée 2024", "Reprise 2025", "2024 7"):
        assert later not in " ".join(pages)
    annex = page_with(pages, "Agréments accordés en vigueur au cours de l'année 2023")
    assert "Centre social B Espace de vie sociale" in annex and "Aucun agrément en vigueur en 2023" in annex


def test_bilan_2024_shows_the_state_at_the_end_of_2024(history, partenaire):
    pages = bilan_pages(partenaire, history, 2024)
    assert not any("provisoire" in page.lower() for page in pages)
    figures = page_with(pages, "Chiffres clés 2024 L'avancement")
    assert (
        "L'avancement du schéma au 31 décembre 2024 1 fiches-actions 2 actions 1 actions réalisées 1 actions en cours "
        "0 actions en retard 55 % avancement moyen"
    ) in figures
    assert (
        "2 structures AVS 1 Centre social 1 Espace de vie sociale 80 000 € budget cumulé 2024 20 000 € budget des EVS "
        "75,0 % part de la Caf"
    ) in figures
    fiche = page_with(pages, "PA 1.1.1 - Construire un diagnostic partagé Actions")
    assert "Action 1 - Réunir les partenaires 2023 à 2024 Réalisée 100 % Terminée 2024 15/11/2024" in fiche
    # Its latest update dates from 2023: the state holds, the comment of 2023 is not this year's.
    assert "Action 2 - Publier la synthèse 2022 à 2024 En cours 10 % — Indicateurs" in fiche
    assert "Écart à la cible 2023 2 — — 2024 7 — —" in fiche
    text = " ".join(pages)
    assert "Lancement 2023" not in text and "Reprise 2025" not in text
    annex = page_with(pages, "Agréments accordés en vigueur au cours de l'année 2024")
    assert "Animation locale (EVS) 01/01/2024 au 31/12/2027" in annex and "Aucun agrément" not in annex


def test_bilan_2025_is_provisional_while_its_campaign_is_open(history, partenaire):
    pages = bilan_pages(partenaire, history, 2025)
    assert pages[0].startswith("BILAN ANNUEL 2025 — PROVISOIRE")
    assert (
        "Chiffres provisoires : la campagne de collecte 2025 n'est pas close ; "
        "complétude de la collecte atteinte à ce jour : 50,0 %."
    ) in pages[0]
    assert all(page.endswith("Bilan 2025 provisoire") for page in pages[1:])
    figures = page_with(pages, "Chiffres clés 2025 (provisoires) L'avancement")
    assert (
        "L'avancement du schéma au 31 décembre 2025 1 fiches-actions 2 actions 1 actions réalisées 1 actions en cours "
        "1 actions en retard 75 % avancement moyen"
    ) in figures
    assert "2 structures AVS 1 Centre social 1 Espace de vie sociale 30 000 € budget cumulé 2025" in figures
    fiche = page_with(pages, "PA 1.1.1 - Construire un diagnostic partagé Actions")
    assert "Action 1 - Réunir les partenaires 2023 à 2024 Réalisée 100 % — Action 2" in fiche
    assert "Action 2 - Publier la synthèse 2022 à 2024 En cours (en retard) 50 % Reprise 2025 01/02/2025" in fiche
    assert "Écart à la cible 2023 2 — — 2024 7 — — 2025 (provisoire) 5 — —" in fiche


def test_dashboards_open_on_the_last_complete_year(history, partenaire):
    client = client_for(partenaire)
    for name in ("rapports:schema_dashboard", "rapports:indicators_dashboard", "rapports:structures_dashboard"):
        response = client.get(reverse(name, args=[history.pk]))
        assert response.context["year"] == 2024, name
        content = response.content.decode()
        assert "provisoire" not in content, name
        assert 'href="?annee=2025"' in content, name
    landing = client.get(reverse("rapports:dashboard")).content.decode()
    assert reverse("rapports:annual_report_pdf", args=[history.pk, 2024]) in landing


def test_dashboards_mark_an_open_year_provisional(history, partenaire):
    client = client_for(partenaire)
    response = client.get(reverse("rapports:schema_dashboard", args=[history.pk]), {"annee": "2025"})
    content = " ".join(response.content.decode().split())
    assert (
        "Chiffres 2025 <strong>provisoires</strong> : la campagne de collecte 2025 n&#x27;est pas close ; "
        "complétude de la collecte atteinte à ce jour : 50,0 %."
    ) in content
    assert "Télécharger le bilan 2025 provisoire (PDF)" in content
    indicators = client.get(reverse("rapports:indicators_dashboard", args=[history.pk]), {"annee": "2024"})
    rows = [(y, v, provisional) for y, v, _t, provisional in indicators.context["items"][0]["series"].table_rows]
    assert [(y, int(v), p) for y, v, p in rows] == [(2023, 2, False), (2024, 7, False)]


def test_schema_dashboard_lists_only_the_updates_of_its_year(history, partenaire):
    response = client_for(partenaire).get(reverse("rapports:schema_dashboard", args=[history.pk]), {"annee": "2023"})
    assert [u.comment for u in response.context["last_updates"]] == ["Lancement 2023", "Début 2023"]
    assert [(a.number, a.status, a.progress) for a in response.context["axes"][0].actions] == [
        (1, ActionStatus.EN_COURS, 20),
        (2, ActionStatus.EN_COURS, 10),
    ]


def test_action_read_as_of_a_year_cannot_be_saved(history):
    from fiches.models import Action

    action = Action.objects.filter(number=1).as_of(2023).get().state_at_end_of(2023)
    with pytest.raises(ValueError):
        action.save()
    assert Action.objects.get(pk=action.pk).progress == 100


def test_bilan_coverage_counts_the_structures_agreed_in_its_year(history, partenaire, structure_b):
    pages_2023 = bilan_pages(partenaire, history, 2023)
    coverage = page_with(pages_2023, "La couverture du territoire en 2023 1 structure")
    assert (
        "1 structure agréée en 2023 ; 1 commune sur 2 en compte au moins une. 10 000 habitants sur 20 000 y vivent, "
        "soit une population couverte de 50,0 %."
    ) in coverage
    assert "Communes avec et sans structure agréée en 2023" in coverage  # the map's title
    assert (
        f"Communes de 5 000 habitants ou plus sans structure Commune EPCI Population {structure_b.commune.name} "
        "Métropole de Lyon 10 000"
    ) in " ".join(pages_2023)
    pages_2024 = bilan_pages(partenaire, history, 2024)
    coverage = page_with(pages_2024, "La couverture du territoire en 2024 2 structures")
    assert "2 structures agréées en 2024 ; 2 communes sur 2 en comptent au moins une." in coverage
    assert "Toutes les communes de cette taille comptent au moins une structure." in " ".join(pages_2024)

"""Every kind of answer reaches partners, on the indicators dashboard and in the bilan: yes/no as counts and
share of "oui", choices as a distribution, free-text answers listed (with the structure's name only where the
Caf allows it), the schéma's own answers, targets with their unit and the gap to them."""

import pytest
from django.urls import reverse

from indicateurs.enums import Aggregation, CampaignStatus, IndicatorKind, IndicatorLevel, ValueStatus
from tests import factories

from .conftest import client_for
from .test_bilan_years import bilan_pages


@pytest.fixture(autouse=True)
def _every_group_figure_shown(settings):
    """This world holds fewer structures than the threshold of statistical secrecy, which would withhold the
    partner's figures it reads (the secrecy itself: tests/rapports/test_secrecy.py)."""
    settings.AVS_MIN_GROUP_SIZE = 1


@pytest.fixture
def answers(schema, structure_a, structure_b):
    structure_c = factories.StructureFactory(name="Centre social C")
    axis = factories.AxisFactory(schema=schema, number=3, title="Observer")
    orientation = factories.OrientationFactory(axis=axis, number="3.1", title="Partager les données")
    fiche = factories.FicheFactory(orientation=orientation, code="PA 3.1.1", title="Exploiter SENACS")
    campaigns = {
        year: factories.CampaignFactory(schema=schema, year=year, status=CampaignStatus.CLOSED) for year in (2023, 2024, 2025)
    }

    def indicator(label, kind, order, **options):
        return factories.IndicatorFactory(fiche=fiche, label=label, kind=kind, order=order, **options)

    def value(indicator, year, structure=None, **fields):
        return factories.IndicatorValueFactory(
            indicator=indicator,
            campaign=campaigns[year],
            structure=structure,
            number=fields.pop("number", None),
            status=ValueStatus.VALIDATED,
            **fields,
        )

    tools = indicator(
        "Existence d'outils de suivi partagés",
        IndicatorKind.BOOLEAN,
        1,
        level=IndicatorLevel.SCHEMA,
        aggregation=Aggregation.NONE,
    )
    for year, answer in ((2023, False), (2024, True), (2025, True)):
        value(tools, year, boolean=answer)
    senacs = indicator("Utilisez-vous les données SENACS ?", IndicatorKind.BOOLEAN, 2, aggregation=Aggregation.SHARE_YES)
    for structure, answer in ((structure_a, True), (structure_b, True), (structure_c, False)):
        value(senacs, 2025, structure, boolean=answer)
    frequency = indicator(
        "Fréquence des comités", IndicatorKind.CHOICE, 3, aggregation=Aggregation.NONE, options=["Mensuelle", "Annuelle"]
    )
    for structure, answer in ((structure_a, "Mensuelle"), (structure_b, "Annuelle"), (structure_c, "Mensuelle")):
        value(frequency, 2025, structure, text=answer)
    named = indicator(
        "Comment utilisez-vous SENACS ?", IndicatorKind.TEXT, 4, aggregation=Aggregation.NONE, names_shown_to_partners=True
    )
    anonymous = indicator("Difficultés rencontrées", IndicatorKind.TEXT, 5, aggregation=Aggregation.NONE)
    value(named, 2025, structure_a, text="Pour le projet social")
    value(anonymous, 2025, structure_b, text="Manque de bénévoles")
    hours = indicator("Heures d'accueil", IndicatorKind.INTEGER, 6, aggregation=Aggregation.SUM, unit="heures")
    hours.targets.create(year=2025, value=100)
    value(hours, 2025, structure_a, number=60)
    value(hours, 2025, structure_b, number=52)
    return schema


def dashboard_text(user, schema):
    response = client_for(user).get(reverse("rapports:indicators_dashboard", args=[schema.pk]), {"annee": "2025"})
    assert response.status_code == 200
    return " ".join(response.content.decode().replace("&nbsp;", " ").replace("\xa0", " ").split())


def test_partner_dashboard_shows_every_kind_of_answer(answers, partenaire):
    text = dashboard_text(partenaire, answers)
    for expected in (
        # The schéma's own yes/no answer, each year.
        '<th scope="row">2023</th> <td>Non</td></tr> <tr><th scope="row">2024</th> <td>Oui</td></tr>',
        # Counts of oui and non and the share of oui.
        '<th scope="row">2025</th> <td class="num text-end">66,7 %</td> <td class="num text-end">—</td> '
        '<td class="num text-end">—</td> <td class="num text-end">2 oui / 1 non</td>',
        # The distribution of the choices.
        '<td>Mensuelle</td><td class="num text-end">2</td><td class="num text-end">66,7 %</td>',
        '<td>Annuelle</td><td class="num text-end">1</td><td class="num text-end">33,3 %</td>',
        # Free-text answers: named where the Caf allows it, anonymous otherwise.
        "<li><strong>Centre social A</strong> : Pour le projet social</li>",
        "<li>Manque de bénévoles</li>",
        # A target with its unit and the gap to it.
        '<td class="num text-end">112 heures</td> <td class="num text-end">100 heures</td> '
        '<td class="num text-end">+12 heures</td>',
    ):
        assert expected in text, expected
    assert "Centre social B</strong>" not in text


def test_staff_dashboard_names_every_text_answer(answers, admin_user):
    text = dashboard_text(admin_user, answers)
    assert "<li><strong>Centre social B</strong> : Manque de bénévoles</li>" in text


def test_bilan_shows_every_kind_of_answer_without_unallowed_names(answers, partenaire):
    pages = bilan_pages(partenaire, answers, 2025)
    fiche = " ".join(page for page in pages if "PA 3.1.1 - Exploiter SENACS" in page)
    for expected in (
        "Existence d'outils de suivi partagés Échelle du schéma Année Réponse 2023 Non 2024 Oui 2025 Oui",
        "2025 66,7 % — — 2 oui / 1 non",
        "2024 Aucune réponse transmise. 2025 Mensuelle 2 66,7 % Annuelle 1 33,3 %",
        "Les réponses 2025 Centre social A : Pour le projet social",
        "Les réponses 2025 Manque de bénévoles",
        "2025 112 heures 100 heures +12 heures",
    ):
        assert expected in fiche, expected
    assert "Centre social B :" not in fiche

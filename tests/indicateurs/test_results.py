"""Completeness and results: states by structure, rates, aggregations and computed sources."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from fiches.enums import ActionStatus
from fiches.models import ActionUpdate
from indicateurs.completeness import EntryState, campaign_completeness, state_of
from indicateurs.enums import Aggregation, CampaignStatus, ComputedSource, IndicatorKind, IndicatorLevel, ValueStatus
from indicateurs.models import IndicatorTarget, IndicatorValue
from indicateurs.results import computed_figures, schema_results
from structures.enums import ConventionKind, StructureKind
from structures.models import SenacsResponse
from tests import factories

from .conftest import agreed, make_values

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("counts", "state"),
    [
        ({}, EntryState.NOT_STARTED),
        ({ValueStatus.DRAFT: 2}, EntryState.DRAFT),
        ({ValueStatus.SUBMITTED: 2}, EntryState.DRAFT),
        ({ValueStatus.SUBMITTED: 3}, EntryState.SUBMITTED),
        ({ValueStatus.SUBMITTED: 1, ValueStatus.VALIDATED: 2}, EntryState.SUBMITTED),
        ({ValueStatus.VALIDATED: 3}, EntryState.VALIDATED),
        ({ValueStatus.VALIDATED: 2, ValueStatus.RETURNED: 1}, EntryState.RETURNED),
    ],
)
def test_state_of_entry(counts, state):
    assert state_of(counts, 3) == state


def test_completeness_by_structure_indicator_and_rate(campaign, indicators, structure_a, structure_b):
    c = agreed(factories.StructureFactory(name="Centre social C"))
    d = agreed(factories.StructureFactory(name="Centre social D"))
    factories.StructureFactory(name="Centre social E")  # no agrément in 2025: not expected
    make_values(campaign, structure_a, indicators, status=ValueStatus.VALIDATED)
    make_values(campaign, structure_b, indicators, status=ValueStatus.SUBMITTED)
    IndicatorValue.objects.create(indicator=indicators["count"], campaign=campaign, structure=c, number=1)

    completeness = campaign_completeness(campaign)

    assert [(row.structure.name, row.state) for row in completeness.structures] == [
        ("Centre social A", EntryState.VALIDATED),
        ("Centre social B", EntryState.SUBMITTED),
        ("Centre social C", EntryState.DRAFT),
        (d.name, EntryState.NOT_STARTED),
    ]
    assert completeness.expected == 24
    assert completeness.done == 12
    assert completeness.rate == 50
    assert completeness.reporting_rate == 50
    assert [row.structure.name for row in completeness.late] == ["Centre social C", d.name]
    assert [(row.indicator.label, row.done, row.expected) for row in completeness.indicators][:2] == [
        ("Nombre de projets", 2, 4),
        ("Taux d'adhésion", 2, 4),
    ]


def test_completeness_page(client, conseiller, campaign, indicators, structure_a, structure_b):
    make_values(campaign, structure_a, indicators, status=ValueStatus.VALIDATED)
    client.force_login(conseiller)

    content = client.get(reverse("indicateurs:completeness", args=[campaign.pk])).content.decode()

    assert "Taux de complétude" in content
    assert "50,0\xa0%" in content
    assert "Structures qui n'ont pas encore tout transmis (1)" in content


def test_results_aggregations(campaign, indicators, structure_a, structure_b):
    make_values(campaign, structure_a, indicators, status=ValueStatus.VALIDATED)
    make_values(
        campaign,
        structure_b,
        indicators,
        status=ValueStatus.SUBMITTED,
        count={"number": Decimal(3)},
        percent={"number": Decimal("54.5")},
        yes_no={"boolean": False},
        choice={"text": "Autre"},
    )
    factories.StructureFactory(name="Centre social sans réponse")
    c = factories.StructureFactory(name="Centre social brouillon")
    IndicatorValue.objects.create(indicator=indicators["count"], campaign=campaign, structure=c, number=100)
    IndicatorValue.objects.create(indicator=indicators["schema_wide"], campaign=campaign, number=4, status="validated")
    IndicatorTarget.objects.create(indicator=indicators["count"], year=2025, value=20)
    share = factories.IndicatorFactory(
        fiche=indicators["count"].fiche, kind=IndicatorKind.BOOLEAN, aggregation=Aggregation.SHARE_YES, label="Part oui"
    )
    answered = factories.IndicatorFactory(
        fiche=indicators["count"].fiche, kind=IndicatorKind.TEXT, aggregation=Aggregation.SHARE_ANSWERED, label="Part réponses"
    )
    IndicatorValue.objects.create(indicator=share, campaign=campaign, structure=structure_a, boolean=True, status="submitted")
    IndicatorValue.objects.create(indicator=share, campaign=campaign, structure=structure_b, boolean=False, status="submitted")
    IndicatorValue.objects.create(indicator=answered, campaign=campaign, structure=structure_a, text="Oui", status="submitted")

    results = {r.indicator.label: r for r in schema_results(campaign.schema, years=[2024, 2025])}

    assert results["Nombre de projets"].figures[2025].value == Decimal(15)  # the draft is not counted
    assert results["Nombre de projets"].targets == {2025: Decimal(20)}
    assert results["Nombre de projets"].figures[2024].is_empty
    assert results["Taux d'adhésion"].figures[2025].value == Decimal("50.00")
    assert results["Budget"].figures[2025].value == Decimal(25000)
    assert results["Participe à la veille sociale"].figures[2025].value == Decimal(1)
    assert results["Principal financeur"].figures[2025].detail == [("Autre", 1), ("Commune", 1)]
    assert results["Réunions du comité"].figures[2025].value == Decimal(4)
    assert results["Part oui"].figures[2025].value == Decimal("50.00")
    assert results["Part réponses"].figures[2025].value == Decimal("25.00")  # 1 structure of 4


def test_computed_sources_from_the_database(schema):
    factories.ConventionFactory(kind=ConventionKind.TRIPARTITE, signed_on=datetime.date(2024, 3, 1))
    factories.ConventionFactory(kind=ConventionKind.TRIPARTITE, signed_on=datetime.date(2024, 9, 1))
    factories.ConventionFactory(kind=ConventionKind.TRIPARTITE, signed_on=datetime.date(2025, 1, 1))
    factories.ConventionFactory(kind=ConventionKind.TRIPARTITE, signed_on=datetime.date(2024, 1, 1), department_code="94")
    factories.ConventionFactory(kind=ConventionKind.CTG, signed_on=datetime.date(2024, 5, 1))
    structures = [factories.StructureFactory(kind=StructureKind.CENTRE_SOCIAL) for _ in range(3)]
    structures.append(factories.StructureFactory(kind=StructureKind.EVS))
    SenacsResponse.objects.create(structure=structures[0], year=2024)
    SenacsResponse.objects.create(structure=structures[1], year=2024)
    SenacsResponse.objects.create(structure=structures[3], year=2024)
    SenacsResponse.objects.create(structure=structures[0], year=2025)
    fiche = factories.FicheFactory(orientation__axis__schema=schema)
    done = factories.ActionFactory(fiche=fiche, status=ActionStatus.REALISEE)
    ActionUpdate.objects.create(action=done, date=datetime.date(2024, 6, 1), status=ActionStatus.REALISEE, progress=100)
    factories.ActionFactory(fiche=fiche, status=ActionStatus.EN_COURS)

    figures, structure_count = computed_figures(schema, [2023, 2024, 2025])

    assert structure_count == 4
    assert figures[ComputedSource.TRIPARTITE_CONVENTIONS_SIGNED][2024].value == 2
    assert figures[ComputedSource.TRIPARTITE_CONVENTIONS_SIGNED][2025].value == 1
    assert figures[ComputedSource.CTG_SIGNED][2024].value == 1
    assert figures[ComputedSource.SENACS_SHARE][2024].value == Decimal("75.00")
    assert figures[ComputedSource.SENACS_SHARE][2025].value == Decimal("25.00")
    assert figures[ComputedSource.SENACS_SHARE][2023].value is None
    assert figures[ComputedSource.ACTIONS_DONE][2023].value == 0
    assert figures[ComputedSource.ACTIONS_DONE][2024].value == 1
    assert figures[ComputedSource.CENTRES_SOCIAUX_COUNT][2025].value == 3
    assert figures[ComputedSource.EVS_COUNT][2025].value == 1


def test_results_page_shows_figures_and_targets(client, partenaire, campaign, indicators, structure_a):
    make_values(campaign, structure_a, indicators, status=ValueStatus.VALIDATED)
    IndicatorTarget.objects.create(indicator=indicators["amount"], year=2025, value=20000)
    client.force_login(partenaire)

    content = client.get(reverse("indicateurs:results", args=[campaign.schema.pk])).content.decode()

    # One structure answered: the département's figure is its value, a statistical secret for a partner.
    assert "12\xa0500\xa0€" not in content
    assert "secret statistique (moins de 3 structures)" in content
    assert "20\xa0000" in content
    assert "Deux journées de formation." not in content  # partners never read a structure's answers


def test_results_page_shows_every_figure_to_the_caf(client, conseiller, campaign, indicators, structure_a):
    make_values(campaign, structure_a, indicators, status=ValueStatus.VALIDATED)
    client.force_login(conseiller)

    content = client.get(reverse("indicateurs:results", args=[campaign.schema.pk])).content.decode()

    assert "12\xa0500\xa0€" in content
    assert "secret statistique" not in content


def test_indicator_list_withholds_a_single_structure_figure_from_a_director(
    client, directeur_b, campaign, indicators, structure_a, structure_b
):
    make_values(campaign, structure_a, indicators, status=ValueStatus.VALIDATED, amount={"number": Decimal(987654)})
    client.force_login(directeur_b)

    content = client.get(reverse("indicateurs:indicator_list")).content.decode()

    assert "987\xa0654" not in content
    assert "secret statistique (moins de 3 structures)" in content


def test_indicator_list_shows_results_for_schema(client, directeur_a, campaign, indicators, structure_a):
    make_values(campaign, structure_a, indicators, status=ValueStatus.VALIDATED)
    campaign.status = CampaignStatus.CLOSED
    campaign.save()
    client.force_login(directeur_a)

    response = client.get(reverse("indicateurs:indicator_list"))

    content = response.content.decode()
    assert response.context["schema"] == campaign.schema
    assert "Nombre de projets" in content
    assert "Consulter : Centre social A" in content
    assert "Ajouter un indicateur" not in content


def test_schema_level_value_not_listed_per_structure(indicators):
    assert indicators["schema_wide"].level == IndicatorLevel.SCHEMA

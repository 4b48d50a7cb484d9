"""What the dashboards show, the comment shown as text, and their cost with ten times the demo's size."""

import datetime
import html

import pytest
from django.urls import reverse

from fiches.models import Action, Fiche
from indicateurs.enums import ComputedSource, IndicatorKind, IndicatorLevel, ValueStatus
from indicateurs.models import IndicatorValue
from structures.enums import StructureKind
from structures.models import Funding, SenacsResponse, Structure
from tests import factories

from .conftest import client_for


def page(user, url_name, schema, **params):
    response = client_for(user).get(reverse(url_name, args=[schema.pk]), params)
    assert response.status_code == 200
    return response, html.unescape(response.content.decode())


def test_schema_dashboard_shows_progress_and_late_actions(world, partenaire):
    response, text = page(partenaire, "rapports:schema_dashboard", world["schema"])
    figures = response.context["figures"]
    assert figures == {"axes": 1, "fiches": 1, "actions": 2, "done": 0, "ongoing": 2, "late": 1, "progress": 53}
    assert [a.number for a in response.context["late_actions"]] == [2]
    assert "Calendrier des actions 2022-2026" in response.context["timeline"].svg
    assert "Données mises à jour le" in text
    assert "Année <strong>2025</strong>" in text
    assert response.context["schema"] == world["schema"]


def test_schema_dashboard_comment_is_plain_text(world, partenaire):
    response, _ = page(partenaire, "rapports:schema_dashboard", world["schema"])
    raw = response.content.decode()
    assert "<script>alert(1)</script>" not in raw
    assert "<b>gras</b>" not in raw
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in raw
    assert "&lt;b&gt;gras&lt;/b&gt;" in raw


def test_schema_dashboard_charts_have_text_alternative(world, partenaire):
    response, text = page(partenaire, "rapports:schema_dashboard", world["schema"])
    charts = response.context["charts"]
    assert [c.title for c in charts] == [
        "Avancement moyen des actions par axe",
        "Actions par statut et par axe",
        "Avancement moyen des actions par fiche",
    ]
    assert charts[0].alt == (
        "Avancement moyen des actions par axe : Axe 2 - Confirmer la fonction de développement des liens sociaux : 53\xa0%."
    )
    assert f'alt="{charts[0].alt}"' in text


def test_indicators_dashboard_values_targets_and_breakdowns(world, conseiller):
    # The Caf sees every figure, even of groups of fewer than 3 structures (test_secrecy.py: partners do not).
    response, text = page(conseiller, "rapports:indicators_dashboard", world["schema"])
    items = {item["series"].indicator.pk: item for item in response.context["items"]}
    projects = items[world["indicator"].pk]
    assert projects["series"].rows == [(2024, 2, 4), (2025, 7, 9)]
    assert projects["by_kind"] == [("Centre social", 3), ("Espace de vie sociale", 4)]
    assert projects["by_epci"] == [("Métropole de Lyon", 7)]
    share = items[world["share"].pk]
    assert share["series"].values == {2024: None, 2025: 50}
    completeness = response.context["completeness"]
    assert (completeness.expected, completeness.transmitted, completeness.validated) == (4, 4, 2)
    assert completeness.rate == 100
    assert "Complétude de la campagne 2025" in text


def test_indicators_dashboard_other_year(world, partenaire):
    response, _ = page(partenaire, "rapports:indicators_dashboard", world["schema"], annee="2024")
    assert response.context["year"] == 2024
    assert response.context["completeness"].transmitted == 1


def test_structures_dashboard_avs_en_bref(world, conseiller):
    response, text = page(conseiller, "rapports:structures_dashboard", world["schema"])
    figures = response.context["figures"]
    assert figures["count"] == 2
    assert figures["by_kind"] == [("Centre social", 1), ("Espace de vie sociale", 1)]
    assert figures["budget"] == 100000
    assert figures["budget_evs"] == 10000
    assert figures["caf_share"] == 70
    assert [a.structure.name for a in response.context["ending"]] == ["Centre social A"]
    budgets = {year: (total, caf) for year, total, caf, _ in response.context["budgets"]}
    assert budgets[2024] == (60000, 60000)
    assert "L'AVS en bref" in text
    assert "100\xa0000\xa0€" in text


@pytest.fixture
def big_world(world, schema):
    """Ten times the demo: 50 fiches, 130 actions, 400 structures, 2,000 values, 800 fundings."""
    orientation = world["fiche"].orientation
    for n in range(49):
        Fiche(orientation=orientation, code=f"PA 9.{n}", title=f"Fiche {n}").save()
    fiches = list(Fiche.objects.filter(schema=schema))
    Action.objects.bulk_create(
        Action(fiche=fiches[n % len(fiches)], number=100 + n, text=f"Action {n}", first_year=2022, last_year=2024 + n % 3)
        for n in range(128)
    )
    commune = factories.CommuneFactory()
    structures = Structure.objects.bulk_create(
        Structure(name=f"Structure {n}", kind=StructureKind.EVS if n % 3 else StructureKind.CENTRE_SOCIAL, commune=commune)
        for n in range(398)
    )
    campaign = world["indicator"].values.first().campaign
    IndicatorValue.objects.bulk_create(
        IndicatorValue(indicator=indicator, campaign=campaign, structure=s, number=1, status=ValueStatus.VALIDATED)
        for s in structures
        for indicator in (world["indicator"],)
    )
    funder = factories.OrganisationFactory(name="Caf du Rhône")
    Funding.objects.bulk_create(
        Funding(structure=s, funder=funder, year=2025, nature="ps_agc", amount=1000 + i) for s in structures for i in range(2)
    )
    factories.AgrementFactory.create_batch(
        20,
        structure=structures[0],
        start_date=datetime.date.today(),
        end_date=datetime.date.today() + datetime.timedelta(days=200),
    )
    return world


@pytest.mark.parametrize(
    ("url_name", "max_queries"),
    [
        ("rapports:schema_dashboard", 15),  # with the governance blocks (late decisions, météo)
        ("rapports:indicators_dashboard", 15),
        ("rapports:structures_dashboard", 15),
    ],
)
def test_dashboards_query_count_ten_times_demo(big_world, partenaire, django_assert_max_num_queries, url_name, max_queries):
    client = client_for(partenaire)
    with django_assert_max_num_queries(max_queries):
        response = client.get(reverse(url_name, args=[big_world["schema"].pk]))
    assert response.status_code == 200


def test_dashboard_landing_query_count(big_world, partenaire, django_assert_max_num_queries):
    client = client_for(partenaire)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("rapports:dashboard"))
    assert response.status_code == 200


@pytest.fixture
def every_kind(big_world):
    """big_world with an indicator of each kind the page reads apart: a choice and a free text answered by
    the structures, one answered by the Caf for the schéma, two computed from conventions and SENACS."""
    fiche, campaign = big_world["fiche"], big_world["indicator"].values.get(structure__name="Structure 0").campaign
    structures = list(Structure.objects.filter(name__startswith="Structure ").order_by("pk")[:11])
    choice = factories.IndicatorFactory(fiche=fiche, label="Fréquence des rencontres", kind=IndicatorKind.CHOICE, order=5)
    text = factories.IndicatorFactory(fiche=fiche, label="Projet marquant", kind=IndicatorKind.TEXT, order=6)
    answers = ["Souvent"] * 5 + ["Rarement"] * 3 + ["Jamais"] * 3
    IndicatorValue.objects.bulk_create(
        [
            *(
                IndicatorValue(indicator=choice, campaign=campaign, structure=s, text=answer, status=ValueStatus.VALIDATED)
                for s, answer in zip(structures, answers, strict=True)
            ),
            *(
                IndicatorValue(indicator=text, campaign=campaign, structure=s, text=f"Projet {n}", status=ValueStatus.VALIDATED)
                for n, s in enumerate(structures)
            ),
        ]
    )
    caf_answer = factories.IndicatorFactory(fiche=fiche, label="Comités réunis", level=IndicatorLevel.SCHEMA, order=7)
    factories.IndicatorValueFactory(indicator=caf_answer, campaign=campaign, structure=None, number=4)
    for order, source in enumerate((ComputedSource.TRIPARTITE_CONVENTIONS_SIGNED, ComputedSource.SENACS_SHARE), start=8):
        factories.IndicatorFactory(fiche=fiche, label=source.label, computed_source=source, order=order)
    factories.ConventionFactory(signed_on=datetime.date(campaign.year, 3, 1))
    SenacsResponse.objects.bulk_create(SenacsResponse(structure=s, year=campaign.year) for s in structures)
    return big_world | {"campaign": campaign, "choice": choice}


def test_indicators_dashboard_first_view_query_count_with_every_kind(every_kind, partenaire, django_assert_max_num_queries):
    client = client_for(partenaire)
    client.get(reverse("rapports:dashboard"))  # the session's first request saves it: not this page's cost
    # The figures are cached (conftest empties the cache): this is the first, uncached view.
    url = reverse("rapports:indicators_dashboard", args=[every_kind["schema"].pk])
    with django_assert_max_num_queries(15):
        response = client.get(url, {"annee": every_kind["campaign"].year})
    assert response.status_code == 200
    items = {item["series"].indicator.pk: item for item in response.context["items"]}
    choice = items[every_kind["choice"].pk]["series"]
    year = every_kind["campaign"].year
    assert choice.figures[year].detail == [("Souvent", 5), ("Jamais", 3), ("Rarement", 3)]
    assert choice.answered[year] == 11

""" "L'AVS en bref" and the territorial coverage: figures and pages."""

import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from structures.coverage import coverage, map_shapes
from structures.enums import AgrementKind, AgrementStatus, FundingNature, Gestion, OrganisationKind, StructureKind
from structures.figures import AvsEnBref, Share, avs_en_bref
from tests import factories

TERRITORY = {
    "admin": 200,
    "conseiller": 200,
    "conseiller_94": 200,
    "directeur_a": 403,
    "directeur_b": 403,
    "partenaire": 200,
    "anonyme": 302,
}


@pytest.fixture
def bref_dataset(db):
    """In 2025: 2 centres sociaux (associative, municipale) and 1 EVS agréés; one structure whose agrément
    ended in 2024 and one in the 94 do not count."""
    caf = factories.OrganisationFactory(name="Caf du Rhône", kind=OrganisationKind.CAF)
    ville = factories.OrganisationFactory(name="Ville de Lyon", kind=OrganisationKind.COMMUNE)
    lyon = factories.CommuneFactory(insee_code="69123", name="Lyon", population=500000)
    cs1 = factories.StructureFactory(name="CS 1", commune=lyon)
    cs2 = factories.StructureFactory(name="CS 2", gestion=Gestion.MUNICIPALE, commune=lyon)
    evs = factories.StructureFactory(name="EVS 1", kind=StructureKind.EVS, commune=lyon)
    gone = factories.StructureFactory(name="CS parti", commune=lyon)
    val = factories.StructureFactory(name="CS 94", commune=factories.CommuneFactory(insee_code="94028", department_code="94"))
    for structure in (cs1, cs2, val):
        factories.AgrementFactory(structure=structure, start_date=datetime.date(2023, 1, 1), end_date=datetime.date(2026, 12, 31))
    factories.AgrementFactory(
        structure=evs,
        kind=AgrementKind.ANIMATION_LOCALE,
        start_date=datetime.date(2025, 6, 1),
        end_date=datetime.date(2028, 5, 31),
    )
    factories.AgrementFactory(
        structure=gone, status=AgrementStatus.EXPIRE, start_date=datetime.date(2021, 1, 1), end_date=datetime.date(2024, 12, 31)
    )
    factories.FundingFactory(structure=cs1, funder=caf, year=2025, amount=100000)
    factories.FundingFactory(structure=cs1, funder=ville, year=2025, nature=FundingNature.SUBVENTION, amount=200000)
    factories.FundingFactory(structure=cs2, funder=caf, year=2025, amount=60000)
    factories.FundingFactory(structure=evs, funder=caf, year=2025, nature=FundingNature.PS_ANIMATION_LOCALE, amount=40000)
    factories.FundingFactory(structure=cs1, funder=caf, year=2024, amount=999)
    factories.FundingFactory(structure=val, funder=caf, year=2025, amount=777)


def test_avs_en_bref_figures(bref_dataset):
    assert avs_en_bref(department_code="69", year=2025) == AvsEnBref(
        department_code="69",
        year=2025,
        structure_count=3,
        centre_social_count=2,
        evs_count=1,
        gestion_shares=[
            Share("associative", "Associative", 2, Decimal("66.7")),
            Share("municipale", "Municipale / CCAS", 1, Decimal("33.3")),
            Share("caf", "Caf", 0, Decimal("0")),
            Share("autre", "Autre", 0, Decimal("0")),
        ],
        total_budget=Decimal("400000"),
        centre_social_budget=Decimal("360000"),
        evs_budget=Decimal("40000"),
        caf_amount=Decimal("200000"),
        caf_share=Decimal("50.0"),
    )


def test_avs_en_bref_counts_the_structure_whose_agrement_ended_during_the_year(bref_dataset):
    figures = avs_en_bref(department_code="69", year=2024)
    assert (figures.structure_count, figures.total_budget, figures.caf_share) == (3, Decimal("999"), Decimal("100.0"))


def test_avs_en_bref_without_data(db):
    figures = avs_en_bref(department_code="01", year=2025)
    assert (figures.structure_count, figures.total_budget, figures.caf_share) == (0, Decimal(0), None)
    assert [share.percent for share in figures.gestion_shares] == [Decimal(0)] * 4


def test_avs_en_bref_page_access_for_each_role(status_for, structure_a):
    assert status_for(reverse("structures:avs_en_bref")) == TERRITORY


def test_avs_en_bref_page_shows_the_figures(client, conseiller, bref_dataset):
    client.force_login(conseiller)
    response = client.get(reverse("structures:avs_en_bref"), {"department_code": "69", "year": "2025"})
    content = response.content.decode()
    assert response.context["figures"].structure_count == 3
    assert "<strong>400\xa0000\xa0€</strong>" in content
    assert "soit 50,0\xa0% du budget" in content


def test_avs_en_bref_page_conseiller_cannot_choose_another_department(client, conseiller, bref_dataset):
    client.force_login(conseiller)
    response = client.get(reverse("structures:avs_en_bref"), {"department_code": "94", "year": "2025"})
    assert response.status_code == 200
    assert response.context["figures"] is None
    assert "Sélectionnez un choix valide" in response.content.decode()


def test_avs_en_bref_page_bad_year_french_error(client, admin_user, bref_dataset):
    client.force_login(admin_user)
    response = client.get(reverse("structures:avs_en_bref"), {"department_code": "69", "year": "deux mille"})
    assert response.status_code == 200
    assert "Saisissez un nombre entier." in response.content.decode()


def _departments_offered(client):
    response = client.get(reverse("structures:avs_en_bref"))
    return [code for code, _label in response.context["form"].fields["department_code"].choices]


def test_avs_en_bref_departments_follow_the_structures(client, admin_user, bref_dataset):
    client.force_login(admin_user)
    assert _departments_offered(client) == ["69", "94"]

    ain = factories.StructureFactory(name="CS Bourg", commune=factories.CommuneFactory(insee_code="01053", department_code="01"))
    assert _departments_offered(client) == ["01", "69", "94"]

    ain.delete()
    assert _departments_offered(client) == ["69", "94"]


def test_avs_en_bref_departments_read_once(client, admin_user, bref_dataset):
    # Finding the départements joins every structure of the country to its commune: a later visit reuses it.
    client.force_login(admin_user)
    client.get(reverse("structures:avs_en_bref"))
    cache.clear()
    with CaptureQueriesContext(connection) as first:
        client.get(reverse("structures:avs_en_bref"))
    with CaptureQueriesContext(connection) as later:
        client.get(reverse("structures:avs_en_bref"))

    assert len(later.captured_queries) == len(first.captured_queries) - 1


def test_avs_en_bref_page_query_count(client, admin_user, bref_dataset, django_assert_max_num_queries):
    client.force_login(admin_user)
    with django_assert_max_num_queries(10):
        client.get(reverse("structures:avs_en_bref"), {"department_code": "69", "year": "2025"})


@pytest.fixture
def coverage_dataset(db):
    lyon = factories.CommuneFactory(insee_code="69123", name="Lyon", population=500000, epci_code="200046977")
    first = factories.CommuneFactory(
        insee_code="69381", name="Lyon 1er Arrondissement", population=30000, parent_code="69123", epci_code="200046977"
    )
    factories.CommuneFactory(insee_code="69266", name="Villeurbanne", population=150000, epci_code="200046977")
    tarare = factories.CommuneFactory(insee_code="69243", name="Tarare", population=10000, epci_code="200040566", epci_name="COR")
    factories.CommuneFactory(insee_code="69001", name="Affoux", population=400, epci_code="200040566", epci_name="COR")
    factories.StructureFactory(name="CS Lyon", commune=lyon)
    factories.StructureFactory(name="CS Pentes", commune=first)
    factories.StructureFactory(name="CS Tarare", commune=tarare)


def test_coverage_by_commune_and_epci(coverage_dataset):
    result = coverage(department_code="69", min_population=5000)
    assert [(c.name, c.structure_count) for c in result.with_structures] == [("Lyon", 2), ("Tarare", 1)]
    assert [(c.name, c.population) for c in result.uncovered_above] == [("Villeurbanne", 150000)]
    assert [(e.name, e.structure_count, e.covered_commune_count, e.commune_count, e.covered_share) for e in result.epcis] == [
        ("COR", 1, 1, 2, Decimal("96.2")),
        ("Métropole de Lyon", 2, 1, 2, Decimal("76.9")),
    ]
    assert (result.structure_count, result.population, result.covered_population) == (3, 660400, 510000)
    assert result.covered_share == Decimal("77.2")


def test_coverage_map_draws_the_shipped_communes(coverage_dataset):
    shapes = map_shapes(coverage(department_code="69"))
    assert shapes["width"] == 640
    assert len(shapes["shapes"]) == 265  # the shipped outline of the Rhône
    levels = {shape["title"]: shape["level"] for shape in shapes["shapes"]}
    assert levels["Lyon : 2 structures"] == 2
    assert levels["Tarare : 1 structure"] == 1
    assert levels["Affoux : 0 structure"] == 0


def test_coverage_map_is_none_without_outline(db):
    assert map_shapes(coverage(department_code="94")) is None


def test_coverage_page_access_for_each_role(status_for, structure_a):
    assert status_for(reverse("structures:coverage")) == TERRITORY


def test_coverage_page_shows_table_and_map(client, conseiller, coverage_dataset, django_assert_max_num_queries):
    client.force_login(conseiller)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("structures:coverage"), {"department_code": "69", "min_population": "100000"})
    content = response.content.decode()
    assert "<svg" in content
    assert "Villeurbanne" in content
    assert "77,2\xa0%" in content


def test_coverage_page_negative_population_french_error(client, conseiller, coverage_dataset):
    client.force_login(conseiller)
    response = client.get(reverse("structures:coverage"), {"department_code": "69", "min_population": "-5"})
    assert response.status_code == 200
    assert "supérieure ou égale à 0" in response.content.decode()


def test_avs_en_bref_page_withholds_the_budget_of_a_lone_evs_from_partners(client, partenaire, conseiller, bref_dataset):
    """The only EVS's budget is its own: a partner reads « secret statistique », the Caf reads the amount."""
    params = {"department_code": "69", "year": "2025"}
    client.force_login(partenaire)
    content = client.get(reverse("structures:avs_en_bref"), params).content.decode()

    assert "40\xa0000\xa0€" not in content
    assert "(dont secret statistique (moins de 3 structures) pour les espaces de vie sociale)" in content
    assert "<strong>400\xa0000\xa0€</strong>" in content  # three structures: shown

    client.force_login(conseiller)
    content = client.get(reverse("structures:avs_en_bref"), params).content.decode()
    assert "(dont 40\xa0000\xa0€ pour les espaces de vie sociale)" in content

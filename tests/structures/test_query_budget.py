"""Structures pages cost a fixed number of queries whatever the number of structures in the country."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from structures.enums import StructureKind
from structures.filters import CHOICES_LIMIT
from structures.models import Commune, Structure
from tests import factories

QUERY_BUDGET = 15


def build_structures(count, *, department_code="69", prefix="A"):
    """``count`` structures, three quarters of them each in its own commune of the département."""
    communes = Commune.objects.bulk_create(
        Commune(
            insee_code=f"{prefix}{n:04d}",
            name=f"Commune {prefix}{n}",
            department_code=department_code,
            epci_code=f"2000{n % 50:05d}",
            epci_name=f"EPCI {n % 50}",
            population=1000 + n,
        )
        for n in range(count * 3 // 4)
    )
    return Structure.objects.bulk_create(
        Structure(
            name=f"Structure {prefix}{n:04d}",
            kind=StructureKind.CENTRE_SOCIAL if n % 2 else StructureKind.EVS,
            commune=communes[n % len(communes)],
        )
        for n in range(count)
    )


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("count", [60, 600])
@pytest.mark.parametrize("role", ["admin", "partenaire"])
def test_structure_list_query_count_fixed_when_structures_grow(
    db, admin_user, partenaire, django_assert_max_num_queries, count, role
):
    build_structures(count)
    client = logged_in(admin_user if role == "admin" else partenaire)
    with django_assert_max_num_queries(QUERY_BUDGET):
        response = client.get(reverse("structures:structure_list"))
    assert response.status_code == 200
    assert len(response.context["structures"]) == 50
    assert response.context["page"].paginator.count == count
    html = response.content.decode()
    assert html.count("<option") <= CHOICES_LIMIT + 40


def test_structure_list_national_scope_types_the_commune(db, admin_user):
    structures = build_structures(600)
    response = logged_in(admin_user).get(reverse("structures:structure_list"), {"commune": structures[7].commune.insee_code})
    form = response.context["filter"].form
    assert form.fields["commune"].label == "Commune (nom ou code INSEE)"
    assert [s.name for s in response.context["structures"]] == ["Structure A0007", "Structure A0457"]


def test_structure_list_national_scope_types_the_epci(db, admin_user):
    build_structures(600)
    response = logged_in(admin_user).get(reverse("structures:structure_list"), {"epci": "EPCI 49"})
    assert response.context["page"].paginator.count == 12


def test_structure_list_small_scope_keeps_commune_choices(db, admin_user):
    structures = build_structures(60)
    response = logged_in(admin_user).get(reverse("structures:structure_list"), {"commune": structures[3].commune.pk})
    assert len(response.context["filter"].form.fields["commune"].queryset) == 45
    assert [s.name for s in response.context["structures"]] == ["Structure A0003", "Structure A0048"]


def test_structure_list_page_links_keep_the_filters(db, admin_user):
    build_structures(600)
    response = logged_in(admin_user).get(reverse("structures:structure_list"), {"kind": "evs", "page": "2"})
    html = response.content.decode()
    assert response.context["page"].number == 2
    assert response.context["page"].paginator.count == 300
    assert 'href="?kind=evs&amp;page=1"' in html
    assert 'href="?kind=evs&amp;page=3"' in html


def test_structure_list_page_out_of_range_shows_last_page(db, admin_user):
    build_structures(60)
    response = logged_in(admin_user).get(reverse("structures:structure_list"), {"page": "99"})
    assert response.status_code == 200
    assert response.context["page"].number == 2
    assert len(response.context["structures"]) == 10


def agree_and_fund(structures, *, year=2025):
    from structures.enums import AgrementKind, AgrementStatus, FundingNature
    from structures.models import Agrement, Funding

    caf = factories.OrganisationFactory(name=f"Caf {structures[0].pk}", kind="caf")
    Agrement.objects.bulk_create(
        Agrement(
            structure=s,
            kind=AgrementKind.AGC if s.kind == StructureKind.CENTRE_SOCIAL else AgrementKind.ANIMATION_LOCALE,
            status=AgrementStatus.ACCORDE,
            start_date=datetime.date(year - 1, 1, 1),
            end_date=datetime.date(year + 2, 12, 31),
        )
        for s in structures
    )
    Funding.objects.bulk_create(
        Funding(structure=s, funder=caf, year=year, nature=FundingNature.PS_AGC, amount=1000) for s in structures
    )


@pytest.mark.parametrize("elsewhere", [20, 200])
def test_avs_en_bref_query_count_and_figures_fixed_when_country_grows(db, partenaire, django_assert_max_num_queries, elsewhere):
    rhone = build_structures(20, department_code="69", prefix="R")
    agree_and_fund(rhone)
    agree_and_fund(build_structures(elsewhere, department_code="94", prefix="V"))
    client = logged_in(partenaire)
    with django_assert_max_num_queries(QUERY_BUDGET):
        response = client.get(reverse("structures:avs_en_bref"), {"department_code": "69", "year": "2025"})
    figures = response.context["figures"]
    assert (figures.structure_count, figures.centre_social_count, figures.evs_count) == (20, 10, 10)
    assert (figures.total_budget, figures.caf_amount, figures.caf_share) == (20000, 20000, 100)
    assert [(share.count) for share in figures.gestion_shares if share.count] == [20]

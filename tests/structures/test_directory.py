"""Organisations directory, fundings and conventions, for every role."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from fiches.enums import FicheRole
from structures.enums import ConventionKind, OrganisationKind
from structures.models import Convention, Funding
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
CAF_OF_A = {
    "admin": 200,
    "conseiller": 200,
    "conseiller_94": 403,
    "directeur_a": 403,
    "directeur_b": 403,
    "partenaire": 403,
    "anonyme": 302,
}


@pytest.fixture
def caf(db):
    return factories.OrganisationFactory(name="Caf du Rhône", kind=OrganisationKind.CAF)


def test_organisation_list_access_for_each_role(status_for, caf):
    assert status_for(reverse("structures:organisation_list")) == TERRITORY


def test_organisation_list_counts(client, admin_user, caf, structure_a, django_assert_max_num_queries):
    for _ in range(3):
        factories.FicheOrganisationFactory(organisation=caf, role=FicheRole.FUNDER)
    convention = factories.ConventionFactory()
    convention.organisations.add(caf)
    factories.OrganisationFactory.create_batch(50)
    client.force_login(admin_user)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("structures:organisation_list"))
    row = next(o for o in response.context["organisations"] if o.pk == caf.pk)
    assert (row.fiche_count, row.convention_count) == (3, 1)


def test_organisation_detail_access_for_each_role(status_for, caf):
    assert status_for(reverse("structures:organisation_detail", args=[caf.pk])) == TERRITORY


def test_organisation_detail_shows_roles_fundings_conventions(client, conseiller, schema, caf, structure_a):
    orientation = factories.OrientationFactory(axis=factories.AxisFactory(schema=schema))
    fiche = factories.FicheFactory(orientation=orientation, code="PA 2.1.2", title="Promouvoir les expérimentations")
    factories.FicheOrganisationFactory(fiche=fiche, organisation=caf, role=FicheRole.PILOT)
    factories.FicheOrganisationFactory(fiche=fiche, organisation=caf, role=FicheRole.FUNDER)
    factories.FundingFactory(structure=structure_a, funder=caf, year=2025, amount=70000)
    elsewhere = factories.StructureFactory(commune=factories.CommuneFactory(insee_code="94028", department_code="94"))
    factories.FundingFactory(structure=elsewhere, funder=caf, year=2025, amount=5000)
    factories.ConventionFactory(title="Convention cadre AVS").organisations.add(caf)
    client.force_login(conseiller)
    response = client.get(reverse("structures:organisation_detail", args=[caf.pk]))
    assert [(link.fiche.code, link.role) for link in response.context["links"]] == [
        ("PA 2.1.2", FicheRole.PILOT),
        ("PA 2.1.2", FicheRole.FUNDER),
    ]
    # A conseiller sees the fundings of the structures of their territory only.
    assert [f.amount for f in response.context["fundings"]] == [Decimal("70000")]
    assert [c.title for c in response.context["conventions"]] == ["Convention cadre AVS"]


@pytest.fixture
def caf_in_two_departments(schema, conseiller_94, caf):
    """The Caf pilots a fiche and signs a convention in the Rhône (69) and in the Val-de-Marne (94)."""
    for department_schema, marker in ((schema, "RHONE"), (conseiller_94.schemas.get(), "VALDEMARNE")):
        orientation = factories.OrientationFactory(axis=factories.AxisFactory(schema=department_schema))
        fiche = factories.FicheFactory(orientation=orientation, title=f"FICHE-{marker}-MARQUEUR")
        factories.FicheOrganisationFactory(fiche=fiche, organisation=caf, role=FicheRole.PILOT)
        convention = factories.ConventionFactory(
            title=f"CONVENTION-{marker}-MARQUEUR", department_code=department_schema.department_code
        )
        convention.organisations.add(caf)
    return caf


@pytest.mark.parametrize(
    "person, seen",
    [
        ("conseiller", {"RHONE"}),
        ("conseiller_94", {"VALDEMARNE"}),
        ("admin_user", {"RHONE", "VALDEMARNE"}),
        ("partenaire", {"RHONE", "VALDEMARNE"}),
    ],
)
def test_organisation_detail_lists_the_fiches_and_conventions_of_the_scope(client, request, caf_in_two_departments, person, seen):
    client.force_login(request.getfixturevalue(person))

    content = client.get(reverse("structures:organisation_detail", args=[caf_in_two_departments.pk])).content.decode()

    for marker in ("RHONE", "VALDEMARNE"):
        assert (f"FICHE-{marker}-MARQUEUR" in content) == (marker in seen), marker
        assert (f"CONVENTION-{marker}-MARQUEUR" in content) == (marker in seen), marker


def test_convention_list_shows_the_conventions_of_the_scope(client, conseiller_94, caf_in_two_departments):
    client.force_login(conseiller_94)

    content = client.get(reverse("structures:convention_list")).content.decode()

    assert "CONVENTION-VALDEMARNE-MARQUEUR" in content
    assert "CONVENTION-RHONE-MARQUEUR" not in content


def test_organisation_detail_partner_sees_totals_not_the_lines(client, partenaire, caf, structure_a, structure_b):
    factories.FundingFactory(structure=structure_a, funder=caf, year=2025, amount=70000)
    factories.FundingFactory(structure=structure_b, funder=caf, year=2025, amount=30000)
    client.force_login(partenaire)
    response = client.get(reverse("structures:organisation_detail", args=[caf.pk]))
    assert response.context["fundings"] == []
    assert response.context["funding_totals"] == [(2025, Decimal("100000"))]
    assert "Centre social A" not in response.content.decode()


def test_organisation_detail_query_count(client, admin_user, caf, django_assert_max_num_queries):
    structures = factories.StructureFactory.create_batch(20)
    Funding.objects.bulk_create(
        [Funding(structure=s, funder=caf, year=2020 + y, nature="ps_agc", amount=10) for s in structures for y in range(5)]
    )
    for _ in range(10):
        factories.FicheOrganisationFactory(organisation=caf)
    client.force_login(admin_user)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("structures:organisation_detail", args=[caf.pk]))
    assert len(response.context["fundings"]) == 100


def test_funding_create_access_for_each_role(status_for, structure_a):
    assert status_for(reverse("structures:funding_create", args=[structure_a.pk])) == CAF_OF_A


def test_funding_create_records_it(client, conseiller, caf, structure_a):
    client.force_login(conseiller)
    response = client.post(
        reverse("structures:funding_create", args=[structure_a.pk]),
        {"funder": caf.pk, "year": "2025", "nature": "ps_acf", "amount": "27100.50"},
    )
    assert response.status_code == 302
    assert list(Funding.objects.values_list("structure", "funder", "year", "nature", "amount")) == [
        (structure_a.pk, caf.pk, 2025, "ps_acf", Decimal("27100.50"))
    ]


def test_funding_create_negative_amount_french_error(client, conseiller, caf, structure_a):
    client.force_login(conseiller)
    response = client.post(
        reverse("structures:funding_create", args=[structure_a.pk]),
        {"funder": caf.pk, "year": "2025", "nature": "ps_acf", "amount": "-1"},
    )
    assert response.status_code == 200
    assert "Le montant d&#x27;un financement ne peut pas être négatif." in response.content.decode()
    assert not Funding.objects.exists()


def test_convention_list_access_for_each_role(status_for, db):
    assert status_for(reverse("structures:convention_list")) == TERRITORY


def test_convention_list_filters_by_kind_and_year(client, admin_user, caf, structure_a, django_assert_max_num_queries):
    factories.ConventionFactory(title="Tripartite 2024", signed_on=datetime.date(2024, 3, 1))
    factories.ConventionFactory(title="Tripartite 2025", signed_on=datetime.date(2025, 3, 1))
    ctg = factories.ConventionFactory(title="CTG 2025", kind=ConventionKind.CTG, signed_on=datetime.date(2025, 5, 1))
    ctg.organisations.add(caf)
    ctg.structures.add(structure_a)
    for n in range(30):
        factories.ConventionFactory(title=f"Ancienne {n}", signed_on=datetime.date(2019, 1, 1)).structures.add(structure_a)
    client.force_login(admin_user)
    url = reverse("structures:convention_list")
    assert [c.title for c in client.get(url, {"year": "2025"}).context["conventions"]] == ["CTG 2025", "Tripartite 2025"]
    assert [c.title for c in client.get(url, {"kind": "ctg"}).context["conventions"]] == ["CTG 2025"]
    with django_assert_max_num_queries(10):
        response = client.get(url)
    assert len(response.context["conventions"]) == 33
    assert "Caf du Rhône, Centre social A" in response.content.decode()


def test_convention_list_conseiller_sees_their_department(client, conseiller):
    factories.ConventionFactory(title="Rhône")
    factories.ConventionFactory(title="Val-de-Marne", department_code="94")
    client.force_login(conseiller)
    response = client.get(reverse("structures:convention_list"))
    assert [c.title for c in response.context["conventions"]] == ["Rhône"]


def test_convention_create_access_for_each_role(status_for, db):
    assert status_for(reverse("structures:convention_create")) == {**CAF_OF_A, "conseiller_94": 200}


def test_convention_create_with_parties(client, conseiller, caf, structure_a):
    client.force_login(conseiller)
    response = client.post(
        reverse("structures:convention_create"),
        {
            "kind": "tripartite",
            "title": "Convention tripartite A",
            "department_code": "69",
            "signed_on": "2025-03-14",
            "organisations": [caf.pk],
            "structures": [structure_a.pk],
        },
    )
    assert response.status_code == 302
    convention = Convention.objects.get()
    assert (convention.signed_on, list(convention.organisations.all()), list(convention.structures.all())) == (
        datetime.date(2025, 3, 14),
        [caf],
        [structure_a],
    )


def test_convention_create_conseiller_cannot_use_another_department(client, conseiller):
    client.force_login(conseiller)
    response = client.post(reverse("structures:convention_create"), {"kind": "ctg", "title": "CTG", "department_code": "94"})
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert not Convention.objects.exists()


def test_convention_create_end_before_start_french_error(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        reverse("structures:convention_create"),
        {"kind": "ctg", "title": "CTG", "department_code": "69", "start_date": "2025-01-01", "end_date": "2024-01-01"},
    )
    assert response.status_code == 200
    assert "La fin de la convention doit suivre son début." in response.content.decode()


def test_convention_edit_access_for_each_role(status_for, db):
    convention = factories.ConventionFactory()
    assert status_for(reverse("structures:convention_edit", args=[convention.pk])) == CAF_OF_A


def test_convention_edit_changes_it(client, conseiller):
    convention = factories.ConventionFactory(title="Ancien titre")
    client.force_login(conseiller)
    response = client.post(
        reverse("structures:convention_edit", args=[convention.pk]),
        {"kind": "cadre", "title": "Nouveau titre", "department_code": "69", "version": convention.version},
    )
    assert response.status_code == 302
    convention.refresh_from_db()
    assert (convention.title, convention.kind) == ("Nouveau titre", "cadre")

"""Structures list, page, create, edit and contact details, for every role."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from structures.enums import AgrementKind, AgrementStatus, FundingNature, Gestion, StructureKind
from structures.models import Agrement, Commune, Funding, Organisation, Structure
from tests import factories

ALL_ALLOWED = {
    "admin": 200,
    "conseiller": 200,
    "conseiller_94": 200,
    "directeur_a": 200,
    "directeur_b": 200,
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


def test_structure_list_access_for_each_role(status_for, structure_a):
    assert status_for(reverse("structures:structure_list")) == ALL_ALLOWED


def test_structure_list_anonymous_redirects_to_login(client, db):
    response = client.get(reverse("structures:structure_list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_structure_list_shows_the_conseiller_territory_only(client, conseiller, structure_a):
    elsewhere = factories.StructureFactory(
        name="Centre social de Créteil", commune=factories.CommuneFactory(insee_code="94028", department_code="94")
    )
    client.force_login(conseiller)
    response = client.get(reverse("structures:structure_list"))
    assert [s.name for s in response.context["structures"]] == ["Centre social A"]
    assert elsewhere.name not in response.content.decode()


def test_structure_list_director_sees_public_identity_of_the_others(client, directeur_a, structure_a, structure_b):
    client.force_login(directeur_a)
    response = client.get(reverse("structures:structure_list"))
    assert [(s.name, s.is_own) for s in response.context["structures"]] == [
        ("Centre social A", True),
        ("Centre social B", False),
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"kind": "evs"}, ["EVS Le Lien"]),
        ({"gestion": "municipale"}, ["Centre social Mairie"]),
        ({"qpv": "oui"}, ["Centre social A"]),
        ({"qpv": "non"}, ["Centre social Mairie", "EVS Le Lien"]),
        ({"federation_member": "oui"}, ["EVS Le Lien"]),
        ({"q": "mairie"}, ["Centre social Mairie"]),
        ({"agrement": "ending"}, ["Centre social A"]),
        ({"agrement": "expired"}, ["EVS Le Lien"]),
        ({"agrement": "missing"}, ["Centre social Mairie"]),
        ({"ending_within": "3"}, []),
        ({"ending_within": "8"}, ["Centre social A"]),
    ],
)
def test_structure_list_filters(client, admin_user, query, expected):
    today = timezone.localdate()
    commune = factories.CommuneFactory(insee_code="69266", name="Villeurbanne")
    a = factories.StructureFactory(name="Centre social A", qpv=True, commune=commune)
    factories.AgrementFactory(
        structure=a, start_date=today - datetime.timedelta(days=700), end_date=today + datetime.timedelta(days=200)
    )
    factories.StructureFactory(name="Centre social Mairie", gestion=Gestion.MUNICIPALE, commune=commune)
    evs = factories.StructureFactory(name="EVS Le Lien", kind=StructureKind.EVS, federation_member=True)
    factories.AgrementFactory(
        structure=evs,
        kind=AgrementKind.ANIMATION_LOCALE,
        status=AgrementStatus.EXPIRE,
        start_date=today - datetime.timedelta(days=900),
        end_date=today - datetime.timedelta(days=10),
    )
    client.force_login(admin_user)
    response = client.get(reverse("structures:structure_list"), query)
    assert response.status_code == 200
    assert [s.name for s in response.context["structures"]] == expected


def test_structure_list_filter_by_epci_and_commune(client, admin_user):
    lyon = factories.CommuneFactory(insee_code="69123", name="Lyon", epci_code="200046977")
    tarare = factories.CommuneFactory(insee_code="69243", name="Tarare", epci_code="200040566", epci_name="COR")
    factories.StructureFactory(name="CS Lyon", commune=lyon)
    factories.StructureFactory(name="CS Tarare", commune=tarare)
    client.force_login(admin_user)
    url = reverse("structures:structure_list")
    assert [s.name for s in client.get(url, {"epci": "200040566"}).context["structures"]] == ["CS Tarare"]
    assert [s.name for s in client.get(url, {"commune": lyon.pk}).context["structures"]] == ["CS Lyon"]


def test_structure_list_bad_filter_value_is_a_french_form_error(client, admin_user, structure_a):
    client.force_login(admin_user)
    response = client.get(reverse("structures:structure_list"), {"kind": "inconnu", "ending_within": "abc"})
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()


def test_structure_detail_access_for_each_role(status_for, structure_a):
    assert status_for(reverse("structures:structure_detail", args=[structure_a.pk])) == ALL_ALLOWED


def test_structure_detail_private_parts_for_each_role(client, people, structure_a):
    structure_a.director_name = "Nadia Benali"
    structure_a.save()
    factories.FundingFactory(structure=structure_a, amount=70000)
    visible = {}
    for name, user in people.items():
        client.force_login(user)
        response = client.get(reverse("structures:structure_detail", args=[structure_a.pk]))
        content = response.content.decode()
        visible[name] = ("Nadia Benali" in content, "70\xa0000\xa0€" in content, response.context["private"])
    assert visible == {
        "admin": (True, True, True),
        "conseiller": (True, True, True),
        "conseiller_94": (False, False, False),
        "directeur_a": (True, True, True),
        "directeur_b": (False, False, False),
        "partenaire": (False, False, False),
    }


def test_structure_detail_shows_agrements_fundings_values_and_history(client, conseiller, structure_a):
    factories.AgrementFactory(structure=structure_a)
    factories.FundingFactory(structure=structure_a, year=2024, amount=70000)
    factories.FundingFactory(structure=structure_a, year=2024, amount=30000, nature=FundingNature.PS_ACF)
    factories.IndicatorValueFactory(structure=structure_a, number=12)
    client.force_login(conseiller)
    response = client.get(reverse("structures:structure_detail", args=[structure_a.pk]))
    assert [(block["year"], block["total"]) for block in response.context["funding_years"]] == [(2024, 100000)]
    assert [year for year, _values in response.context["value_years"]] == [2025]
    assert [label for _record, label in response.context["history"]][-1] == "Fiche de la structure"
    assert len(response.context["history"]) == 4
    content = response.content.decode()
    assert "Animation globale et coordination (AGC)" in content
    assert "Du 01/01/2023 au 31/12/2026" in content


def test_structure_detail_missing_is_404(client, admin_user):
    client.force_login(admin_user)
    assert client.get(reverse("structures:structure_detail", args=[999])).status_code == 404


def _ten_times_the_demo():
    """400 structures with 2 agréments and 5 fundings each (the demo has 40 structures)."""
    communes = Commune.objects.bulk_create(
        [Commune(insee_code=f"69{n:03d}", name=f"Commune {n}", department_code="69", population=1000 + n) for n in range(40)]
    )
    caf = Organisation.objects.create(name="Caf du Rhône", kind="caf")
    structures = Structure.objects.bulk_create(
        [Structure(name=f"Structure {n:03d}", kind=StructureKind.CENTRE_SOCIAL, commune=communes[n % 40]) for n in range(400)]
    )
    today = timezone.localdate()
    Agrement.objects.bulk_create(
        [
            Agrement(
                structure=s,
                kind=kind,
                status=AgrementStatus.ACCORDE,
                start_date=today - datetime.timedelta(days=300),
                end_date=today + datetime.timedelta(days=n % 700),
            )
            for n, s in enumerate(structures)
            for kind in (AgrementKind.AGC, AgrementKind.ACF)
        ]
    )
    Funding.objects.bulk_create(
        [
            Funding(structure=s, funder=caf, year=2020 + y, nature=FundingNature.PS_AGC, amount=1000)
            for s in structures
            for y in range(5)
        ]
    )
    return structures


def test_structure_list_query_count_does_not_grow(client, conseiller, django_assert_max_num_queries):
    _ten_times_the_demo()
    client.force_login(conseiller)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("structures:structure_list"))
    assert response.status_code == 200
    assert len(response.context["structures"]) == 50
    assert response.context["page"].paginator.count == 400


def test_structure_detail_query_count_does_not_grow(client, conseiller, django_assert_max_num_queries):
    structure = _ten_times_the_demo()[0]
    for n in range(60):
        factories.IndicatorValueFactory(structure=structure, number=n)
    client.force_login(conseiller)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("structures:structure_detail", args=[structure.pk]))
    assert response.status_code == 200
    assert len(response.context["value_years"][0][1]) == 60


def test_structure_create_access_for_each_role(status_for):
    factories.CommuneFactory()
    statuses = status_for(reverse("structures:structure_create"))
    assert statuses == {**CAF_OF_A, "conseiller_94": 200}


def test_structure_create_by_conseiller(client, conseiller):
    commune = factories.CommuneFactory(insee_code="69266", name="Villeurbanne")
    client.force_login(conseiller)
    response = client.post(
        reverse("structures:structure_create"),
        {
            "name": "  Centre social   des Buers ",
            "kind": "centre_social",
            "gestion": "associative",
            "siret": "775 672 272 00015",
            "commune": commune.pk,
        },
    )
    structure = Structure.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("structures:structure_detail", args=[structure.pk])
    assert (structure.name, structure.siret, structure.commune) == ("Centre social des Buers", "77567227200015", commune)


def test_structure_create_refuses_a_commune_outside_the_territory(client, conseiller):
    commune = factories.CommuneFactory(insee_code="94028", department_code="94")
    client.force_login(conseiller)
    response = client.post(
        reverse("structures:structure_create"),
        {"name": "CS", "kind": "centre_social", "gestion": "associative", "commune": commune.pk},
    )
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert not Structure.objects.exists()


def test_structure_create_bad_siret_french_error(client, admin_user):
    commune = factories.CommuneFactory()
    client.force_login(admin_user)
    response = client.post(
        reverse("structures:structure_create"),
        {"name": "CS", "kind": "centre_social", "gestion": "associative", "commune": commune.pk, "siret": "123"},
    )
    assert response.status_code == 200
    assert "Le SIRET doit compter exactement 14 chiffres." in response.content.decode()


def test_structure_edit_access_for_each_role(status_for, structure_a):
    assert status_for(reverse("structures:structure_edit", args=[structure_a.pk])) == CAF_OF_A


def test_structure_edit_by_conseiller_changes_the_structure(client, conseiller, structure_a):
    client.force_login(conseiller)
    response = client.post(
        reverse("structures:structure_edit", args=[structure_a.pk]),
        {
            "name": "Centre social A renommé",
            "kind": "evs",
            "gestion": "caf",
            "commune": structure_a.commune_id,
            "qpv": "on",
            "version": structure_a.version,
        },
    )
    assert response.status_code == 302
    structure_a.refresh_from_db()
    assert (structure_a.name, structure_a.kind, structure_a.gestion, structure_a.qpv) == (
        "Centre social A renommé",
        "evs",
        "caf",
        True,
    )
    assert structure_a.history.count() == 2


def test_structure_contact_edit_access_for_each_role(status_for, structure_a):
    assert status_for(reverse("structures:structure_contact_edit", args=[structure_a.pk])) == {**CAF_OF_A, "directeur_a": 200}


def test_structure_contact_edit_by_its_director(client, directeur_a, structure_a):
    client.force_login(directeur_a)
    response = client.post(
        reverse("structures:structure_contact_edit", args=[structure_a.pk]),
        {
            "director_name": "Nadia Benali",
            "email": "contact@cs-a.fr",
            "phone": "04 78 00 00 00",
            "name": "Piraté",
            "version": structure_a.version,
        },
    )
    assert response.status_code == 302
    structure_a.refresh_from_db()
    assert (structure_a.name, structure_a.director_name, structure_a.email) == (
        "Centre social A",
        "Nadia Benali",
        "contact@cs-a.fr",
    )


def test_structure_contact_edit_bad_email_french_error(client, directeur_a, structure_a):
    client.force_login(directeur_a)
    response = client.post(reverse("structures:structure_contact_edit", args=[structure_a.pk]), {"email": "pas-un-courriel"})
    assert response.status_code == 200
    assert "Saisissez une adresse de courriel valide." in response.content.decode()


def test_structure_edit_director_gets_a_french_403(client, directeur_a, structure_a):
    client.force_login(directeur_a)
    response = client.get(reverse("structures:structure_edit", args=[structure_a.pk]))
    assert response.status_code == 403
    assert "Seuls les administrateurs et les conseillers Caf du territoire" in response.content.decode()

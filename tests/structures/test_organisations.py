"""The Caf's people record and correct the organisations they work with (pilots, partners, funders)."""

import pytest
from django.urls import reverse

from structures.enums import OrganisationKind
from structures.models import Organisation
from tests import factories


@pytest.fixture
def rhone_org(db):
    return factories.OrganisationFactory(name="Ville de Vénissieux", kind=OrganisationKind.COMMUNE, department_code="69")


def organisation_data(organisation=None, **changes):
    data = {
        "name": "Ville de Bron",
        "short_name": "",
        "kind": OrganisationKind.COMMUNE,
        "department_code": "69",
        "commune": "",
        "email": "",
        "website": "",
        "notes": "",
    }
    if organisation is not None:
        data.update(
            name=organisation.name,
            kind=organisation.kind,
            department_code=organisation.department_code,
            version=organisation.version,
        )
    return {**data, **changes}


def test_organisation_pages_for_each_role(status_for, rhone_org):
    caf_69 = {
        "admin": 200,
        "conseiller": 200,
        "conseiller_94": 403,
        "directeur_a": 403,
        "directeur_b": 403,
        "partenaire": 403,
        "anonyme": 302,
    }
    assert status_for(reverse("structures:organisation_edit", args=[rhone_org.pk])) == caf_69
    assert status_for(reverse("structures:organisation_create")) == {**caf_69, "conseiller_94": 200}


def test_a_conseiller_records_an_organisation_of_their_departement(client, conseiller):
    client.force_login(conseiller)

    response = client.post(reverse("structures:organisation_create"), organisation_data(name="  Ville   de Bron "))

    organisation = Organisation.objects.get(name="Ville de Bron")
    assert response.headers["Location"] == reverse("structures:organisation_detail", args=[organisation.pk])
    assert organisation.history.get().history_user == conseiller


def test_a_conseiller_may_not_record_an_organisation_of_another_departement(client, conseiller):
    client.force_login(conseiller)

    response = client.post(reverse("structures:organisation_create"), organisation_data(department_code="13"))

    assert response.context["form"].errors["department_code"] == [
        "Vous ne pouvez enregistrer que des organisations de votre département ou nationales."
    ]
    assert not Organisation.objects.filter(name="Ville de Bron").exists()


def test_two_organisations_may_not_share_a_name(client, conseiller, rhone_org):
    client.force_login(conseiller)

    response = client.post(reverse("structures:organisation_create"), organisation_data(name="Ville de Vénissieux"))

    assert response.context["form"].errors["name"] == ["Une organisation porte déjà ce nom : ouvrez-la depuis l'annuaire."]


def test_a_stale_organisation_edit_is_refused(client, conseiller, admin_user, rhone_org):
    url = reverse("structures:organisation_edit", args=[rhone_org.pk])
    read = organisation_data(rhone_org)
    client.force_login(admin_user)
    assert client.post(url, {**read, "short_name": "VV"}).status_code == 302
    client.force_login(conseiller)

    response = client.post(url, {**read, "notes": "Partenaire de la fiche 2.1"})

    assert response.status_code == 200
    assert "Quelqu&#x27;un d&#x27;autre a enregistré une modification" in response.content.decode()
    rhone_org.refresh_from_db()
    assert (rhone_org.short_name, rhone_org.notes) == ("VV", "")


def test_the_directory_offers_creation_to_the_caf_only(client, conseiller, partenaire, rhone_org):
    create = reverse("structures:organisation_create")
    edit = reverse("structures:organisation_edit", args=[rhone_org.pk])
    client.force_login(conseiller)
    assert create in client.get(reverse("structures:organisation_list")).content.decode()
    assert edit in client.get(reverse("structures:organisation_detail", args=[rhone_org.pk])).content.decode()
    client.force_login(partenaire)
    assert create not in client.get(reverse("structures:organisation_list")).content.decode()
    assert edit not in client.get(reverse("structures:organisation_detail", args=[rhone_org.pk])).content.decode()

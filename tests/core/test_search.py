"""Searches forgive accents and case, and lists follow the French alphabetical order (SQLite and PostgreSQL)."""

import pytest
from django.urls import reverse

from core.search import fold
from structures.models import Organisation, Structure
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def structures(db):
    venissieux = factories.CommuneFactory(insee_code="69259", name="Vénissieux")
    lyon = factories.CommuneFactory(insee_code="69385", name="Lyon 5e Arrondissement")
    return {
        "menival": factories.StructureFactory(name="Centre social de Ménival", commune=lyon),
        "etats": factories.StructureFactory(name="Centre social des États-Unis", commune=lyon),
        "pentes": factories.StructureFactory(name="Centre social des Pentes", commune=lyon),
        "minguettes": factories.StructureFactory(name="Centre social des Minguettes", commune=venissieux),
    }


def test_fold_removes_accents_and_case():
    assert fold("Œuvre ÉTATS-Unis Vénissieux") == "oeuvre etats-unis venissieux"


def test_structure_search_forgives_accents_and_case(structures):
    assert list(Structure.objects.search("menival")) == [structures["menival"]]
    assert list(Structure.objects.search("VENISSIEUX")) == [structures["minguettes"]]
    assert list(Structure.objects.search("ETATS unis")) == [structures["etats"]]
    assert list(Structure.objects.search("")) == list(Structure.objects.all())


def test_structure_list_searches_and_sorts_in_french(client, admin_user, structures):
    client.force_login(admin_user)

    found = client.get(reverse("structures:structure_list"), {"q": "menival"})
    listed = client.get(reverse("structures:structure_list"))

    assert [s.name for s in found.context["page"]] == ["Centre social de Ménival"]
    assert [s.name for s in listed.context["page"]] == [
        "Centre social de Ménival",
        "Centre social des États-Unis",
        "Centre social des Minguettes",
        "Centre social des Pentes",
    ]


def test_action_search_forgives_accents(client, admin_user, schema):
    orientation = factories.OrientationFactory(axis=factories.AxisFactory(schema=schema, number=1), number="1.1")
    fiche = factories.FicheFactory(orientation=orientation, code="PA 1.1.1", title="Développer l'offre")
    wanted = factories.ActionFactory(fiche=fiche, number=1, text="Soutenir les expériences innovantes")
    factories.ActionFactory(fiche=fiche, number=2, text="Former les bénévoles")
    client.force_login(admin_user)

    response = client.get(reverse("fiches:action_list"), {"q": "EXPERIENCES"})

    assert wanted.text in response.content.decode()
    assert "Former les bénévoles" not in response.content.decode()


def test_organisation_directory_searches_and_sorts_in_french(client, conseiller):
    for name in ("Préfecture du Rhône", "État — DDETS", "Métropole de Lyon", "Commune de Vénissieux"):
        factories.OrganisationFactory(name=name)
    client.force_login(conseiller)

    found = client.get(reverse("structures:organisation_list"), {"q": "metropole"})
    listed = client.get(reverse("structures:organisation_list"))

    assert [o.name for o in found.context["organisations"]] == ["Métropole de Lyon"]
    assert [o.name for o in listed.context["organisations"]] == [
        "Commune de Vénissieux",
        "État — DDETS",
        "Métropole de Lyon",
        "Préfecture du Rhône",
    ]


def test_user_list_searches_and_sorts_in_french(client, admin_user):
    for first, last in (("Émile", "Pérez"), ("Anne", "Écully"), ("Paul", "Ecuyer"), ("Zoé", "Ménival")):
        factories.UserFactory(first_name=first, last_name=last)
    client.force_login(admin_user)

    found = client.get(reverse("comptes:user_list"), {"q": "menival"})
    again = client.get(reverse("comptes:user_list"), {"q": "EMILE perez"})
    listed = client.get(reverse("comptes:user_list"))

    assert [person.last_name for person, _ in found.context["rows"]] == ["Ménival"]
    assert [person.last_name for person, _ in again.context["rows"]] == ["Pérez"]
    names = [person.last_name for person, _ in listed.context["rows"] if person != admin_user]
    assert names == ["Écully", "Ecuyer", "Ménival", "Pérez"]
    assert (
        "Aucun compte ne correspond à « inconnu »" in client.get(reverse("comptes:user_list"), {"q": "inconnu"}).content.decode()
    )


def test_filter_lists_follow_the_french_order(client, admin_user, schema):
    for insee, name in (("69266", "Villeurbanne"), ("69081", "Écully"), ("69029", "Bron"), ("69999", "Ecully-Nord")):
        factories.StructureFactory(commune=factories.CommuneFactory(insee_code=insee, name=name))
    fiche = factories.FicheFactory(orientation__axis__schema=schema)
    for name in ("Préfecture", "État", "Métropole"):
        factories.FicheOrganisationFactory(fiche=fiche, organisation=factories.OrganisationFactory(name=name))
    client.force_login(admin_user)

    structures = client.get(reverse("structures:structure_list")).context["filter"]
    actions = client.get(reverse("fiches:action_list"), {"schema": schema.pk}).context["filter"]

    assert [c.name for c in structures.form.fields["commune"].queryset] == ["Bron", "Écully", "Ecully-Nord", "Villeurbanne"]
    assert [o.name for o in actions.form.fields["pilot"].queryset] == ["État", "Métropole", "Préfecture"]


def test_form_choices_of_organisations_follow_the_french_order(schema, structure_a):
    from fiches.forms import FicheOrganisationFormSet
    from gouvernance.forms import InstanceForm
    from structures.forms import FundingForm

    for name in ("Préfecture", "État", "Etablissement public", "Métropole"):
        factories.OrganisationFactory(name=name)
    fiche = factories.FicheFactory(orientation__axis__schema=schema)
    expected = sorted((o.name for o in Organisation.objects.all()), key=fold)

    funders = FundingForm(structure=structure_a).fields["funder"].queryset
    members = InstanceForm(schema=schema).fields["members"].queryset
    partners = FicheOrganisationFormSet(instance=fiche).empty_form.fields["organisation"].queryset

    for label, queryset in (("funders", funders), ("members", members), ("partners", partners)):
        assert [o.name for o in queryset] == expected, label
    assert expected.index("État") < expected.index("Métropole") < expected.index("Préfecture")

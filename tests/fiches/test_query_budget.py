"""The action list costs a fixed number of queries, and its filter lists stay short, whatever the number
of schémas in the installation (one schéma per département)."""

import pytest
from django.test import Client
from django.urls import reverse

from fiches.enums import FicheRole
from fiches.models import Action, Axis, Fiche, FicheOrganisation, Orientation, Schema
from tests import factories

QUERY_BUDGET = 15


def build_schemas(count):
    """``count`` schémas with 2 axes, 4 orientations, 8 fiches (each with a pilot) and 16 actions each."""
    schemas = Schema.objects.bulk_create(
        Schema(
            title=f"Schéma {n}",
            slug=f"budget-{n}",
            department_code=f"{n + 1:02d}",
            department_name=f"Département {n}",
            first_year=2022,
            last_year=2026,
        )
        for n in range(count)
    )
    axes = Axis.objects.bulk_create(Axis(schema=s, number=k, title=f"Axe {k}") for s in schemas for k in (1, 2))
    orientations = Orientation.objects.bulk_create(
        Orientation(axis=a, number=f"{a.number}.{k}", title=f"Orientation {k}") for a in axes for k in (1, 2)
    )
    fiches = Fiche.objects.bulk_create(
        Fiche(schema=o.axis.schema, orientation=o, code=f"PA {o.number}.{k}", title=f"Fiche {k}")
        for o in orientations
        for k in (1, 2)
    )
    pilot = factories.OrganisationFactory(name="Caf")
    FicheOrganisation.objects.bulk_create(FicheOrganisation(fiche=f, organisation=pilot, role=FicheRole.PILOT) for f in fiches)
    Action.objects.bulk_create(
        Action(fiche=f, number=k, text=f"Action {k}", first_year=2022, last_year=2025) for f in fiches for k in (1, 2)
    )
    return schemas


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("count", [4, 40])
def test_action_list_admin_query_count_fixed_when_schemas_grow(db, admin_user, django_assert_max_num_queries, count):
    build_schemas(count)
    client = logged_in(admin_user)
    with django_assert_max_num_queries(QUERY_BUDGET):
        response = client.get(reverse("fiches:action_list"))
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 16 * count
    form = response.context["filter"].form
    assert "fiche" not in form.fields and "orientation" not in form.fields and "axis" not in form.fields
    assert "Choisissez un schéma puis" in response.content.decode()


@pytest.mark.parametrize("count", [4, 40])
def test_action_list_admin_with_schema_lists_its_choices_only(db, admin_user, django_assert_max_num_queries, count):
    schemas = build_schemas(count)
    client = logged_in(admin_user)
    with django_assert_max_num_queries(QUERY_BUDGET):
        response = client.get(reverse("fiches:action_list"), {"schema": schemas[1].pk})
    assert response.context["page"].paginator.count == 16
    form = response.context["filter"].form
    assert len(form.fields["fiche"].queryset) == 8
    assert len(form.fields["orientation"].queryset) == 4
    assert len(form.fields["axis"].queryset) == 2
    assert "Choisissez un schéma puis" not in response.content.decode()


@pytest.mark.parametrize("count", [4, 40])
def test_action_list_conseiller_query_count_fixed_when_schemas_grow(db, django_assert_max_num_queries, count):
    schemas = build_schemas(count)
    conseiller = factories.ConseillerFactory(email="c@exemple.fr", schemas=[schemas[0]])
    client = logged_in(conseiller)
    with django_assert_max_num_queries(QUERY_BUDGET):
        response = client.get(reverse("fiches:action_list"))
    assert response.context["page"].paginator.count == 16
    assert {a.fiche.schema_id for a in response.context["page"].object_list} == {schemas[0].pk}
    assert len(response.context["filter"].form.fields["fiche"].queryset) == 8


def test_action_list_admin_fiche_of_chosen_schema_filters(db, admin_user):
    schemas = build_schemas(5)
    fiche = Fiche.objects.filter(schema=schemas[2]).order_by("pk").first()
    response = logged_in(admin_user).get(reverse("fiches:action_list"), {"schema": schemas[2].pk, "fiche": fiche.pk})
    assert [(a.fiche, a.number) for a in response.context["page"].object_list] == [(fiche, 1), (fiche, 2)]


def test_action_list_admin_fiche_of_other_schema_is_french_error(db, admin_user):
    schemas = build_schemas(5)
    fiche = Fiche.objects.filter(schema=schemas[3]).first()
    response = logged_in(admin_user).get(reverse("fiches:action_list"), {"schema": schemas[2].pk, "fiche": fiche.pk})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 0
    assert response.context["filter"].form.errors["fiche"] == [
        "Sélectionnez un choix valide. Ce choix ne fait pas partie de ceux disponibles."
    ]


def test_action_list_conseiller_cannot_choose_other_schema(db):
    schemas = build_schemas(5)
    conseiller = factories.ConseillerFactory(email="c@exemple.fr", schemas=[schemas[0]])
    response = logged_in(conseiller).get(reverse("fiches:action_list"), {"schema": schemas[1].pk})
    assert response.context["page"].paginator.count == 0
    assert "schema" in response.context["filter"].form.errors


def test_action_for_user_keeps_schema_scope(db):
    schemas = build_schemas(3)
    conseiller = factories.ConseillerFactory(email="c@exemple.fr", schemas=[schemas[0], schemas[2]])
    assert {a.fiche.schema_id for a in Action.objects.for_user(conseiller)} == {schemas[0].pk, schemas[2].pk}
    assert Action.objects.for_user(factories.PartenaireFactory(email="p@exemple.fr")).count() == 48

"""The home page counts each schéma's axes, fiches and actions in a fixed number of queries."""

import pytest
from django.test import Client
from django.urls import reverse

from fiches.enums import ActionStatus
from fiches.models import Action
from portail.views import HOME_SCHEMA_LIMIT
from tests import factories
from tests.fiches.test_query_budget import build_schemas

QUERY_BUDGET = 15


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("count", [4, 40])
def test_home_admin_query_count_fixed_when_schemas_grow(db, admin_user, django_assert_max_num_queries, count):
    build_schemas(count)
    client = logged_in(admin_user)
    with django_assert_max_num_queries(QUERY_BUDGET):
        response = client.get(reverse("home"))
    assert response.status_code == 200
    schemas = response.context["schemas"]
    # The home page shows the first HOME_SCHEMA_LIMIT; the schémas' page lists them all.
    assert len(schemas) == min(count, HOME_SCHEMA_LIMIT)
    assert {(s.axis_count, s.fiche_count, s.action_count, s.late_action_count) for s in schemas} == {(2, 8, 16, 16)}


def test_home_late_count_leaves_out_closed_and_current_actions(db, admin_user):
    schema = build_schemas(2)[0]
    actions = list(Action.objects.filter(fiche__schema=schema).order_by("pk"))
    Action.objects.filter(pk=actions[0].pk).update(status=ActionStatus.REALISEE, progress=100)
    Action.objects.filter(pk=actions[1].pk).update(status=ActionStatus.ABANDONNEE)
    Action.objects.filter(pk=actions[2].pk).update(last_year=2100)
    response = logged_in(admin_user).get(reverse("home"))
    counts = {s.pk: (s.action_count, s.late_action_count) for s in response.context["schemas"]}
    assert counts[schema.pk] == (16, 13)


def test_home_conseiller_counts_own_schema_only(db):
    schemas = build_schemas(3)
    empty = factories.SchemaFactory(slug="vide")
    conseiller = factories.ConseillerFactory(email="c@exemple.fr", schemas=[schemas[1], empty])
    response = logged_in(conseiller).get(reverse("home"))
    counts = {s.pk: (s.axis_count, s.fiche_count, s.action_count, s.late_action_count) for s in response.context["schemas"]}
    assert counts == {schemas[1].pk: (2, 8, 16, 16), empty.pk: (0, 0, 0, 0)}


@pytest.mark.parametrize("role", ["admin", "conseiller"])
def test_home_reads_schemas_then_their_counts_in_one_query(db, admin_user, django_assert_max_num_queries, role):
    schemas = build_schemas(HOME_SCHEMA_LIMIT + 2)
    user = admin_user if role == "admin" else factories.ConseillerFactory(email="c@exemple.fr", schemas=schemas)
    client = logged_in(user)
    client.get(reverse("home"))  # the session's first request saves it: not the page's cost
    # The session, the person, the schémas, then their four counts in one grouped query.
    with django_assert_max_num_queries(4):
        response = client.get(reverse("home"))
    assert [(s.axis_count, s.fiche_count, s.action_count) for s in response.context["schemas"]] == [
        (2, 8, 16)
    ] * HOME_SCHEMA_LIMIT
    assert response.context["more_schemas"]

"""The list of accounts at national scale: its page read from the French-order index, its queries fixed
whatever the number of people and of their schémas and structures, its search kept across pages."""

import pytest
from django.urls import reverse

from comptes.enums import Role
from comptes.models import User
from comptes.views import USERS_PER_PAGE
from tests import factories
from tests.list_plans import page_queries, plan

PEOPLE = 75  # three pages of 25


@pytest.fixture
def country(db):
    """``PEOPLE`` conseillers and directors, each with two schémas or two structures of their own."""
    schemas = [factories.SchemaFactory(department_code=f"{n:02d}", slug=f"schema-{n}") for n in range(1, 61)]
    structures = [factories.StructureFactory(name=f"Structure {n:03d}") for n in range(60)]
    people = User.objects.bulk_create(
        User(
            email=f"personne{n:03d}@exemple.fr",
            first_name="Camille",
            last_name=f"Éluard {n:03d}" if n % 2 else f"Martin {n:03d}",
            role=Role.CONSEILLER if n % 2 else Role.DIRECTEUR,
        )
        for n in range(PEOPLE)
    )
    for n, person in enumerate(people):
        if person.role == Role.CONSEILLER:
            person.schemas.set(schemas[n % 30 : n % 30 + 2])
        else:
            person.structures.set(structures[n % 30 : n % 30 + 2])
    return people


def test_user_list_query_count_fixed_when_people_grow(country, client, admin_user, django_assert_max_num_queries):
    client.force_login(admin_user)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("comptes:user_list"), {"page": 2})
    rows = [person for person, _ in response.context["rows"]]
    assert len(rows) == USERS_PER_PAGE and response.context["page"].paginator.count == PEOPLE + 1
    # French order: the administrateur, then « Éluard » among the E, before « Martin ».
    assert rows[0].last_name == "Éluard 051" and rows[-1].last_name == "Martin 024"
    # Each person's two schémas or two structures, a line each.
    assert {len(row["scope"]) for _, row in response.context["rows"]} == {2}


def test_user_list_page_read_from_the_french_order_index(country, client, admin_user):
    client.force_login(admin_user)
    _, queries = page_queries(client, reverse("comptes:user_list"))
    (page_query,) = [sql for sql in queries if 'FROM "comptes_user"' in sql and f"LIMIT {USERS_PER_PAGE}" in sql]
    assert "user_french_order" in plan(page_query)


def test_user_list_search_kept_across_pages(country, client, admin_user, django_assert_max_num_queries):
    client.force_login(admin_user)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("comptes:user_list"), {"q": "eluard", "page": 2})
    rows = [person for person, _ in response.context["rows"]]
    assert response.context["page"].paginator.count == PEOPLE // 2
    assert [person.last_name for person in rows] == [f"Éluard {n:03d}" for n in range(2 * USERS_PER_PAGE + 1, PEOPLE, 2)]
    assert response.context["page_query"] == "q=eluard"


def test_user_list_writes_each_scope_line_escaped_under_the_role(client, admin_user, db):
    organisation = factories.OrganisationFactory(name="<b>Mairie</b> & co")
    User.objects.create(email="camille@exemple.fr", role=Role.PARTENAIRE, organisation=organisation)
    client.force_login(admin_user)
    html = client.get(reverse("comptes:user_list")).content.decode()
    assert '<br><span class="text-body-secondary">&lt;b&gt;Mairie&lt;/b&gt; &amp; co</span>' in html
    assert "<b>Mairie</b>" not in html

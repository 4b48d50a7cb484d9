"""The country-wide action list of an administrateur: no filter on the schémas they all read, the page read
in fiche order from the index, a schéma list that does not render templates per option, filters kept
across pages."""

import re

import pytest
from django.db import connection
from django.urls import reverse

from tests.fiches.test_query_budget import QUERY_BUDGET, build_schemas, logged_in
from tests.list_plans import page_queries, plan

SCHEMAS = 120  # 1,920 actions, far more than a page; more schémas than France has départements


def test_action_list_admin_counts_and_sorts_without_the_schema_filter(db, admin_user):
    build_schemas(SCHEMAS)
    response, queries = page_queries(logged_in(admin_user), reverse("fiches:action_list"))
    assert response.context["page"].paginator.count == 16 * SCHEMAS
    (count_query,) = [sql for sql in queries if "COUNT(*)" in sql]
    assert "schema_id" not in count_query and "JOIN" not in count_query
    (ids_query,) = [sql for sql in queries if "LIMIT 50" in sql]
    assert "schema_id" not in ids_query


@pytest.mark.skipif(connection.vendor != "postgresql", reason="variante PostgreSQL : DATABASE_URL=postgres://…")
def test_action_list_page_read_in_fiche_order_from_the_index(db, admin_user):
    build_schemas(SCHEMAS)
    _, queries = page_queries(logged_in(admin_user), reverse("fiches:action_list"))
    (ids_query,) = [sql for sql in queries if "LIMIT 50" in sql]
    assert "fiche_code_order" in plan(ids_query)


def test_action_list_schema_choices_render_in_one_template(db, admin_user, django_assert_max_num_queries):
    build_schemas(SCHEMAS)
    client = logged_in(admin_user)
    with django_assert_max_num_queries(QUERY_BUDGET):
        response = client.get(reverse("fiches:action_list"))
    content = response.content.decode()
    select = re.search(r'<select name="schema".*?</select>', content, re.S).group(0)
    assert select.count("<option") == SCHEMAS + 1
    assert '<option value="" selected>Tous</option>' in select
    # Django's select renders two templates per option: a hundred schémas made it 250 templates a page.
    assert len(response.templates) < 100


def test_action_list_schema_filter_kept_across_pages(db, admin_user, django_assert_max_num_queries):
    schemas = build_schemas(SCHEMAS)
    client = logged_in(admin_user)
    params = {"schema": schemas[7].pk, "order": "-number"}
    with django_assert_max_num_queries(QUERY_BUDGET):
        response = client.get(reverse("fiches:action_list"), params)
    assert response.context["page"].paginator.count == 16
    assert {action.fiche.schema_id for action in response.context["page"].object_list} == {schemas[7].pk}
    content = response.content.decode()
    assert f'<option value="{schemas[7].pk}" selected>' in content
    assert [action.number for action in response.context["page"].object_list] == [2] * 8 + [1] * 8

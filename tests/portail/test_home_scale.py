"""The home page at national scale: its first schémas read from the index of the schémas' order."""

from django.urls import reverse

from portail.views import HOME_SCHEMA_LIMIT
from tests import factories
from tests.list_plans import page_queries, plan


def test_home_reads_its_first_schemas_from_the_order_index(db, client, admin_user):
    for n in range(1, 31):
        factories.SchemaFactory(department_code=f"{n:02d}", first_year=2020 + n % 4, last_year=2026)
    client.force_login(admin_user)
    response, queries = page_queries(client, reverse("home"))
    assert len(response.context["schemas"]) == HOME_SCHEMA_LIMIT and response.context["more_schemas"]
    # Most recent first, then by département.
    assert [s.department_code for s in response.context["schemas"]][:2] == ["03", "07"]
    (first_page,) = [sql for sql in queries if 'FROM "fiches_schema"' in sql and f"LIMIT {HOME_SCHEMA_LIMIT + 1}" in sql]
    assert "schema_order" in plan(first_page)

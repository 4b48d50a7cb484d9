"""On PostgreSQL the connection prepares the statements it repeats (avs_schema/settings.py), so that PostgreSQL plans
a page's queries once per connection rather than on every request."""

import pytest
from django.db import connection

from structures.models import Commune
from tests import factories

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="variante PostgreSQL : DATABASE_URL=postgres://…")


def prepared_statements():
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


@pytest.mark.django_db
def test_a_query_repeated_on_a_connection_is_prepared_once_with_its_values_bound_apart():
    communes = [factories.CommuneFactory() for _ in range(6)]

    for commune in communes:
        assert Commune.objects.get(insee_code=commune.insee_code) == commune

    statements = [s for s in prepared_statements() if 'FROM "structures_commune"' in s]
    assert len(statements) == 1
    # One statement for the six codes: the code is a parameter, not written into the SQL.
    assert '"insee_code" = $1' in statements[0]
    assert not any(commune.insee_code in statements[0] for commune in communes)

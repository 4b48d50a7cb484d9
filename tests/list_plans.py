"""The plan the database chooses for a list page's query: whether it reads its page from an index."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def page_queries(client, url, params=None):
    """The response to ``url`` and the SQL of the queries it ran."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    return response, [query["sql"] for query in captured.captured_queries]


def plan(sql):
    """The database's plan for ``sql`` as one text; on PostgreSQL with sequential scans and sorts discouraged,
    so that a small test table shows the index a country-wide one would read its page from, if the query
    can use one at all."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
            return " ".join(str(row[-1]) for row in cursor.fetchall())
        cursor.execute("SET enable_seqscan = off; SET enable_sort = off")
        cursor.execute(f"EXPLAIN {sql}")
        plan = " ".join(row[0] for row in cursor.fetchall())
        cursor.execute("RESET enable_seqscan; RESET enable_sort")
        return plan

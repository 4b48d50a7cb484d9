"""The structures list reads the agrément ends and communes of the page it shows only, not of every structure
the reader may see (an administrateur sees the whole country's)."""

import datetime

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from structures.models import Structure
from tests import factories


def test_agrement_ends_are_read_for_the_page_only(admin_user, settings):
    commune = factories.CommuneFactory()
    for n in range(55):
        structure = factories.StructureFactory(name=f"Structure {n:02d}", commune=commune)
        factories.AgrementFactory(
            structure=structure, start_date=datetime.date(2024, 1, 1), end_date=datetime.date(2027, 1, n % 28 + 1)
        )
    client = Client()
    client.force_login(admin_user)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("structures:structure_list"))

    assert response.status_code == 200
    shown = response.context["structures"]
    assert [s.name for s in shown] == [f"Structure {n:02d}" for n in range(50)]
    assert [s.agrement_end for s in shown] == [datetime.date(2027, 1, n % 28 + 1) for n in range(50)]
    joined = [q["sql"] for q in queries.captured_queries if '"structures_agrement"' in q["sql"]]
    # One query joins the agréments, restricted to the 50 structures of the page by their identifiers.
    assert len(joined) == 1
    page_ids = {str(pk) for pk in Structure.objects.filter(name__in=[s.name for s in shown]).values_list("pk", flat=True)}
    assert '"structures_structure"."id" IN (' in joined[0]
    assert all(pk in joined[0] for pk in page_ids)

"""The actions list joins fiches, schémas and latest updates for the page it shows only, not for every
action the reader may see (an administrateur sees the whole country's), and keeps the page's order."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fiches.enums import ActionStatus
from fiches.models import Action

from .test_query_budget import build_schemas, logged_in


def test_the_page_rows_are_read_by_identifier_in_the_list_order(db, admin_user):
    build_schemas(4)  # 64 actions: two pages
    for n, action in enumerate(Action.objects.order_by("?")):
        action.status, action.progress = ActionStatus.EN_COURS, n + 1  # each its own: the order asked leaves no tie
        action.save(update_fields=["status", "progress"])
    client = logged_in(admin_user)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("fiches:action_list"), {"order": "-progress"})

    shown = list(response.context["page"].object_list)
    assert len(shown) == 50
    expected = list(Action.objects.order_by("-progress").values_list("pk", flat=True)[:50])
    assert [action.pk for action in shown] == expected
    assert all(action.fiche.schema.title for action in shown)  # loaded with the row, no query each
    joined = [q["sql"] for q in queries.captured_queries if '"fiches_schema"' in q["sql"] and '"fiches_action"' in q["sql"]]
    assert len(joined) == 1
    assert '"fiches_action"."id" IN (' in joined[0]

"""The country-wide structure and organisation lists: pages read from the French-order indexes, and a
national scope told from the structures alone that its communes are too many to list."""

import re

from django.urls import reverse

from structures.filters import CHOICES_LIMIT
from structures.models import Organisation
from tests.list_plans import page_queries, plan
from tests.structures.test_query_budget import QUERY_BUDGET, build_structures, logged_in

NATIONAL = 4 * CHOICES_LIMIT  # 1,600 structures in 1,200 communes


def test_structure_list_national_scope_reads_no_commune_for_its_filter(db, admin_user, django_assert_max_num_queries):
    build_structures(NATIONAL)
    client = logged_in(admin_user)
    with django_assert_max_num_queries(QUERY_BUDGET):
        response, queries = page_queries(client, reverse("structures:structure_list"))
    assert response.context["filter"].form.fields["commune"].label == "Commune (nom ou code INSEE)"
    # The communes are joined to the 50 rows shown, never read on their own to build the filter.
    assert not [sql for sql in queries if re.search(r'FROM "structures_commune"', sql)]
    assert len(response.context["structures"]) == 50


def test_structure_list_commune_choices_when_few(db, admin_user, django_assert_max_num_queries):
    structures = build_structures(3 * 50)  # three pages in 112 communes
    client = logged_in(admin_user)
    with django_assert_max_num_queries(QUERY_BUDGET):
        response = client.get(reverse("structures:structure_list"), {"commune": structures[7].commune.pk})
    choices = list(response.context["filter"].form.fields["commune"].queryset)
    assert len(choices) == 112 and choices[0].name == "Commune A0"
    assert [s.name for s in response.context["structures"]] == ["Structure A0007", "Structure A0119"]
    assert len(response.context["filter"].form.fields["epci"].choices) == 51  # « Tous » and 50 EPCI


def test_structure_list_page_read_from_the_french_order_index(db, admin_user):
    build_structures(3 * 50)
    _, queries = page_queries(logged_in(admin_user), reverse("structures:structure_list"), {"page": 2})
    (ids_query,) = [sql for sql in queries if "LIMIT 50" in sql]
    assert "structure_french_order" in plan(ids_query)


def test_organisation_list_page_read_from_the_french_order_index(db, admin_user):
    Organisation.objects.bulk_create(Organisation(name=f"Association {n:03d}") for n in range(3 * 50))
    response, queries = page_queries(logged_in(admin_user), reverse("structures:organisation_list"), {"page": 3})
    assert [o.name for o in response.context["organisations"]][-1] == "Association 149"
    (page_query,) = [sql for sql in queries if "LIMIT 50" in sql]
    assert "organisation_french_order" in plan(page_query)

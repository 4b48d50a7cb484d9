"""The dashboards' landing a page at a time: the total, the links to the other pages that keep the search,
the search on the title and the département, the person's own département first."""

import re

import pytest
from django.urls import reverse

from fiches.models import Schema
from rapports.views.dashboards import LANDING_PAGE_SIZE
from tests import factories

from .conftest import client_for

DEPARTMENTS = [(f"{n:02d}", f"Département {n:02d}") for n in range(1, 24)] + [("69", "Rhône"), ("974", "La Réunion")]


@pytest.fixture
def schemas(db):
    """25 schémas of the same period, one per département: more than two pages."""
    return Schema.objects.bulk_create(
        Schema(
            title=f"Schéma d'animation de la vie sociale {name}",
            slug=f"landing-{code}",
            department_code=code,
            department_name=name,
            first_year=2022,
            last_year=2026,
        )
        for code, name in DEPARTMENTS
    )


def landing(user, **params):
    response = client_for(user).get(reverse("rapports:dashboard"), params)
    assert response.status_code == 200
    return response, response.content.decode()


def pagination_links(content):
    return [link.replace("&amp;", "&") for link in re.findall(r'<a class="page-link" href="([^"]*)"', content)]


def codes(response):
    return [row["schema"].department_code for row in response.context["rows"]]


def test_landing_pages_with_total_and_links(schemas, admin_user):
    response, content = landing(admin_user)
    assert codes(response) == [code for code, _ in DEPARTMENTS[:LANDING_PAGE_SIZE]]
    assert "25 schémas" in content
    assert "Page 1 sur 3" in content and pagination_links(content) == ["?page=2"]
    first = schemas[0].pk
    for url_name in ("schema_dashboard", "indicators_dashboard", "structures_dashboard"):
        assert reverse(f"rapports:{url_name}", args=[first]) in content
    assert reverse("rapports:annual_report_pdf", args=[first, 2025]) in content

    response, content = landing(admin_user, page=3)
    assert codes(response) == [code for code, _ in DEPARTMENTS[2 * LANDING_PAGE_SIZE :]]
    assert pagination_links(content) == ["?page=2"]


def test_landing_search_on_department_kept_across_pages(schemas, admin_user):
    # « departement » finds the 23 « Département NN » whatever the accents, and the pages keep the search.
    response, content = landing(admin_user, q="departement")
    assert response.context["page"].paginator.count == 23
    assert "23 schémas" in content
    assert pagination_links(content) == ["?q=departement&page=2"]
    response, content = landing(admin_user, q="departement", page=2)
    assert codes(response) == [f"{n:02d}" for n in range(11, 21)]
    assert pagination_links(content) == ["?q=departement&page=1", "?q=departement&page=3"]


def test_landing_search_on_title_and_code(schemas, admin_user):
    response, _ = landing(admin_user, q="réunion")
    assert codes(response) == ["974"]
    response, _ = landing(admin_user, q="69")
    assert codes(response) == ["69"]
    response, content = landing(admin_user, q="Bretagne")
    assert codes(response) == []
    assert "Aucun schéma ne correspond à « Bretagne »." in content


def test_landing_partner_reads_own_department_first(schemas, partenaire):
    partenaire.organisation.department_code = "69"
    partenaire.organisation.save()
    response, _ = landing(partenaire)
    assert codes(response) == ["69", *(code for code, _ in DEPARTMENTS[: LANDING_PAGE_SIZE - 1])]
    # The next page goes on where the first stopped: no schéma twice, none left out.
    response, _ = landing(partenaire, page=3)
    assert codes(response) == [code for code, _ in DEPARTMENTS[2 * LANDING_PAGE_SIZE - 1 :] if code != "69"]


def test_landing_partner_of_a_commune_reads_its_department_first(schemas, partenaire):
    partenaire.organisation.commune = factories.CommuneFactory(department_code="974")
    partenaire.organisation.save()
    response, _ = landing(partenaire)
    assert codes(response)[0] == "974"


@pytest.mark.parametrize("who", ["admin_user", "partenaire", "conseiller", "conseiller_94"])
def test_landing_lists_exactly_the_schemas_whose_dashboards_the_rule_opens(request, who, schema, schema_94):
    """The landing reads the person's scope instead of asking the rule schéma by schéma: both must agree."""
    user = request.getfixturevalue(who)
    _response, content = landing(user)
    opened = [s for s in Schema.objects.all() if user.has_perm("rapports.view_dashboard", s)]
    assert opened  # every role here opens at least one
    for candidate in Schema.objects.all():
        link = reverse("rapports:schema_dashboard", args=[candidate.pk])
        assert (link in content) == (candidate in opened), f"{who} : {candidate}"

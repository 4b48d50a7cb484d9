"""The country-wide lists an administrateur opens are shown 50 rows a page (accounts 25), their counts grouped in the
database, within 15 queries however many rows the country holds; the links to the other pages keep the
list's filters."""

import datetime
import re

import pytest
from django.urls import reverse

from comptes.models import User
from comptes.views import USERS_PER_PAGE
from fiches.enums import FicheRole
from indicateurs.models import Campaign
from structures.enums import ConventionKind
from tests import factories

ROWS = 61  # more than a page of 50


def pagination_links(content):
    return [link.replace("&amp;", "&") for link in re.findall(r'<a class="page-link" href="([^"]*)"', content)]


def get_page(client, url_name, max_queries, assert_queries, **params):
    with assert_queries(max_queries):
        response = client.get(reverse(url_name), params)
    assert response.status_code == 200
    return response, response.content.decode()


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def test_organisation_list_pages_with_grouped_counts(admin_client, django_assert_max_num_queries):
    caf = factories.OrganisationFactory(name="Caf du Rhône", short_name="Caf")
    for _ in range(3):
        factories.FicheOrganisationFactory(organisation=caf, role=FicheRole.FUNDER)
    fiche = factories.FicheFactory()
    # Pilot and funder of one fiche: one fiche counted, once.
    factories.FicheOrganisationFactory(organisation=caf, fiche=fiche, role=FicheRole.PILOT)
    factories.FicheOrganisationFactory(organisation=caf, fiche=fiche, role=FicheRole.FUNDER)
    for n in range(2):
        factories.ConventionFactory(title=f"Convention {n}").organisations.add(caf)
    for n in range(ROWS):
        factories.FicheOrganisationFactory(organisation=factories.OrganisationFactory(name=f"Commune {n:02d}"))

    response, content = get_page(admin_client, "structures:organisation_list", 15, django_assert_max_num_queries)
    rows = response.context["organisations"]
    assert len(rows) == 50 and rows[0].name == "Caf du Rhône"
    assert (rows[0].fiche_count, rows[0].convention_count) == (4, 2)
    assert (rows[1].name, rows[1].fiche_count, rows[1].convention_count) == ("Commune 00", 1, 0)
    assert "Page 1 sur 2" in content and pagination_links(content) == ["?page=2"]

    response, content = get_page(admin_client, "structures:organisation_list", 15, django_assert_max_num_queries, page=2)
    assert [o.name for o in response.context["organisations"]] == [f"Commune {n:02d}" for n in range(49, ROWS)]
    assert pagination_links(content) == ["?page=1"]


def test_organisation_list_pages_keep_the_search(admin_client, django_assert_max_num_queries):
    for n in range(ROWS):
        factories.OrganisationFactory(name=f"Commune {n:02d}")
    factories.OrganisationFactory(name="Caf du Rhône")

    response, content = get_page(admin_client, "structures:organisation_list", 15, django_assert_max_num_queries, q="commune")
    assert len(response.context["organisations"]) == 50
    assert pagination_links(content) == ["?q=commune&page=2"]
    response, _ = get_page(admin_client, "structures:organisation_list", 15, django_assert_max_num_queries, q="commune", page=2)
    assert len(response.context["organisations"]) == ROWS - 50


def test_convention_list_pages_keep_the_filters(admin_client, structure_a, django_assert_max_num_queries):
    caf = factories.OrganisationFactory(name="Caf du Rhône")
    for n in range(ROWS):
        convention = factories.ConventionFactory(
            title=f"CTG {n:02d}", kind=ConventionKind.CTG, signed_on=datetime.date(2025, 1, 1) + datetime.timedelta(days=n)
        )
        convention.organisations.add(caf)
        convention.structures.add(structure_a)
    factories.ConventionFactory(title="Tripartite", signed_on=datetime.date(2025, 3, 1))

    response, content = get_page(admin_client, "structures:convention_list", 15, django_assert_max_num_queries, kind="ctg")
    assert len(response.context["conventions"]) == 50
    assert "61 conventions" in content and "Page 1 sur 2" in content
    assert pagination_links(content) == ["?kind=ctg&page=2"]
    response, content = get_page(
        admin_client, "structures:convention_list", 15, django_assert_max_num_queries, kind="ctg", page=2
    )
    # The latest signed first: the second page ends with the first signed.
    assert [c.title for c in response.context["conventions"]] == [f"CTG {n:02d}" for n in range(ROWS - 51, -1, -1)]
    assert "Caf du Rhône, Centre social A" in content
    # Each row's own edit link (the addresses of a page are filled in from one reverse).
    for convention in response.context["conventions"]:
        assert f'href="{reverse("structures:convention_edit", args=[convention.pk])}"' in content


def test_user_list_pages(admin_client, admin_user, django_assert_max_num_queries):
    schemas = factories.SchemaFactory.create_batch(2)
    for n in range(ROWS // 2):
        factories.ConseillerFactory(last_name=f"Conseiller {n:02d}", schemas=schemas)
        factories.DirecteurFactory(last_name=f"Directeur {n:02d}", structures=factories.StructureFactory.create_batch(2))

    seen = []
    for number in (1, 2, 3):
        response, content = get_page(admin_client, "comptes:user_list", 15, django_assert_max_num_queries, page=number)
        seen += [person.pk for person, _ in response.context["rows"]]
        assert len(seen) == min(number * USERS_PER_PAGE, ROWS) and response.context["page"].paginator.count == ROWS
    # Every account once over the three pages, the administrateur's own included.
    assert sorted(seen) == sorted(User.objects.values_list("pk", flat=True)) and admin_user.pk in seen
    assert "?page=2" in pagination_links(content) and "?page=4" not in pagination_links(content)
    # Each row's own links and forms (the addresses of a page are filled in from one reverse each).
    for person, _ in response.context["rows"]:
        for url in (
            reverse("comptes:user_edit", args=[person.pk]),
            reverse("history", kwargs={"app_label": "comptes", "model_name": "user", "pk": person.pk}),
        ):
            assert f'href="{url}"' in content
        if person != admin_user:
            assert f'action="{reverse("comptes:user_deactivate", args=[person.pk])}"' in content


def test_user_list_links_to_unlock_and_reactivate(admin_client, django_assert_max_num_queries):
    from axes.models import AccessAttempt

    locked = factories.ConseillerFactory(email="bloquee@exemple.fr")
    AccessAttempt.objects.create(username=locked.email, ip_address="127.0.0.1", failures_since_start=5)
    inactive = factories.ConseillerFactory(email="partie@exemple.fr", is_active=False)

    _response, content = get_page(admin_client, "comptes:user_list", 15, django_assert_max_num_queries)

    assert f'action="{reverse("comptes:user_unlock", args=[locked.pk])}"' in content
    assert f'action="{reverse("comptes:user_reactivate", args=[inactive.pk])}"' in content


def test_campaign_list_pages(admin_client, django_assert_max_num_queries):
    for department in range(1, 14):
        schema = factories.SchemaFactory(department_code=f"{department:02d}", slug=f"schema-{department:02d}")
        for year in range(2021, 2026):
            factories.CampaignFactory(schema=schema, year=year)

    # A row is known by its address: (département, year) of the campaign it links to.
    known = {
        reverse("indicateurs:campaign_detail", args=[c.pk]): (c.schema.department_code, c.year)
        for c in Campaign.objects.select_related("schema")
    }

    response, content = get_page(admin_client, "indicateurs:campaign_list", 15, django_assert_max_num_queries)
    campaigns = [known[row["detail_url"]] for row in response.context["campaigns"]]
    assert len(campaigns) == 50
    assert campaigns[:6] == [("01", y) for y in range(2025, 2020, -1)] + [("02", 2025)]
    assert "Page 1 sur 2" in content and pagination_links(content) == ["?page=2"]
    for row in response.context["campaigns"]:
        assert f'href="{row["detail_url"]}"' in content
    response, _ = get_page(admin_client, "indicateurs:campaign_list", 15, django_assert_max_num_queries, page=2)
    assert [known[row["detail_url"]] for row in response.context["campaigns"]] == [
        ("11", 2025),
        *[("11", y) for y in range(2024, 2020, -1)],
        *[(code, y) for code in ("12", "13") for y in range(2025, 2020, -1)],
    ]

"""The dashboards' landing costs a fixed number of queries whatever the number of schémas."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from fiches.models import Schema
from indicateurs.enums import CampaignStatus
from indicateurs.models import Campaign
from rapports.views.dashboards import LANDING_PAGE_SIZE
from tests import factories

QUERY_BUDGET = 15


def build_schemas(count):
    """``count`` schémas, each with two closed campaigns and the 2025 one still open: the report's year is the
    last complete one, 2024."""
    schemas = Schema.objects.bulk_create(
        Schema(
            title=f"Schéma {n}",
            slug=f"budget-{n}",
            department_code=f"{n % 95 + 1:02d}",
            department_name=f"Département {n}",
            first_year=2022,
            last_year=2026,
        )
        for n in range(count)
    )
    Campaign.objects.bulk_create(
        Campaign(
            schema=s,
            year=year,
            opens_on=datetime.date(year + 1, 1, 15),
            closes_on=datetime.date(year + 1, 3, 31),
            status=CampaignStatus.OPEN if year == 2025 else CampaignStatus.CLOSED,
        )
        for s in schemas
        for year in (2023, 2024, 2025)
    )
    return schemas


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("schema_count", [3, 30])
@pytest.mark.parametrize("role", ["admin", "partenaire"])
def test_dashboard_landing_query_count_fixed_when_schemas_grow(
    db, admin_user, partenaire, django_assert_max_num_queries, schema_count, role
):
    schemas = build_schemas(schema_count)
    user = admin_user if role == "admin" else partenaire
    client = logged_in(user)
    with django_assert_max_num_queries(QUERY_BUDGET):
        response = client.get(reverse("rapports:dashboard"))
    assert response.status_code == 200
    assert len(response.context["rows"]) == min(schema_count, LANDING_PAGE_SIZE)
    assert response.context["page"].paginator.count == schema_count
    assert {row["year"] for row in response.context["rows"]} == {2024}
    assert reverse("rapports:annual_report_pdf", args=[schemas[0].pk, 2024]) in response.content.decode()


def test_dashboard_landing_year_without_campaign_stays_in_period(db, admin_user):
    factories.SchemaFactory(first_year=2020, last_year=2021)
    response = logged_in(admin_user).get(reverse("rapports:dashboard"))
    assert [row["year"] for row in response.context["rows"]] == [2021]


def test_dashboard_landing_conseiller_sees_only_own_schemas(db, conseiller, schema):
    build_schemas(5)
    factories.CampaignFactory(schema=schema, year=2025, status=CampaignStatus.CLOSED)
    response = logged_in(conseiller).get(reverse("rapports:dashboard"))
    assert [(row["schema"], row["year"]) for row in response.context["rows"]] == [(schema, 2025)]

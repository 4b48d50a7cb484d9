"""The indicators dashboard reads its figures from the cache until the data they come from changes."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.secrecy import WITHHELD
from indicateurs.enums import CampaignStatus, ValueStatus
from indicateurs.models import IndicatorValue

from .conftest import client_for


def get(client, schema, year=2025):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("rapports:indicators_dashboard", args=[schema.pk]), {"annee": year})
    assert response.status_code == 200
    return response, response.content.decode(), len(queries.captured_queries)


def digits(text):
    return re.sub(r"[\s\u00a0\u202f]", "", text)


def test_second_view_reads_the_figures_from_the_cache(world, partenaire, django_assert_max_num_queries):
    client = client_for(partenaire)
    with django_assert_max_num_queries(15):
        first, first_text, first_count = get(client, world["schema"])
    second, second_text, second_count = get(client, world["schema"])

    # Same page, without the series, completeness, breakdown and text queries.
    assert second.context["sections"] == first.context["sections"]
    assert second_count <= first_count - 5
    assert [i["series"].values for i in second.context["items"]] == [i["series"].values for i in first.context["items"]]


def test_a_value_transmitted_shows_at_once(world, conseiller):
    client = client_for(conseiller)
    _, before, _ = get(client, world["schema"])
    value = IndicatorValue.objects.get(indicator=world["indicator"], campaign__year=2025, structure__name="Centre social A")

    value.number = 5000
    value.status = ValueStatus.VALIDATED
    value.save()
    response, after, _ = get(client, world["schema"])

    assert "5004" not in digits(before)
    item = next(i for i in response.context["items"] if i["series"].indicator == world["indicator"])
    assert item["series"].values[2025] == 5004
    assert "5004" in digits(after)


def test_reopening_the_campaign_marks_its_year_provisional_at_once(world, conseiller):
    client = client_for(conseiller)
    _, before, _ = get(client, world["schema"], 2024)
    campaign = world["schema"].campaigns.get(year=2024)

    # A campaign's status is not in the data's stamp (rapports.changes): the cache key holds it.
    campaign.status = CampaignStatus.OPEN
    campaign.save()
    _, after, _ = get(client, world["schema"], 2024)

    assert "2024 (provisoire)" not in before
    assert "2024 (provisoire)" in after


def test_each_reader_gets_the_figures_meant_for_them(world, partenaire, conseiller, settings):
    # One structure's value per group is then a secret for partners only (core/secrecy.py).
    settings.AVS_MIN_GROUP_SIZE = 2
    partner = get(client_for(partenaire), world["schema"])[0]
    caf = get(client_for(conseiller), world["schema"])[0]
    partner_again = get(client_for(partenaire), world["schema"])[0]

    by_kind = {r.context["user"].email: next(i["by_kind"] for i in r.context["items"] if i["by_kind"]) for r in (partner, caf)}
    assert all(getattr(value, "is_withheld", False) for _label, value in by_kind[partenaire.email])
    assert not any(getattr(value, "is_withheld", False) for _label, value in by_kind[conseiller.email])
    assert partner_again.context["sections"] == partner.context["sections"]
    # Read back from the cache, a secret figure is still the one WITHHELD that the code and filters test for.
    again = next(i["by_kind"] for i in partner_again.context["items"] if i["by_kind"])
    assert all(value is WITHHELD for _label, value in again)

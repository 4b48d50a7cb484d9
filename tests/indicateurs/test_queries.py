"""The pages cost a fixed number of queries whatever the size of the data: the same maximum on a small
dataset and on ten times the demo (400 structures × 20 indicators, three campaigns)."""

import datetime
from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bench.loadtest.forms import find_form
from indicateurs.enums import Aggregation, CampaignStatus, ComputedSource, IndicatorKind, IndicatorLevel, ValueStatus
from indicateurs.models import Campaign, Indicator, IndicatorTarget, IndicatorValue
from structures.models import Structure
from tests import factories

pytestmark = pytest.mark.django_db

KINDS = [IndicatorKind.INTEGER, IndicatorKind.DECIMAL, IndicatorKind.PERCENTAGE, IndicatorKind.AMOUNT, IndicatorKind.BOOLEAN]
STATUSES = [ValueStatus.DRAFT, ValueStatus.SUBMITTED, ValueStatus.VALIDATED, ValueStatus.RETURNED]


def build(schema, structure_a, *, structures, indicators, years=(2023, 2024, 2025)):
    """``structures`` structures (with structure_a) and ``indicators`` indicators over several fiches and axes,
    a campaign per year and a value for each structure × indicator × campaign, all bulk-created."""
    commune = structure_a.commune
    Structure.objects.bulk_create(
        [Structure(name=f"Structure {n:04d}", kind="centre_social", commune=commune) for n in range(structures - 1)]
    )
    fiches = []
    for axis_number in (1, 2):
        orientation = factories.OrientationFactory(axis=factories.AxisFactory(schema=schema, number=axis_number))
        fiches += [factories.FicheFactory(orientation=orientation) for _ in range(2)]
    made = Indicator.objects.bulk_create(
        [
            Indicator(
                fiche=fiches[n % len(fiches)],
                label=f"Indicateur {n}",
                kind=KINDS[n % len(KINDS)],
                aggregation=Aggregation.COUNT_YES if KINDS[n % len(KINDS)] == IndicatorKind.BOOLEAN else Aggregation.SUM,
                order=n,
            )
            for n in range(indicators - 2)
        ]
        + [
            Indicator(fiche=fiches[0], label="Réunions", level=IndicatorLevel.SCHEMA, order=98),
            Indicator(
                fiche=fiches[0], label="Conventions", level=IndicatorLevel.SCHEMA, computed_source=ComputedSource.SENACS_SHARE
            ),
        ]
    )
    IndicatorTarget.objects.bulk_create([IndicatorTarget(indicator=i, year=y, value=10) for i in made for y in years])
    campaigns = [
        Campaign.objects.create(
            schema=schema,
            year=year,
            opens_on=datetime.date(year + 1, 1, 15),
            closes_on=datetime.date(year + 1, 3, 31),
            status=CampaignStatus.OPEN if year == years[-1] else CampaignStatus.CLOSED,
        )
        for year in years
    ]
    all_structures = list(Structure.objects.all())
    per_structure = [i for i in made if i.level == IndicatorLevel.STRUCTURE]
    values = []
    for campaign in campaigns:
        for s_index, structure in enumerate(all_structures):
            for indicator in per_structure:
                boolean = indicator.kind == IndicatorKind.BOOLEAN
                values.append(
                    IndicatorValue(
                        indicator=indicator,
                        campaign=campaign,
                        structure=structure,
                        number=None if boolean else Decimal(s_index % 50),
                        boolean=(s_index % 2 == 0) if boolean else None,
                        status=STATUSES[s_index % len(STATUSES)] if structure != structure_a else ValueStatus.DRAFT,
                    )
                )
        values.append(IndicatorValue(indicator=made[-2], campaign=campaign, number=3, status=ValueStatus.VALIDATED))
    IndicatorValue.objects.bulk_create(values, batch_size=2000)
    return campaigns[-1]


PAGES = [
    ("entry", "directeur_a", lambda c, a: reverse("indicateurs:entry", args=[c.pk, a.pk])),
    ("completeness", "conseiller", lambda c, a: reverse("indicateurs:completeness", args=[c.pk])),
    ("results", "conseiller", lambda c, a: reverse("indicateurs:results", args=[c.schema_id])),
    ("indicator_list", "conseiller", lambda c, a: reverse("indicateurs:indicator_list")),
    ("validation", "conseiller", lambda c, a: reverse("indicateurs:validation", args=[c.pk])),
    ("validation_structure", "conseiller", lambda c, a: reverse("indicateurs:validation_structure", args=[c.pk, a.pk])),
    ("campaign_detail", "directeur_a", lambda c, a: reverse("indicateurs:campaign_detail", args=[c.pk])),
    ("schema_values", "conseiller", lambda c, a: reverse("indicateurs:schema_values", args=[c.pk])),
]
# The same maximum for both sizes: the count does not grow with the data.
MAX_QUERIES = {
    "entry": 13,
    "completeness": 12,
    "results": 15,
    "indicator_list": 14,
    "validation": 12,
    "validation_structure": 12,
    "campaign_detail": 11,
    "schema_values": 12,
}


@pytest.mark.parametrize(("structures", "indicators"), [(4, 6), (400, 20)], ids=["small", "ten-times-demo"])
def test_pages_query_count_is_fixed(
    client, django_assert_max_num_queries, schema, structure_a, directeur_a, conseiller, structures, indicators
):
    campaign = build(schema, structure_a, structures=structures, indicators=indicators)
    assert IndicatorValue.objects.count() == 3 * (structures * (indicators - 2) + 1)

    for name, role, url in PAGES:
        client.force_login({"directeur_a": directeur_a, "conseiller": conseiller}[role])
        with django_assert_max_num_queries(MAX_QUERIES[name]):
            response = client.get(url(campaign, structure_a))
        assert response.status_code == 200, name


@pytest.mark.parametrize(("structures", "indicators"), [(4, 6), (400, 20)], ids=["small", "ten-times-demo"])
def test_saving_a_draft_reads_the_values_a_fixed_number_of_times(
    client, schema, structure_a, directeur_a, structures, indicators
):
    """Each changed value costs its write and its history row; the values are read (and locked) together,
    not once more each to compare its version."""
    campaign = build(schema, structure_a, structures=structures, indicators=indicators)
    url = reverse("indicateurs:entry", args=[campaign.pk, structure_a.pk])
    client.force_login(directeur_a)
    form = find_form(client.get(url).content.decode(), url, page=url)
    # Every number changed (41 is no value of the build), the other fields as the page wrote them.
    data = [(name, "41" if kind == "number" else value) for name, value, kind in form.fields] + [("brouillon", "")]
    changed = sum(kind == "number" for _, _, kind in form.fields)
    assert changed >= (indicators - 2) * 4 // 5  # the numeric indicators of the build

    with CaptureQueriesContext(connection) as queries:
        response = client.post(url, urlencode(data), content_type="application/x-www-form-urlencoded")

    assert response.status_code == 302
    assert IndicatorValue.objects.filter(campaign=campaign, structure=structure_a, number=41).count() == changed
    reads = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith("SELECT") and 'FROM "indicateurs_indicatorvalue"' in q["sql"]
    ]
    assert len(reads) <= 5, "\n".join(reads)

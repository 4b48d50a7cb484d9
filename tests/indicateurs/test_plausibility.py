"""Plausibility flags (from the structure's own history), the « unchanged » confirmation and validation value by
value."""

import datetime
from decimal import Decimal

import pytest
from django.test import override_settings
from django.urls import reverse

from indicateurs.enums import CampaignStatus, Confirmation, ValueStatus
from indicateurs.models import IndicatorValue
from indicateurs.plausibility import bounds_for
from tests import factories

from .conftest import complete_data, make_values, post_data, stored_versions

pytestmark = pytest.mark.django_db


def past_campaign(schema, year):
    return factories.CampaignFactory(
        schema=schema,
        year=year,
        status=CampaignStatus.CLOSED,
        opens_on=datetime.date(year + 1, 1, 15),
        closes_on=datetime.date(year + 1, 3, 31),
    )


@pytest.fixture
def last_year(schema, indicators, structure_a):
    """The 2024 campaign, where Centre social A had a budget of 591 300 € and 10 projects."""
    campaign = past_campaign(schema, 2024)
    make_values(
        campaign,
        structure_a,
        indicators,
        status=ValueStatus.VALIDATED,
        amount={"number": Decimal(591300)},
        count={"number": Decimal(10)},
    )
    return campaign


def entry_url(campaign, structure):
    return reverse("indicateurs:entry", args=[campaign.pk, structure.pk])


def test_question_from_last_year_only(campaign, last_year, indicators, structure_a):
    bounds = bounds_for(campaign, [structure_a.pk])[(structure_a.pk, indicators["amount"].pk)]

    assert (bounds.low, bounds.high) == (Decimal("295650.00"), Decimal("886950.00"))
    assert bounds.question_about(Decimal(7)) == "Cette valeur est très différente de 2024 (591\xa0300,00 €) : confirmez-la."
    assert bounds.question_about(Decimal(600000)) is None


def test_question_from_the_range_of_three_years(schema, campaign, indicators, structure_a):
    for year, number in ((2022, 100), (2023, 120), (2024, 110)):
        IndicatorValue.objects.create(
            indicator=indicators["count"], campaign=past_campaign(schema, year), structure=structure_a, number=number
        )
    factories.IndicatorValueFactory(
        indicator=indicators["count"], campaign=past_campaign(schema, 2021), structure=structure_a, number=5000
    )

    bounds = bounds_for(campaign, [structure_a.pk])[(structure_a.pk, indicators["count"].pk)]

    assert (bounds.low, bounds.high) == (Decimal("50.00"), Decimal("180.00"))
    assert bounds.question_about(Decimal(170)) is None
    assert bounds.question_about(Decimal(190)) == (
        "Cette valeur est très différente de 2024 (110) et des années 2022 à 2024 : confirmez-la."
    )


@override_settings(PLAUSIBILITY_TOLERANCE=0.1, PLAUSIBILITY_YEARS=1)
def test_thresholds_are_settings(campaign, last_year, indicators, structure_a):
    bounds = bounds_for(campaign, [structure_a.pk])[(structure_a.pk, indicators["count"].pk)]

    assert bounds.question_about(Decimal(12)) is not None
    assert bounds.question_about(Decimal(11)) is None


def test_director_is_asked_never_blocked_and_confirms(client, directeur_a, campaign, last_year, indicators, structure_a):
    client.force_login(directeur_a)
    url = entry_url(campaign, structure_a)

    draft = client.post(url, {**complete_data(indicators, amount="7"), "brouillon": ""})
    page = client.get(url).content.decode()
    confirmed = client.post(
        url,
        {
            **complete_data(indicators, amount="7"),
            **stored_versions(campaign, structure_a),
            "confirme": [str(indicators["amount"].pk)],
            "transmettre": "",
        },
    )

    assert draft.status_code == 302
    question = "Cette valeur est très différente de 2024 (591\xa0300,00 €) : confirmez-la."
    assert f'<p class="mb-1">{question}</p>' in page
    assert 'data-plausible-low="295650.00" data-plausible-high="886950.00"' in page
    assert confirmed.status_code == 302
    budget = IndicatorValue.objects.get(campaign=campaign, structure=structure_a, indicator=indicators["amount"])
    assert (budget.number, budget.status, budget.confirmation) == (Decimal(7), ValueStatus.SUBMITTED, Confirmation.OUTLIER)


def test_confirmation_of_a_plausible_value_is_not_stored(client, directeur_a, campaign, last_year, indicators, structure_a):
    client.force_login(directeur_a)

    client.post(
        entry_url(campaign, structure_a),
        {**complete_data(indicators, amount="600 000"), "confirme": [str(indicators["amount"].pk)], "brouillon": ""},
    )

    budget = IndicatorValue.objects.get(campaign=campaign, structure=structure_a, indicator=indicators["amount"])
    assert (budget.number, budget.confirmation) == (Decimal(600000), Confirmation.NONE)


def test_unchanged_takes_last_years_value_in_one_click(client, directeur_a, campaign, last_year, indicators, structure_a):
    client.force_login(directeur_a)

    response = client.post(
        entry_url(campaign, structure_a),
        {**post_data(indicators, count="4"), "inchangee": str(indicators["amount"].pk)},
        follow=True,
    )

    assert "La valeur 2024 est reprise et confirmée. Brouillon enregistré." in response.content.decode()
    values = {v.indicator_id: v for v in IndicatorValue.objects.filter(campaign=campaign, structure=structure_a)}
    budget = values[indicators["amount"].pk]
    assert (budget.number, budget.status, budget.confirmation) == (Decimal(591300), ValueStatus.DRAFT, Confirmation.UNCHANGED)
    assert (values[indicators["count"].pk].number, values[indicators["count"].pk].confirmation) == (Decimal(4), "")
    assert "Identique à 2024, confirmée" in response.content.decode()


def test_unchanged_without_last_year_is_refused_and_writes_nothing(client, directeur_a, campaign, indicators, structure_a):
    client.force_login(directeur_a)

    response = client.post(
        entry_url(campaign, structure_a), {**post_data(indicators, count="4"), "inchangee": str(indicators["amount"].pk)}
    )

    assert response.status_code == 200
    assert "Aucune valeur 2024 à reprendre pour « Budget »." in response.content.decode()
    assert not IndicatorValue.objects.filter(campaign=campaign).exists()


def test_validation_lists_questioned_values_first_with_last_year(
    client, conseiller, campaign, last_year, indicators, structure_a
):
    make_values(campaign, structure_a, indicators, amount={"number": Decimal(7), "confirmation": Confirmation.OUTLIER})
    client.force_login(conseiller)

    listing = client.get(reverse("indicateurs:validation", args=[campaign.pk]))
    page = client.get(reverse("indicateurs:validation_structure", args=[campaign.pk, structure_a.pk]))

    [entry] = listing.context["entries"]
    assert (entry["to_validate"], entry["questioned"]) == (6, 1)
    values = page.context["values"]
    assert values[0].indicator == indicators["amount"]
    assert [v.question is not None for v in values] == [True, False, False, False, False, False]
    content = page.content.decode()
    assert "1 valeur s&#x27;écarte nettement de l&#x27;historique de la structure" in content or (
        "1 valeur s'écarte nettement de l'historique de la structure" in content
    )
    assert "La structure a confirmé cette valeur." in content
    assert "<strong>591\xa0300,00 €</strong>" in content


def test_validate_one_value_then_the_rest(client, conseiller, campaign, indicators, structure_a):
    values = make_values(campaign, structure_a, indicators)
    budget = next(v for v in values if v.indicator == indicators["amount"])
    client.force_login(conseiller)

    one = client.post(reverse("indicateurs:validate_value", args=[budget.pk]), follow=True)
    again = client.post(reverse("indicateurs:validate_value", args=[budget.pk]), follow=True)

    statuses = dict(IndicatorValue.objects.values_list("indicator_id", "status"))
    assert statuses.pop(indicators["amount"].pk) == ValueStatus.VALIDATED
    assert set(statuses.values()) == {ValueStatus.SUBMITTED}
    assert "La valeur « Budget » de Centre social A est validée." in one.content.decode()
    assert "Seule une valeur transmise peut être validée." in again.content.decode()
    assert "Valider les 5 valeurs transmises" in again.content.decode()


def test_validate_one_value_refused_to_the_director_and_other_conseillers(
    client, directeur_a, conseiller_94, campaign, indicators, structure_a
):
    budget = next(v for v in make_values(campaign, structure_a, indicators) if v.indicator == indicators["amount"])
    answers = []
    for user in (directeur_a, conseiller_94):
        client.force_login(user)
        answers.append(client.post(reverse("indicateurs:validate_value", args=[budget.pk])).status_code)

    budget.refresh_from_db()
    assert answers == [403, 403]
    assert budget.status == ValueStatus.SUBMITTED

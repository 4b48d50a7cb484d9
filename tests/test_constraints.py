"""The data rules the database holds itself, checked on both SQLite and PostgreSQL."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from fiches.enums import ActionStatus
from fiches.models import ActionUpdate
from tests import factories

pytestmark = pytest.mark.django_db


def assert_refused(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def test_fiche_code_unique_within_schema():
    fiche = factories.FicheFactory(code="PA 2.1.2")
    assert_refused(lambda: factories.FicheFactory(code="PA 2.1.2", orientation=fiche.orientation))


def test_fiche_code_may_repeat_across_schemas():
    first = factories.FicheFactory(code="PA 2.1.2")
    second = factories.FicheFactory(code="PA 2.1.2")
    assert first.schema != second.schema


def test_fiche_schema_follows_its_orientation():
    fiche = factories.FicheFactory()
    assert fiche.schema == fiche.orientation.axis.schema


def test_schema_period_must_be_ordered():
    assert_refused(lambda: factories.SchemaFactory(first_year=2026, last_year=2022))


def test_action_echeance_first_year_not_after_last():
    assert_refused(lambda: factories.ActionFactory(first_year=2025, last_year=2023))


def test_action_echeance_outside_schema_period_is_invalid():
    action = factories.ActionFactory.build(fiche=factories.FicheFactory(), first_year=2021, last_year=2023)
    with pytest.raises(ValidationError, match="période du schéma"):
        action.clean()


def test_action_update_progress_at_most_100():
    action = factories.ActionFactory()
    assert_refused(lambda: ActionUpdate.objects.create(action=action, status=ActionStatus.EN_COURS, progress=101))


def test_action_update_is_never_rewritten():
    update = ActionUpdate.objects.create(action=factories.ActionFactory(), status=ActionStatus.EN_COURS, progress=10)
    update.progress = 50
    with pytest.raises(ValueError, match="ne se réécrit pas"):
        update.save()
    update.refresh_from_db()
    assert update.progress == 10


def test_agrement_of_four_years_is_accepted():
    agrement = factories.AgrementFactory(start_date=datetime.date(2023, 1, 1), end_date=datetime.date(2026, 12, 31))
    agrement.full_clean()


def test_agrement_longer_than_four_years_is_refused():
    assert_refused(lambda: factories.AgrementFactory(start_date=datetime.date(2020, 1, 1), end_date=datetime.date(2025, 6, 30)))


def test_agrement_ending_on_fourth_anniversary_is_invalid():
    agrement = factories.AgrementFactory.build(
        structure=factories.StructureFactory(), start_date=datetime.date(2023, 1, 1), end_date=datetime.date(2027, 1, 1)
    )
    with pytest.raises(ValidationError, match="au plus 4 ans"):
        agrement.full_clean()


def test_agrement_must_end_after_start():
    assert_refused(lambda: factories.AgrementFactory(start_date=datetime.date(2024, 1, 1), end_date=datetime.date(2023, 1, 1)))


def test_funding_amount_not_negative():
    assert_refused(lambda: factories.FundingFactory(amount=-1))


def test_structure_siret_unique_when_given():
    factories.StructureFactory(siret="12345678900011")
    assert_refused(lambda: factories.StructureFactory(siret="12345678900011"))


def test_structures_without_siret_may_coexist():
    factories.StructureFactory(siret="")
    factories.StructureFactory(siret="")


def test_structure_siret_must_have_14_digits():
    assert_refused(lambda: factories.StructureFactory(siret="1234"))


def test_one_value_per_indicator_structure_and_campaign():
    value = factories.IndicatorValueFactory()
    assert_refused(
        lambda: factories.IndicatorValueFactory(indicator=value.indicator, campaign=value.campaign, structure=value.structure)
    )


def test_one_schema_wide_value_per_indicator_and_campaign():
    value = factories.IndicatorValueFactory(structure=None)
    assert_refused(lambda: factories.IndicatorValueFactory(indicator=value.indicator, campaign=value.campaign, structure=None))


def test_indicator_value_not_negative():
    assert_refused(lambda: factories.IndicatorValueFactory(number=-3))


def test_one_campaign_per_schema_and_year():
    campaign = factories.CampaignFactory()
    assert_refused(lambda: factories.CampaignFactory(schema=campaign.schema, year=campaign.year))


def test_campaign_opens_before_it_closes():
    assert_refused(lambda: factories.CampaignFactory(opens_on=datetime.date(2026, 3, 1), closes_on=datetime.date(2026, 1, 1)))


def test_user_logs_in_by_email_case_insensitively(client):
    factories.UserFactory(email="Camille.Martin@Exemple.fr")
    assert client.login(email="camille.martin@exemple.fr", password=factories.DEMO_PASSWORD)

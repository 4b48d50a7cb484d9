"""The director's entry page: typed fields, draft, submission, locking and French errors."""

from decimal import Decimal

import pytest
from django.urls import reverse

from indicateurs.enums import CampaignStatus, ValueStatus
from indicateurs.models import IndicatorValue
from tests import factories

from .conftest import complete_data, make_values, post_data, stored_versions

pytestmark = pytest.mark.django_db


def entry_url(campaign, structure):
    return reverse("indicateurs:entry", args=[campaign.pk, structure.pk])


def stored(campaign, structure):
    return {v.indicator.label: v for v in IndicatorValue.objects.filter(campaign=campaign, structure=structure)}


def test_entry_page_shows_every_per_structure_indicator_grouped(client, directeur_a, structure_a, campaign, indicators):
    client.force_login(directeur_a)

    response = client.get(entry_url(campaign, structure_a))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Axe 1 — Structurer le maillage" in content
    assert "PA 1.1.1 — Développer l&#x27;offre" in content
    for name in ("count", "percent", "amount", "yes_no", "text", "choice"):
        assert f'name="valeur-{indicators[name].pk}"' in content
    assert f'name="valeur-{indicators["schema_wide"].pk}"' not in content
    assert f'name="valeur-{indicators["computed"].pk}"' not in content
    assert f'name="commentaire-{indicators["yes_no"].pk}"' in content
    assert "Enregistrer le brouillon" in content
    assert "Transmettre" in content


def test_entry_page_shows_last_year_value(client, directeur_a, structure_a, campaign, indicators, schema):
    last_year = factories.CampaignFactory(schema=schema, year=2024, status=CampaignStatus.CLOSED)
    IndicatorValue.objects.create(
        indicator=indicators["amount"], campaign=last_year, structure=structure_a, number=Decimal(98765), status="validated"
    )
    client.force_login(directeur_a)

    content = client.get(entry_url(campaign, structure_a)).content.decode()

    assert "2024 :" in content
    assert "<strong>98\xa0765,00 €</strong>" in content


def test_entry_draft_saves_partial_values(client, directeur_a, structure_a, campaign, indicators):
    client.force_login(directeur_a)

    response = client.post(entry_url(campaign, structure_a), {**post_data(indicators, count="7", yes_no="non"), "brouillon": ""})

    assert response.status_code == 302
    values = stored(campaign, structure_a)
    assert sorted(values) == ["Nombre de projets", "Participe à la veille sociale"]
    assert values["Nombre de projets"].number == Decimal(7)
    assert values["Nombre de projets"].status == ValueStatus.DRAFT
    assert values["Nombre de projets"].updated_by == directeur_a
    assert values["Participe à la veille sociale"].boolean is False


def test_entry_submit_with_missing_values_is_refused(client, directeur_a, structure_a, campaign, indicators):
    client.force_login(directeur_a)

    response = client.post(entry_url(campaign, structure_a), {**post_data(indicators, count="7"), "transmettre": ""})

    assert response.status_code == 200
    content = response.content.decode()
    assert "La transmission n&#x27;a pas eu lieu : corrigez les valeurs signalées." in content
    # Each one twice: beside its field and in the summary at the top, which links to the field.
    assert content.count("Renseignez cette valeur pour pouvoir transmettre.") == 10
    assert '<h2 class="h5 alert-heading" id="form-resume-erreurs">5 valeurs à corriger</h2>' in content
    field = f"valeur-{indicators['percent'].pk}"
    assert f'<a href="#id_{field}">Taux d&#x27;adhésion : Renseignez cette valeur pour pouvoir transmettre.</a>' in content
    assert not IndicatorValue.objects.exists()


def test_entry_submit_complete_values(client, directeur_a, structure_a, campaign, indicators):
    client.force_login(directeur_a)

    response = client.post(entry_url(campaign, structure_a), {**complete_data(indicators), "transmettre": ""})

    assert response.status_code == 302
    values = stored(campaign, structure_a)
    assert len(values) == 6
    assert {v.status for v in values.values()} == {ValueStatus.SUBMITTED}
    assert values["Taux d'adhésion"].number == Decimal("45.5")
    assert values["Budget"].number == Decimal(12500)
    assert values["Principal financeur"].text == "Commune"
    assert values["Actions de formation"].text == "Deux journées de formation."


@pytest.mark.parametrize(
    ("name", "raw", "message"),
    [
        ("count", "-3", "Un nombre ne peut pas être négatif."),
        ("count", "2,5", "Saisissez un nombre entier, sans décimale."),
        ("percent", "120", "Un pourcentage ne peut pas dépasser 100."),
        ("amount", "12 000 euros", "« 12 000 euros » n&#x27;est pas un montant : saisissez des chiffres seulement"),
        ("amount", "-5", "Un montant ne peut pas être négatif."),
        ("text", "x" * 2001, "Le texte ne doit pas dépasser 2000 caractères (il en compte 2001)."),
        ("choice", "Région", "« Région » ne fait pas partie des réponses proposées."),
    ],
)
def test_entry_typed_field_errors_in_french(client, directeur_a, structure_a, campaign, indicators, name, raw, message):
    client.force_login(directeur_a)

    response = client.post(entry_url(campaign, structure_a), {**post_data(indicators, **{name: raw}), "brouillon": ""})

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not IndicatorValue.objects.exists()


def test_entry_submitted_values_are_read_only(client, directeur_a, structure_a, campaign, indicators):
    make_values(campaign, structure_a, indicators, status=ValueStatus.SUBMITTED)
    client.force_login(directeur_a)

    page = client.get(entry_url(campaign, structure_a)).content.decode()
    response = client.post(entry_url(campaign, structure_a), {**post_data(indicators, count="99"), "brouillon": ""})

    assert "Toutes les valeurs sont transmises." in page
    assert "Enregistrer le brouillon" not in page
    assert response.status_code == 302
    assert stored(campaign, structure_a)["Nombre de projets"].number == Decimal(12)


def test_entry_returned_value_shows_comment_and_can_be_corrected(client, directeur_a, structure_a, campaign, indicators):
    values = make_values(campaign, structure_a, indicators, status=ValueStatus.SUBMITTED)
    values[0].status = ValueStatus.RETURNED
    values[0].return_comment = "Le nombre semble trop élevé."
    values[0].save()
    client.force_login(directeur_a)

    page = client.get(entry_url(campaign, structure_a)).content.decode()
    data = {**post_data(indicators, count="4"), **stored_versions(campaign, structure_a), "transmettre": ""}
    response = client.post(entry_url(campaign, structure_a), data)

    assert "Le nombre semble trop élevé." in page
    assert "La Caf vous a renvoyé 1 valeur à corriger" in page
    assert response.status_code == 302
    corrected = stored(campaign, structure_a)["Nombre de projets"]
    assert corrected.number == Decimal(4)
    assert corrected.status == ValueStatus.SUBMITTED
    assert corrected.return_comment == ""


def test_entry_closed_campaign_shows_the_typed_values_again_with_whom_to_ask(
    client, admin_user, conseiller, directeur_a, structure_a, campaign, indicators
):
    from django.utils import timezone

    from indicateurs.services import close_campaign

    client.force_login(directeur_a)
    page = client.get(entry_url(campaign, structure_a))  # the director starts typing…
    assert page.status_code == 200
    close_campaign(campaign=campaign, user=admin_user)  # …and the campaign closes meanwhile

    response = client.post(
        entry_url(campaign, structure_a),
        {**post_data(indicators, count="37", text="Trois ateliers, un forum."), "brouillon": ""},
    )

    assert response.status_code == 409
    content = response.content.decode()
    assert f"La campagne 2025 a été close le {timezone.localdate():%d/%m/%Y} : vos valeurs n'ont pas été enregistrées." in content
    assert f'votre conseiller Caf :\n          {conseiller} (<a href="mailto:{conseiller.email}">' in content
    assert f'name="valeur-{indicators["count"].pk}" value="37" inputmode="numeric" readonly' in content
    assert "Trois ateliers, un forum.</textarea>" in content
    assert "Enregistrer le brouillon" not in content
    assert not IndicatorValue.objects.exists()


def test_entry_closed_campaign_refuses_another_structure_s_director(client, directeur_b, structure_a, campaign, indicators):
    campaign.status = CampaignStatus.CLOSED
    campaign.save()
    client.force_login(directeur_b)
    response = client.post(entry_url(campaign, structure_a), {**post_data(indicators, count="3"), "brouillon": ""})
    assert response.status_code == 403
    assert not IndicatorValue.objects.exists()


def test_entry_admin_changes_values_of_closed_campaign(client, admin_user, structure_a, campaign, indicators):
    make_values(campaign, structure_a, indicators, status=ValueStatus.VALIDATED)
    campaign.status = CampaignStatus.CLOSED
    campaign.save()
    client.force_login(admin_user)

    data = {**complete_data(indicators, count="13"), **stored_versions(campaign, structure_a), "brouillon": ""}
    response = client.post(entry_url(campaign, structure_a), data)

    assert response.status_code == 302
    value = stored(campaign, structure_a)["Nombre de projets"]
    assert value.number == Decimal(13)
    assert value.status == ValueStatus.VALIDATED
    assert value.updated_by == admin_user


def test_entry_validated_value_is_locked_for_director(client, directeur_a, structure_a, campaign, indicators):
    IndicatorValue.objects.create(
        indicator=indicators["count"], campaign=campaign, structure=structure_a, number=5, status=ValueStatus.VALIDATED
    )
    client.force_login(directeur_a)

    page = client.get(entry_url(campaign, structure_a)).content.decode()
    client.post(entry_url(campaign, structure_a), {**post_data(indicators, count="50", percent="10"), "brouillon": ""})

    assert "Cette valeur est déjà validée." in page
    values = stored(campaign, structure_a)
    assert values["Nombre de projets"].number == Decimal(5)
    assert values["Taux d'adhésion"].number == Decimal(10)


def test_entry_draft_campaign_is_not_open(client, directeur_a, structure_a, campaign, indicators):
    campaign.status = CampaignStatus.DRAFT
    campaign.save()
    client.force_login(directeur_a)

    response = client.post(entry_url(campaign, structure_a), {**post_data(indicators, count="3"), "brouillon": ""})

    assert response.status_code == 403
    assert "La campagne n&#x27;est pas encore ouverte." in response.content.decode()


def test_entry_conseiller_reads_but_does_not_enter(client, conseiller, structure_a, campaign, indicators):
    client.force_login(conseiller)

    page = client.get(entry_url(campaign, structure_a)).content.decode()
    response = client.post(entry_url(campaign, structure_a), {**post_data(indicators, count="3"), "brouillon": ""})

    assert "Les valeurs d&#x27;une structure sont saisies par sa direction" in page
    assert response.status_code == 403
    assert not IndicatorValue.objects.exists()

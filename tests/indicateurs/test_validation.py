"""Validation by conseillers, value history, schéma-wide values, and the whole story of a campaign."""

from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from indicateurs.completeness import EntryState, campaign_completeness
from indicateurs.enums import CampaignStatus, ValueStatus
from indicateurs.models import IndicatorValue
from indicateurs.results import schema_results

from .conftest import complete_data, make_values, post_data, stored_versions

pytestmark = pytest.mark.django_db


def test_validation_lists_submitted_entries_first(client, conseiller, campaign, indicators, structure_a, structure_b):
    make_values(campaign, structure_a, indicators, status=ValueStatus.VALIDATED)
    make_values(campaign, structure_b, indicators, status=ValueStatus.SUBMITTED)
    client.force_login(conseiller)

    response = client.get(reverse("indicateurs:validation", args=[campaign.pk]))

    entries = response.context["entries"]
    assert [(e["structure"].name, e["state"], e["to_validate"]) for e in entries] == [
        ("Centre social B", EntryState.SUBMITTED, 6),
        ("Centre social A", EntryState.VALIDATED, 0),
    ]


def test_validate_all_submitted_values(client, conseiller, campaign, indicators, structure_a):
    make_values(campaign, structure_a, indicators, status=ValueStatus.SUBMITTED)
    client.force_login(conseiller)

    response = client.post(reverse("indicateurs:validation_structure", args=[campaign.pk, structure_a.pk]))

    assert response.status_code == 302
    assert set(IndicatorValue.objects.values_list("status", flat=True)) == {ValueStatus.VALIDATED}
    value = IndicatorValue.objects.get(indicator=indicators["count"])
    record = value.history.latest()
    assert record.history_user == conseiller
    assert record.history_change_reason == "Validée"


def test_return_value_requires_comment(client, conseiller, campaign, indicators, structure_a):
    value = make_values(campaign, structure_a, indicators)[0]
    client.force_login(conseiller)

    response = client.post(reverse("indicateurs:return_value", args=[value.pk]), {"comment": ""}, follow=True)

    assert "Expliquez à la structure ce qu&#x27;elle doit corriger." in response.content.decode()
    value.refresh_from_db()
    assert value.status == ValueStatus.SUBMITTED


def test_conseiller_of_closed_campaign_cannot_validate(client, conseiller, campaign, indicators, structure_a):
    make_values(campaign, structure_a, indicators)
    campaign.status = CampaignStatus.CLOSED
    campaign.save()
    client.force_login(conseiller)

    response = client.post(reverse("indicateurs:validation_structure", args=[campaign.pk, structure_a.pk]))

    assert response.status_code == 403
    assert "La campagne est close." in response.content.decode()
    assert set(IndicatorValue.objects.values_list("status", flat=True)) == {ValueStatus.SUBMITTED}


def test_schema_values_entered_and_validated_by_conseiller(client, conseiller, campaign, indicators):
    client.force_login(conseiller)
    url = reverse("indicateurs:schema_values", args=[campaign.pk])

    page = client.get(url).content.decode()
    response = client.post(url, {**post_data(indicators, schema_wide="3"), "valider": ""})

    assert f'name="valeur-{indicators["schema_wide"].pk}"' in page
    assert f'name="valeur-{indicators["count"].pk}"' not in page
    assert response.status_code == 302
    value = IndicatorValue.objects.get()
    assert (value.structure, value.number, value.status) == (None, Decimal(3), ValueStatus.VALIDATED)


def test_campaign_story_from_opening_to_closing(client, admin_user, conseiller, directeur_a, structure_a, campaign, indicators):
    """A campaign is opened; a director drafts and submits; a conseiller sends one value back; the director
    corrects and resubmits; the conseiller validates; results and completeness are right; once closed,
    nothing changes."""
    campaign.status = CampaignStatus.DRAFT
    campaign.save()
    entry = reverse("indicateurs:entry", args=[campaign.pk, structure_a.pk])

    client.force_login(admin_user)
    client.post(reverse("indicateurs:campaign_open", args=[campaign.pk]))
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.OPEN
    assert [m.to for m in mail.outbox] == [[directeur_a.email]]
    assert f"http://testserver{entry}" in mail.outbox[0].body

    client.force_login(directeur_a)
    client.post(entry, {**post_data(indicators, count="10"), "brouillon": ""})
    assert campaign_completeness(campaign).structures[0].state == EntryState.DRAFT
    client.post(entry, {**complete_data(indicators, count="10"), **stored_versions(campaign, structure_a), "transmettre": ""})
    count_value = IndicatorValue.objects.get(indicator=indicators["count"])
    assert count_value.status == ValueStatus.SUBMITTED

    client.force_login(conseiller)
    client.post(reverse("indicateurs:return_value", args=[count_value.pk]), {"comment": "Dix projets ? Vérifiez."})
    count_value.refresh_from_db()
    assert (count_value.status, count_value.return_comment) == (ValueStatus.RETURNED, "Dix projets ? Vérifiez.")
    assert campaign_completeness(campaign).structures[0].state == EntryState.RETURNED

    client.force_login(directeur_a)
    assert "Dix projets ? Vérifiez." in client.get(entry).content.decode()
    client.post(entry, {**post_data(indicators, count="8"), **stored_versions(campaign, structure_a), "transmettre": ""})

    client.force_login(conseiller)
    client.post(reverse("indicateurs:validation_structure", args=[campaign.pk, structure_a.pk]))
    assert set(IndicatorValue.objects.values_list("status", flat=True)) == {ValueStatus.VALIDATED}

    completeness = campaign_completeness(campaign)
    assert completeness.structures[0].state == EntryState.VALIDATED
    assert (completeness.rate, completeness.reporting_rate) == (100, 100)
    results = {r.indicator.label: r.figures[2025] for r in schema_results(campaign.schema, years=[2025])}
    assert results["Nombre de projets"].value == Decimal(8)
    assert results["Budget"].value == Decimal(12500)
    assert results["Participe à la veille sociale"].value == Decimal(1)

    history = list(IndicatorValue.objects.get(indicator=indicators["count"]).history.order_by("history_date"))
    assert [(h.history_change_reason, h.status, h.number, h.history_user) for h in history] == [
        ("Saisie", ValueStatus.DRAFT, Decimal(10), directeur_a),
        ("Transmise", ValueStatus.SUBMITTED, Decimal(10), directeur_a),
        ("Renvoyée pour correction", ValueStatus.RETURNED, Decimal(10), conseiller),
        ("Transmise", ValueStatus.SUBMITTED, Decimal(8), directeur_a),
        ("Validée", ValueStatus.VALIDATED, Decimal(8), conseiller),
    ]

    client.force_login(admin_user)
    client.post(reverse("indicateurs:campaign_close", args=[campaign.pk]), {"confirme": "oui"})
    client.force_login(directeur_a)
    response = client.post(entry, {**post_data(indicators, count="1"), "brouillon": ""})
    assert response.status_code == 409  # the page again, with the typed values and whom to ask
    client.force_login(conseiller)
    response = client.post(reverse("indicateurs:return_value", args=[count_value.pk]), {"comment": "Trop tard"})
    assert response.status_code == 403
    assert IndicatorValue.objects.get(indicator=indicators["count"]).number == Decimal(8)


def test_validation_structure_page_shows_history(client, conseiller, directeur_a, campaign, indicators, structure_a):
    client.force_login(directeur_a)
    client.post(
        reverse("indicateurs:entry", args=[campaign.pk, structure_a.pk]), {**complete_data(indicators), "transmettre": ""}
    )
    client.force_login(conseiller)

    content = client.get(reverse("indicateurs:validation_structure", args=[campaign.pk, structure_a.pk])).content.decode()

    assert "Historique (1)" in content
    assert "Transmise" in content
    assert "Valider les 6 valeurs transmises" in content

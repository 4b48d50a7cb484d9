"""Reopening a closed campaign for some structures (until a date, for a reason) and extending a campaign."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from indicateurs.enums import CampaignEventKind, CampaignStatus, ValueStatus
from indicateurs.models import Campaign, CampaignEvent, IndicatorValue

from .conftest import make_values, post_data, stored_versions

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed(campaign, indicators, structure_a, structure_b):
    make_values(campaign, structure_a, indicators, status=ValueStatus.VALIDATED)
    make_values(campaign, structure_b, indicators, status=ValueStatus.VALIDATED)
    campaign.status = CampaignStatus.CLOSED
    campaign.save()
    return campaign


def reopen(client, campaign, structures, until, reason="Budget 2025 corrigé par la commune"):
    return client.post(
        reverse("indicateurs:campaign_reopen", args=[campaign.pk]),
        {"portee": "structures", "structures": [s.pk for s in structures], "until": until.isoformat(), "reason": reason},
        follow=True,
    )


def test_reopen_several_structures_in_one_action_logged_and_emailed(
    client, admin_user, directeur_a, directeur_b, closed, structure_a, structure_b
):
    until = timezone.localdate() + datetime.timedelta(days=10)
    client.force_login(admin_user)

    response = reopen(client, closed, [structure_a, structure_b], until)

    assert (
        f"La saisie est rouverte pour Centre social A, Centre social B jusqu&#x27;au {until:%d/%m/%Y} "
        "(12 valeurs repassées en brouillon, 2 courriels envoyés)." in response.content.decode()
    )
    assert set(IndicatorValue.objects.values_list("status", flat=True)) == {ValueStatus.DRAFT}
    events = CampaignEvent.objects.order_by("structure__name")
    assert [(e.structure, e.kind, e.until, e.reason, e.by, e.emails) for e in events] == [
        (structure_a, CampaignEventKind.REOPENED, until, "Budget 2025 corrigé par la commune", admin_user, 1),
        (structure_b, CampaignEventKind.REOPENED, until, "Budget 2025 corrigé par la commune", admin_user, 1),
    ]
    message = next(m for m in mail.outbox if m.to == [directeur_a.email])
    assert message.subject == f"Saisie rouverte jusqu'au {until:%d/%m/%Y} : indicateurs 2025 — Centre social A"
    assert "Motif : Budget 2025 corrigé par la commune" in message.body
    assert reverse("indicateurs:entry", args=[closed.pk, structure_a.pk]) in message.body
    assert sorted(m.to[0] for m in mail.outbox) == [directeur_a.email, directeur_b.email]


def test_reopened_structure_sees_it_everywhere_it_looks(client, admin_user, directeur_a, closed, structure_a, indicators):
    until = timezone.localdate() + datetime.timedelta(days=10)
    client.force_login(admin_user)
    reopen(client, closed, [structure_a], until)
    client.force_login(directeur_a)

    home = client.get(reverse("home")).content.decode()
    indicators_page = client.get(reverse("indicateurs:indicator_list")).content.decode()
    detail = client.get(reverse("indicateurs:campaign_detail", args=[closed.pk])).content.decode()
    entry_url = reverse("indicateurs:entry", args=[closed.pk, structure_a.pk])
    entry = client.get(entry_url).content.decode()
    saved = client.post(entry_url, {**post_data(indicators, count="2"), **stored_versions(closed, structure_a), "brouillon": ""})

    deadline = f"jusqu'au {until:%d/%m/%Y}"
    assert "Aucune campagne de saisie n'est ouverte" not in home
    assert "Renseigner les indicateurs 2025" in home
    assert f"Saisie rouverte pour vous {deadline}" in home
    assert "Saisir : Centre social A" in indicators_page
    assert f"Saisie rouverte {deadline}" in indicators_page
    assert "Saisir les valeurs de Centre social A" in detail
    assert f"Saisie rouverte {deadline}" in detail
    assert f"Saisie rouverte pour Centre social A {deadline}" in entry
    assert "Lecture seule" not in entry
    assert saved.status_code == 302


def test_reopened_entry_ends_after_its_date(client, directeur_a, closed, structure_a, indicators):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    closed.reopened_structures.add(structure_a)
    CampaignEvent.objects.create(campaign=closed, structure=structure_a, kind=CampaignEventKind.REOPENED, until=yesterday)
    client.force_login(directeur_a)

    home = client.get(reverse("home")).content.decode()
    refused = client.post(
        reverse("indicateurs:entry", args=[closed.pk, structure_a.pk]), {**post_data(indicators, count="2"), "brouillon": ""}
    )

    assert "Aucune campagne de saisie n'est ouverte" in home
    assert refused.status_code == 403
    assert f"La saisie rouverte pour cette structure a pris fin le {yesterday:%d/%m/%Y}." in refused.content.decode()
    assert IndicatorValue.objects.get(structure=structure_a, indicator=indicators["count"]).number == 12


def test_reopen_form_names_each_missing_or_wrong_field(client, admin_user, closed, structure_a):
    client.force_login(admin_user)
    url = reverse("indicateurs:campaign_reopen", args=[closed.pk])

    empty = client.post(url, {"portee": "structures", "until": "", "reason": ""})
    past = client.post(
        url, {"portee": "structures", "structures": [structure_a.pk], "until": "2020-01-31", "reason": "Correction"}
    )

    assert empty.status_code == 422
    assert "Cochez au moins une structure." in empty.content.decode()
    assert "Indiquez jusqu&#x27;à quand la saisie est rouverte." in empty.content.decode()
    assert "Indiquez le motif : il est gardé dans le journal de la campagne." in empty.content.decode()
    assert "La date de fin de la saisie rouverte est passée" in client.get(past["Location"]).content.decode()
    assert not closed.reopened_structures.exists()
    assert not CampaignEvent.objects.exists()
    assert set(IndicatorValue.objects.values_list("status", flat=True)) == {ValueStatus.VALIDATED}


def test_extend_campaign_logs_reason_and_tells_late_structures(
    client, admin_user, directeur_a, directeur_b, campaign, indicators, structure_b
):
    make_values(campaign, structure_b, indicators, status=ValueStatus.SUBMITTED)
    client.force_login(admin_user)

    response = client.post(
        reverse("indicateurs:campaign_extend", args=[campaign.pk]),
        {"closes_on": "2027-01-15", "reason": "Retard des comptes annuels"},
        follow=True,
    )

    campaign.refresh_from_db()
    assert campaign.closes_on == datetime.date(2027, 1, 15)
    assert "La clôture est reportée au 15/01/2027 (1 courriel envoyé aux structures qui n&#x27;ont pas tout transmis)." in (
        response.content.decode()
    )
    event = CampaignEvent.objects.get()
    assert (event.kind, event.previous_date, event.until, event.reason, event.by) == (
        CampaignEventKind.EXTENDED,
        datetime.date(2026, 12, 15),
        datetime.date(2027, 1, 15),
        "Retard des comptes annuels",
        admin_user,
    )
    assert [m.to for m in mail.outbox] == [[directeur_a.email]]
    assert mail.outbox[0].subject == "Clôture reportée au 15/01/2027 : campagne des indicateurs 2025 — Centre social A"
    assert "Motif : Retard des comptes annuels" in mail.outbox[0].body


def test_extend_campaign_refuses_an_earlier_date(client, admin_user, campaign):
    client.force_login(admin_user)

    response = client.post(
        reverse("indicateurs:campaign_extend", args=[campaign.pk]), {"closes_on": "2026-11-30", "reason": "Erreur"}
    )

    assert response.status_code == 422
    assert "La nouvelle date de clôture doit suivre la date actuelle (15/12/2026)." in response.content.decode()
    assert Campaign.objects.get().closes_on == datetime.date(2026, 12, 15)
    assert not CampaignEvent.objects.exists()

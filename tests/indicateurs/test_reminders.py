"""Reminders from the completeness page, the e-mail of a value sent back, the conseillers' digest and the
scheduled sends (idempotent: a second run sends nothing)."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from indicateurs.enums import CampaignEventKind, ValueStatus
from indicateurs.models import CampaignEvent, IndicatorValue
from indicateurs.notifications import send_scheduled_reminders
from tests import factories

from .conftest import make_values

pytestmark = pytest.mark.django_db


@pytest.fixture
def structure_c(db):
    return factories.StructureFactory(name="Centre social C", commune=factories.CommuneFactory(insee_code="69266"))


def test_completeness_offers_reminders_to_the_caf_only(client, users, campaign, indicators, structure_a, structure_b):
    make_values(campaign, structure_b, indicators, status=ValueStatus.SUBMITTED)
    url = reverse("indicateurs:completeness", args=[campaign.pk])
    seen = {}
    for name in ("admin", "conseiller", "partenaire", "directeur_a"):
        client.force_login(users[name])
        seen[name] = "Relancer toutes les structures en retard (1)" in client.get(url).content.decode()

    assert seen == {"admin": True, "conseiller": True, "partenaire": False, "directeur_a": False}


def test_remind_preview_shows_recipients_and_email(
    client, conseiller, directeur_a, campaign, indicators, structure_a, structure_b
):
    make_values(campaign, structure_b, indicators, status=ValueStatus.SUBMITTED)
    client.force_login(conseiller)

    response = client.get(reverse("indicateurs:campaign_remind", args=[campaign.pk]), {"toutes": "1"})

    content = response.content.decode()
    assert "Relancer 1 structure" in content
    assert f"Centre social A — Non commencée :\n            {directeur_a.get_full_name()}" in content
    assert directeur_a.email not in content  # a person's address is for the administrateurs only
    assert "<strong>Objet :</strong> Rappel : campagne des indicateurs 2025 — Centre social A" in content
    assert "Les valeurs de votre structure ne sont pas encore toutes transmises pour Centre social A" in content
    assert "Centre social B" not in content
    assert mail.outbox == []


def test_remind_ticked_structures_sends_and_logs_on_each(
    client, conseiller, directeur_a, directeur_b, campaign, indicators, structure_a, structure_b, structure_c
):
    make_values(campaign, structure_c, indicators, status=ValueStatus.SUBMITTED)
    client.force_login(conseiller)

    response = client.post(
        reverse("indicateurs:campaign_remind", args=[campaign.pk]),
        {"structure": [structure_a.pk, structure_c.pk]},
        follow=True,
    )

    assert "1 structure relancée (1 courriel envoyé)." in response.content.decode()
    assert [m.to for m in mail.outbox] == [[directeur_a.email]]
    event = CampaignEvent.objects.get()
    assert (event.structure, event.kind, event.by, event.emails) == (structure_a, CampaignEventKind.REMINDED, conseiller, 1)
    page = client.get(reverse("indicateurs:completeness", args=[campaign.pk])).content.decode()
    assert "relancée 1 fois, dernière le" in page
    assert f"par {conseiller.get_full_name()}" in page


def test_remind_refused_to_directors_and_on_a_closed_campaign(client, directeur_a, admin_user, campaign, structure_a):
    client.force_login(directeur_a)
    refused = client.post(reverse("indicateurs:campaign_remind", args=[campaign.pk]), {"structure": [structure_a.pk]})
    campaign.status = "closed"
    campaign.save()
    client.force_login(admin_user)
    closed = client.get(reverse("indicateurs:campaign_remind", args=[campaign.pk]), {"toutes": "1"})

    assert refused.status_code == 403
    assert "Seuls les administrateurs et les conseillers Caf de ce schéma peuvent faire cela." in refused.content.decode()
    assert closed.status_code == 403
    assert "La campagne n&#x27;est pas ouverte : il n&#x27;y a personne à relancer." in closed.content.decode()
    assert mail.outbox == []
    assert not CampaignEvent.objects.exists()


def test_returned_value_emails_the_director_the_comment_and_link(
    client, conseiller, directeur_a, campaign, indicators, structure_a
):
    values = make_values(campaign, structure_a, indicators, status=ValueStatus.SUBMITTED)
    budget = next(v for v in values if v.indicator == indicators["amount"])
    client.force_login(conseiller)

    client.post(reverse("indicateurs:return_value", args=[budget.pk]), {"comment": "Le budget semble incomplet."})

    [message] = mail.outbox
    assert message.to == [directeur_a.email]
    assert message.subject == "Valeur à corriger : indicateurs 2025 — Centre social A"
    assert "Indicateur : Budget" in message.body
    assert f"Valeur transmise : {budget.display}\n" in message.body
    assert "Motif du renvoi : Le budget semble incomplet." in message.body
    assert "http://testserver" + reverse("indicateurs:entry", args=[campaign.pk, structure_a.pk]) in message.body


@override_settings(CAMPAIGN_REMINDER_DAYS=(14, 7, 1))
def test_scheduled_reminders_once_per_step(campaign, indicators, directeur_a, directeur_b, structure_a, structure_b):
    make_values(campaign, structure_b, indicators, status=ValueStatus.SUBMITTED)
    closes = campaign.closes_on

    too_early = send_scheduled_reminders(campaign, today=closes - datetime.timedelta(days=20))
    first = send_scheduled_reminders(campaign, today=closes - datetime.timedelta(days=10))
    again_same_step = send_scheduled_reminders(campaign, today=closes - datetime.timedelta(days=9))
    next_step = send_scheduled_reminders(campaign, today=closes - datetime.timedelta(days=7))

    assert (too_early, first, again_same_step, next_step) == (0, 1, 0, 1)
    assert [m.to for m in mail.outbox] == [[directeur_a.email], [directeur_a.email]]
    assert list(CampaignEvent.objects.order_by("pk").values_list("structure__name", "reason", "by")) == [
        ("Centre social A", "J-14", None),
        ("Centre social A", "J-7", None),
    ]


def test_send_reminders_twice_sends_nothing_twice(conseiller, directeur_a, campaign, indicators, structure_a, structure_b):
    make_values(campaign, structure_b, indicators, status=ValueStatus.SUBMITTED)
    today = datetime.date.today()
    factories.AgrementFactory(
        structure=structure_a, start_date=today - datetime.timedelta(days=365), end_date=today + datetime.timedelta(days=60)
    )

    first, second = StringIO(), StringIO()
    call_command("send_reminders", stdout=first)
    sent = [(m.to[0], m.subject) for m in mail.outbox]
    call_command("send_reminders", stdout=second)

    assert (conseiller.email, "6 valeurs à valider : indicateurs des structures") in sent
    assert (conseiller.email, "Agréments à renouveler : 1 dans les 12 mois") in sent
    assert "Récapitulatifs des valeurs à valider : 1." in first.getvalue()
    assert len(mail.outbox) == len(sent)
    assert "Relances de campagne : 0.\nRécapitulatifs des valeurs à valider : 0.\nAvis d'agréments à renouveler : 0." in (
        second.getvalue()
    )


def test_validation_digest_lists_each_structure_waiting(
    conseiller, conseiller_94, campaign, indicators, structure_a, structure_b
):
    make_values(campaign, structure_a, indicators, status=ValueStatus.SUBMITTED)
    make_values(campaign, structure_b, indicators, status=ValueStatus.VALIDATED)
    IndicatorValue.objects.filter(structure=structure_b, indicator=indicators["count"]).update(status=ValueStatus.SUBMITTED)

    call_command("send_reminders", stdout=StringIO())

    [digest] = [m for m in mail.outbox if "à valider" in m.subject]
    assert digest.to == [conseiller.email]
    assert digest.subject == "7 valeurs à valider : indicateurs des structures"
    assert "- Centre social A : 6 valeurs à valider\n- Centre social B : 1 valeur à valider\n" in digest.body
    assert reverse("indicateurs:validation", args=[campaign.pk]) in digest.body


def test_remind_rule_per_role(users, campaign):
    def allowed():
        return {name: user.has_perm("indicateurs.remind_structures", campaign) for name, user in users.items()}

    open_answers = allowed()
    campaign.status = "closed"
    closed_answers = allowed()

    assert open_answers == {
        "admin": True,
        "conseiller": True,
        "conseiller_94": False,
        "directeur_a": False,
        "directeur_b": False,
        "partenaire": False,
    }
    assert set(closed_answers.values()) == {False}

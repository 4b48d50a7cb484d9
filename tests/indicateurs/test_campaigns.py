"""Campaign administration: creation, opening with e-mails, closing, reopening, reminders."""

from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse

from indicateurs.enums import CampaignStatus, ValueStatus
from indicateurs.models import Campaign
from tests import factories

from .conftest import make_values

pytestmark = pytest.mark.django_db


def test_campaign_create_by_admin(client, admin_user, schema):
    client.force_login(admin_user)

    response = client.post(
        reverse("indicateurs:campaign_create"),
        {"schema": schema.pk, "year": 2026, "opens_on": "2027-01-15", "closes_on": "2027-03-31"},
    )

    campaign = Campaign.objects.get()
    assert response["Location"] == reverse("indicateurs:campaign_detail", args=[campaign.pk])
    assert (campaign.year, campaign.status) == (2026, CampaignStatus.DRAFT)


def test_campaign_create_refuses_year_outside_schema_and_duplicates(client, admin_user, schema, campaign):
    client.force_login(admin_user)
    url = reverse("indicateurs:campaign_create")

    outside = client.post(url, {"schema": schema.pk, "year": 2030, "opens_on": "2031-01-15", "closes_on": "2031-03-31"})
    duplicate = client.post(url, {"schema": schema.pk, "year": 2025, "opens_on": "2026-01-15", "closes_on": "2026-03-31"})
    reversed_dates = client.post(url, {"schema": schema.pk, "year": 2024, "opens_on": "2026-05-01", "closes_on": "2026-03-31"})

    assert "L&#x27;année doit être dans la période du schéma (2022-2026)." in outside.content.decode()
    assert "Ce schéma a déjà une campagne pour cette année." in duplicate.content.decode()
    assert "La date d&#x27;ouverture doit précéder la date de clôture." in reversed_dates.content.decode()
    assert Campaign.objects.count() == 1


def test_campaign_open_emails_each_director(client, admin_user, schema, directeur_a, directeur_b, structure_a, structure_b):
    campaign = factories.CampaignFactory(schema=schema, year=2025, status=CampaignStatus.DRAFT)
    outsider = factories.DirecteurFactory(
        structures=[factories.StructureFactory(commune=factories.CommuneFactory(insee_code="94028", department_code="94"))]
    )
    client.force_login(admin_user)

    response = client.post(reverse("indicateurs:campaign_open", args=[campaign.pk]), follow=True)

    assert "La campagne est ouverte. 2 courriels envoyés" in response.content.decode()
    assert sorted(m.to[0] for m in mail.outbox) == ["directeur.a@exemple.fr", "directeur.b@exemple.fr"]
    assert outsider.email not in [m.to[0] for m in mail.outbox]
    message = next(m for m in mail.outbox if m.to == ["directeur.a@exemple.fr"])
    assert message.subject == "Campagne des indicateurs 2025 ouverte — Centre social A"
    assert reverse("indicateurs:entry", args=[campaign.pk, structure_a.pk]) in message.body


def test_campaign_close_asks_for_confirmation_first(client, admin_user, campaign, indicators, structure_a, structure_b):
    make_values(campaign, structure_a, indicators, status=ValueStatus.SUBMITTED)
    client.force_login(admin_user)
    url = reverse("indicateurs:campaign_close", args=[campaign.pk])

    page = client.get(url)
    unconfirmed = client.post(url)
    campaign.refresh_from_db()

    content = page.content.decode()
    assert "Clore la campagne 2025 ?" in content
    assert "<strong>1 structure</strong> n'a pas tout transmis." in content
    assert "<strong>6 valeurs</strong> transmises attendent encore une validation." in content
    assert unconfirmed["Location"] == url
    assert campaign.status == CampaignStatus.OPEN


def test_campaign_close_then_reopen_whole(client, admin_user, campaign):
    client.force_login(admin_user)

    client.post(reverse("indicateurs:campaign_close", args=[campaign.pk]), {"confirme": "oui"})
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.CLOSED
    client.post(reverse("indicateurs:campaign_reopen", args=[campaign.pk]))
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.OPEN


def test_reopen_open_campaign_for_structure_is_refused(client, admin_user, campaign, structure_a):
    client.force_login(admin_user)

    response = client.post(
        reverse("indicateurs:campaign_reopen", args=[campaign.pk]),
        {"portee": "structures", "structures": [structure_a.pk], "until": "2099-01-31", "reason": "Erreur de saisie"},
        follow=True,
    )

    assert "La campagne est ouverte : renvoyez les valeurs à corriger" in response.content.decode()
    assert not campaign.reopened_structures.exists()


def test_open_refused_when_another_campaign_is_open(client, admin_user, schema, campaign):
    other = factories.CampaignFactory(schema=schema, year=2024, status=CampaignStatus.DRAFT)
    client.force_login(admin_user)

    response = client.post(reverse("indicateurs:campaign_open", args=[other.pk]), follow=True)

    assert "Une autre campagne de ce schéma est ouverte : clôturez-la d&#x27;abord." in response.content.decode()
    other.refresh_from_db()
    assert other.status == CampaignStatus.DRAFT


def test_remind_campaign_emails_directors_who_have_not_submitted(
    campaign, indicators, directeur_a, directeur_b, structure_a, structure_b
):
    make_values(campaign, structure_b, indicators, status=ValueStatus.SUBMITTED)
    out = StringIO()

    call_command("remind_campaign", stdout=out)

    assert [m.to for m in mail.outbox] == [["directeur.a@exemple.fr"]]
    assert mail.outbox[0].subject == "Rappel : campagne des indicateurs 2025 — Centre social A"
    assert "Relances envoyées : 1." in out.getvalue()


def test_remind_campaign_refuses_closed_campaign(campaign):
    campaign.status = CampaignStatus.CLOSED
    campaign.save()

    with pytest.raises(CommandError, match="La campagne 2025 n'est pas ouverte"):
        call_command("remind_campaign", campaign=campaign.pk, stdout=StringIO())


def test_campaign_detail_offers_director_their_entry(client, directeur_a, campaign, structure_a):
    client.force_login(directeur_a)

    content = client.get(reverse("indicateurs:campaign_detail", args=[campaign.pk])).content.decode()

    assert "Saisir les valeurs de Centre social A" in content
    assert reverse("indicateurs:entry", args=[campaign.pk, structure_a.pk]) in content
    assert "Gestion de la campagne" not in content


def test_campaign_list_for_director_shows_department_campaigns(client, directeur_a, campaign):
    factories.CampaignFactory(schema=factories.SchemaFactory(slug="vdm", department_code="94"), year=2025)
    client.force_login(directeur_a)

    response = client.get(reverse("indicateurs:campaign_list"))

    detail = reverse("indicateurs:campaign_detail", kwargs={"pk": campaign.pk})
    assert [row["detail_url"] for row in response.context["campaigns"]] == [detail]


def test_failing_form_opens_on_a_summary_linking_each_field(client, admin_user, schema):
    client.force_login(admin_user)

    response = client.post(
        reverse("indicateurs:campaign_create"),
        {"schema": schema.pk, "year": 2030, "opens_on": "", "closes_on": "2031-03-31"},
    )

    content = response.content.decode()
    start = content.index('class="alert alert-danger avs-error-summary"')
    summary = content[start : content.index("</ul>", start)]
    assert '<h2 class="h5 alert-heading" id="form-resume-erreurs">2 erreurs à corriger</h2>' in summary
    assert '<a href="#id_year">Année : L&#x27;année doit être dans la période du schéma (2022-2026).</a>' in summary
    assert '<a href="#id_opens_on">Ouverture : Ce champ est obligatoire.</a>' in summary

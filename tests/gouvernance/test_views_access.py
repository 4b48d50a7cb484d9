"""Every governance page, for each role that may and may not reach it, with content markers."""

import html

import pytest
from django.urls import reverse

from gouvernance.enums import DecisionStatus, Weather
from gouvernance.models import Decision, DecisionUpdate, FicheWeather, Instance, Meeting

from .conftest import LATE_TEXT, MINUTES_MARKER, ON_TIME_TEXT

READERS = {"admin", "conseiller", "partenaire"}
RECORDERS = {"admin", "conseiller"}
ROLES = ["admin", "conseiller", "conseiller_94", "partenaire", "outsider", "directeur"]


def _text(response):
    return html.unescape(response.content.decode())


def _get(client, gov, role, url):
    client.force_login(gov.users[role])
    return client.get(url)


@pytest.mark.parametrize("role", ROLES)
def test_meeting_detail_minutes_only_for_members_and_caf(client, gov, role):
    response = _get(client, gov, role, reverse("gouvernance:meeting_detail", args=[gov.meeting.pk]))
    page = _text(response)
    if role in READERS:
        assert response.status_code == 200
        assert MINUTES_MARKER in page and LATE_TEXT in page and ON_TIME_TEXT in page
    else:
        assert response.status_code == 403
        assert MINUTES_MARKER not in page and LATE_TEXT not in page
        assert "partenaires membres de l'instance" in page


@pytest.mark.parametrize("role", ROLES)
def test_instance_and_decision_pages_by_role(client, gov, role):
    for url, marker in [
        (reverse("gouvernance:instance_detail", args=[gov.instance.pk]), "Réunion du 14 mars 2025"),
        (reverse("gouvernance:decision_detail", args=[gov.late.pk]), LATE_TEXT),
    ]:
        response = _get(client, gov, role, url)
        assert response.status_code == (200 if role in READERS else 403), url
        assert (marker in _text(response)) is (role in READERS), url


@pytest.mark.parametrize("role", ROLES)
def test_instance_list_shows_only_readable_instances(client, gov, role):
    response = _get(client, gov, role, reverse("gouvernance:instance_list"))
    if role == "directeur":
        assert response.status_code == 403
        return
    assert response.status_code == 200
    assert ("Comité de pilotage du SDAVS" in _text(response)) is (role in READERS)


@pytest.mark.parametrize("role", ROLES)
def test_register_lists_readable_decisions(client, gov, role):
    response = _get(client, gov, role, reverse("gouvernance:decision_register", args=[gov.schema.pk]))
    page = _text(response)
    if role in {"conseiller_94", "directeur"}:
        assert response.status_code == 403
        assert LATE_TEXT not in page
        return
    assert response.status_code == 200
    assert (LATE_TEXT in page) is (role in READERS)
    late_page = _text(client.get(reverse("gouvernance:decision_register", args=[gov.schema.pk]) + "?late=oui"))
    assert (LATE_TEXT in late_page) is (role in READERS)
    assert ON_TIME_TEXT not in late_page


@pytest.mark.parametrize("role", ROLES)
def test_recording_forms_only_for_caf_of_schema(client, gov, role):
    urls = [
        reverse("gouvernance:instance_create", args=[gov.schema.pk]),
        reverse("gouvernance:instance_edit", args=[gov.instance.pk]),
        reverse("gouvernance:meeting_create", args=[gov.instance.pk]),
        reverse("gouvernance:meeting_edit", args=[gov.meeting.pk]),
        reverse("gouvernance:decision_create", args=[gov.meeting.pk]),
        reverse("gouvernance:decision_edit", args=[gov.late.pk]),
    ]
    client.force_login(gov.users[role])
    for url in urls:
        response = client.get(url)
        assert response.status_code == (200 if role in RECORDERS else 403), url
        response = client.post(url, {})
        assert response.status_code == (200 if role in RECORDERS else 403), url
        assert ("Ce champ est obligatoire." in _text(response)) is (role in RECORDERS)


def test_conseiller_records_instance_meeting_and_decision(client, gov):
    client.force_login(gov.users["conseiller"])
    response = client.post(
        reverse("gouvernance:instance_create", args=[gov.schema.pk]),
        {"kind": "financeurs", "name": "Comité des financeurs", "members": [gov.metropole.pk]},
    )
    instance = Instance.objects.get(name="Comité des financeurs")
    assert response.status_code == 302
    assert list(instance.members.all()) == [gov.metropole]
    response = client.post(
        reverse("gouvernance:meeting_create", args=[instance.pk]),
        {"date": "2026-02-03", "place": "Lyon", "agenda": "Budget", "minutes": "Accord", "attendees": [gov.metropole.pk]},
    )
    meeting = Meeting.objects.get(body=instance)
    assert (meeting.minutes, list(meeting.attendees.all())) == ("Accord", [gov.metropole])
    response = client.post(
        reverse("gouvernance:decision_create", args=[meeting.pk]),
        {"text": "Financer deux EVS", "actions": [gov.action_1.pk], "carrier": gov.metropole.pk, "due_date": "2026-06-30"},
    )
    decision = Decision.objects.get(text="Financer deux EVS")
    assert response.status_code == 302
    assert (list(decision.actions.all()), decision.status) == ([gov.action_1], DecisionStatus.A_ENGAGER)


def test_decision_form_refuses_an_action_of_another_schema(client, gov):
    other_action = pytest.importorskip("tests.factories").ActionFactory(
        fiche__orientation__axis__schema=gov.schema_94, number=1, first_year=2016, last_year=2020
    )
    client.force_login(gov.users["admin"])
    response = client.post(
        reverse("gouvernance:decision_create", args=[gov.meeting.pk]),
        {"text": "Hors schéma", "actions": [other_action.pk], "carrier": gov.caf.pk, "due_date": "2026-06-30"},
    )
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in _text(response)
    assert not Decision.objects.filter(text="Hors schéma").exists()


@pytest.mark.parametrize("role", ROLES)
def test_decision_follow_up_only_by_caf_of_schema(client, gov, role):
    client.force_login(gov.users[role])
    response = client.post(
        reverse("gouvernance:decision_update", args=[gov.late.pk]),
        {"status": "realisee", "date": "2026-01-10", "comment": "Fait", "version": gov.late.version},
    )
    gov.late.refresh_from_db()
    if role in RECORDERS:
        assert response.status_code == 302
        assert gov.late.status == DecisionStatus.REALISEE
        assert DecisionUpdate.objects.get(decision=gov.late).comment == "Fait"
    else:
        assert response.status_code == 403
        assert gov.late.status == DecisionStatus.EN_COURS
        assert not DecisionUpdate.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_fiche_weather_set_only_by_pilot(client, gov, role):
    client.force_login(gov.users[role])
    url = reverse("gouvernance:fiche_weather", args=[gov.fiche.pk])
    response = client.post(url, {"year": "2026", "weather": Weather.A_SURVEILLER, "comment": "Retard du recrutement"})
    if role in {"admin", "conseiller"}:
        assert response.status_code == 302
        weather = FicheWeather.objects.get()
        assert (weather.year, weather.weather, weather.author) == (2026, Weather.A_SURVEILLER, gov.users[role])
    else:
        assert response.status_code == 403
        assert not FicheWeather.objects.exists()


def test_weather_history_is_kept_and_shown(client, gov):
    client.force_login(gov.users["conseiller"])
    url = reverse("gouvernance:fiche_weather", args=[gov.fiche.pk])
    client.post(url, {"year": "2026", "weather": Weather.SECURISEE, "comment": "Premier avis"})
    client.post(url, {"year": "2026", "weather": Weather.COMPROMISE, "comment": "Second avis"})
    assert FicheWeather.objects.count() == 2
    page = _text(client.get(reverse("fiches:fiche_detail", args=[gov.fiche.pk])))
    assert 'Météo 2026 : <span class="badge avs-weather avs-weather-compromise">Compromise</span>' in page
    history = _text(client.get(url))
    assert "Premier avis" in history and "Second avis" in history


def test_weather_year_outside_the_schema_is_refused(client, gov):
    client.force_login(gov.users["conseiller"])
    response = client.post(
        reverse("gouvernance:fiche_weather", args=[gov.fiche.pk]), {"year": "2030", "weather": Weather.SECURISEE}
    )
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in _text(response)
    assert not FicheWeather.objects.exists()


@pytest.mark.parametrize("role", ["admin", "conseiller", "partenaire", "outsider", "directeur"])
def test_fiche_and_action_pages_show_decisions_to_readers_only(client, gov, role):
    client.force_login(gov.users[role])
    fiche_page = _text(client.get(reverse("fiches:fiche_detail", args=[gov.fiche.pk])))
    action_page = _text(client.get(reverse("fiches:action_detail", args=[gov.action_1.pk])))
    readable = role in READERS
    assert (LATE_TEXT in fiche_page and ON_TIME_TEXT in fiche_page) is readable
    assert (LATE_TEXT in action_page) is readable
    assert ON_TIME_TEXT not in action_page


def test_schema_page_lists_late_decisions_and_weathers(client, gov):
    client.force_login(gov.users["conseiller"])
    page = _text(client.get(reverse("fiches:schema_detail", args=[gov.schema.pk])))
    assert "Décisions en retard (1)" in page
    assert LATE_TEXT in page
    assert "Météo des fiches-actions en 2026" in page
    assert page.count("Météo non renseignée") == 2


def test_schema_page_hides_decisions_from_directors(client, gov):
    client.force_login(gov.users["directeur"])
    page = _text(client.get(reverse("fiches:schema_detail", args=[gov.schema.pk])))
    assert "Décisions en retard" not in page and LATE_TEXT not in page


@pytest.mark.parametrize("role", ROLES)
def test_meeting_history_holds_the_minutes_for_readers_only(client, gov, role):
    client.force_login(gov.users["conseiller"])
    url = reverse("gouvernance:meeting_edit", args=[gov.meeting.pk])
    client.post(url, {"date": "2025-03-14", "minutes": "Compte rendu corrigé CR-8842", "version": gov.meeting.version})
    assert Meeting.objects.get(pk=gov.meeting.pk).minutes == "Compte rendu corrigé CR-8842"

    response = _get(client, gov, role, reverse("history", args=["gouvernance", "meeting", gov.meeting.pk]))
    page = _text(response)
    assert response.status_code == (200 if role in READERS else 403)
    assert ("CR-8842" in page) is (role in READERS)
    assert MINUTES_MARKER not in page or role in READERS

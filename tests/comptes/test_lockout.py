"""Brute force: 5 failed logins for one address from one IP lock that pair out for an hour (django-axes)."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests import factories

LOGIN = reverse("login")


@pytest.fixture(autouse=True)
def axes_on(settings):
    settings.AXES_ENABLED = True


def attempt(client, email, password="mauvais", ip="192.0.2.1"):
    return client.post(LOGIN, {"username": email, "password": password}, REMOTE_ADDR=ip)


def fail(client, email, times, ip="192.0.2.1"):
    """Fail ``times`` logins; the fifth failure itself already answers the lockout page."""
    for _ in range(times):
        attempt(client, email, ip=ip)


def test_lockout_after_five_failures_with_a_french_page(client, conseiller):
    for _ in range(4):
        assert attempt(client, conseiller.email).status_code == 200
    response = attempt(client, conseiller.email)

    assert response.status_code == 429
    content = response.content.decode()
    assert "Connexion temporairement bloquée" in content
    assert "(5 essais)" in content
    assert "bloquée pendant une heure" in content


def test_lockout_refuses_even_the_right_password(client, conseiller):
    fail(client, conseiller.email, 5)

    response = attempt(client, conseiller.email, password=factories.DEMO_PASSWORD)

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_four_failures_do_not_lock(client, conseiller):
    fail(client, conseiller.email, 4)

    response = attempt(client, conseiller.email, password=factories.DEMO_PASSWORD)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(conseiller.pk)


def test_lockout_ignores_the_case_of_the_address(client, conseiller):
    for email in (
        "Conseiller@exemple.fr",
        "CONSEILLER@EXEMPLE.FR",
        "conseiller@Exemple.fr",
        "conseiller@exemple.fr",
        "cOnseiller@exemple.fr",
    ):
        attempt(client, email)

    assert attempt(client, conseiller.email, password=factories.DEMO_PASSWORD).status_code == 429


def test_lockout_is_per_address_and_ip(client, conseiller, partenaire):
    fail(client, conseiller.email, 5)

    # The same address from another IP, and another address from the same IP, still log in.
    assert attempt(client, conseiller.email, password=factories.DEMO_PASSWORD, ip="198.51.100.7").status_code == 302
    client.logout()
    assert attempt(client, partenaire.email, password=factories.DEMO_PASSWORD).status_code == 302


def test_lockout_ends_after_an_hour(client, conseiller):
    fail(client, conseiller.email, 5)
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(hours=1, minutes=1))

    assert attempt(client, conseiller.email, password=factories.DEMO_PASSWORD).status_code == 302


def test_a_successful_login_resets_the_failures(client, conseiller):
    fail(client, conseiller.email, 4)
    attempt(client, conseiller.email, password=factories.DEMO_PASSWORD)
    client.logout()

    fail(client, conseiller.email, 4)

    assert attempt(client, conseiller.email, password=factories.DEMO_PASSWORD).status_code == 302


def test_admin_sees_and_unlocks_a_locked_account(client, admin_user, conseiller):
    fail(client, conseiller.email, 5)
    admin_client = client.__class__()
    admin_client.force_login(admin_user)

    listing = admin_client.get(reverse("comptes:user_list")).content.decode()
    response = admin_client.post(reverse("comptes:user_unlock", kwargs={"pk": conseiller.pk}), follow=True)

    assert "Connexion bloquée" in listing
    assert "le compte est débloqué" in response.content.decode()
    assert AccessAttempt.objects.count() == 0
    assert attempt(client, conseiller.email, password=factories.DEMO_PASSWORD).status_code == 302


def test_user_list_reads_the_attempts_of_its_own_rows_only(client, admin_user, conseiller):
    # A guesser's addresses fill the attempts table; the list asks only about the people it shows.
    fail(client, "devine-marqueur@exemple.fr", 2)
    fail(client, conseiller.email, 2)
    admin_client = client.__class__()
    admin_client.force_login(admin_user)

    with CaptureQueriesContext(connection) as captured:
        listing = admin_client.get(reverse("comptes:user_list")).content.decode()

    (attempts_sql,) = [query["sql"] for query in captured.captured_queries if '"axes_accessattempt"' in query["sql"]]
    assert conseiller.email in attempts_sql
    assert "devine-marqueur" not in attempts_sql
    assert "Connexion bloquée" in listing


@pytest.mark.parametrize("person", ["conseiller", "directeur_a", "partenaire"])
def test_unlock_refused_to_other_roles(client, request, person, partenaire):
    fail(client, partenaire.email, 5)
    client.force_login(request.getfixturevalue(person))

    assert client.post(reverse("comptes:user_unlock", kwargs={"pk": partenaire.pk})).status_code == 403
    assert AccessAttempt.objects.count() == 1


def test_client_login_passes_the_request(client, conseiller):
    from django.http import HttpRequest

    assert client.login(request=HttpRequest(), email=conseiller.email, password=factories.DEMO_PASSWORD)

"""The user list, deactivation, the profile, and changing or resetting one's password."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from comptes.models import User
from comptes.views import USERS_PER_PAGE
from tests import factories

USERS = reverse("comptes:user_list")
PROFILE = reverse("comptes:profile")
PASSWORD_CHANGE = reverse("comptes:password_change")
PASSWORD_RESET = reverse("comptes:password_reset")
LOGIN = reverse("login")
NEW_PASSWORD = "Nouveau-mot-de-passe-2026"

OTHER_ROLES = ["conseiller", "directeur_a", "directeur_b", "partenaire"]


def deactivate_url(user):
    return reverse("comptes:user_deactivate", kwargs={"pk": user.pk})


def reactivate_url(user):
    return reverse("comptes:user_reactivate", kwargs={"pk": user.pk})


# --- The user list -------------------------------------------------------------------------------


def test_user_list_for_admin_shows_every_account(client, admin_user, conseiller, directeur_a, partenaire):
    client.force_login(admin_user)

    response = client.get(USERS)

    assert response.status_code == 200
    assert [user.email for user, _ in response.context["rows"]] == sorted(
        [admin_user.email, conseiller.email, directeur_a.email, partenaire.email],
        key=lambda email: User.objects.get(email=email).last_name,
    )
    content = response.content.decode()
    assert "Centre social A" in content
    assert "Métropole de Lyon" in content


@pytest.mark.parametrize("person", OTHER_ROLES)
def test_user_list_refuses_other_roles(client, request, person):
    client.force_login(request.getfixturevalue(person))

    assert client.get(USERS).status_code == 403


def test_user_list_sends_anonymous_to_login(client, db):
    assert client.get(USERS)["Location"] == f"{LOGIN}?next={USERS}"


def test_user_list_query_count_does_not_grow(client, admin_user, django_assert_max_num_queries):
    schemas = factories.SchemaFactory.create_batch(3)
    structures = factories.StructureFactory.create_batch(5)
    for _ in range(20):
        factories.ConseillerFactory(schemas=schemas)
        factories.DirecteurFactory(structures=structures)
        factories.PartenaireFactory(organisation=factories.OrganisationFactory())
    client.force_login(admin_user)

    with django_assert_max_num_queries(10):
        response = client.get(USERS)

    # A page of accounts, the next pages holding the rest (tests/test_list_pagination.py).
    assert len(response.context["rows"]) == USERS_PER_PAGE and response.context["page"].paginator.count == 61


# --- Deactivation --------------------------------------------------------------------------------


def test_deactivate_asks_for_confirmation_first(client, admin_user, conseiller):
    client.force_login(admin_user)

    response = client.post(deactivate_url(conseiller))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Voulez-vous désactiver le compte de" in content
    assert conseiller.email in content
    assert 'name="confirm" value="1"' in content
    conseiller.refresh_from_db()
    assert conseiller.is_active is True


def test_user_list_deactivation_leads_to_the_confirmation(client, admin_user, conseiller):
    client.force_login(admin_user)

    content = client.get(USERS).content.decode()

    # The list's button posts without « confirm »: the person is asked before anything changes.
    form = re.search(rf'<form method="post" action="{deactivate_url(conseiller)}">(.*?)</form>', content, re.S)
    assert form is not None
    assert "confirm" not in form.group(1)


def test_deactivate_by_admin_blocks_login_and_keeps_history(client, admin_user, conseiller):
    client.force_login(admin_user)

    response = client.post(deactivate_url(conseiller), {"confirm": "1"}, follow=True)

    assert response.redirect_chain == [(USERS, 302)]
    assert "est désactivé : cette personne ne peut plus se connecter et ses sessions sont fermées." in response.content.decode()
    conseiller.refresh_from_db()
    assert conseiller.is_active is False
    latest = conseiller.history.latest()
    assert (latest.is_active, latest.history_user) == (False, admin_user)
    assert conseiller.history.count() >= 2
    client.logout()
    response = client.post(LOGIN, {"username": conseiller.email, "password": factories.DEMO_PASSWORD})
    assert "_auth_user_id" not in client.session


def test_deactivation_ends_the_open_sessions(client, admin_user, conseiller):
    client.force_login(conseiller)
    assert client.get(reverse("home")).status_code == 200

    User.objects.filter(pk=conseiller.pk).update(is_active=False)

    assert client.get(reverse("home"))["Location"] == f"{LOGIN}?next=/"


SESSION_ENGINES = [
    "django.contrib.sessions.backends.db",
    "django.contrib.sessions.backends.cached_db",
    "django.contrib.sessions.backends.cache",
    "django.contrib.sessions.backends.signed_cookies",
]


@pytest.mark.parametrize("engine", SESSION_ENGINES)
def test_deactivation_through_the_page_ends_sessions_for_good(settings, admin_user, conseiller, engine):
    settings.SESSION_ENGINE = engine
    person, admin = Client(), Client()
    person.force_login(conseiller)
    admin.force_login(admin_user)
    assert person.get(reverse("home")).status_code == 200

    admin.post(deactivate_url(conseiller), {"confirm": "1"})
    assert person.get(reverse("home"))["Location"] == f"{LOGIN}?next=/"

    admin.post(reactivate_url(conseiller))
    # The cookie of the session opened before the deactivation does not come back to life.
    assert person.get(reverse("home"))["Location"] == f"{LOGIN}?next=/"
    assert "_auth_user_id" not in person.session
    # The person logs in again and works as before.
    person.post(LOGIN, {"username": conseiller.email, "password": factories.DEMO_PASSWORD})
    assert person.get(reverse("home")).status_code == 200


def test_deactivation_and_reactivation_between_two_requests_end_the_session(client, conseiller):
    """The admin site and the shell save the user: the same rule applies, even with no request in between."""
    client.force_login(conseiller)

    conseiller.is_active = False
    conseiller.save()
    user = User.objects.get(pk=conseiller.pk)
    user.is_active = True
    user.save()

    assert client.get(reverse("home"))["Location"] == f"{LOGIN}?next=/"


def test_deactivation_in_the_django_admin_ends_the_sessions_for_good(admin_user, conseiller, schema):
    person, admin = Client(), Client()
    person.force_login(conseiller)
    admin.force_login(admin_user)
    change_url = reverse("admin:comptes_user_change", args=[conseiller.pk])
    fields = {"email": conseiller.email, "first_name": "Camille", "last_name": "Martin", "phone": ""}
    fields.update(role="conseiller", organisation="", schemas=[schema.pk], structures=[])

    response = admin.post(change_url, fields)  # « is_active » unticked
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert person.get(reverse("home"))["Location"] == f"{LOGIN}?next=/"

    admin.post(change_url, {**fields, "is_active": "on"})
    conseiller.refresh_from_db()
    assert conseiller.is_active is True
    assert person.get(reverse("home"))["Location"] == f"{LOGIN}?next=/"


def test_other_saves_keep_the_session(client, conseiller):
    client.force_login(conseiller)

    conseiller.first_name = "Camille"
    conseiller.save()

    assert client.get(reverse("home")).status_code == 200


def test_deactivate_refuses_oneself(client, admin_user):
    client.force_login(admin_user)

    response = client.post(deactivate_url(admin_user), {"confirm": "1"}, follow=True)

    assert "Vous ne pouvez pas désactiver votre propre compte." in response.content.decode()
    admin_user.refresh_from_db()
    assert admin_user.is_active is True


def test_deactivate_by_get_is_refused(client, admin_user, conseiller):
    client.force_login(admin_user)

    assert client.get(deactivate_url(conseiller)).status_code == 405


@pytest.mark.parametrize("person", OTHER_ROLES)
def test_deactivate_refused_to_other_roles(client, request, person, partenaire):
    client.force_login(request.getfixturevalue(person))

    assert client.post(deactivate_url(partenaire), {"confirm": "1"}).status_code == 403
    partenaire.refresh_from_db()
    assert partenaire.is_active is True


def test_deactivate_unknown_user_is_404(client, admin_user):
    client.force_login(admin_user)

    assert client.post(reverse("comptes:user_deactivate", kwargs={"pk": 999999}), {"confirm": "1"}).status_code == 404


def test_reactivate_by_admin(client, admin_user):
    user = factories.ConseillerFactory(is_active=False)
    client.force_login(admin_user)

    client.post(reverse("comptes:user_reactivate", kwargs={"pk": user.pk}))

    user.refresh_from_db()
    assert user.is_active is True


# --- Profile -------------------------------------------------------------------------------------


@pytest.mark.parametrize("person", ["admin_user", *OTHER_ROLES])
def test_profile_opens_for_every_role(client, request, person):
    user = request.getfixturevalue(person)
    client.force_login(user)

    response = client.get(PROFILE)

    assert response.status_code == 200
    assert user.email in response.content.decode()


def test_profile_sends_anonymous_to_login(client, db):
    assert client.get(PROFILE)["Location"] == f"{LOGIN}?next={PROFILE}"


def test_profile_saves_name_and_phone_only(client, directeur_a, structure_a):
    client.force_login(directeur_a)

    response = client.post(
        PROFILE, {"first_name": "Nadia", "last_name": "Benali", "phone": "04 78 00 00 00", "role": "admin", "email": "x@x.fr"}
    )

    assert response["Location"] == PROFILE
    directeur_a.refresh_from_db()
    assert (directeur_a.first_name, directeur_a.last_name, directeur_a.phone) == ("Nadia", "Benali", "04 78 00 00 00")
    assert (directeur_a.role, directeur_a.email) == ("directeur", "directeur.a@exemple.fr")
    assert list(directeur_a.structures.all()) == [structure_a]


def test_profile_refuses_a_phone_that_is_not_one(client, conseiller):
    client.force_login(conseiller)

    response = client.post(PROFILE, {"first_name": "A", "last_name": "B", "phone": "<b>appelez-moi</b>"})

    assert response.status_code == 200
    assert response.context["form"].errors["phone"] == ["Saisissez un numéro de téléphone (chiffres, espaces, points, +)."]
    assert "<b>appelez-moi</b>" not in response.content.decode()


# --- Password change -----------------------------------------------------------------------------


def test_password_change_with_the_old_password(client, conseiller):
    client.force_login(conseiller)

    response = client.post(
        PASSWORD_CHANGE,
        {"old_password": factories.DEMO_PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response["Location"] == reverse("comptes:password_change_done")
    conseiller.refresh_from_db()
    assert conseiller.check_password(NEW_PASSWORD)
    assert client.get(PROFILE).status_code == 200  # still logged in


def test_password_change_refuses_a_wrong_old_password_in_french(client, conseiller):
    client.force_login(conseiller)

    response = client.post(
        PASSWORD_CHANGE, {"old_password": "faux", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["old_password"] == ["Votre ancien mot de passe est incorrect. Veuillez le rectifier."]


def test_password_change_applies_the_validators(client, conseiller):
    client.force_login(conseiller)

    response = client.post(
        PASSWORD_CHANGE, {"old_password": factories.DEMO_PASSWORD, "new_password1": "password", "new_password2": "password"}
    )

    assert "Ce mot de passe est trop courant." in response.context["form"].errors["new_password2"]


def test_password_change_sends_anonymous_to_login(client, db):
    assert client.get(PASSWORD_CHANGE)["Location"] == f"{LOGIN}?next={PASSWORD_CHANGE}"


# --- Password reset ------------------------------------------------------------------------------


def test_password_reset_by_email_end_to_end(client, conseiller):
    response = client.post(PASSWORD_RESET, {"email": "CONSEILLER@exemple.fr"})

    assert response["Location"] == reverse("comptes:password_reset_done")
    (message,) = mail.outbox
    assert message.subject == "Nouveau mot de passe pour AVS Schéma"
    assert message.to == ["conseiller@exemple.fr"]
    link = re.search(r"http://testserver(/comptes/reinitialisation/\S+/)", message.body).group(1)
    form_url = client.get(link)["Location"]  # Django hides the token behind a redirect
    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response["Location"] == reverse("comptes:password_reset_complete")
    conseiller.refresh_from_db()
    assert conseiller.check_password(NEW_PASSWORD)
    # The link works once.
    response = client.get(link, follow=True)
    assert "Ce lien n'est plus valable" in response.content.decode()


def test_password_reset_for_an_unknown_or_inactive_address_sends_nothing(client, db):
    factories.UserFactory(email="parti@exemple.fr", is_active=False)

    for email in ("inconnu@exemple.fr", "parti@exemple.fr"):
        response = client.post(PASSWORD_RESET, {"email": email})
        assert response["Location"] == reverse("comptes:password_reset_done")

    assert mail.outbox == []


@pytest.mark.parametrize(
    "url", [PASSWORD_RESET, reverse("comptes:password_reset_done"), reverse("comptes:password_reset_complete"), LOGIN]
)
def test_password_reset_pages_open_for_anonymous(client, db, url):
    assert client.get(url).status_code == 200


def test_login_page_links_to_password_reset(client, db):
    assert f'href="{PASSWORD_RESET}"' in client.get(LOGIN).content.decode()


def test_user_list_links_invitations_and_deleted_objects(client, admin_user):
    client.force_login(admin_user)

    content = client.get(USERS).content.decode()

    assert f'href="{reverse("comptes:invitation_list")}"' in content
    assert f'href="{reverse("deleted_list")}"' in content
    assert f'href="{reverse("history", kwargs={"app_label": "comptes", "model_name": "user", "pk": admin_user.pk})}"' in content

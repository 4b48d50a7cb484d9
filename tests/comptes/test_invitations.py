"""Invitations: an administrateur invites by e-mail with a role and a scope; the link works once, for 7 days."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from comptes import services
from comptes.enums import Role
from comptes.models import Invitation, User
from tests import factories

LIST = reverse("comptes:invitation_list")
CREATE = reverse("comptes:invitation_create")
NEW_PASSWORD = "Un-mot-de-passe-solide-2026"


def accept_url(token):
    return reverse("comptes:invitation_accept", kwargs={"token": token})


def token_from_mail(message):
    return re.search(r"/comptes/invitation/([^/]+)/", message.body).group(1)


@pytest.fixture
def invitation_and_token(admin_user, structure_a):
    return services.create_invitation(
        email="Nouvelle.Directrice@Exemple.fr",
        role=Role.DIRECTEUR,
        invited_by=admin_user,
        first_name="Inès",
        last_name="Roux",
        structures=[structure_a],
    )


# --- Who reaches the pages -----------------------------------------------------------------------


@pytest.mark.parametrize("url", [LIST, CREATE])
def test_invitation_pages_open_for_admin(client, admin_user, url):
    client.force_login(admin_user)

    assert client.get(url).status_code == 200


@pytest.mark.parametrize("person", ["conseiller", "directeur_a", "directeur_b", "partenaire"])
@pytest.mark.parametrize("url", [LIST, CREATE])
def test_invitation_pages_refuse_other_roles(client, request, person, url):
    client.force_login(request.getfixturevalue(person))

    response = client.get(url)

    assert response.status_code == 403
    assert "La gestion des comptes est réservée aux administrateurs du schéma." in response.content.decode()


@pytest.mark.parametrize("url", [LIST, CREATE])
def test_invitation_pages_send_anonymous_to_login(client, db, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


def test_invitation_post_refused_to_conseiller(client, conseiller, schema):
    client.force_login(conseiller)

    response = client.post(CREATE, {"email": "x@exemple.fr", "role": Role.CONSEILLER, "schemas": [schema.pk]})

    assert response.status_code == 403
    assert Invitation.objects.count() == 0


# --- Creating an invitation ----------------------------------------------------------------------


def test_invitation_create_for_conseiller_sends_the_link(client, admin_user, schema):
    client.force_login(admin_user)

    response = client.post(
        CREATE,
        {
            "email": "Julie.Petit@Exemple.fr",
            "first_name": "Julie",
            "last_name": "Petit",
            "role": Role.CONSEILLER,
            "schemas": [schema.pk],
        },
    )

    assert response.status_code == 302
    assert response["Location"] == LIST
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role, invitation.invited_by) == ("julie.petit@exemple.fr", Role.CONSEILLER, admin_user)
    assert list(invitation.schemas.all()) == [schema]
    assert invitation.expires_at - invitation.created_at == datetime.timedelta(days=7)
    (message,) = mail.outbox
    assert message.to == ["julie.petit@exemple.fr"]
    assert message.subject == "Votre compte sur AVS Schéma"
    assert "Conseiller Caf" in message.body
    assert "valable 7 jours" in message.body
    token = token_from_mail(message)
    assert invitation.token_hash == Invitation.hash_token(token)
    assert token not in invitation.token_hash


def test_invitation_keeps_only_the_scope_of_the_role(client, admin_user, schema, structure_a):
    org = factories.OrganisationFactory(name="MSA")
    client.force_login(admin_user)

    client.post(
        CREATE,
        {
            "email": "p@exemple.fr",
            "role": Role.PARTENAIRE,
            "organisation": org.pk,
            "schemas": [schema.pk],
            "structures": [structure_a.pk],
        },
    )

    invitation = Invitation.objects.get()
    assert invitation.organisation == org
    assert list(invitation.schemas.all()) == []
    assert list(invitation.structures.all()) == []


@pytest.mark.parametrize(
    ("role", "field", "message"),
    [
        (Role.CONSEILLER, "schemas", "Choisissez au moins un schéma pour un conseiller Caf."),
        (Role.DIRECTEUR, "structures", "Choisissez au moins une structure pour un directeur ou une directrice."),
        (Role.PARTENAIRE, "organisation", "Choisissez l'organisation que représente ce partenaire."),
    ],
)
def test_invitation_requires_the_scope_of_the_role(client, admin_user, role, field, message):
    client.force_login(admin_user)

    response = client.post(CREATE, {"email": "x@exemple.fr", "role": role})

    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert Invitation.objects.count() == 0
    assert mail.outbox == []


def test_invitation_refuses_an_address_that_has_an_account(client, admin_user, conseiller):
    client.force_login(admin_user)

    response = client.post(CREATE, {"email": "CONSEILLER@exemple.fr", "role": Role.ADMIN})

    assert response.context["form"].errors["email"] == ["Un compte utilise déjà cette adresse électronique."]


def test_invitation_refuses_a_bad_address(client, admin_user):
    client.force_login(admin_user)

    response = client.post(CREATE, {"email": "<script>pas-une-adresse", "role": Role.ADMIN})

    assert response.status_code == 200
    assert response.context["form"].errors["email"] == ["Saisissez une adresse de courriel valide."]
    assert "<script>pas-une-adresse" not in response.content.decode()


def test_invitation_list_shows_states(client, admin_user, invitation_and_token, django_assert_max_num_queries):
    invitation, _ = invitation_and_token
    expired = Invitation.objects.create(
        email="vieux@exemple.fr", role=Role.ADMIN, token_hash="a" * 64, expires_at=timezone.now() - datetime.timedelta(days=1)
    )
    for i in range(30):
        services.create_invitation(email=f"p{i}@exemple.fr", role=Role.DIRECTEUR, invited_by=admin_user, structures=[])
    client.force_login(admin_user)

    with django_assert_max_num_queries(10):
        response = client.get(LIST)

    content = response.content.decode()
    assert "nouvelle.directrice@exemple.fr" in content
    # The scope, a line under the role, in secondary text.
    assert 'Directeur de structure<br><span class="text-body-secondary">Centre social A</span>' in content
    assert expired.status_label == "Expirée"
    assert content.count("Expirée") == 1
    assert content.count("En attente") == 31


# --- Accepting ----------------------------------------------------------------------------------


def test_invitation_accept_page_opens_for_anonymous(client, invitation_and_token):
    _, token = invitation_and_token

    response = client.get(accept_url(token))

    assert response.status_code == 200
    assert "nouvelle.directrice@exemple.fr" in response.content.decode()
    assert "Directeur de structure" in response.content.decode()


def test_invitation_accept_creates_the_account_with_role_and_scope(client, invitation_and_token, structure_a):
    invitation, token = invitation_and_token

    response = client.post(accept_url(token), {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    user = User.objects.get(email="nouvelle.directrice@exemple.fr")
    assert (user.role, user.first_name, user.last_name, user.is_active, user.is_staff) == (
        Role.DIRECTEUR,
        "Inès",
        "Roux",
        True,
        False,
    )
    assert list(user.structures.all()) == [structure_a]
    assert user.check_password(NEW_PASSWORD)
    assert client.session["_auth_user_id"] == str(user.pk)
    invitation.refresh_from_db()
    assert invitation.user == user
    assert invitation.used_at is not None


def test_invitation_accept_of_an_admin_gives_the_admin_site(client, admin_user):
    _, token = services.create_invitation(email="pilote@exemple.fr", role=Role.ADMIN, invited_by=admin_user)

    client.post(accept_url(token), {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    assert User.objects.get(email="pilote@exemple.fr").is_staff is True


def test_invitation_link_works_only_once(client, invitation_and_token):
    _, token = invitation_and_token
    client.post(accept_url(token), {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    client.logout()

    response = client.post(
        accept_url(token), {"new_password1": "Autre-mot-de-passe-77", "new_password2": "Autre-mot-de-passe-77"}
    )

    assert response.status_code == 404
    assert "Cette invitation a déjà été utilisée" in response.content.decode()
    assert User.objects.filter(email="nouvelle.directrice@exemple.fr").count() == 1
    assert User.objects.get(email="nouvelle.directrice@exemple.fr").check_password(NEW_PASSWORD)


def test_invitation_link_expires_after_7_days(client, invitation_and_token):
    invitation, token = invitation_and_token
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))

    response = client.get(accept_url(token))

    assert response.status_code == 404
    assert "Cette invitation a expiré" in response.content.decode()


def test_invitation_unknown_token_is_a_french_404(client, db):
    response = client.get(accept_url("nimporte-quoi"))

    assert response.status_code == 404
    assert "Ce lien d'invitation n'existe pas." in response.content.decode()


def test_invitation_accept_applies_the_password_validators_in_french(client, invitation_and_token):
    _, token = invitation_and_token

    response = client.post(accept_url(token), {"new_password1": "123", "new_password2": "123"})

    assert response.status_code == 200
    errors = response.context["form"].errors["new_password2"]
    assert "Ce mot de passe est trop court. Il doit contenir au minimum 8 caractères." in errors
    assert "Ce mot de passe est entièrement numérique." in errors
    assert not User.objects.filter(email="nouvelle.directrice@exemple.fr").exists()


def test_invitation_accept_refuses_mismatched_passwords(client, invitation_and_token):
    _, token = invitation_and_token

    response = client.post(accept_url(token), {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD + "x"})

    assert response.context["form"].errors["new_password2"] == ["Les deux mots de passe ne correspondent pas."]


def test_invitation_accept_when_the_address_got_an_account_meanwhile(client, invitation_and_token):
    _, token = invitation_and_token
    factories.UserFactory(email="nouvelle.directrice@exemple.fr")

    response = client.post(accept_url(token), {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["Un compte utilise déjà cette adresse électronique."]


def test_invitation_from_the_admin_site_sends_the_link(client, admin_user, schema):
    client.force_login(admin_user)

    response = client.post(
        reverse("admin:comptes_invitation_add"),
        {"email": "depuis.admin@exemple.fr", "role": Role.CONSEILLER, "schemas": [schema.pk]},
    )

    assert response.status_code == 302
    invitation = Invitation.objects.get()
    (message,) = mail.outbox
    assert invitation.token_hash == Invitation.hash_token(token_from_mail(message))
    assert invitation.invited_by == admin_user

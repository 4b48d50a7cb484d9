"""An administrateur changes a person's role and scope from the user list, in one form."""

import html

import pytest
from django.urls import reverse

from comptes.enums import Role
from comptes.models import User
from tests import factories

REASON = "La gestion des comptes est réservée aux administrateurs du schéma."


def edit_url(user):
    return reverse("comptes:user_edit", kwargs={"pk": user.pk})


def _text(response):
    return html.unescape(response.content.decode())


@pytest.mark.parametrize("who", ["conseiller", "directeur_a", "partenaire"])
def test_user_edit_refused_to_other_roles_with_the_reason(client, request, who, directeur_b):
    client.force_login(request.getfixturevalue(who))
    for response in (
        client.get(edit_url(directeur_b)),
        client.post(edit_url(directeur_b), {"version": directeur_b.version, "role": Role.ADMIN}),
    ):
        assert response.status_code == 403
        assert REASON in _text(response)
    directeur_b.refresh_from_db()
    assert directeur_b.role == Role.DIRECTEUR


def test_user_edit_anonymous_sent_to_login(client, directeur_b):
    response = client.get(edit_url(directeur_b))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_user_list_links_to_the_role_form(client, admin_user, directeur_b):
    client.force_login(admin_user)
    assert edit_url(directeur_b) in client.get(reverse("comptes:user_list")).content.decode()


def test_user_edit_director_becomes_conseiller_of_a_schema(client, admin_user, directeur_a, schema):
    client.force_login(admin_user)
    response = client.post(
        edit_url(directeur_a), {"version": directeur_a.version, "role": Role.CONSEILLER, "schemas": [schema.pk]}
    )
    assert response.status_code == 302
    directeur_a.refresh_from_db()
    assert directeur_a.role == Role.CONSEILLER
    assert list(directeur_a.schemas.all()) == [schema]
    assert not directeur_a.structures.exists()  # the director's scope does not stay with the new role
    record = directeur_a.history.first()
    assert (record.role, record.history_user) == (Role.CONSEILLER, admin_user)


def test_user_edit_partner_changes_organisation(client, admin_user, partenaire):
    client.force_login(admin_user)
    metropole = factories.OrganisationFactory(name="Métropole de Lyon")
    response = client.post(
        edit_url(partenaire), {"version": partenaire.version, "role": Role.PARTENAIRE, "organisation": metropole.pk}
    )
    assert response.status_code == 302
    partenaire.refresh_from_db()
    assert partenaire.organisation == metropole


def test_user_edit_scope_missing_refused_with_the_invitation_message(client, admin_user, partenaire):
    client.force_login(admin_user)
    response = client.post(edit_url(partenaire), {"version": partenaire.version, "role": Role.DIRECTEUR})
    assert response.status_code == 422
    assert "Choisissez au moins une structure pour un directeur ou une directrice." in _text(response)
    partenaire.refresh_from_db()
    assert partenaire.role == Role.PARTENAIRE


def test_user_edit_lowering_an_admin_asks_for_confirmation_first(client, admin_user, schema):
    other_admin = factories.AdminFactory(email="autre.admin@exemple.fr", is_staff=True)
    client.force_login(admin_user)
    data = {"role": Role.CONSEILLER, "schemas": [schema.pk]}
    response = client.post(edit_url(other_admin), data)
    assert response.status_code == 200
    page = _text(response)
    assert "est administrateur : confirmez que cette personne perd ce rôle et ses droits." in page
    assert "Confirmer le retrait du rôle d'administrateur" in page
    other_admin.refresh_from_db()
    assert other_admin.role == Role.ADMIN

    response = client.post(edit_url(other_admin), {"version": other_admin.version, **data, "confirm": "1"})
    assert response.status_code == 302
    other_admin.refresh_from_db()
    assert (other_admin.role, other_admin.is_staff, other_admin.is_admin) == (Role.CONSEILLER, False, False)


def test_user_edit_lowering_a_superuser_removes_the_superuser_rights(client, admin_user, schema):
    superuser = User.objects.create_superuser(email="super@exemple.fr", password="x-Mot-de-passe-2026")
    client.force_login(admin_user)
    response = client.post(
        edit_url(superuser), {"version": superuser.version, "role": Role.PARTENAIRE, "organisation": "", "confirm": "1"}
    )
    assert response.status_code == 422  # a partner needs their organisation
    organisation = factories.OrganisationFactory(name="Carsat")
    response = client.post(
        edit_url(superuser),
        {"version": superuser.version, "role": Role.PARTENAIRE, "organisation": organisation.pk, "confirm": "1"},
    )
    assert response.status_code == 302
    superuser.refresh_from_db()
    assert (superuser.is_superuser, superuser.is_staff, superuser.is_admin) == (False, False, False)


def test_user_edit_admin_cannot_remove_their_own_admin_role(client, admin_user, schema):
    client.force_login(admin_user)
    data = {"role": Role.CONSEILLER, "schemas": [schema.pk], "confirm": "1"}
    response = client.post(edit_url(admin_user), data)
    assert response.status_code == 422
    assert "Vous ne pouvez pas retirer votre propre rôle d'administrateur" in _text(response)
    admin_user.refresh_from_db()
    assert admin_user.role == Role.ADMIN


def test_user_edit_conseiller_becomes_admin_gets_the_django_admin(client, admin_user, conseiller):
    client.force_login(admin_user)
    assert client.post(edit_url(conseiller), {"version": conseiller.version, "role": Role.ADMIN}).status_code == 302
    conseiller.refresh_from_db()
    assert (conseiller.role, conseiller.is_staff, conseiller.schemas.count()) == (Role.ADMIN, True, 0)

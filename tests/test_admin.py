"""The Django admin: every model is there and its pages open, for administrateurs only."""

import pytest
from django.contrib import admin
from django.urls import reverse

from fiches.models import ActionUpdate, Fiche, Schema
from gouvernance.models import DecisionReminder, DecisionUpdate, FicheWeather
from indicateurs.admin import IndicatorInline
from indicateurs.models import CampaignEvent
from tests import factories

# Their history is append-only: read in the admin, written by the application (progress page, campaign log,
# decisions' follow-up and météo).
READ_ONLY_MODELS = {ActionUpdate, CampaignEvent, DecisionUpdate, FicheWeather, DecisionReminder}

REGISTERED = sorted(admin.site._registry, key=lambda model: model._meta.label)


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def test_every_domain_model_is_registered():
    from django.apps import apps

    domain_models = {
        model
        for app in ("comptes", "fiches", "structures", "indicateurs", "gouvernance")
        for model in apps.get_app_config(app).get_models()
        if not model._meta.label.split(".")[1].startswith("Historical")
    }

    assert domain_models - set(admin.site._registry) == set()


def test_site_header_is_french():
    assert admin.site.site_header == "Administration AVS Schéma"


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label)
def test_admin_changelist_opens(client, admin_user, model):
    client.force_login(admin_user)

    assert client.get(admin_url(model, "changelist")).status_code == 200


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label)
def test_admin_add_page_opens(client, admin_user, model):
    client.force_login(admin_user)

    response = client.get(admin_url(model, "add"))

    assert response.status_code == (403 if model in READ_ONLY_MODELS else 200)


def test_admin_changelist_search_works(client, admin_user, schema):
    client.force_login(admin_user)

    response = client.get(admin_url(Schema, "changelist"), {"q": "Rhône"})

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [schema]


def test_schema_change_page_shows_its_axes(client, admin_user, schema):
    factories.AxisFactory(schema=schema, number=2, title="Confirmer la fonction de développement des liens sociaux")
    client.force_login(admin_user)

    response = client.get(admin_url(Schema, "change", schema.pk))

    assert response.status_code == 200
    assert "Confirmer la fonction de développement des liens sociaux" in response.content.decode()


def test_fiche_change_page_has_every_inline_including_indicators(client, admin_user):
    fiche = factories.FicheFactory()
    factories.ActionFactory(fiche=fiche, text="Soutenir les expériences innovantes")
    factories.ExpectedResultFactory(fiche=fiche, text="Émergence de nouveaux projets")
    factories.FicheOrganisationFactory(fiche=fiche, organisation__name="Métropole de Lyon")
    factories.IndicatorFactory(fiche=fiche, label="Nombre de conventions tripartites signées")
    client.force_login(admin_user)

    response = client.get(admin_url(Fiche, "change", fiche.pk))

    assert response.status_code == 200
    content = response.content.decode()
    for text in (
        "Soutenir les expériences innovantes",
        "Émergence de nouveaux projets",
        "Métropole de Lyon",
        "Nombre de conventions tripartites signées",
    ):
        assert text in content
    assert IndicatorInline in admin.site._registry[Fiche].inlines


def test_action_change_page_shows_its_history_read_only(client, admin_user):
    action = factories.ActionFactory()
    ActionUpdate.objects.create(action=action, status="en_cours", progress=40, comment="Premier comité réuni")
    client.force_login(admin_user)

    response = client.get(admin_url(action.__class__, "change", action.pk))

    assert response.status_code == 200
    assert "Premier comité réuni" in response.content.decode()
    inline = next(formset for formset in response.context["inline_admin_formsets"] if formset.opts.model is ActionUpdate)
    assert (inline.has_add_permission, inline.has_change_permission, inline.has_delete_permission) == (False, False, False)


def test_action_update_cannot_be_changed_or_deleted(client, admin_user):
    update = ActionUpdate.objects.create(action=factories.ActionFactory(), status="en_cours", progress=40)
    client.force_login(admin_user)

    assert client.post(admin_url(ActionUpdate, "change", update.pk), {"progress": 90}).status_code == 403
    assert client.post(admin_url(ActionUpdate, "delete", update.pk), {"post": "yes"}).status_code == 403
    update.refresh_from_db()
    assert update.progress == 40


def test_admin_adds_a_user_with_an_email_and_a_role(client, admin_user, schema):
    client.force_login(admin_user)

    response = client.post(
        admin_url(admin_user.__class__, "add"),
        {
            "email": "Nouvelle.Conseillere@Exemple.fr",
            "first_name": "Nadia",
            "last_name": "Benali",
            "role": "conseiller",
            "usable_password": "true",
            "password1": "un-mot-de-passe-solide-2026",
            "password2": "un-mot-de-passe-solide-2026",
        },
    )

    assert response.status_code == 302
    user = admin_user.__class__.objects.get(email="nouvelle.conseillere@exemple.fr")
    assert (user.role, user.is_staff) == ("conseiller", False)
    assert user.check_password("un-mot-de-passe-solide-2026")


def test_admin_refuses_a_second_account_with_the_same_email(client, admin_user, conseiller):
    client.force_login(admin_user)

    response = client.post(
        admin_url(admin_user.__class__, "add"),
        {"email": "CONSEILLER@exemple.fr", "role": "conseiller", "usable_password": "false"},
    )

    assert response.status_code == 200
    assert "Un compte utilise déjà cette adresse électronique." in response.content.decode()


def test_user_change_page_opens(client, admin_user, conseiller):
    client.force_login(admin_user)

    response = client.get(admin_url(conseiller.__class__, "change", conseiller.pk))

    assert response.status_code == 200
    assert "Rôle et périmètre" in response.content.decode()


@pytest.mark.parametrize("person", ["conseiller", "directeur_a", "partenaire"])
def test_admin_is_closed_to_other_roles(client, request, person):
    client.force_login(request.getfixturevalue(person))

    response = client.get(reverse("admin:index"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_admin_gives_nothing_to_a_staff_conseiller(client, db):
    user = factories.ConseillerFactory(is_staff=True)
    client.force_login(user)

    assert client.get(admin_url(Schema, "changelist")).status_code == 403
    assert client.get(reverse("admin:index")).context["available_apps"] == []

"""The shell every page shares: login and logout, the home page by role, navigation, error pages,
static files and the small template helpers."""

import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.staticfiles import finders
from django.template import Context, Template, loader
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from fiches.enums import ActionStatus, SchemaStatus
from portail.navigation import NavEntry, menu_for
from portail.views import HOME_SCHEMA_LIMIT
from tests import factories

HOME = reverse("home")
LOGIN = reverse("login")
LOGOUT = reverse("logout")


@pytest.fixture
def schema_94(db):
    return factories.SchemaFactory(
        title="Schéma directeur du Val-de-Marne",
        slug="val-de-marne-2016-2020",
        department_code="94",
        department_name="Val-de-Marne",
        first_year=2016,
        last_year=2020,
        status=SchemaStatus.CLOS,
    )


def schema_titles(response):
    return [schema.title for schema in response.context["schemas"]]


# --- Login and logout ----------------------------------------------------------------------------


def test_login_page_for_anonymous(client, db):
    response = client.get(LOGIN)

    assert response.status_code == 200
    content = response.content.decode()
    assert "Adresse électronique" in content
    assert "Mot de passe" in content
    assert "Se connecter" in content


def test_login_with_wrong_password_shows_french_error(client, conseiller):
    response = client.post(LOGIN, {"username": "conseiller@exemple.fr", "password": "faux"})

    assert response.status_code == 200
    assert "Adresse électronique ou mot de passe incorrect." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_with_email_redirects_home(client, conseiller):
    response = client.post(LOGIN, {"username": "Conseiller@Exemple.fr", "password": factories.DEMO_PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == HOME
    assert client.session["_auth_user_id"] == str(conseiller.pk)


def test_login_follows_next(client, conseiller):
    response = client.post(LOGIN, {"username": conseiller.email, "password": factories.DEMO_PASSWORD, "next": "/admin/"})

    assert response["Location"] == "/admin/"


def test_login_refuses_an_inactive_account(client, db):
    user = factories.ConseillerFactory(email="ancien@exemple.fr", is_active=False)

    response = client.post(LOGIN, {"username": user.email, "password": factories.DEMO_PASSWORD})

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_login_page_redirects_a_logged_in_user_home(client, conseiller):
    client.force_login(conseiller)

    assert client.get(LOGIN)["Location"] == HOME


def test_logout_by_post_returns_to_login_with_a_message(client, conseiller):
    client.force_login(conseiller)

    response = client.post(LOGOUT, follow=True)

    assert response.redirect_chain == [(LOGIN, 302)]
    assert "_auth_user_id" not in client.session
    assert "Vous êtes déconnecté·e. À bientôt." in response.content.decode()


def test_logout_by_get_is_refused(client, conseiller):
    client.force_login(conseiller)

    assert client.get(LOGOUT).status_code == 405
    assert client.session["_auth_user_id"] == str(conseiller.pk)


# --- Home page, by role --------------------------------------------------------------------------


def test_home_redirects_anonymous_to_login(client, db):
    response = client.get(HOME)

    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next=/"


def test_home_for_admin_shows_every_schema(client, admin_user, schema, schema_94):
    client.force_login(admin_user)

    response = client.get(HOME)

    assert response.status_code == 200
    assert schema_titles(response) == ["Schéma départemental d'animation de la vie sociale", "Schéma directeur du Val-de-Marne"]
    content = response.content.decode()
    assert "administrateur" in content
    assert "Créer un schéma" not in content


def test_home_for_conseiller_shows_only_their_schemas(client, conseiller, schema, schema_94):
    client.force_login(conseiller)

    response = client.get(HOME)

    assert schema_titles(response) == ["Schéma départemental d'animation de la vie sociale"]
    assert "Val-de-Marne" not in response.content.decode()
    assert "Vos schémas" in response.content.decode()


def test_home_for_partner_shows_every_schema(client, partenaire, schema, schema_94):
    client.force_login(partenaire)

    response = client.get(HOME)

    assert len(response.context["schemas"]) == 2
    assert "partenaire" in response.content.decode()


def test_home_for_director_shows_their_structure_and_the_schemas_of_its_department(
    client, directeur_a, structure_a, structure_b, schema, schema_94
):
    client.force_login(directeur_a)

    response = client.get(HOME)

    assert schema_titles(response) == ["Schéma départemental d'animation de la vie sociale"]
    assert response.context["structures"] == [structure_a]
    content = response.content.decode()
    assert "Votre structure" in content
    assert "Centre social A" in content
    assert "Centre social B" not in content


def test_home_leads_a_director_to_the_entry_page_of_the_open_campaign(client, directeur_a, structure_a, schema):
    from indicateurs.enums import CampaignStatus, ValueStatus

    fiche = factories.FicheFactory(orientation__axis__schema=schema)
    first, _second = factories.IndicatorFactory(fiche=fiche), factories.IndicatorFactory(fiche=fiche)
    campaign = factories.CampaignFactory(schema=schema, year=2025, status=CampaignStatus.OPEN)
    factories.CampaignFactory(schema=schema, year=2024, status=CampaignStatus.CLOSED)
    factories.IndicatorValueFactory(indicator=first, campaign=campaign, structure=structure_a, status=ValueStatus.SUBMITTED)
    client.force_login(directeur_a)

    response = client.get(HOME)

    [(shown, row)] = response.context["open_entries"]
    assert (shown, row.structure, row.state_label, row.done, row.expected) == (campaign, structure_a, "Brouillon", 1, 2)
    content = response.content.decode()
    assert reverse("indicateurs:entry", args=[campaign.pk, structure_a.pk]) in content
    assert "Renseigner les indicateurs 2025" in content
    assert reverse("structures:structure_detail", args=[structure_a.pk]) in content


def test_home_tells_a_director_when_no_campaign_is_open(client, directeur_a, schema):
    factories.CampaignFactory(schema=schema, year=2025)  # in preparation, not open
    client.force_login(directeur_a)

    response = client.get(HOME)

    assert response.context["open_entries"] == []
    assert "Aucune campagne de saisie n'est ouverte pour le moment" in response.content.decode()


def test_home_schema_cards_open_the_schema_and_its_late_actions(client, conseiller, schema):
    client.force_login(conseiller)

    content = client.get(HOME).content.decode()

    assert reverse("fiches:schema_detail", args=[schema.pk]) in content
    assert f"{reverse('fiches:action_list')}?schema={schema.pk}&amp;late=oui" in content


def test_home_shows_the_counts_of_each_schema(client, admin_user, schema):
    last_year = timezone.localdate().year - 1
    orientation = factories.OrientationFactory(axis__schema=schema)
    factories.AxisFactory(schema=schema)
    fiche = factories.FicheFactory(orientation=orientation)
    factories.FicheFactory(orientation=orientation)
    factories.ActionFactory(fiche=fiche)
    factories.ActionFactory(fiche=fiche, last_year=last_year)  # late
    factories.ActionFactory(fiche=fiche, last_year=last_year, status=ActionStatus.REALISEE)  # done: not late
    client.force_login(admin_user)

    (card,) = client.get(HOME).context["schemas"]

    assert (card.axis_count, card.fiche_count, card.action_count, card.late_action_count) == (2, 2, 3, 1)


def test_home_shows_pilot_territory_period_and_status(client, admin_user):
    factories.SchemaFactory(pilot=factories.OrganisationFactory(name="Caf du Rhône"), status=SchemaStatus.EN_COURS)
    client.force_login(admin_user)

    content = client.get(HOME).content.decode()

    assert "Pilote : Caf du Rhône" in content
    assert "Rhône (69)" in content
    assert "2022–2026" in content
    assert "En cours" in content


def test_home_for_admin_without_schema_invites_to_create_one(client, admin_user):
    client.force_login(admin_user)

    content = client.get(HOME).content.decode()

    assert "Créer un schéma" in content
    assert reverse("admin:fiches_schema_add") in content


def test_home_for_conseiller_without_schema_shows_an_empty_state(client, db):
    user = factories.ConseillerFactory()
    client.force_login(user)

    content = client.get(HOME).content.decode()

    assert "Aucun schéma ne vous a encore été confié." in content
    assert "Créer un schéma" not in content


def test_home_query_count_does_not_grow_with_schemas(client, admin_user, django_assert_max_num_queries):
    for schema in factories.SchemaFactory.create_batch(10, pilot=factories.OrganisationFactory()):
        factories.ActionFactory.create_batch(2, fiche__orientation__axis__schema=schema)
    client.force_login(admin_user)

    # Session, user, the schémas, three grouped counts (axes, fiches, actions with the late ones, instead
    # of correlated subqueries that PostgreSQL would run once per schéma): six queries, none per schéma.
    # The session is not written back on each page (core/sessions.py): only on the first one, here.
    client.get(HOME)
    with django_assert_max_num_queries(6):
        response = client.get(HOME)

    # The first HOME_SCHEMA_LIMIT of them, the others on the schémas' page.
    assert len(response.context["schemas"]) == HOME_SCHEMA_LIMIT
    assert "Voir tous les schémas" in response.content.decode()


def test_home_lists_every_schema_without_a_link_when_they_fit(client, admin_user):
    factories.SchemaFactory.create_batch(HOME_SCHEMA_LIMIT)
    client.force_login(admin_user)

    response = client.get(HOME)

    assert len(response.context["schemas"]) == HOME_SCHEMA_LIMIT
    assert "Voir tous les schémas" not in response.content.decode()


# --- Navigation ----------------------------------------------------------------------------------


def labels(user, path="/"):
    request = RequestFactory().get(path)
    request.user = user
    return [item.label for item in menu_for(request)]


READER_MENU = ["Accueil", "Schéma", "Actions", "Structures", "Indicateurs"]


def test_menu_for_admin_has_every_entry(admin_user):
    assert labels(admin_user) == [*READER_MENU, "Tableaux de bord", "Gouvernance", "Utilisateurs", "Administration"]


def test_menu_for_conseiller_has_dashboards_but_no_administration(conseiller):
    assert labels(conseiller) == [*READER_MENU, "Tableaux de bord", "Gouvernance"]


def test_menu_for_partner_has_dashboards_but_no_administration(partenaire):
    assert labels(partenaire) == [*READER_MENU, "Tableaux de bord", "Gouvernance"]


def test_menu_for_director_has_neither_dashboards_nor_administration(directeur_a):
    assert labels(directeur_a) == READER_MENU


def test_menu_for_anonymous_is_empty(db):
    assert labels(AnonymousUser()) == []


def test_menu_skips_entries_without_url_or_permission(conseiller):
    request = RequestFactory().get("/")
    request.user = conseiller
    entries = [
        NavEntry("Accueil", "home"),
        NavEntry("Pas encore construit", "fiches:nothing_yet", None),
        NavEntry("Administration", "admin:index", "comptes.access_admin"),
        NavEntry("Structures", "home", "structures.change_structure"),
    ]

    items = menu_for(request, entries)

    assert [(item.label, item.url, item.active) for item in items] == [("Accueil", "/", True), ("Structures", "/", True)]


def test_menu_marks_the_current_section(admin_user, client):
    client.force_login(admin_user)

    content = client.get(HOME).content.decode()

    assert re.search(r'<a class="nav-link active" href="/" aria-current="page">Accueil</a>', content)
    assert re.search(r'<a class="nav-link" href="/admin/">Administration</a>', content)


def test_header_shows_name_role_and_logout_form(client, conseiller):
    client.force_login(conseiller)

    content = client.get(HOME).content.decode()

    assert str(conseiller) in content
    assert "Conseiller Caf" in content
    assert f'<form method="post" action="{LOGOUT}"' in content
    assert "csrfmiddlewaretoken" in content


# --- Error pages ---------------------------------------------------------------------------------


@pytest.mark.urls("tests.urls_forbidden")
def test_permission_denied_renders_the_french_403_with_its_reason(client, directeur_a):
    client.force_login(directeur_a)

    response = client.get("/interdit/")

    assert response.status_code == 403
    content = response.content.decode()
    assert "Accès refusé" in content
    assert "Votre rôle ne vous donne pas accès à cette page." in content
    assert "Cette structure ne fait pas partie de votre périmètre." in content
    assert 'href="/"' in content


@pytest.mark.urls("tests.urls_forbidden")
def test_permission_denied_without_reason(client, directeur_a):
    client.force_login(directeur_a)

    response = client.get("/interdit-sans-motif/")

    assert response.status_code == 403
    assert "Motif" not in response.content.decode()


def test_unknown_page_renders_the_french_404(client, conseiller):
    client.force_login(conseiller)

    response = client.get("/nulle-part/")

    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()


def test_expired_form_renders_the_french_csrf_page(db):
    response = Client(enforce_csrf_checks=True).post(LOGIN, {"username": "a@exemple.fr", "password": "x"})

    assert response.status_code == 403
    assert "Le formulaire a expiré" in response.content.decode()


def test_500_page_renders_without_context():
    content = loader.get_template("500.html").render()

    assert "Une erreur est survenue" in content
    assert '<html lang="fr">' in content


# --- Base layout and static files ----------------------------------------------------------------


def test_base_page_is_french_accessible_and_self_hosted(client, conseiller):
    client.force_login(conseiller)

    content = client.get(HOME).content.decode()

    assert '<html lang="fr">' in content
    assert '<a class="avs-skip-link visually-hidden-focusable" href="#contenu">Aller au contenu</a>' in content
    assert '<main id="contenu"' in content
    assert "cdn" not in content.lower()
    assets = re.findall(r'<(?:script|link)\b[^>]*(?:src|href)="([^"]*)"', content)
    assert assets  # the page does load its stylesheets and scripts…
    assert all(asset.startswith("/static/") for asset in assets), assets  # …from the application only
    assert "/static/bootstrap/css/bootstrap.min.css" in assets
    assert "/static/bootstrap/js/bootstrap.bundle.min.js" in assets
    assert "/static/django_htmx/htmx-2.min.js" in assets
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", content)  # no inline script


def test_login_page_is_self_hosted_too(client, db):
    content = client.get(LOGIN).content.decode()

    assert "http://" not in content
    assert "https://" not in content


@pytest.mark.parametrize(
    "path",
    [
        "bootstrap/css/bootstrap.min.css",
        "bootstrap/js/bootstrap.bundle.min.js",
        "django_htmx/htmx-2.min.js",
        "css/avs.css",
        "css/header.css",
        "css/components.css",
        "img/logo.svg",
    ],
)
def test_static_files_are_found(path):
    assert finders.find(path) is not None


# --- Template helpers ----------------------------------------------------------------------------


def render(source, **context):
    return Template("{% load avs %}" + source).render(Context(context))


@pytest.mark.parametrize(
    "source, value, expected",
    [
        ("{{ v|fr_number }}", 1234567, "1\xa0234\xa0567"),
        ("{{ v|fr_number:2 }}", Decimal("1234.5"), "1\xa0234,50"),
        ("{{ v|fr_number }}", None, ""),
        ("{{ v|euros }}", 70000, "70\xa0000\xa0€"),
        ("{{ v|euros:2 }}", "1234.5", "1\xa0234,50\xa0€"),
        ("{{ v|percent }}", 42, "42\xa0%"),
        ("{{ v|percent:1 }}", 12.5, "12,5\xa0%"),
        ("{{ v|percent }}", "n'importe quoi", ""),
    ],
)
def test_number_filters_write_french(source, value, expected):
    assert render(source, v=value) == expected


def test_progress_bar_is_a_labelled_progress_element():
    html = render("{% progress_bar v label %}", v=40, label='Avancement de l\'action "1"')

    assert html == (
        '<span class="avs-progress">'
        '<progress max="100" value="40" aria-label="Avancement de l&#x27;action &quot;1&quot;">40\xa0%</progress>'
        '<span class="avs-progress-value">40\xa0%</span></span>'
    )


@pytest.mark.parametrize("value, shown", [(None, "0"), (-5, "0"), (140, "100")])
def test_progress_bar_stays_within_0_and_100(value, shown):
    assert f'value="{shown}"' in render("{% progress_bar v %}", v=value)


@pytest.mark.parametrize("value, shown", [(149 / 3, "50"), (48.5, "49"), (48.4, "48")])
def test_progress_bar_figure_and_bar_round_alike(value, shown):
    html = render("{% progress_bar v %}", v=value)
    assert f'value="{shown}">{shown}\xa0%</progress><span class="avs-progress-value">{shown}\xa0%</span>' in html


def test_lowerfirst_keeps_proper_nouns():
    assert render("{{ v|lowerfirst }}", v="Conseiller Caf") == "conseiller Caf"

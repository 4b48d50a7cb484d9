"""Every page but the home has a breadcrumb trail: Accueil › … › the page, its last item marked aria-current.

Each GET row of the permission matrix is opened as a role that may open it (an administrateur first); an HTML
page must carry the trail, and its last item must name the page as ``LAST_ITEM`` says.
"""

import lxml.html
import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.matrix.world import open_world
from tests.test_permission_matrix import MATRIX

# The first role of this order that gets the page opens it.
VIEWERS = ("admin", "cons", "partner", "dir_a", "dir_b", "cons94", "anon")

# The home page has no trail; nor has the login page, which is the home of people not logged in.
WITHOUT_TRAIL = {"home", "login"}

# The last item of each page's trail; "{w.x}" is read from the matrix's world.
LAST_ITEM = {
    "comptes:invitation_list": "Invitations",
    "comptes:invitation_create": "Nouvelle invitation",
    "comptes:invitation_accept": "Ouvrir votre compte",
    "comptes:invitation_accept[lien utilisé]": "Lien d'invitation non valable",
    "comptes:invitation_accept[lien inconnu]": "Lien d'invitation non valable",
    "comptes:user_list": "Utilisateurs",
    "comptes:profile": "Mon profil",
    "comptes:password_change": "Changer de mot de passe",
    "comptes:password_change_done": "Mot de passe changé",
    "comptes:password_reset": "Mot de passe oublié",
    "comptes:password_reset_done": "Consultez votre messagerie",
    "comptes:password_reset_confirm": "Nouveau mot de passe",
    "comptes:password_reset_complete": "Mot de passe enregistré",
    "history": "Historique",
    "deleted_list": "Objets supprimés",
    "fiches:schema_list": "Schémas",
    "fiches:schema_detail": "Rhône 2022–2026",
    "fiches:schema_detail[94]": "Val-de-Marne 2016–2020",
    "fiches:fiche_create": "Nouvelle fiche-action",
    "fiches:fiche_import": "Importer des fiches",
    "fiches:action_import": "Importer l'avancement",
    "fiches:fiche_detail": "{w.fiche.code}",
    "fiches:fiche_edit": "Modifier",
    "fiches:schema_create": "Nouveau schéma",
    "fiches:schema_edit": "Modifier",
    "fiches:schema_axes": "Axes et orientations",
    "fiches:axis_orientations": "Axe {w.axis.number}",
    "search": "Recherche",
    "comptes:user_edit": "{w.spare_user}",
    "fiches:action_list": "Actions",
    "fiches:action_detail": "Action {w.action.number}",
    "structures:structure_list": "Structures",
    "structures:structure_create": "Nouvelle structure",
    "structures:structure_import": "Importer",
    "structures:structure_detail": "{w.structure_a.name}",
    "structures:structure_detail[C]": "{w.structure_c.name}",
    "structures:structure_edit": "Modifier « {w.structure_a.name} »",
    "structures:structure_edit[C]": "Modifier « {w.structure_c.name} »",
    "structures:structure_contact_edit": "Coordonnées de « {w.structure_a.name} »",
    "structures:agrement_create": "Nouvel agrément — {w.structure_a.name}",
    "structures:agrement_renew": "Renouveler l'agrément — {w.structure_a.name}",
    "structures:agrement_edit": "Modifier l'agrément — {w.structure_a.name}",
    "structures:agrement_delete": "Supprimer l'agrément",
    "structures:agrements_ending": "Agréments à renouveler",
    "structures:funding_create": "Nouveau financement — {w.structure_a.name}",
    "structures:funding_edit": "Modifier le financement — {w.structure_a.name}",
    "structures:funding_delete": "Supprimer le financement",
    "structures:organisation_list": "Organisations",
    "structures:organisation_detail": "{w.organisation.name}",
    "structures:organisation_create": "Nouvelle organisation",
    "structures:organisation_edit": "Modifier « {w.organisation.name} »",
    "structures:convention_list": "Conventions",
    "structures:convention_create": "Nouvelle convention",
    "structures:convention_edit": "Modifier « {w.convention.title} »",
    "structures:avs_en_bref": "L'AVS en bref",
    "structures:coverage": "Couverture territoriale",
    "indicateurs:indicator_list": "Indicateurs",
    "indicateurs:indicator_list[schéma 94]": "Indicateurs",
    "indicateurs:indicator_edit": "Modifier l'indicateur",
    "indicateurs:indicator_create": "Nouvel indicateur",
    "indicateurs:results": "Résultats",
    "indicateurs:campaign_list": "Campagnes",
    "indicateurs:campaign_create": "Nouvelle campagne",
    "indicateurs:campaign_detail": "Campagne 2025",
    "indicateurs:campaign_close": "Clore",
    "indicateurs:campaign_remind[toutes]": "Relancer",
    "indicateurs:completeness": "Complétude",
    "indicateurs:entry": "{w.structure_a.name}",
    "indicateurs:entry[B]": "{w.structure_b.name}",
    "indicateurs:entry[close]": "{w.structure_a.name}",
    "indicateurs:schema_values": "Valeurs du schéma",
    "indicateurs:schema_values[close]": "Valeurs du schéma",
    "indicateurs:validation": "Validation",
    "indicateurs:validation_structure": "{w.structure_a.name}",
    "indicateurs:validation_structure[close]": "{w.structure_a.name}",
    "indicateurs:import": "Importer des valeurs",
    "rapports:dashboard": "Tableaux de bord",
    "rapports:schema_dashboard": "Avancement du schéma",
    "rapports:indicators_dashboard": "Indicateurs du schéma",
    "rapports:structures_dashboard": "Structures : l'AVS en bref",
    "gouvernance:instance_list": "Gouvernance",
    "gouvernance:instance_create": "Nouvelle instance",
    "gouvernance:instance_detail": "{w.gov_instance.name}",
    "gouvernance:instance_edit": "Modifier",
    "gouvernance:meeting_create": "Nouvelle réunion",
    "gouvernance:meeting_detail": "14/03/2025",
    "gouvernance:meeting_edit": "Modifier",
    "gouvernance:decision_create": "Nouvelle décision",
    "gouvernance:decision_detail": "Décision",
    "gouvernance:decision_edit": "Modifier la décision",
    "gouvernance:decision_register": "Registre des décisions",
    "gouvernance:fiche_weather": "Météo",
}


def _trail(body):
    """The texts of the breadcrumb's items, and that of the one marked aria-current="page"."""
    document = lxml.html.fromstring(body)
    navs = document.xpath('//nav[@aria-label="Fil d\'Ariane"]')
    if not navs:
        return [], None
    items = [" ".join(item.text_content().split()) for item in navs[0].xpath(".//li")]
    current = navs[0].xpath('.//li[@aria-current="page"]')
    return items, " ".join(current[-1].text_content().split()) if current else None


def _pages():
    for row in MATRIX:
        if row.get is None or row.name in WITHOUT_TRAIL:
            continue
        viewer = next((role for role in VIEWERS if row.get.get(role) == 200), None)
        if viewer is not None:
            yield pytest.param(row, viewer, id=row.label)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with open_world(django_db_blocker) as world:
        yield world


@pytest.mark.parametrize(("row", "role"), list(_pages()))
def test_breadcrumb_on_every_page(world, db, row, role):
    client = Client()
    if role != "anon":
        client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[role]
    response = client.get(row.url(world))
    assert response.status_code == 200
    if not response.headers["Content-Type"].startswith("text/html"):
        return  # a download (CSV, workbook, PDF) is no page
    items, current = _trail(response.content.decode())
    assert items, f"{row.label} sans fil d'Ariane"
    assert items[0] == "Accueil"
    assert items[-1] == current, "le dernier élément du fil est la page (aria-current)"
    expected = LAST_ITEM.get(row.label) or LAST_ITEM[row.name]  # a row's case shares its page's trail unless named
    assert current == expected.format(w=world)


@pytest.mark.parametrize(
    ("url_name", "kwargs", "status", "last"),
    [("comptes:user_list", {}, 403, "Accès refusé"), ("fiches:fiche_detail", {"pk": 999999}, 404, "Page introuvable")],
)
def test_breadcrumb_on_error_pages(world, db, url_name, kwargs, status, last):
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions["partner"]
    response = client.get(reverse(url_name, kwargs=kwargs))
    assert response.status_code == status
    assert _trail(response.content.decode()) == (["Accueil", last], last)

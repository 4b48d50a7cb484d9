"""The main menu: which entries a person sees, by role.

Each entry names a URL and the permission (from the apps' ``rules.py``, asked without an object) that
a person needs to see it; ``rule=None`` means every logged-in person. An entry whose URL does not
exist is skipped: an app that is not installed takes its entries away, and building a page with one of
these URL names is all it takes for its entry to appear.
"""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class NavEntry:
    label: str
    url_name: str
    rule: str | None = None


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    active: bool


MENU = [
    NavEntry("Accueil", "home"),
    # Each entry appears as soon as its URL name resolves.
    NavEntry("Schéma", "fiches:schema_list", "fiches.view_schema"),
    NavEntry("Actions", "fiches:action_list", "fiches.view_action"),
    NavEntry("Structures", "structures:structure_list", "structures.view_structure"),
    NavEntry("Indicateurs", "indicateurs:indicator_list", "indicateurs.view_indicator"),
    NavEntry("Tableaux de bord", "rapports:dashboard", "rapports.view_dashboard"),
    NavEntry("Gouvernance", "gouvernance:instance_list", "gouvernance.view_instance"),
    NavEntry("Utilisateurs", "comptes:user_list", "comptes.manage_users"),
    # Last: the Django admin, for administrateurs.
    NavEntry("Administration", "admin:index", "comptes.access_admin"),
]


def _is_active(url, path):
    if url == "/":
        return path == "/"
    return path.startswith(url)


def menu_for(request, entries=None):
    """The NavItems (label, url, active) that the request's user may see, in menu order."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    items = []
    for entry in MENU if entries is None else entries:
        if entry.rule is not None and not user.has_perm(entry.rule):
            continue
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:
            continue
        items.append(NavItem(entry.label, url, _is_active(url, request.path)))
    return items

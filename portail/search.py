"""The header's search: structures, fiches-actions, actions, and for those who may read them organisations and
user accounts, each kind read through its own app's scope (``for_user``) so that a result is always one the
person may open. Accents and case are forgiven by core.search on SQLite and PostgreSQL."""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import reverse

from comptes.models import User
from core.search import Folded, contains, fold, search
from core.urls import url_filler
from fiches.models import Action, Fiche
from structures.models import Organisation, Structure

# One letter matches nearly every row: the page asks for more instead of listing them.
MIN_LENGTH = 2
# Results shown per kind; beyond, the kind's own list (when it has a search) shows them all.
LIMIT = 10


@dataclass
class Result:
    title: str
    url: str
    detail: str = ""


@dataclass
class Group:
    label: str
    results: list = field(default_factory=list)
    # More rows matched than the LIMIT shown.
    more: bool = False
    more_url: str | None = None


def _group(label, queryset, url_name, describe, more_url=None):
    """The group of the first rows of ``queryset``, each opening ``url_name`` (its primary key as argument)
    with the title and detail ``describe(row)`` gives."""
    rows = list(queryset[: LIMIT + 1])
    group = Group(label=label, more=len(rows) > LIMIT, more_url=more_url)
    if rows:
        url = url_filler(url_name)  # reversed once for the group (core.urls)
        for row in rows[:LIMIT]:
            title, detail = describe(row)
            group.results.append(Result(title, url(row.pk), detail))
    return group


def _with_query(url_name, text):
    return f"{reverse(url_name)}?{urlencode({'q': text})}"


def _structures(user, text):

    # for_user, not listed_for: a director finds their own structure, never another one's file. The communes
    # of the ten shown are read apart: joined, PostgreSQL may read all of France's to find them.
    queryset = Structure.objects.for_user(user).search(text).prefetch_related("commune").in_french_order()
    return _group(
        "Structures",
        queryset,
        "structures:structure_detail",
        lambda structure: (
            structure.name,
            f"{structure.get_kind_display()} · {structure.commune.name} ({structure.commune.department_code})",
        ),
        _with_query("structures:structure_list", text),
    )


def _fiches(user, text):

    queryset = search(Fiche.objects.for_user(user), [], text, [contains("search_text")]).select_related("schema")
    return _group(
        "Fiches-actions",
        queryset.order_by("schema__department_code", "-schema__first_year", "code"),
        "fiches:fiche_detail",
        lambda fiche: (f"{fiche.code} - {fiche.title}", fiche.schema.title),
    )


def _actions(user, text):

    queryset = search(Action.objects.for_user(user), [], text, [contains("search_text")]).select_related("fiche__schema")
    return _group(
        "Actions",
        queryset.order_by("fiche__schema__department_code", "-fiche__schema__first_year", "fiche__code", "number"),
        "fiches:action_detail",
        lambda action: (f"Action {action.number} - {action.text}", f"{action.fiche.code} · {action.fiche.schema.title}"),
        _with_query("fiches:action_list", text),
    )


def _organisations(user, text):

    queryset = search(Organisation.objects.all(), [], text, [contains("search_text")]).order_by("name", "pk")
    return _group(
        "Organisations",
        queryset,
        "structures:organisation_detail",
        lambda organisation: (organisation.name, organisation.get_kind_display()),
        _with_query("structures:organisation_list", text),
    )


def _users(user, text):

    # In the accounts list's order (French, accents and case forgiven), which its index serves: PostgreSQL
    # reads the accounts in that order until ten match instead of sorting all those that match.
    queryset = search(User.objects.all(), [], text, [contains("search_text")]).order_by(
        Folded("last_name"), Folded("first_name"), "email"
    )
    return _group(
        "Utilisateurs",
        queryset,
        "admin:comptes_user_change",
        lambda person: (str(person), f"{person.email} · {person.get_role_display()}"),
    )


# Each kind with the permission (from the apps' rules.py, asked without an object) needed to search it.
KINDS = [
    ("structures.view_structure", _structures),
    ("fiches.view_fiche", _fiches),
    ("fiches.view_action", _actions),
    ("structures.view_organisation", _organisations),
    ("comptes.manage_users", _users),
]


def too_short(text):
    return len(fold(text).replace(" ", "")) < MIN_LENGTH


def search_everything(user, text):
    """The groups of results for ``text``, in the order of KINDS; a kind the user may not search is left out."""
    return [find(user, text) for perm, find in KINDS if user.has_perm(perm)]

"""The permission matrix: every URL of the project, for every role, GET and (where the view takes it) POST.

The table ``MATRIX`` says, from the rules (DOMAIN.md and the apps' rules.py), what each role must
get on each page of one world: a Rhône schéma 69 with its fiche, action, indicator and open campaign;
structures A and B in the Rhône with their directors; a structure C in the Val-de-Marne (94) with its own
schéma and conseiller. A new URL that is not in the table fails ``test_every_url_is_in_the_matrix``.

The answers, per role:
- ``LOGIN``: 302 to the login page (anonymous people);
- an HTTP status: 200, 403, 404, 405 (GET on a POST-only view), 409 (a form given back with what was typed,
  its campaign having closed meanwhile), 422 (a form re-rendered with its errors);
- ``MOVED``: a 302 elsewhere than the login page (a POST that worked, or a page that sends on).

POST bodies are empty: the point is the access answer, not the form.
"""

from urllib.parse import urlencode, urlsplit

import pytest
from django.conf import settings
from django.contrib.admin import site as admin_site
from django.shortcuts import resolve_url
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.views.static import serve

from indicateurs.enums import ValueStatus
from tests.matrix.world import open_world

LOGIN = "login"
MOVED = "moved"
ANSWERS = {LOGIN, MOVED, 200, 403, 404, 405, 409, 422}

ROLES = ("anon", "partner", "dir_a", "dir_b", "cons", "cons94", "admin")
LOGGED_IN = frozenset(ROLES) - {"anon"}

# Who is allowed, by profile (the schéma, structure, campaign… of the URL are those of the Rhône, or structure A).
ADMIN = {"admin"}
CAF_69 = {"admin", "cons"}  # the Caf in charge of the Rhône: administrateurs and the Rhône's conseiller
CAF_STAFF = {"admin", "cons", "cons94"}  # the Caf's people, whatever their territory
TERRITORY = CAF_STAFF | {"partner"}  # the Caf and its partners (directory, figures, dashboards landing)
READ_69 = {"admin", "cons", "partner", "dir_a", "dir_b"}  # whoever reads the Rhône schéma
DASHBOARD_69 = {"admin", "cons", "partner"}  # the Rhône's dashboards and report: no directors
PRIVATE_A = {"admin", "cons", "dir_a"}  # structure A's private file
CONTACT_A = PRIVATE_A  # structure A's contact details: the Caf in charge and its own director
IDENTITY_A = {"admin", "cons", "partner", "dir_a"}  # whoever reads structure A (its agréments, not their comments)
READ_94 = {"admin", "cons94", "partner"}  # whoever reads the Val-de-Marne schéma
GOV_69 = {"admin", "cons", "partner"}  # the Rhône's comité: the Caf in charge and the partner, whose organisation is a member


def only(allowed, ok=200, no=403, anon=LOGIN):
    """The answers when ``allowed`` roles get ``ok`` and the other logged-in roles ``no``."""
    return {role: anon if role == "anon" else ok if role in allowed else no for role in ROLES}


def everyone(answer=200):
    return dict.fromkeys(ROLES, answer)


LOGGED = only(LOGGED_IN)  # any logged-in person
POST_ONLY = only((), no=405)  # GET on a POST-only view: 405 once logged in


class Ref:
    """An object of the world, named in the table before the world exists: ``obj.fiche``."""

    def __init__(self, name):
        self.name = name


class _Objects:
    def __getattr__(self, name):
        return Ref(name)


obj = _Objects()


class Row:
    """One URL name (``case`` tells apart several rows of one name): its parameters and query string (names of
    the world's objects, or literal values) and its answers."""

    def __init__(self, name, *, get, post=None, case="", query=None, **params):
        self.name = name
        self.case = case
        self.get = get
        self.post = post
        self.query = query or {}
        self.params = params

    @property
    def label(self):
        return f"{self.name}[{self.case}]" if self.case else self.name

    @staticmethod
    def _values(world, sources):
        values = {}
        for key, source in sources.items():
            value = getattr(world, source.name) if isinstance(source, Ref) else source
            values[key] = getattr(value, "pk", value)
        return values

    def url(self, world):
        url = reverse(self.name, kwargs=self._values(world, self.params))
        return f"{url}?{urlencode(self._values(world, self.query))}" if self.query else url


MATRIX = [
    # --- comptes: login, invitations, users, profile, passwords -----------------------------------
    Row("login", get={**everyone(MOVED), "anon": 200}, post={**everyone(MOVED), "anon": 200}),
    Row("logout", get=POST_ONLY, post=everyone(LOGIN)),  # LOGOUT_REDIRECT_URL is the login page
    Row("comptes:invitation_list", get=only(ADMIN)),
    Row("comptes:invitation_create", get=only(ADMIN), post=only(ADMIN)),
    # The invitation link opens the account: anyone who has it, logged in or not.
    Row("comptes:invitation_accept", get=everyone(200), post=everyone(200), token=obj.token),
    Row("comptes:invitation_accept", case="lien utilisé", get=everyone(404), post=everyone(404), token=obj.used_token),
    Row("comptes:invitation_accept", case="lien inconnu", get=everyone(404), post=everyone(404), token="lien-inconnu"),
    Row("comptes:user_list", get=only(ADMIN)),
    Row("comptes:user_edit", get=only(ADMIN), post=only(ADMIN, ok=422), pk=obj.spare_user),
    # An empty POST shows the confirmation page; only the confirmation's POST deactivates.
    Row("comptes:user_deactivate", get=POST_ONLY, post=only(ADMIN, ok=200), pk=obj.spare_user),
    Row("comptes:user_reactivate", get=POST_ONLY, post=only(ADMIN, ok=MOVED), pk=obj.spare_user),
    Row("comptes:user_unlock", get=POST_ONLY, post=only(ADMIN, ok=MOVED), pk=obj.spare_user),
    Row("comptes:profile", get=LOGGED, post=LOGGED),
    Row("comptes:password_change", get=LOGGED, post=LOGGED),
    Row("comptes:password_change_done", get=LOGGED),
    Row("comptes:password_reset", get=everyone(200), post=everyone(200)),
    Row("comptes:password_reset_done", get=everyone(200)),
    # A link whose token is not valid: the page says so, to everyone.
    Row("comptes:password_reset_confirm", get=everyone(200), uidb64="MQ", token="sans-valeur"),
    Row("comptes:password_reset_complete", get=everyone(200)),
    # --- portail: home, search, history, deleted objects ---------------------------------------------
    Row("home", get=LOGGED),
    # The header's search: every logged-in person, each finding what their scope holds (tests/portail).
    Row("search", get=LOGGED, query={"q": "centre social"}),
    Row("search", case="personnes", get=LOGGED, query={"q": "matrice"}),
    Row("search", case="trop court", get=LOGGED, query={"q": "c"}),
    Row("history", get=only(PRIVATE_A), app_label="structures", model_name="structure", pk=obj.structure_a),
    Row("deleted_list", get=only(ADMIN)),
    Row(
        "restore_deleted",
        get=POST_ONLY,
        post=only(ADMIN, ok=MOVED),
        app_label="structures",
        model_name="funding",
        history_id=obj.deleted_funding_history_id,
    ),
    # --- fiches: schémas, fiches, actions ---------------------------------------------------------
    Row("fiches:schema_list", get=LOGGED),
    Row("fiches:schema_detail", get=only(READ_69), pk=obj.schema),
    # Setting up schémas: administrateurs only; an empty POST is given back with its errors.
    Row("fiches:schema_create", get=only(ADMIN), post=only(ADMIN, ok=422)),
    Row("fiches:schema_edit", get=only(ADMIN), post=only(ADMIN, ok=422), pk=obj.schema),
    Row("fiches:schema_axes", get=only(ADMIN), post=only(ADMIN, ok=422), pk=obj.schema),
    Row("fiches:axis_orientations", get=only(ADMIN), post=only(ADMIN, ok=422), pk=obj.axis),
    Row("fiches:fiche_create", get=only(ADMIN), post=only(ADMIN), schema_pk=obj.schema),
    Row("fiches:fiche_import", get=only(CAF_69), post=only(CAF_69, ok=422), pk=obj.schema),
    # Without files waiting for confirmation, the preview sends back to the upload page.
    Row("fiches:fiche_import_preview", get=only(CAF_69, ok=MOVED), post=only(CAF_69, ok=MOVED), pk=obj.schema),
    Row("fiches:action_export", get=only(READ_69), pk=obj.schema, fmt="csv"),
    Row("fiches:action_import", get=only(CAF_69), post=only(CAF_69), pk=obj.schema),
    Row("fiches:action_import_rejected", get=only(CAF_69, ok=MOVED), pk=obj.schema),
    Row("fiches:fiche_detail", get=only(READ_69), pk=obj.fiche),
    # The Rhône's conseiller follows the fiche, so pilots it; the 94's does not.
    Row("fiches:fiche_edit", get=only(CAF_69), post=only(CAF_69), pk=obj.fiche),
    Row("fiches:action_list", get=LOGGED),
    Row("fiches:action_detail", get=only(READ_69), pk=obj.action),
    Row("fiches:action_update", get=POST_ONLY, post=only(CAF_69, ok=422), pk=obj.action),
    # --- structures: structures, agréments, fundings, directory, figures --------------------------
    Row("structures:structure_list", get=LOGGED),
    Row("structures:structure_create", get=only(CAF_STAFF), post=only(CAF_STAFF)),
    Row("structures:structure_import", get=only(CAF_STAFF), post=only(CAF_STAFF)),
    Row("structures:structure_import_template", get=only(CAF_STAFF)),
    # Without an import in progress, the refused rows' file sends back to the import page.
    Row("structures:structure_import_rejected", get=only(CAF_STAFF, ok=MOVED)),
    # A structure's public identity is read by every role; its private part is checked by structure_pdf and history.
    Row("structures:structure_detail", get=LOGGED, pk=obj.structure_a),
    Row("structures:structure_edit", get=only(CAF_69), post=only(CAF_69), pk=obj.structure_a),
    Row("structures:structure_contact_edit", get=only(CONTACT_A), post=only(CONTACT_A), pk=obj.structure_a),
    Row("structures:agrement_create", get=only(CAF_69), post=only(CAF_69), pk=obj.structure_a),
    Row("structures:agrement_renew", get=only(CAF_69), post=only(CAF_69), pk=obj.agrement),
    Row("structures:agrement_edit", get=only(CAF_69), post=only(CAF_69), pk=obj.agrement),
    Row("structures:agrement_delete", get=only(CAF_69), post=only(CAF_69, ok=MOVED), pk=obj.agrement),
    Row("structures:agrements_ending", get=LOGGED),
    Row("structures:funding_create", get=only(CAF_69), post=only(CAF_69), pk=obj.structure_a),
    Row("structures:funding_edit", get=only(CAF_69), post=only(CAF_69), pk=obj.funding_a),
    Row("structures:funding_delete", get=only(CAF_69), post=only(CAF_69, ok=MOVED), pk=obj.funding_a),
    Row("structures:organisation_list", get=only(TERRITORY)),
    Row("structures:organisation_detail", get=only(TERRITORY), pk=obj.organisation),
    Row("structures:organisation_create", get=only(CAF_STAFF), post=only(CAF_STAFF)),
    # A national organisation (no département): every conseiller may correct it.
    Row("structures:organisation_edit", get=only(CAF_STAFF), post=only(CAF_STAFF), pk=obj.organisation),
    Row("structures:convention_list", get=only(TERRITORY)),
    Row("structures:convention_create", get=only(CAF_STAFF), post=only(CAF_STAFF)),
    Row("structures:convention_edit", get=only(CAF_69), post=only(CAF_69), pk=obj.convention),
    Row("structures:avs_en_bref", get=only(TERRITORY)),
    Row("structures:coverage", get=only(TERRITORY)),
    # --- indicateurs: indicators, campaigns, entry, validation, exports ---------------------------
    Row("indicateurs:indicator_list", get=LOGGED),
    Row("indicateurs:indicator_edit", get=only(ADMIN), post=only(ADMIN), pk=obj.indicator),
    Row("indicateurs:indicator_create", get=only(ADMIN), post=only(ADMIN), fiche_pk=obj.fiche),
    Row("indicateurs:results", get=only(READ_69), schema_pk=obj.schema),
    Row("indicateurs:campaign_list", get=LOGGED),
    Row("indicateurs:campaign_create", get=only(ADMIN), post=only(ADMIN)),
    Row("indicateurs:campaign_detail", get=only(READ_69), pk=obj.campaign),
    Row("indicateurs:campaign_open", get=POST_ONLY, post=only(ADMIN, ok=MOVED), pk=obj.campaign),
    Row("indicateurs:campaign_close", get=only(ADMIN), post=only(ADMIN, ok=MOVED), pk=obj.campaign),
    Row("indicateurs:campaign_extend", get=POST_ONLY, post=only(ADMIN, ok=422), pk=obj.campaign),
    Row("indicateurs:campaign_remind", get=only(CAF_69, ok=MOVED), post=only(CAF_69, ok=MOVED), pk=obj.campaign),
    Row("indicateurs:campaign_reopen", get=POST_ONLY, post=only(ADMIN, ok=MOVED), pk=obj.campaign),
    Row("indicateurs:completeness", get=only(READ_69), pk=obj.campaign),
    # Structure A's values: read by the Caf of the schéma and A's director; entered by A's director (the
    # campaign is open) and administrateurs; a conseiller validates, never types them (403 on POST).
    # The empty post carries no version of A's stored value: for the administrateur, who may change it,
    # that is a stale form (the page again, 200); A's director cannot change a submitted value anyway.
    Row(
        "indicateurs:entry",
        get=only(PRIVATE_A),
        post={**only({"dir_a"}, ok=MOVED), "admin": 200},
        campaign_pk=obj.campaign,
        structure_pk=obj.structure_a,
    ),
    Row("indicateurs:schema_values", get=only(CAF_69), post=only(CAF_69), campaign_pk=obj.campaign),
    Row("indicateurs:validation", get=only(CAF_69), campaign_pk=obj.campaign),
    Row(
        "indicateurs:validation_structure",
        get=only(CAF_69),
        post=only(CAF_69, ok=MOVED),
        campaign_pk=obj.campaign,
        structure_pk=obj.structure_a,
    ),
    Row("indicateurs:return_value", get=POST_ONLY, post=only(CAF_69, ok=MOVED), value_pk=obj.value_a),
    Row("indicateurs:validate_value", get=POST_ONLY, post=only(CAF_69, ok=MOVED), value_pk=obj.value_a),
    Row("indicateurs:export", get=only(CAF_69), pk=obj.campaign, fmt="csv"),
    Row("indicateurs:import", get=only(ADMIN), post=only(ADMIN), pk=obj.campaign),
    # Without an import in progress, the refused rows' file sends back to the import page.
    Row("indicateurs:import_rejected", get=only(ADMIN, ok=MOVED), pk=obj.campaign),
    # --- rapports: dashboards and PDFs ------------------------------------------------------------
    Row("rapports:dashboard", get=only(TERRITORY)),
    Row("rapports:schema_dashboard", get=only(DASHBOARD_69), pk=obj.schema),
    Row("rapports:indicators_dashboard", get=only(DASHBOARD_69), pk=obj.schema),
    Row("rapports:structures_dashboard", get=only(DASHBOARD_69), pk=obj.schema),
    Row("rapports:annual_report_pdf", get=only(DASHBOARD_69), pk=obj.schema, year=2025),
    # An organisation's own report: the Rhône's Caf for any organisation, a partner for their own only.
    Row("rapports:partner_report_pdf", get=only(DASHBOARD_69), pk=obj.schema, year=2025, organisation_pk=obj.organisation),
    Row("rapports:fiche_pdf", get=only(READ_69), pk=obj.fiche),
    Row("rapports:structure_pdf", get=only(PRIVATE_A), pk=obj.structure_a),
    # --- gouvernance: instances, meetings, decisions, météo ---------------------------------------
    Row("gouvernance:instance_list", get=only(TERRITORY)),
    Row("gouvernance:instance_create", get=only(CAF_69), post=only(CAF_69), schema_pk=obj.schema),
    Row("gouvernance:instance_detail", get=only(GOV_69), pk=obj.gov_instance),
    Row("gouvernance:instance_edit", get=only(CAF_69), post=only(CAF_69), pk=obj.gov_instance),
    Row("gouvernance:meeting_create", get=only(CAF_69), post=only(CAF_69), pk=obj.gov_instance),
    Row("gouvernance:meeting_detail", get=only(GOV_69), pk=obj.gov_meeting),
    Row("gouvernance:meeting_edit", get=only(CAF_69), post=only(CAF_69), pk=obj.gov_meeting),
    Row("gouvernance:decision_create", get=only(CAF_69), post=only(CAF_69), pk=obj.gov_meeting),
    Row("gouvernance:decision_detail", get=only(GOV_69), pk=obj.gov_decision),
    Row("gouvernance:decision_edit", get=only(CAF_69), post=only(CAF_69), pk=obj.gov_decision),
    Row("gouvernance:decision_update", get=POST_ONLY, post=only(CAF_69, ok=422), pk=obj.gov_decision),
    Row("gouvernance:decision_register", get=only(GOV_69), pk=obj.schema),
    Row("gouvernance:decision_export", get=only(GOV_69), pk=obj.schema, fmt="csv"),
    # The météo: read by whoever reads the fiche; set by administrateurs and the conseiller who pilots it.
    Row("gouvernance:fiche_weather", get=only(READ_69), post=only(CAF_69), pk=obj.fiche),
]

# --- The same URLs on other objects: the other département, other audited objects, what does not exist --
MATRIX += [
    Row("fiches:schema_detail", case="94", get=only(READ_94), pk=obj.schema_94),
    Row("fiches:fiche_detail", case="inexistante", get=only(LOGGED_IN, ok=404), pk=999999),
    Row("fiches:action_export", case="format inconnu", get=only(LOGGED_IN, ok=404), pk=obj.schema, fmt="pdf"),
    Row("fiches:action_export", case="xlsx", get=only(READ_69), pk=obj.schema, fmt="xlsx"),
    Row("indicateurs:indicator_list", case="schéma 94", get=only(READ_94), query={"schema": obj.schema_94}),
    Row("indicateurs:campaign_remind", case="toutes", get=only(CAF_69), pk=obj.campaign, query={"toutes": "1"}),
    Row("indicateurs:campaign_remind", case="close", get=only((), no=403), post=only((), no=403), pk=obj.closed_campaign),
    Row("indicateurs:export", case="format inconnu", get=only(CAF_69, ok=404), pk=obj.campaign, fmt="pdf"),
    Row("indicateurs:export", case="xlsx", get=only(CAF_69), pk=obj.campaign, fmt="xlsx"),
    # B's values: B's director, not A's.
    Row(
        "indicateurs:entry",
        case="B",
        get=only({"admin", "cons", "dir_b"}),
        # B holds a stored value: the administrateur's empty post, without its version, is stale.
        post={**only({"dir_b"}, ok=MOVED), "admin": 200},
        campaign_pk=obj.campaign,
        structure_pk=obj.structure_b,
    ),
    # C is in the Val-de-Marne: it has no values in the Rhône's campaign, whoever asks.
    Row(
        "indicateurs:entry",
        case="hors schéma",
        get=only(()),
        post=only(()),
        campaign_pk=obj.campaign,
        structure_pk=obj.structure_c,
    ),
    Row(
        "indicateurs:validation_structure",
        case="hors schéma",
        get=only(()),
        campaign_pk=obj.campaign,
        structure_pk=obj.structure_c,
    ),
    Row("structures:structure_detail", case="C", get=LOGGED, pk=obj.structure_c),
    Row("structures:structure_edit", case="C", get=only({"admin", "cons94"}), pk=obj.structure_c),
    Row("rapports:structure_pdf", case="C", get=only({"admin", "cons94"}), pk=obj.structure_c),
    Row("rapports:annual_report_pdf", case="année hors schéma", get=only(DASHBOARD_69, ok=404), pk=obj.schema, year=2030),
    # A closed campaign: nobody but an administrateur changes a value any more (the reads stay); A's
    # director gets the page again with what they typed and whom to ask (409); the administrateur's empty
    # post is stale (no version of the stored value, 200).
    Row(
        "indicateurs:entry",
        case="close",
        get=only(PRIVATE_A),
        post={**only(()), "admin": 200, "dir_a": 409},
        campaign_pk=obj.closed_campaign,
        structure_pk=obj.structure_a,
    ),
    Row("indicateurs:schema_values", case="close", get=only(CAF_69), post=only(ADMIN), campaign_pk=obj.closed_campaign),
    Row(
        "indicateurs:validation_structure",
        case="close",
        get=only(CAF_69),
        post=only(ADMIN, ok=MOVED),
        campaign_pk=obj.closed_campaign,
        structure_pk=obj.structure_a,
    ),
    Row("indicateurs:return_value", case="close", get=POST_ONLY, post=only(ADMIN, ok=MOVED), value_pk=obj.closed_value_a),
    # A schéma-wide value is not sent back: the Caf of the schéma is told so and sent to the schéma's values.
    Row(
        "indicateurs:return_value", case="valeur du schéma", get=POST_ONLY, post=only(CAF_69, ok=MOVED), value_pk=obj.value_schema
    ),
    # The "Historique" tab of each audited object follows the rule of reading that object.
    *(
        Row("history", case=model, get=only(allowed), app_label=app, model_name=model, pk=getattr(obj, name))
        for app, model, name, allowed in [
            ("fiches", "schema", "schema", READ_69),
            ("fiches", "fiche", "fiche", READ_69),
            ("fiches", "action", "action", READ_69),
            ("fiches", "actionupdate", "action_update", READ_69),
            # Its comment is private: the history of an object follows its most private field.
            ("structures", "agrement", "agrement", PRIVATE_A),
            ("structures", "funding", "funding_a", PRIVATE_A),
            ("indicateurs", "indicator", "indicator", READ_69),
            ("indicateurs", "campaign", "campaign", READ_69),
            ("indicateurs", "indicatorvalue", "value_a", PRIVATE_A),
            ("comptes", "user", "spare_user", ADMIN),
        ]
    ),
    Row(
        "history",
        case="valeur du schéma",
        get=only(READ_69),
        app_label="indicateurs",
        model_name="indicatorvalue",
        pk=obj.value_schema,
    ),
    # A convention's history: the Caf of its département (its list shows a conseiller only theirs).
    Row(
        "history",
        case="convention",
        get=only(CAF_69),
        app_label="structures",
        model_name="convention",
        pk=obj.convention,
    ),
    # A deleted object: its history stays readable by administrateurs only; for the others it does not exist.
    Row(
        "history",
        case="supprimé",
        get=only(ADMIN, no=404),
        app_label="structures",
        model_name="funding",
        pk=obj.deleted_funding_pk,
    ),
    Row("history", case="sans historique", get=only((), no=404), app_label="structures", model_name="commune", pk=1),
]

ROWS = {row.name for row in MATRIX}


# --- The project's URLs --------------------------------------------------------------------------


def project_url_names(patterns=None, namespace=""):
    """The names of every URL pattern of the project (with their namespace), but the admin's and static serving."""
    names = []
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            if pattern.app_name == admin_site.name or pattern.namespace == admin_site.name:
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names += project_url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.callback is not serve:
            names.append(f"{namespace}{pattern.name}" if pattern.name else f"(sans nom) {pattern.pattern}")
    return names


def test_every_url_is_in_the_matrix():
    missing = [name for name in project_url_names() if name not in ROWS]
    assert not missing, "URL absente de la matrice : " + ", ".join(missing)


def test_every_row_answers_for_every_role():
    """Each row gives one known answer per role and method; a POST-only view has its POST answers."""
    problems = []
    for row in MATRIX:
        for method, spec in (("GET", row.get), ("POST", row.post)):
            if spec is None:
                continue
            if missing := [role for role in ROLES if role not in spec]:
                problems.append(f"{row.label} {method} : pas de réponse pour {', '.join(missing)}")
            if unknown := sorted(set(spec) - set(ROLES)):
                problems.append(f"{row.label} {method} : rôles inconnus {', '.join(unknown)}")
            problems += [
                f"{row.label} {method} : réponse inconnue {answer!r} pour {role}"
                for role, answer in spec.items()
                if _unwrap(answer)[0] not in ANSWERS
            ]
        if row.post is None and all(row.get.get(role) == 405 for role in LOGGED_IN):
            problems.append(f"{row.label} : vue POST seule sans réponses POST")
    assert problems == []


# --- The world -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once for the module, inside a transaction rolled back at the end; each test rolls back its own."""
    with open_world(django_db_blocker) as world:
        yield world


def test_every_row_of_the_matrix_is_a_url_of_the_project(world, db):
    """Each row's address, built in the world, reaches the view the row names (not a pattern before it)."""
    names = set(project_url_names())
    assert [row.name for row in MATRIX if row.name not in names] == []
    labels = [row.label for row in MATRIX]
    assert [label for label in labels if labels.count(label) > 1] == [], "Une ligne figure deux fois dans la matrice."
    reached = {row.label: resolve(urlsplit(row.url(world)).path).view_name for row in MATRIX}
    assert {label: name for label, name in reached.items() if name != label.split("[")[0]} == {}


# --- The matrix ----------------------------------------------------------------------------------


def _unwrap(answer):
    """The answer and its marks: a known bug is written pytest.param(answer, marks=xfail)."""
    if hasattr(answer, "marks"):
        return answer.values[0], answer.marks
    return answer, ()


def _cases():
    for row in MATRIX:
        for method, spec in (("GET", row.get), ("POST", row.post)):
            if spec is None:
                continue
            for role in ROLES:
                if role not in spec:  # test_every_row_answers_for_every_role says which
                    continue
                expected, marks = _unwrap(spec[role])
                yield pytest.param(row, role, method, expected, marks=marks, id=f"{row.label}-{role}-{method}")


def _assert_answer(response, expected, login_url):
    location = response.headers.get("Location", "")
    if expected == LOGIN:
        assert response.status_code == 302, f"attendu : redirection vers la connexion, reçu {response.status_code}"
        assert location.startswith(login_url), f"redirigé vers {location}, pas vers la connexion"
    elif expected == MOVED:
        assert response.status_code in (302, 303), f"attendu : une redirection, reçu {response.status_code}"
        assert not location.startswith(login_url), f"redirigé vers la connexion ({location})"
    else:
        assert response.status_code == expected, f"attendu {expected}, reçu {response.status_code}"


@pytest.mark.parametrize(("row", "role", "method", "expected"), list(_cases()))
def test_matrix(world, db, client, row, role, method, expected):
    if role != "anon":
        client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[role]
    url = row.url(world)
    response = client.get(url) if method == "GET" else client.post(url, {})
    _assert_answer(response, expected, resolve_url(settings.LOGIN_URL))


# The table's profiles, each with the permission of the project's rules it stands for, about an object of the world.
PROFILES = [
    ("ADMIN", ADMIN, "comptes.manage_users", None),
    ("CAF_69", CAF_69, "structures.change_structure", "structure_a"),
    ("CAF_STAFF", CAF_STAFF, "structures.add_structure", None),
    ("TERRITORY", TERRITORY, "structures.view_organisation", None),
    ("READ_69", READ_69, "fiches.view_schema", "schema"),
    ("READ_94", READ_94, "fiches.view_schema", "schema_94"),
    ("PRIVATE_A", PRIVATE_A, "structures.view_structure_private", "structure_a"),
    ("CONTACT_A", CONTACT_A, "structures.change_structure_contact", "structure_a"),
    ("IDENTITY_A", IDENTITY_A, "structures.view_structure", "structure_a"),
]


def test_matrix_world_is_what_the_table_says(world, db):
    """The world the answers rely on (an open campaign of 2025 in the Rhône, A's value submitted…), and the table's
    profiles are those the rules give its people: a profile that drifts from the rules is named here."""
    assert world.campaign.is_open and world.campaign.year == 2025
    assert world.value_a.status == ValueStatus.SUBMITTED
    assert world.users["cons"].followed_fiches.filter(pk=world.fiche.pk).exists()
    assert world.closed_campaign.is_closed and world.closed_value_a.status == ValueStatus.SUBMITTED
    assert (world.structure_c.commune.department_code, world.schema_94.department_code) == ("94", "94")
    drift = {}
    for name, allowed, perm, target in PROFILES:
        obj = None if target is None else getattr(world, target)
        # Fresh users: the rules keep per-request caches on the user object.
        users = {role: user.__class__.objects.get(pk=user.pk) for role, user in world.users.items()}
        granted = {role for role, user in users.items() if user.has_perm(perm, obj)}
        if granted != set(allowed):
            drift[name] = sorted(granted ^ set(allowed))
    assert drift == {}, "Rôles où le profil de la table et les règles diffèrent"


@pytest.mark.parametrize("role", sorted(LOGGED_IN))
def test_matrix_deactivated_account_is_sent_to_login(world, db, client, role):
    """A deactivated person keeps no access, even with a session opened before: every page sends them to login."""
    world.users[role].__class__.objects.filter(pk=world.users[role].pk).update(is_active=False)
    client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[role]
    for url in (reverse("home"), reverse("structures:structure_detail", args=[world.structure_a.pk])):
        _assert_answer(client.get(url), LOGIN, resolve_url(settings.LOGIN_URL))

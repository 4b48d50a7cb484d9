"""Bad input never breaks anything.

Every form of the project is opened as a person who may use it, then posted with hypothesis-drawn
hostile values in any of its fields (huge numbers, unicode, NUL, HTML, SQL-looking text, impossible
dates, 100 000 characters, several values for one field): no answer is a 500, and every stored row
still follows its rules afterwards. Each example runs in a savepoint that is rolled back.
"""

import csv
import io
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fiches.exports import COLUMNS as ACTION_COLUMNS
from indicateurs.exports import HEADERS as VALUE_HEADERS
from structures.imports import TEMPLATE_COLUMNS as STRUCTURE_COLUMNS
from tests.hostile.formdata import form_fields
from tests.hostile.values import DATE_BOUNDARIES, FIXED, date_value, field_value, scalar
from tests.hostile.world import build_world, check_invariants

IN_CI = os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}
SUPPRESSED = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large]
HOSTILE = settings(max_examples=10, deadline=None, suppress_health_check=SUPPRESSED)
# Forms (and file uploads) get 100 examples each in CI, enough to meet rare combinations; a developer's
# run keeps 10. The boundary values do not depend on luck: test_form_date_boundaries_never_500 posts
# each of them in every date field, every time.
HOSTILE_FORMS = settings(max_examples=100 if IN_CI else 10, deadline=None, suppress_health_check=SUPPRESSED)


def _url(name, *args):
    return lambda w: reverse(name, args=[arg(w) if callable(arg) else arg for arg in args])


# (id, who, page showing the form, text the form's action contains (None: the first POST form), extra post keys)
FORMS = [
    ("schema_create", "admin", _url("fiches:schema_create"), None, {}),
    ("schema_edit", "admin", _url("fiches:schema_edit", lambda w: w["schema"].pk), None, {}),
    ("schema_axes", "admin", _url("fiches:schema_axes", lambda w: w["schema"].pk), None, {}),
    ("axis_orientations", "admin", _url("fiches:axis_orientations", lambda w: w["axis"].pk), None, {}),
    ("fiche_add_rows", "admin", _url("fiches:fiche_create", lambda w: w["schema"].pk), None, {"ajouter_lignes": "1"}),
    ("fiche_create", "admin", _url("fiches:fiche_create", lambda w: w["schema"].pk), None, {}),
    ("fiche_edit", "conseiller", _url("fiches:fiche_edit", lambda w: w["fiche"].pk), None, {}),
    ("action_update", "conseiller", _url("fiches:action_detail", lambda w: w["action"].pk), "avancement", {}),
    ("structure_create", "admin", _url("structures:structure_create"), None, {}),
    ("structure_edit", "conseiller", _url("structures:structure_edit", lambda w: w["structure"].pk), None, {}),
    ("structure_contact", "directeur", _url("structures:structure_contact_edit", lambda w: w["structure"].pk), None, {}),
    ("agrement_create", "admin", _url("structures:agrement_create", lambda w: w["structure"].pk), None, {}),
    ("agrement_renew", "admin", _url("structures:agrement_renew", lambda w: w["agrement"].pk), None, {}),
    ("funding_create", "admin", _url("structures:funding_create", lambda w: w["structure"].pk), None, {}),
    ("convention_create", "conseiller", _url("structures:convention_create"), None, {}),
    ("convention_edit", "conseiller", _url("structures:convention_edit", lambda w: w["convention"].pk), None, {}),
    ("indicator_create", "admin", _url("indicateurs:indicator_create", lambda w: w["fiche"].pk), None, {}),
    ("indicator_edit", "admin", _url("indicateurs:indicator_edit", lambda w: w["indicators"]["count"].pk), None, {}),
    ("campaign_create", "admin", _url("indicateurs:campaign_create"), None, {}),
    (
        "entry_draft",
        "directeur",
        _url("indicateurs:entry", lambda w: w["campaign"].pk, lambda w: w["structure"].pk),
        None,
        {},
    ),
    (
        "entry_submit",
        "directeur",
        _url("indicateurs:entry", lambda w: w["campaign"].pk, lambda w: w["structure"].pk),
        None,
        {"transmettre": "1"},
    ),
    ("schema_values", "conseiller", _url("indicateurs:schema_values", lambda w: w["campaign"].pk), None, {}),
    (
        "return_value",
        "conseiller",
        _url("indicateurs:validation_structure", lambda w: w["campaign"].pk, lambda w: w["structure"].pk),
        "renvoyer",
        {},
    ),
    ("invitation_create", "admin", _url("comptes:invitation_create"), None, {}),
    ("user_edit", "admin", _url("comptes:user_edit", lambda w: w["directeur"].pk), None, {}),
    ("profile", "directeur", _url("comptes:profile"), None, {}),
    ("password_change", "directeur", _url("comptes:password_change"), None, {}),
    ("login", None, _url("login"), None, {}),
    ("password_reset", None, _url("comptes:password_reset"), None, {}),
    ("invitation_accept", None, lambda w: reverse("comptes:invitation_accept", args=[w["token"]]), None, {}),
]


@pytest.fixture
def world(db):
    return build_world()


def _client(world, who):
    client = Client()
    client.raise_request_exception = False
    if who:
        client.force_login(world[who])
    return client


def _form(client, page_url, action_contains, cache=None):
    if cache is not None and page_url in cache:
        return cache[page_url]
    response = client.get(page_url)
    assert response.status_code == 200, page_url
    data, kinds = form_fields(response.content.decode(), action_contains=action_contains)
    post_url = page_url
    if action_contains:
        html = response.content.decode()
        start = html.index(action_contains)
        post_url = html[html.rindex('action="', 0, start) + len('action="') : html.index('"', start)]
    if cache is not None:
        cache[page_url] = (data, kinds, post_url)
    return data, kinds, post_url


def _post_and_check(client, url, data, **kwargs):
    with transaction.atomic():
        response = client.post(url, data, **kwargs)
        assert response.status_code != 500, f"500 on {url} with {data!r}"
        check_invariants()
        transaction.set_rollback(True)
    return response


@pytest.mark.parametrize(("form_id", "who", "page", "action_contains", "extra"), FORMS, ids=[f[0] for f in FORMS])
@HOSTILE_FORMS
@given(data=st.data())
def test_form_hostile_values_never_500(world, form_id, who, page, action_contains, extra, data):
    client = _client(world, who)
    baseline, kinds, post_url = _form(client, page(world), action_contains, cache=world.setdefault("forms", {}))
    names = sorted(kinds)
    chosen = data.draw(st.lists(st.sampled_from(names), min_size=1, max_size=min(4, len(names)), unique=True), label="fields")
    posted = dict(baseline)
    for name in chosen:
        posted[name] = data.draw(date_value if kinds[name] == "date" else field_value, label=name)
    posted.update(extra)
    _post_and_check(client, post_url, posted)


DATED = {"action_update", "agrement_create", "agrement_renew", "campaign_create", "convention_create", "convention_edit"}
DATED_FORMS = [form for form in FORMS if form[0] in DATED]


@pytest.mark.parametrize(("form_id", "who", "page", "action_contains", "extra"), DATED_FORMS, ids=[f[0] for f in DATED_FORMS])
def test_form_date_boundaries_never_500(world, form_id, who, page, action_contains, extra):
    """Every boundary date, in each date field alone and in all of them at once: a French error, never a 500."""
    client = _client(world, who)
    baseline, kinds, post_url = _form(client, page(world), action_contains)
    dates = sorted(name for name, kind in kinds.items() if kind == "date")
    assert dates, f"{form_id} has no date field"
    for value in DATE_BOUNDARIES:
        for chosen in [[name] for name in dates] + [dates]:
            response = _post_and_check(client, post_url, {**baseline, **dict.fromkeys(chosen, value), **extra})
            if value[:4] in ("9999", "0001", "1899", "2101"):
                assert response.status_code != 302, f"{form_id} accepted {value} in {chosen}"


def test_every_form_with_a_date_field_is_in_the_boundary_sweep(world):
    with_dates = set()
    for form_id, who, page, action_contains, _extra in FORMS:
        _baseline, kinds, _post_url = _form(_client(world, who), page(world), action_contains)
        if "date" in kinds.values():
            with_dates.add(form_id)
    assert with_dates == {form[0] for form in DATED_FORMS}


FORMSET_PLUMBING = ("_FORMS", "-id", "-fiche", "-DELETE")


@pytest.mark.parametrize(("form_id", "who", "page", "action_contains", "extra"), FORMS, ids=[f[0] for f in FORMS])
def test_form_every_field_nul_and_huge_never_500(world, form_id, who, page, action_contains, extra):
    """Deterministic sweep: each field alone gets a NUL, a huge negative number, an impossible date."""
    client = _client(world, who)
    baseline, kinds, post_url = _form(client, page(world), action_contains)
    for value in ["abc\x00def", "-1" + "0" * 30, "2025-02-31"]:
        for name in [n for n in kinds if not n.endswith(FORMSET_PLUMBING) and "-1-" not in n]:
            _post_and_check(client, post_url, {**baseline, name: value, **extra})


# --- Files -----------------------------------------------------------------------------------------


def _csv(header, rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


FILE_FORMS = [
    ("action_import", "admin", lambda w: reverse("fiches:action_import", args=[w["schema"].pk]), ACTION_COLUMNS),
    ("structure_import", "admin", lambda w: reverse("structures:structure_import"), STRUCTURE_COLUMNS),
    ("value_import", "admin", lambda w: reverse("indicateurs:import", args=[w["campaign"].pk]), VALUE_HEADERS),
]

raw_file = st.one_of(
    st.binary(max_size=200),
    st.sampled_from([b"", b"\x00" * 10, b"PK\x03\x04garbage", "é;à\n".encode("latin-1"), b"\xef\xbb\xbf", b"a" * 5000]),
)


@pytest.mark.parametrize(("form_id", "who", "url", "columns"), FILE_FORMS, ids=[f[0] for f in FILE_FORMS])
@HOSTILE_FORMS
@given(data=st.data())
def test_import_hostile_file_never_500(world, form_id, who, url, columns, data):
    client = _client(world, who)
    if data.draw(st.booleans(), label="csv"):
        rows = data.draw(st.lists(st.lists(scalar, min_size=len(columns), max_size=len(columns)), min_size=1, max_size=3))
        content = _csv(columns, rows)
    else:
        content = data.draw(raw_file, label="raw")
    name = data.draw(st.sampled_from(["donnees.csv", "donnees.xlsx", "donnees.exe", "x\x00.csv", "é.CSV"]), label="name")
    upload = SimpleUploadedFile(name.replace("\x00", ""), content)
    with transaction.atomic():
        response = client.post(url(world), {"file": upload})
        assert response.status_code != 500, f"500 on {form_id} with {content[:200]!r}"
        check_invariants()
        transaction.set_rollback(True)


@pytest.mark.parametrize(("form_id", "who", "url", "columns"), FILE_FORMS, ids=[f[0] for f in FILE_FORMS])
def test_import_csv_cells_with_nul_never_stored(world, form_id, who, url, columns):
    """A plausible file whose every cell carries a NUL, and one row of FIXED values per column."""
    client = _client(world, who)
    structure, fiche, indicator = world["structure"], world["fiche"], world["indicators"]["count"]
    plausible = {
        "action_import": ["Schéma", fiche.code, "1", "Action", "2022", "2026", "En cours", "50", "01/06/2025", "ok", "", ""],
        "structure_import": [
            "Centre",
            "Centre social",
            "Associatif",
            "",
            "1 rue",
            "69001",
            "Lyon",
            "69123",
            "non",
            "non",
            "",
            "",
            "",
        ],
        "value_import": [
            str(structure.pk),
            structure.name,
            str(indicator.pk),
            fiche.code,
            indicator.label,
            "Nombre",
            "12",
            "",
            "Brouillon",
        ],
    }[form_id]
    nul_everywhere = [cell + "\x00" for cell in plausible]
    comment_column = {"action_import": 9, "structure_import": 12, "value_import": 7}[form_id]
    nul_in_last_text = [*plausible[:comment_column], "fin\x00", *plausible[comment_column + 1 :]]
    rows = [nul_everywhere, nul_in_last_text] + [[value] * len(columns) for value in FIXED[:20]]
    for row in rows:
        upload = SimpleUploadedFile("donnees.csv", _csv(columns, [row]))
        with transaction.atomic():
            response = client.post(url(world), {"file": upload})
            assert response.status_code != 500, f"500 on {form_id} with {row!r}"
            if row is nul_in_last_text:
                page = response.content.decode()
                assert "octet nul" in page
            if form_id == "structure_import" and "confirm" not in row:
                client.post(url(world), {"confirm": "1"})
            check_invariants()
            transaction.set_rollback(True)


# --- GET filters -----------------------------------------------------------------------------------

GET_PAGES = [
    ("action_list", "conseiller", _url("fiches:action_list")),
    ("structure_list", "conseiller", _url("structures:structure_list")),
    ("convention_list", "conseiller", _url("structures:convention_list")),
    ("avs_en_bref", "conseiller", _url("structures:avs_en_bref")),
    ("coverage", "conseiller", _url("structures:coverage")),
    ("indicator_list", "conseiller", _url("indicateurs:indicator_list")),
    ("results", "conseiller", _url("indicateurs:results", lambda w: w["schema"].pk)),
    ("dashboard", "conseiller", _url("rapports:dashboard")),
    ("history", "admin", lambda w: reverse("history", args=["fiches", "fiche", w["fiche"].pk])),
]
QUERY_KEYS = [
    "ending_within",
    "agrement",
    "q",
    "page",
    "order",
    "status",
    "schema",
    "annee",
    "year",
    "department_code",
    "min_population",
    "commune",
    "kind",
    "late",
    "fiche",
    "axis",
    "echeance",
    "structure",
    "flag",
]


@pytest.mark.parametrize(("page_id", "who", "url"), GET_PAGES, ids=[p[0] for p in GET_PAGES])
@HOSTILE
@given(query=st.dictionaries(st.sampled_from(QUERY_KEYS), st.sampled_from(FIXED[:-6] + ["1", "0", "-1"]), max_size=4))
def test_list_hostile_query_never_500(world, page_id, who, url, query):
    client = _client(world, who)
    response = client.get(url(world), {k: v.replace("\x00", "%00") if k == "q" else v for k, v in query.items()})
    assert response.status_code != 500, f"500 on {page_id} with {query!r}"


# Escaping is checked on every page of the permission matrix, for every role: tests/test_page_content.py.


def test_import_csv_with_nul_far_in_the_file_refused_in_french(world):
    client = _client(world, "admin")
    padding = [["Centre social", "Centre social", "Associatif", "", "1 rue", "69001", "Lyon", "69123", "non", "non", "", "", ""]]
    rows = padding * 60 + [[*padding[0][:12], "04 00\x00"]]
    upload = SimpleUploadedFile("structures.csv", _csv(STRUCTURE_COLUMNS, rows))
    with transaction.atomic():
        response = client.post(reverse("structures:structure_import"), {"file": upload})
        transaction.set_rollback(True)
    assert response.status_code == 200
    assert "contient des caractères invalides (octet nul)" in response.content.decode()

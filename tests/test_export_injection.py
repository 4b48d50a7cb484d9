"""No text typed into the application comes out of a CSV or XLSX export as a live spreadsheet formula."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from openpyxl import load_workbook

from core.exports import FORMULA_STARTS, csv_text, neutralise, unquote, xlsx_bytes
from core.tables import rejected_rows_csv
from fiches import exports as action_exports
from fiches.enums import ActionStatus
from fiches.services import record_update
from gouvernance.enums import InstanceKind
from gouvernance.models import Instance, Meeting
from indicateurs import exports as value_exports
from indicateurs.enums import Aggregation, CampaignStatus, IndicatorKind, ValueStatus
from indicateurs.models import IndicatorValue
from tests import factories

pytestmark = pytest.mark.django_db

PAYLOADS = ['=HYPERLINK("http://evil","x")', "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]


@pytest.fixture
def planted(schema, conseiller):
    """A structure name, an action text, a progress comment, a director's text answer and a value comment for
    each payload."""
    fiche = factories.FicheFactory(orientation=factories.OrientationFactory(axis=factories.AxisFactory(schema=schema)))
    campaign = factories.CampaignFactory(schema=schema, year=2025, status=CampaignStatus.OPEN)
    text = factories.IndicatorFactory(fiche=fiche, kind=IndicatorKind.TEXT, aggregation=Aggregation.NONE)
    for number, payload in enumerate(PAYLOADS, start=1):
        action = factories.ActionFactory(fiche=fiche, number=number, text=payload, status=ActionStatus.A_VENIR)
        record_update(
            action=action,
            author=conseiller,
            status=ActionStatus.EN_COURS,
            progress=10,
            comment=payload,
            date=datetime.date(2025, 3, number),
        )
        structure = factories.StructureFactory(name=payload)
        IndicatorValue.objects.create(
            indicator=text, campaign=campaign, structure=structure, status=ValueStatus.SUBMITTED, text=payload, comment=payload
        )
    # A decision for each payload, carried by an organisation named by the payload.
    meeting = Meeting.objects.create(
        body=Instance.objects.create(schema=schema, kind=InstanceKind.COPIL, name="Comité"), date=datetime.date(2025, 3, 1)
    )
    for payload in PAYLOADS:
        meeting.decisions.create(
            text=payload, carrier=factories.OrganisationFactory(name=payload), due_date=datetime.date(2026, 1, 1)
        )
    return {"schema": schema, "campaign": campaign}


def export_urls(planted):
    schema, campaign = planted["schema"], planted["campaign"]
    return {
        "fiches:action_export": [reverse("fiches:action_export", args=[schema.pk, fmt]) for fmt in ("csv", "xlsx")],
        "indicateurs:export": [reverse("indicateurs:export", args=[campaign.pk, fmt]) for fmt in ("csv", "xlsx")],
        "structures:structure_import_template": [reverse("structures:structure_import_template")],
        "gouvernance:decision_export": [reverse("gouvernance:decision_export", args=[schema.pk, fmt]) for fmt in ("csv", "xlsx")],
    }


# The refused rows of an import are downloaded from the import's own session: they are written by
# core.tables.rejected_rows_csv, checked below with every payload, and by the import tests named here.
REFUSED_ROWS_EXPORTS = {
    "indicateurs:import_rejected": "tests/indicateurs/test_exports.py::test_import_valid_rows_only_gives_the_refused_rows_back",
    "fiches:action_import_rejected": "tests/fiches/test_exports.py::test_action_import_valid_only_gives_the_refused_rows_back",
    "structures:structure_import_rejected": "tests/structures/test_structure_lists.py",
}


def cells_of(url, content):
    """Every cell of the file, as (value, openpyxl data type or None for CSV)."""
    if url.endswith(".xlsx"):
        workbook = load_workbook(io.BytesIO(content))
        return [(cell.value, cell.data_type) for sheet in workbook for row in sheet.iter_rows() for cell in row]
    text = content.decode("utf-8-sig")
    return [(cell, None) for row in csv.reader(io.StringIO(text, newline=""), delimiter=";") for cell in row]


def route_names(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            yield from route_names(pattern.url_patterns, namespace)
        elif isinstance(pattern, URLPattern):
            yield f"{prefix}{pattern.name}", str(pattern.pattern)


def test_every_export_url_is_checked_here(planted):
    """A new export (a route that writes CSV or XLSX) must be added to export_urls, so that it is checked."""
    exporting = {
        name
        for name, route in route_names(get_resolver().url_patterns)
        if "export" in route or route.endswith((".csv", ".xlsx", ".<str:fmt>"))
    }

    assert exporting == set(export_urls(planted)) | set(REFUSED_ROWS_EXPORTS)


def test_refused_rows_hold_no_formula():
    text = rejected_rows_csv(
        ["nom", "commune"], [(line, [payload, payload], payload) for line, payload in enumerate(PAYLOADS, 2)]
    )

    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=";"))
    assert rows[0] == ["nom", "commune", "motif"]
    assert [row[:2] for row in rows[1:]] == [["'" + payload] * 2 for payload in PAYLOADS]
    assert not any(cell.startswith(FORMULA_STARTS) for row in rows for cell in row)


def test_no_export_holds_a_formula(client, admin_user, planted):
    client.force_login(admin_user)
    seen = set()
    for urls in export_urls(planted).values():
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            for value, data_type in cells_of(url, response.content):
                assert data_type != "f", (url, value)
                if isinstance(value, str):
                    assert not value.startswith(FORMULA_STARTS), (url, value)
                    seen.add((url, value))
    # Each payload is still there, as text behind a quote: in the actions (text and comment) and the values
    # (structure name, answer and comment) of both formats.
    for payload in PAYLOADS:
        urls = export_urls(planted)
        for url in urls["fiches:action_export"] + urls["indicateurs:export"] + urls["gouvernance:decision_export"]:
            assert (url, "'" + payload) in seen, (url, payload)


def test_exported_xlsx_text_cells_are_strings(client, admin_user, planted):
    client.force_login(admin_user)
    response = client.get(export_urls(planted)["indicateurs:export"][1])

    sheet = load_workbook(io.BytesIO(response.content)).active
    # Sorted here: the database's collation decides the export's order of these punctuation-led names.
    names = sorted((row[1].value, row[1].data_type) for row in sheet.iter_rows(min_row=2))
    assert names == sorted(("'" + payload, "s") for payload in PAYLOADS)


def test_numbers_stay_numbers_and_only_text_is_quoted():
    text = csv_text(["a", "b", "c"], [[-2, Decimal("-2.5"), "-2"]])
    assert text == "\ufeffa;b;c\r\n-2;-2.5;'-2\r\n"

    sheet = load_workbook(io.BytesIO(xlsx_bytes("Feuille", ["a", "b"], [[-2, "-2"]]))).active
    assert [(cell.value, cell.data_type) for cell in sheet[2]] == [(-2, "n"), ("'-2", "s")]


@pytest.mark.parametrize("stored", [*PAYLOADS, "'=x", "''+1", "'bonjour", "bonjour", "", "a=b"])
def test_unquote_gives_back_what_was_stored(stored):
    assert unquote(neutralise(stored)) == stored
    assert not neutralise(stored).startswith(FORMULA_STARTS)


def test_imports_read_an_export_back_as_stored(client, admin_user, planted):
    """The quote against formulas does not end up in the data when an exported file is imported again."""
    client.force_login(admin_user)
    actions_url, _ = export_urls(planted)["fiches:action_export"]
    rows = action_exports.read_rows("actions.xlsx", client.get(actions_url.replace(".csv", ".xlsx")).content)
    assert [row.values["Commentaire"] for row in rows] == PAYLOADS

    values_url = export_urls(planted)["indicateurs:export"][0]
    upload = io.BytesIO(client.get(values_url).content)
    upload.name = "valeurs.csv"
    _header, read = value_exports.read_rows(upload)
    assert sorted(row["commentaire"] for _, row, _cells in read) == sorted(PAYLOADS)

# ruff: noqa: E501 — messages are asserted whole.
"""Re-importing a fiche from the browser: what changes is shown first, titles are kept unless accepted, and a
confirmation that fails part-way writes nothing."""

import html

import pytest

from fiches.import_confirm import confirm_import
from fiches.import_preview import StoredFile, build_preview
from fiches.importer import FicheFormatError
from fiches.models import Action, ActionUpdate, Axis, Fiche
from tests import factories

from .factories import client_for
from .import_fixtures import COMPOST, GARDENS, GARDENS_V2, confirm, preview_url, seen, text_file, upload


@pytest.fixture
def imported(client, people, schema):
    """GARDENS imported by the conseiller, who stays logged in."""
    factories.OrganisationFactory(name="Caf du Rhône", kind="caf", department_code="69")
    client_for(client, people["conseiller"])
    upload(client, schema, text_file("jardins.txt", GARDENS))
    assert confirm(client, schema).status_code == 302
    return Fiche.objects.get(schema=schema, code="PA 3.2.4")


def rows(response):
    fiche = response.context["preview"].files[0].fiches[0]
    return [(change.label, change.before, change.after) for change in fiche.changes]


def test_reimport_shows_every_change_field_by_field(client, schema, imported):
    upload(client, schema, text_file("jardins-v2.txt", GARDENS_V2))
    response = client.get(preview_url(schema))
    assert rows(response) == [
        (
            "Partenaires impliqués",
            ["- Collectif des jardiniers solidaires", "- Métropole de Lyon"],
            ["- Collectif des jardiniers solidaires"],
        ),
        (
            "Échéances (texte)",
            ["- Action 1 : 2023 à 2024", "- Action 2 : 2024 à 2026"],
            ["- Action 1 : 2023 à 2024", "- Action 2 : 2025 à 2026"],
        ),
        (
            "Action 2",
            ["Organiser chaque année une rencontre des jardiniers."],
            ["Organiser deux rencontres par an des jardiniers."],
        ),
        ("Échéance de l'action 2", ["2024 à 2026"], ["2025 à 2026"]),
        (
            "Résultats attendus",
            ["Meilleure connaissance des jardins du territoire"],
            ["Meilleure connaissance des jardins du territoire", "Des jardins ouverts aux écoles"],
        ),
        (
            "Organisations",
            [
                "Partenaire : Collectif des jardiniers solidaires",
                "Partenaire : Métropole de Lyon",
                "Pilote : Caf du Rhône (dans le cadre du suivi des projets d'habitants)",
            ],
            [
                "Partenaire : Collectif des jardiniers solidaires",
                "Pilote : Caf du Rhône (dans le cadre du suivi des projets d'habitants)",
            ],
        ),
    ]
    page = html.unescape(response.content.decode())
    assert "déjà dans le schéma : mise à jour" in page
    assert (
        "Remplacer l'intitulé de l'axe 3 : « FAVORISER LA PARTICIPATION DES HABITANTS » par « ENCOURAGER LA PARTICIPATION DES HABITANTS »"
        in page
    )
    # Nothing changed yet.
    imported.refresh_from_db()
    assert imported.version == 1
    assert Action.objects.get(fiche=imported, number=2).first_year == 2024


def test_reimport_keeps_the_stored_axis_title_unless_accepted(client, schema, imported):
    upload(client, schema, text_file("jardins-v2.txt", GARDENS_V2))
    assert confirm(client, schema).status_code == 302
    assert Axis.objects.get(schema=schema, number=3).title == "FAVORISER LA PARTICIPATION DES HABITANTS"
    action = Action.objects.get(fiche=imported, number=2)
    assert (action.text, action.first_year, action.last_year) == ("Organiser deux rencontres par an des jardiniers.", 2025, 2026)
    assert list(imported.expected_results.values_list("text", flat=True)) == [
        "Meilleure connaissance des jardins du territoire",
        "Des jardins ouverts aux écoles",
    ]
    assert (
        list(imported.partners) == [imported.partners[0]] and imported.partners[0].name == "Collectif des jardiniers solidaires"
    )


def test_reimport_replaces_the_axis_title_when_accepted(client, schema, imported):
    upload(client, schema, text_file("jardins-v2.txt", GARDENS_V2))
    assert confirm(client, schema, {"axis-3": "1"}).status_code == 302
    assert Axis.objects.get(schema=schema, number=3).title == "ENCOURAGER LA PARTICIPATION DES HABITANTS"


def test_reimport_of_an_identical_fiche_says_nothing_changes(client, schema, imported):
    upload(client, schema, text_file("jardins.txt", GARDENS))
    response = client.get(preview_url(schema))
    assert rows(response) == []
    assert "Aucun changement : la fiche enregistrée est identique." in html.unescape(response.content.decode())


def test_reimport_keeps_the_settings_of_a_stored_indicator(client, schema, imported):
    indicator = imported.indicators.get(label="Nombre de jardins partagés recensés")
    indicator.kind, indicator.level = "decimal", "schema"
    indicator.save()
    upload(client, schema, text_file("jardins.txt", GARDENS))
    response = client.get(preview_url(schema))
    item = response.context["preview"].files[0].fiches[0].indicators[0]
    assert (item.correctable, item.kind, item.level) == (False, "decimal", "schema")
    assert 'name="f0-0-ind0-kind"' not in response.content.decode()
    # A posted correction of a stored indicator is not a field of the page: it is ignored.
    assert confirm(client, schema, {"f0-0-ind0-kind": "text"}).status_code == 302
    indicator.refresh_from_db()
    assert (indicator.kind, indicator.level) == ("decimal", "schema")


def test_reimport_that_drops_an_action_with_history_is_blocked(client, people, schema, imported):
    action = Action.objects.get(fiche=imported, number=2)
    ActionUpdate.objects.create(action=action, author=people["conseiller"], status="en_cours", progress=10)
    dropped = GARDENS.replace("ACTION 2\n\n- ➔ Organiser chaque année une rencontre des jardiniers.\n\n", "").replace(
        "- ➔ Action 2 : 2024 à 2026\n", ""
    )
    upload(client, schema, text_file("jardins.txt", dropped))
    response = client.get(preview_url(schema))
    page = html.unescape(response.content.decode())
    assert "L'action 2 de la fiche PA 3.2.4 a un historique d'avancement : elle ne peut pas disparaître de la fiche." in page
    assert "Confirmer l'import" not in page
    assert confirm(client, schema).status_code == 422
    assert Action.objects.filter(fiche=imported).count() == 2


def test_a_confirmation_failing_part_way_writes_nothing(people, schema, imported):
    """The second file's fiche can no longer be written when confirmed (an action it drops got a progress update
    after the preview was read): the first file's new fiche is not written either."""
    dropped = GARDENS.replace("ACTION 2\n\n- ➔ Organiser chaque année une rencontre des jardiniers.\n\n", "").replace(
        "- ➔ Action 2 : 2024 à 2026\n", ""
    )
    files = [StoredFile("compost.txt", COMPOST.encode()), StoredFile("jardins.txt", dropped.encode())]
    preview = build_preview(schema, files)
    assert preview.can_confirm and [file.name for file in preview.importable_files] == ["compost.txt", "jardins.txt"]
    action = Action.objects.get(fiche=imported, number=2)
    ActionUpdate.objects.create(action=action, author=people["conseiller"], status="en_cours", progress=10)
    with pytest.raises(FicheFormatError, match="L'action 2 de la fiche PA 3.2.4 a un historique d'avancement"):
        confirm_import(preview=preview)
    assert list(Fiche.objects.values_list("code", flat=True)) == ["PA 3.2.4"]
    assert Action.objects.filter(fiche=imported).count() == 2


def test_a_file_blocked_after_the_preview_was_read_stops_the_confirmation(client, schema, imported):
    """The person saw two importable files; the schéma's period was shortened meanwhile, so one is now blocked:
    nothing is written, not even the other file, and the page says why."""
    upload(client, schema, text_file("compost.txt", COMPOST), text_file("jardins.txt", GARDENS_V2))
    hidden = seen(client, schema)
    assert hidden["importable"] == "0,1"
    schema.last_year = 2025
    schema.save()
    response = client.post(preview_url(schema), hidden)
    assert response.status_code == 422
    page = html.unescape(response.content.decode())
    assert "Les fichiers importables ont changé depuis l'affichage de l'aperçu" in page
    assert "Fiche PA 3.2.4 : l'échéance de l'action 2 (2025 à 2026) sort de la période du schéma (2022 à 2025)." in page
    assert list(Fiche.objects.values_list("code", flat=True)) == ["PA 3.2.4"]


def test_reimport_replaces_an_orientation_title_only_when_accepted(client, schema, imported):
    retitled = GARDENS.replace("Soutenir les initiatives portées par les habitants", "Appuyer les initiatives d'habitants")
    upload(client, schema, text_file("jardins.txt", retitled))
    page = html.unescape(client.get(preview_url(schema)).content.decode())
    assert (
        "Remplacer l'intitulé de l'orientation 3.2 : « Soutenir les initiatives portées par les habitants » par "
        "« Appuyer les initiatives d'habitants »" in page
    )
    assert "Remplacer l'intitulé de l'axe" not in page
    assert confirm(client, schema).status_code == 302
    imported.refresh_from_db()
    assert imported.orientation.title == "Soutenir les initiatives portées par les habitants"
    upload(client, schema, text_file("jardins.txt", retitled))
    assert confirm(client, schema, {"orientation-3.2": "1"}).status_code == 302
    imported.refresh_from_db()
    assert imported.orientation.title == "Appuyer les initiatives d'habitants"


def test_a_schema_level_indicator_is_written_with_its_computed_source(schema):
    """What the reader proposes (or the person sets) for a new indicator: the schéma level, computed from a source."""
    preview = build_preview(schema, [StoredFile("jardins.txt", GARDENS.encode())])
    first, second = preview.files[0].fiches[0].indicators
    first.level, first.source = "schema", "actions_done"
    second.level, second.source = "structure", ""
    [(fiche, created)] = confirm_import(preview=preview)
    assert created
    assert list(fiche.indicators.values_list("label", "level", "computed_source")) == [
        ("Nombre de jardins partagés recensés", "schema", "actions_done"),
        ("Taux de structures présentes à la rencontre", "structure", ""),
    ]

# ruff: noqa: E501 — messages are asserted whole.
"""Importing fiches from the browser: who may, the upload checks, the preview, corrections and confirmation."""

import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fiches.models import Action, Axis, Fiche, Orientation
from indicateurs.models import Indicator
from structures.models import Organisation
from tests import factories

from .factories import LOGIN_URL, client_for
from .import_fixtures import COMPOST, GARDENS, confirm, preview_url, text_file, upload

WRITERS = {"admin", "conseiller"}
ROLES = ["admin", "conseiller", "other_conseiller", "directeur_a", "directeur_b", "partenaire"]
DENIAL = "Seuls les administrateurs et les conseillers Caf de ce schéma peuvent importer ses fiches-actions."


@pytest.fixture
def caf(db):
    return factories.OrganisationFactory(name="Caf du Rhône", kind="caf", department_code="69")


def text_of(response):
    """The page as a person reads it (entities such as ' decoded)."""
    return html.unescape(response.content.decode())


def written():
    return [model.objects.count() for model in (Fiche, Axis, Orientation, Action, Indicator, Organisation)]


@pytest.mark.parametrize("role", ROLES)
def test_upload_page_and_schema_link_by_role(client, people, schema, role):
    client_for(client, people[role])
    response = client.get(reverse("fiches:fiche_import", args=[schema.pk]))
    assert response.status_code == (200 if role in WRITERS else 403)
    if role not in WRITERS:
        assert DENIAL in text_of(response)
    page = text_of(client.get(reverse("fiches:schema_detail", args=[schema.pk])))
    assert ("Importer des fiches" in page) is (role in WRITERS)


@pytest.mark.parametrize("role", ROLES)
def test_upload_and_preview_denied_roles_store_and_see_nothing(client, people, schema, caf, role):
    client_for(client, people[role])
    response = upload(client, schema, text_file("jardins.txt", GARDENS))
    assert response.status_code == (302 if role in WRITERS else 403)
    assert (f"fiche_import_{schema.pk}" in client.session) is (role in WRITERS)
    preview = client.get(preview_url(schema))
    assert preview.status_code == (200 if role in WRITERS else 403)
    assert ("ACCOMPAGNER LES JARDINS" in text_of(preview)) is (role in WRITERS)


def test_anonymous_goes_to_login(client, schema):
    for url in (reverse("fiches:fiche_import", args=[schema.pk]), preview_url(schema)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(LOGIN_URL)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "fiche.exe",
            b"MZ\x90\x00",
            "fiche.exe : Ce type de fichier n'est pas accepté (.exe) : choisissez un fichier .txt, .docx, .odt, .pdf.",
        ),
        ("fiche.txt", b"", "fiche.txt : Le fichier est vide."),
        ("fiche.pdf", b"<html>pas un pdf</html>", "fiche.pdf : Le contenu du fichier ne correspond pas à son extension .pdf"),
        ("fiche.docx", b"%PDF-1.4 renamed", "fiche.docx : Le contenu du fichier ne correspond pas à son extension .docx"),
        ("fiche.txt", b"MZ\x00\x00binary", "fiche.txt : Ce fichier .txt n'est pas un fichier texte"),
        (
            "fiche.txt",
            b"a" * (5 * 1024 * 1024 + 1),
            "fiche.txt : Le fichier est trop volumineux (5,1 Mo) : la taille maximale est de 5 Mo.",
        ),
    ],
)
def test_upload_refuses_a_bad_file_with_a_french_message(client, people, schema, name, data, message):
    client_for(client, people["conseiller"])
    response = upload(client, schema, text_file("jardins.txt", GARDENS), SimpleUploadedFile(name, data))
    assert response.status_code == 422
    assert message in text_of(response)
    assert f"fiche_import_{schema.pk}" not in client.session


def test_upload_without_file_or_with_too_many(client, people, schema):
    client_for(client, people["admin"])
    response = upload(client, schema)
    assert response.status_code == 422
    assert "Ce champ est obligatoire." in text_of(response)
    response = upload(client, schema, *[text_file(f"f{index}.txt", GARDENS) for index in range(11)])
    assert response.status_code == 422
    assert "Vous avez choisi 11 fichiers : importez-en 10 au plus à la fois." in text_of(response)
    heavy = [text_file(f"f{index}.txt", GARDENS + " " * (4 * 1024 * 1024)) for index in range(3)]
    response = upload(client, schema, *heavy)
    assert response.status_code == 422
    assert "Les fichiers choisis pèsent 12,1 Mo au total : la limite est de 10 Mo par import." in text_of(response)
    assert f"fiche_import_{schema.pk}" not in client.session


def test_preview_shows_what_was_understood_and_writes_nothing(client, people, schema, caf):
    client_for(client, people["conseiller"])
    before = written()
    assert upload(client, schema, text_file("jardins.txt", GARDENS))["Location"] == preview_url(schema)
    response = client.get(preview_url(schema))
    page = text_of(response)
    for shown in (
        "PA 3.2.4 — ACCOMPAGNER LES JARDINS PARTAGÉS DE QUARTIER",
        "Axe 3 — FAVORISER LA PARTICIPATION DES HABITANTS",
        "Orientation 3.2 — Soutenir les initiatives portées par les habitants",
        "Les jardins partagés se multiplient dans les quartiers sans appui régulier des structures.",
        "<strong>Action 1</strong> (ligne 20) : Recenser les jardins partagés animés par les structures. — <em>échéance 2023 à 2024</em>",
        "<strong>Action 2</strong> (ligne 24) : Organiser chaque année une rencontre des jardiniers. — <em>échéance 2024 à 2026</em>",
        "<li>Meilleure connaissance des jardins du territoire</li>",
        "Caf du Rhône (trouvée dans l'annuaire)",
        "Métropole de Lyon (trouvée dans l'annuaire)",
        "À créer : Collectif des jardiniers solidaires (réseau)",
        "Confirmer l'import de 1 fiche",
        "nouvelle fiche",
    ):
        assert shown in page
    fiche = response.context["preview"].files[0].fiches[0]
    assert [(item.parsed.label, item.kind, item.level, item.aggregation, item.unit) for item in fiche.indicators] == [
        ("Nombre de jardins partagés recensés", "integer", "structure", "sum", ""),
        ("Taux de structures présentes à la rencontre", "percentage", "structure", "mean", "%"),
    ]
    assert [(item.name, item.roles) for item in fiche.organisations] == [
        ("Caf du Rhône", ["Pilote"]),
        ("Collectif des jardiniers solidaires", ["Partenaire"]),
        ("Métropole de Lyon", ["Partenaire"]),
    ]
    assert written() == before


def test_preview_shows_a_blocking_doubt_with_its_line_and_refuses_to_confirm(client, people, schema):
    client_for(client, people["conseiller"])
    broken = GARDENS.replace("- ➔ Action 2 : 2024 à 2026\n", "")
    upload(client, schema, text_file("jardins.txt", broken))
    response = client.get(preview_url(schema))
    preview = response.context["preview"]
    doubts = [doubt for file in preview.files for doubt in file.doubts] + [
        doubt for file in preview.files for fiche in file.fiches for doubt in fiche.reading.doubts
    ]
    assert [(doubt.line, doubt.blocking) for doubt in doubts if doubt.blocking] == [(24, True)]
    assert "échéance" in doubts[0].reason
    page = text_of(response)
    assert "Aucun fichier ne peut être importé" in page
    assert "<strong>Bloquant</strong> — ligne 24 : " in page
    assert "Confirmer l'import" not in page
    before = written()
    response = confirm(client, schema)
    assert response.status_code == 422
    assert "Aucun fichier de cet import ne peut être importé : rien n'a été enregistré." in text_of(response)
    assert written() == before


def test_a_blocked_file_is_left_out_and_the_others_are_imported(client, people, schema, caf):
    client_for(client, people["conseiller"])
    broken = COMPOST.replace("- ➔ 2024 à 2025\n", "")
    upload(client, schema, text_file("jardins.txt", GARDENS), text_file("compost.txt", broken))
    page = text_of(client.get(preview_url(schema)))
    assert "Ce fichier ne sera pas importé" in page
    response = confirm(client, schema)
    assert response.status_code == 302
    assert list(Fiche.objects.values_list("code", flat=True)) == ["PA 3.2.4"]
    messages = [str(message) for message in response.wsgi_request._messages]
    assert messages == ["Import terminé : PA 3.2.4 créée. Non importé : compost.txt (à corriger puis importer de nouveau)."]


def test_confirm_applies_the_corrections(client, people, schema, caf):
    collectif = factories.OrganisationFactory(name="Jardiniers solidaires du Rhône", department_code="69")
    client_for(client, people["conseiller"])
    upload(client, schema, text_file("jardins.txt", GARDENS))
    organisations = Organisation.objects.count()
    response = confirm(
        client,
        schema,
        {"f0-0-ind0-level": "schema", "f0-0-ind1-kind": "decimal", "f0-0-org1": str(collectif.pk)},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("fiches:schema_detail", args=[schema.pk])
    fiche = Fiche.objects.get(schema=schema, code="PA 3.2.4")
    assert list(fiche.indicators.values_list("label", "kind", "level", "aggregation", "unit", "computed_source")) == [
        ("Nombre de jardins partagés recensés", "integer", "schema", "sum", "", ""),
        ("Taux de structures présentes à la rencontre", "decimal", "structure", "sum", "", ""),
    ]
    assert list(fiche.organisation_links.order_by("role", "order").values_list("role", "organisation__name")) == [
        ("partner", "Jardiniers solidaires du Rhône"),
        ("partner", "Métropole de Lyon"),
        ("pilot", "Caf du Rhône"),
    ]
    assert Organisation.objects.count() == organisations
    assert f"fiche_import_{schema.pk}" not in client.session
    assert "PA 3.2.4 — ACCOMPAGNER LES JARDINS" in text_of(client.get(response["Location"]))


def test_confirm_creates_the_organisations_to_create(client, people, schema, caf):
    client_for(client, people["admin"])
    upload(client, schema, text_file("jardins.txt", GARDENS))
    assert confirm(client, schema, {"f0-0-org1": "creer"}).status_code == 302
    assert Organisation.objects.filter(name="Collectif des jardiniers solidaires").count() == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        (
            "f0-0-ind0-kind",
            "choice",
            "Fiche PA 3.2.4, indicateur « Nombre de jardins partagés recensés » : nature de la valeur inconnue (« choice »).",
        ),
        ("f0-0-ind0-kind", "<b>x</b>", "nature de la valeur inconnue (« <b>x</b> »)."),
        (
            "f0-0-ind1-level",
            "national",
            "Fiche PA 3.2.4, indicateur « Taux de structures présentes à la rencontre » : niveau de collecte inconnu (« national »).",
        ),
        (
            "f0-0-org1",
            "999999",
            "Fiche PA 3.2.4, organisation « Collectif des jardiniers solidaires » : le choix « 999999 » ne fait pas partie des organisations proposées.",
        ),
        (
            "f0-0-org0",
            "creer",
            "organisation « Caf du Rhône » : le choix « creer » ne fait pas partie des organisations proposées.",
        ),
        ("f0-0-org2", "other-department", "organisation « Métropole de Lyon » : le choix"),
    ],
)
def test_tampered_corrections_are_refused_and_nothing_written(client, people, schema, caf, field, value, message):
    outside = factories.OrganisationFactory(name="Caf du Val-de-Marne", kind="caf", department_code="94")
    value = str(outside.pk) if value == "other-department" else value
    client_for(client, people["conseiller"])
    upload(client, schema, text_file("jardins.txt", GARDENS))
    before = written()
    response = confirm(client, schema, {field: value})
    assert response.status_code == 422
    assert message in text_of(response)
    assert "<b>x</b>" not in response.content.decode()
    assert written() == before
    assert f"fiche_import_{schema.pk}" in client.session


def test_confirm_with_a_stale_token_writes_nothing(client, people, schema, caf):
    client_for(client, people["conseiller"])
    upload(client, schema, text_file("jardins.txt", GARDENS))
    response = client.post(preview_url(schema), {"token": "ancien", "confirm": "1"})
    assert response.status_code == 422
    assert "Cet aperçu ne correspond plus à l'import en attente" in text_of(response)
    assert not Fiche.objects.exists()


def test_abandon_forgets_the_files(client, people, schema):
    client_for(client, people["conseiller"])
    upload(client, schema, text_file("jardins.txt", GARDENS))
    response = client.post(preview_url(schema), {"abandon": "1"})
    assert response["Location"] == reverse("fiches:schema_detail", args=[schema.pk])
    assert f"fiche_import_{schema.pk}" not in client.session
    assert client.get(preview_url(schema))["Location"] == reverse("fiches:fiche_import", args=[schema.pk])
    assert not Fiche.objects.exists()


def test_the_same_fiche_in_two_files_is_refused(client, people, schema, caf):
    client_for(client, people["conseiller"])
    upload(client, schema, text_file("jardins.txt", GARDENS), text_file("copie.txt", GARDENS))
    page = text_of(client.get(preview_url(schema)))
    assert "La fiche PA 3.2.4 figure aussi dans le fichier jardins.txt de cet import." in page
    confirm(client, schema)
    assert list(Fiche.objects.values_list("code", flat=True)) == ["PA 3.2.4"]


def test_two_files_are_written_together(client, people, schema, caf):
    client_for(client, people["conseiller"])
    upload(client, schema, text_file("jardins.txt", GARDENS), text_file("compost.txt", COMPOST.replace("- ➔", "•"), "cp1252"))
    response = confirm(client, schema)
    assert [str(message) for message in response.wsgi_request._messages] == ["Import terminé : PA 3.2.4 créée, PA 3.2.5 créée."]
    assert list(Action.objects.filter(fiche__code="PA 3.2.5").values_list("first_year", "last_year")) == [(2024, 2025)]


def word_file(name, text):
    """The fiche as a Word document: headings in a heading style, bullets as list paragraphs."""
    import io

    from docx import Document

    document = Document()
    for line in filter(str.strip, text.splitlines()):
        if line.startswith("- ➔ "):
            document.add_paragraph(line.removeprefix("- ➔ "), style="List Bullet")
        elif line.isupper() or line.startswith(("PA ", "ACTION")):
            document.add_heading(line, level=2)
        else:
            document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def test_a_word_fiche_previews_like_its_text(client, people, schema, caf):
    docx = word_file("jardins.docx", GARDENS)
    client_for(client, people["conseiller"])
    upload(client, schema, text_file("jardins.txt", GARDENS))
    from_text = client.get(preview_url(schema)).context["preview"].files[0].fiches[0]
    upload(client, schema, docx)
    from_word = client.get(preview_url(schema)).context["preview"].files[0].fiches[0]

    def understood(fiche):
        parsed = fiche.parsed
        return (
            parsed.code,
            parsed.axis_title,
            parsed.orientation_title,
            parsed.title,
            fiche.sections,
            [(action.number, action.text, action.first_year, action.last_year) for action in parsed.actions],
            [result.text for result in parsed.expected_results],
            [(item.parsed.label, item.kind, item.level) for item in fiche.indicators],
            [(item.name, item.roles, item.proposed) for item in fiche.organisations],
        )

    assert understood(from_word) == understood(from_text)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("fiche.docx", b"PK\x03\x04 not really a zip archive"),
        ("fiche.odt", b"PK\x03\x04\x14\x00\x00\x00broken"),
        ("fiche.pdf", b"%PDF-1.7\n%broken, no objects at all"),
        ("fiche.txt", "\ufeff".encode("utf-16-le") + "1 - Un axe".encode("utf-16-le")),
    ],
)
def test_a_corrupt_or_unreadable_file_is_a_message_on_the_preview(client, people, schema, name, data):
    client_for(client, people["conseiller"])
    assert upload(client, schema, SimpleUploadedFile(name, data)).status_code == 302
    response = client.get(preview_url(schema))
    assert response.status_code == 200
    file = response.context["preview"].files[0]
    assert file.blocked and not file.importable
    reasons = [file.unreadable] + [doubt.reason for doubt in file.doubts if doubt.blocking]
    assert any(reasons)
    page = text_of(response)
    assert all(reason in page for reason in reasons if reason)
    assert "Aucun fichier ne peut être importé" in page
    assert "Confirmer l'import" not in page
    assert confirm(client, schema).status_code == 422
    assert not Fiche.objects.exists()


def test_a_hostile_file_name_is_shown_as_text(client, people, schema, caf):
    client_for(client, people["conseiller"])
    upload(client, schema, text_file('<img src=x onerror="alert(1)">.txt', GARDENS))
    response = client.get(preview_url(schema))
    assert "<img src=x" not in response.content.decode()
    assert 'Fichier <img src=x onerror="alert(1)">.txt' in text_of(response)

"""Actions to CSV/XLSX and progress updates back from the same columns, all or nothing."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from fiches.enums import ActionStatus
from fiches.exports import COLUMNS
from fiches.models import ActionUpdate
from fiches.services import record_update
from tests import factories

HEADER = ";".join(COLUMNS)


@pytest.fixture
def conseiller_client(client, conseiller):
    client.force_login(conseiller)
    return client


@pytest.fixture
def updated_action(action, conseiller):
    record_update(
        action=action,
        author=conseiller,
        status=ActionStatus.EN_COURS,
        progress=40,
        comment="Bien",
        date=datetime.date(2025, 2, 3),
    )
    return action


def test_action_export_csv(conseiller_client, schema, updated_action):
    response = conseiller_client.get(reverse("fiches:action_export", args=[schema.pk, "csv"]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="actions-rhone-2022-2026.csv"'
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines == [
        HEADER,
        "rhone-2022-2026;PA 2.1.2;1;Soutenir les expériences innovantes;2023;2026;En cours;40;03/02/2025;Bien;"
        f"{updated_action.last_update.author};non",
    ]


def test_action_export_xlsx(conseiller_client, schema, updated_action):
    response = conseiller_client.get(reverse("fiches:action_export", args=[schema.pk, "xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == tuple(COLUMNS)
    assert rows[1][1:9] == ("PA 2.1.2", 1, "Soutenir les expériences innovantes", 2023, 2026, "En cours", 40, "03/02/2025")


def test_action_export_unknown_format_404(conseiller_client, schema):
    assert conseiller_client.get(f"/schemas/{schema.pk}/actions/export.pdf").status_code == 404


def _upload(text, name="avancement.csv"):
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def _row(code="PA 2.1.2", number="1", status="Réalisée", progress="100", date="10/03/2025", comment="Terminé"):
    return f"rhone-2022-2026;{code};{number};Texte;2023;2026;{status};{progress};{date};{comment};;non"


def test_action_import_records_changed_rows(conseiller_client, conseiller, schema, updated_action, fiche):
    other = factories.ActionFactory(fiche=fiche, number=2, text="Autre")
    unchanged = _row(status="En cours", progress="40", date="03/02/2025", comment="Bien")
    text = "\n".join([HEADER, unchanged, _row(number="2", status="en cours", progress="25 %")])
    response = conseiller_client.post(reverse("fiches:action_import", args=[schema.pk]), {"file": _upload(text)})
    assert response.status_code == 302
    other.refresh_from_db()
    assert (other.status, other.progress, other.last_update.author) == (ActionStatus.EN_COURS, 25, conseiller)
    assert updated_action.updates.count() == 1  # the unchanged row is not recorded again
    assert ActionUpdate.objects.count() == 2


def test_action_import_xlsx_roundtrip(conseiller_client, schema, updated_action):
    exported = conseiller_client.get(reverse("fiches:action_export", args=[schema.pk, "xlsx"])).content
    workbook = load_workbook(io.BytesIO(exported))
    sheet = workbook.active
    sheet["G2"], sheet["H2"], sheet["I2"] = "Réalisée", 100, datetime.datetime(2025, 6, 1)
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("avancement.xlsx", buffer.getvalue())
    response = conseiller_client.post(reverse("fiches:action_import", args=[schema.pk]), {"file": upload})
    assert response.status_code == 302
    updated_action.refresh_from_db()
    assert (updated_action.status, updated_action.progress) == (ActionStatus.REALISEE, 100)
    assert updated_action.last_update.date == datetime.date(2025, 6, 1)


def test_action_import_all_or_nothing_with_french_errors(conseiller_client, schema, fiche, updated_action):
    for number in (2, 3, 4):
        factories.ActionFactory(fiche=fiche, number=number)
    text = "\n".join(
        [
            HEADER,
            _row(number="1", status="Réalisée", progress="100"),  # valid, but not written
            _row(code="PA 9.9.9", number="1"),
            _row(number="2", status="Terminée"),
            _row(number="3", progress="140"),
            _row(number="4", date="01/01/2019"),
        ]
    )
    response = conseiller_client.post(reverse("fiches:action_import", args=[schema.pk]), {"file": _upload(text)})
    assert response.status_code == 422
    assert response.context["errors"] == [
        "Ligne 3 : action inconnue dans ce schéma (fiche « PA 9.9.9 », action « 1 »).",
        "Ligne 4 : statut « Terminée » inconnu (attendu : « À venir », « En cours », « Réalisée », « Reportée », "
        "« Abandonnée »).",
        "Ligne 5 : avancement 140 hors de 0 à 100 (un pourcentage entier est attendu).",
        "Ligne 6 : date 01/01/2019 hors de la période du schéma (2022 à 2026).",
    ]
    assert ActionUpdate.objects.count() == 1
    updated_action.refresh_from_db()
    assert updated_action.progress == 40


def test_action_import_valid_only_gives_the_refused_rows_back(conseiller_client, conseiller, schema, fiche, updated_action):
    for number in (2, 3):
        factories.ActionFactory(fiche=fiche, number=number)
    text = "\n".join(
        [
            HEADER,
            _row(number="1", status="Réalisée", progress="100"),
            _row(code="PA 9.9.9", number="1"),
            _row(number="2", status="En cours", progress="25", comment="Lancée"),
            _row(number="3", status="Terminée", comment="=1+1"),
        ]
    )
    url = reverse("fiches:action_import", args=[schema.pk])

    response = conseiller_client.post(url, {"file": _upload(text), "valid_only": "on"})

    assert response.status_code == 200
    assert "2 mises à jour enregistrées ; 2 lignes refusées." in response.content.decode()
    written = ActionUpdate.objects.exclude(pk=updated_action.last_update.pk).order_by("action__number")
    assert [(u.action.number, u.status, u.progress, u.comment, u.author) for u in written] == [
        (1, ActionStatus.REALISEE, 100, "Terminé", conseiller),
        (2, ActionStatus.EN_COURS, 25, "Lancée", conseiller),
    ]
    rejected = conseiller_client.get(reverse("fiches:action_import_rejected", args=[schema.pk]))
    assert rejected["Content-Disposition"] == 'attachment; filename="actions-rhone-2022-2026-lignes-refusees.csv"'
    lines = rejected.content.decode("utf-8-sig").splitlines()
    assert lines == [
        HEADER + ";motif",
        "rhone-2022-2026;PA 9.9.9;1;Texte;2023;2026;Réalisée;100;10/03/2025;Terminé;;non;"
        "Ligne 3 : action inconnue dans ce schéma (fiche « PA 9.9.9 », action « 1 »)",
        "rhone-2022-2026;PA 2.1.2;3;Texte;2023;2026;Terminée;100;10/03/2025;'=1+1;;non;"
        "Ligne 5 : statut « Terminée » inconnu (attendu : « À venir », « En cours », « Réalisée », « Reportée », "
        "« Abandonnée »)",
    ]


def test_action_import_without_valid_only_still_writes_nothing(conseiller_client, schema, fiche, updated_action):
    factories.ActionFactory(fiche=fiche, number=2)
    text = "\n".join([HEADER, _row(number="2", status="En cours", progress="25"), _row(code="PA 9.9.9", number="1")])

    response = conseiller_client.post(reverse("fiches:action_import", args=[schema.pk]), {"file": _upload(text)})

    assert response.status_code == 422
    assert "Rien n'a été importé : 1 ligne à corriger." in response.content.decode()
    assert list(ActionUpdate.objects.all()) == [updated_action.last_update]
    rejected = conseiller_client.get(reverse("fiches:action_import_rejected", args=[schema.pk]))
    assert rejected.status_code == 302  # nothing waits in the session: the refused rows were not set aside


def test_action_import_same_action_twice_refused(conseiller_client, schema, updated_action):
    text = "\n".join([HEADER, _row(), _row(status="En cours", progress="90")])
    response = conseiller_client.post(reverse("fiches:action_import", args=[schema.pk]), {"file": _upload(text)})
    assert response.context["errors"] == ["Ligne 3 : l'action 1 de la fiche PA 2.1.2 figure deux fois dans le fichier."]
    assert ActionUpdate.objects.count() == 1


def test_action_import_of_an_old_export_writes_no_phantom_history(conseiller_client, conseiller, schema, fiche, updated_action):
    other = factories.ActionFactory(fiche=fiche, number=2, text="Autre")
    old_export = conseiller_client.get(reverse("fiches:action_export", args=[schema.pk, "csv"])).content.decode("utf-8-sig")
    # Meanwhile, in the application:
    record_update(action=updated_action, author=conseiller, status=ActionStatus.EN_COURS, progress=60, comment="Suite")
    today = timezone.localdate()
    header, stale_row, other_row = old_export.splitlines()
    edited = other_row.replace(";À venir;0;;;;", f";En cours;15;{today:%d/%m/%Y};Lancée;;")
    assert edited != other_row

    response = conseiller_client.post(
        reverse("fiches:action_import", args=[schema.pk]), {"file": _upload("\n".join([header, stale_row, edited]))}
    )

    assert response.status_code == 422
    assert response.context["errors"] == [
        f"Ligne 2 : ligne dépassée : l'action 1 de la fiche PA 2.1.2 a été mise à jour le {today:%d/%m/%Y} "
        "(En cours, 60 %), après la date de cette ligne (03/02/2025) ; exportez à nouveau les actions, ou retirez "
        "cette ligne du fichier."
    ]
    assert [(u.progress, u.comment) for u in ActionUpdate.objects.order_by("pk")] == [(40, "Bien"), (60, "Suite")]
    other.refresh_from_db()
    assert (other.status, other.progress, other.last_update) == (ActionStatus.A_VENIR, 0, None)


def test_action_import_row_equal_to_the_current_state_writes_nothing_whatever_its_date(
    conseiller_client, schema, fiche, updated_action
):
    never_updated = factories.ActionFactory(fiche=fiche, number=2, text="Autre")
    text = "\n".join(
        [
            HEADER,
            _row(status="En cours", progress="40", date="01/01/2024", comment="Bien"),
            _row(number="2", status="À venir", progress="0", date="", comment=""),
        ]
    )
    response = conseiller_client.post(reverse("fiches:action_import", args=[schema.pk]), {"file": _upload(text)})
    assert response.status_code == 302
    assert ActionUpdate.objects.count() == 1
    never_updated.refresh_from_db()
    assert never_updated.last_update is None


def test_action_import_xlsx_with_an_empty_date_gets_a_clear_message(conseiller_client, schema, fiche, updated_action):
    factories.ActionFactory(fiche=fiche, number=2, text="Autre")
    exported = conseiller_client.get(reverse("fiches:action_export", args=[schema.pk, "xlsx"])).content
    workbook = load_workbook(io.BytesIO(exported))
    sheet = workbook.active
    assert sheet["I3"].value is None  # the never-updated action: no date in the export
    sheet["G3"], sheet["H3"] = "En cours", 10
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("avancement.xlsx", buffer.getvalue())
    response = conseiller_client.post(reverse("fiches:action_import", args=[schema.pk]), {"file": upload})
    assert response.status_code == 422
    assert response.context["errors"] == [
        "Ligne 3 : date manquante (colonne « Date ») : indiquez la date de la mise à jour au format JJ/MM/AAAA."
    ]
    assert ActionUpdate.objects.count() == 1


def test_action_import_refuses_a_status_that_contradicts_the_percentage(conseiller_client, schema, updated_action):
    text = "\n".join(
        [
            HEADER,
            _row(status="Réalisée", progress="50"),
        ]
    )
    response = conseiller_client.post(reverse("fiches:action_import", args=[schema.pk]), {"file": _upload(text)})
    assert response.context["errors"] == [
        "Ligne 2 : statut et avancement contradictoires : une action « Réalisée » est à 100 %, pas à 50 %."
    ]
    assert ActionUpdate.objects.count() == 1


def test_action_import_missing_columns(conseiller_client, schema):
    response = conseiller_client.post(
        reverse("fiches:action_import", args=[schema.pk]), {"file": _upload("Fiche;Action\nPA 2.1.2;1")}
    )
    assert response.status_code == 422
    assert response.context["form"].errors["file"] == [
        "Colonnes manquantes : « Statut », « Avancement (%) », « Date », « Commentaire »."
    ]


def test_action_import_wrong_extension(conseiller_client, schema):
    response = conseiller_client.post(
        reverse("fiches:action_import", args=[schema.pk]), {"file": _upload("x", name="avancement.pdf")}
    )
    assert response.status_code == 422
    assert response.context["form"].errors["file"] == [
        "Ce type de fichier n'est pas accepté (.pdf) : choisissez un fichier .csv, .xlsx."
    ]


def test_action_import_columns_as_people_name_them_below_a_title(conseiller_client, schema, updated_action):
    text = "\n".join(
        [
            "Suivi des actions — comité de pilotage",
            "# relu le 10/03/2025",
            "Code fiche|N° action|État|Avancement|Date de mise à jour|Commentaires",
            "PA 2.1.2|1|Réalisée|100 %|10/03/2025|Terminé",
        ]
    )
    response = conseiller_client.post(reverse("fiches:action_import", args=[schema.pk]), {"file": _upload(text)})
    assert response.status_code == 302
    updated_action.refresh_from_db()
    assert (updated_action.status, updated_action.progress, updated_action.last_update.comment) == (
        ActionStatus.REALISEE,
        100,
        "Terminé",
    )


def test_action_import_page_states_the_status_progress_rule(conseiller_client, schema):
    page = conseiller_client.get(reverse("fiches:action_import", args=[schema.pk])).content.decode()
    assert (
        "Statut et avancement vont ensemble : « Réalisée » correspond à 100 % et 100 % à « Réalisée » ; "
        "« À venir » correspond à 0 %." in page
    )

"""Exports (CSV, XLSX) of a campaign's values, the administrators' import, and indicator definitions."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from indicateurs.enums import Aggregation, IndicatorKind, ValueStatus
from indicateurs.exports import HEADERS
from indicateurs.models import Indicator, IndicatorValue

from .conftest import make_values

pytestmark = pytest.mark.django_db


def csv_rows(response):
    return [line.split(";") for line in response.content.decode("utf-8-sig").splitlines()]


def test_export_csv_one_row_per_structure_and_indicator(client, conseiller, campaign, indicators, structure_a, structure_b):
    make_values(campaign, structure_a, indicators, status=ValueStatus.VALIDATED)
    client.force_login(conseiller)

    response = client.get(reverse("indicateurs:export", args=[campaign.pk, "csv"]))

    assert response["Content-Disposition"] == 'attachment; filename="valeurs-69-2025.csv"'
    rows = csv_rows(response)
    assert rows[0] == HEADERS
    assert len(rows) == 1 + 2 * 6
    assert rows[1] == [
        str(structure_a.pk), "Centre social A", str(indicators["count"].pk), "PA 1.1.1", "Nombre de projets",
        "Nombre entier", "12", "", "Validée",
    ]  # fmt: skip
    assert rows[2][6] == "45,5"
    assert rows[4][6:8] == ["oui", "Oui, chaque mois."]
    assert rows[7][1] == "Centre social B"
    assert rows[7][6:] == ["", "", "Non saisie"]


def test_export_xlsx(client, admin_user, campaign, indicators, structure_a):
    make_values(campaign, structure_a, indicators)
    client.force_login(admin_user)

    response = client.get(reverse("indicateurs:export", args=[campaign.pk, "xlsx"]))

    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS
    assert len(rows) == 7
    assert rows[3][4:7] == ("Budget", "Montant en euros", "12500")


def test_export_unknown_format_is_404(client, admin_user, campaign):
    client.force_login(admin_user)

    assert client.get(reverse("indicateurs:export", args=[campaign.pk, "pdf"])).status_code == 404


def upload(text, name="valeurs.csv"):
    return SimpleUploadedFile(name, ("\ufeff" + text).encode("utf-8"), content_type="text/csv")


def line(structure, indicator, value, comment=""):
    return f"{structure.pk};{structure.name};{indicator.pk};PA;label;nature;{value};{comment};\n"


def test_import_round_trip(client, admin_user, campaign, indicators, structure_a, structure_b):
    text = ";".join(HEADERS) + "\n"
    text += line(structure_a, indicators["count"], "14")
    text += line(structure_b, indicators["amount"], "1 200,50")
    text += line(structure_b, indicators["yes_no"], "Oui", "Chaque mois")
    client.force_login(admin_user)

    response = client.post(reverse("indicateurs:import", args=[campaign.pk]), {"file": upload(text)}, follow=True)

    assert "Import terminé : 3 valeurs enregistrées." in response.content.decode()
    values = {(v.structure.name, v.indicator.label): v for v in IndicatorValue.objects.all()}
    assert values["Centre social A", "Nombre de projets"].number == Decimal(14)
    assert values["Centre social B", "Budget"].number == Decimal("1200.50")
    assert values["Centre social B", "Participe à la veille sociale"].boolean is True
    assert values["Centre social B", "Participe à la veille sociale"].comment == "Chaque mois"
    assert values["Centre social A", "Nombre de projets"].updated_by == admin_user


def test_import_all_or_nothing_with_error_per_row(client, admin_user, campaign, indicators, structure_a, structure_b):
    text = ";".join(HEADERS) + "\n"
    text += line(structure_a, indicators["count"], "14")
    text += line(structure_a, indicators["percent"], "140")
    text += line(structure_b, indicators["choice"], "Région")
    text += f"99999;X;{indicators['count'].pk};;;;3;;\n"
    text += line(structure_b, indicators["schema_wide"], "3")
    client.force_login(admin_user)

    response = client.post(reverse("indicateurs:import", args=[campaign.pk]), {"file": upload(text)})

    content = response.content.decode()
    assert "Rien n'a été importé." in content
    assert "Ligne 3 : Un pourcentage ne peut pas dépasser 100." in content
    assert "Ligne 4 : « Région » ne fait pas partie des réponses proposées." in content
    assert "Ligne 5 : la structure 99999 ne relève pas de cette campagne." in content
    assert f"Ligne 6 : l&#x27;indicateur {indicators['schema_wide'].pk} n&#x27;est pas demandé" in content
    assert not IndicatorValue.objects.exists()


def test_import_refuses_wrong_headers_and_format(client, admin_user, campaign):
    client.force_login(admin_user)
    url = reverse("indicateurs:import", args=[campaign.pk])

    bad_headers = client.post(url, {"file": upload("a;b;c\n1;2;3\n")}).content.decode()
    bad_format = client.post(url, {"file": SimpleUploadedFile("valeurs.pdf", b"%PDF")}).content.decode()

    assert "La première ligne doit reprendre les colonnes de l&#x27;export" in bad_headers
    assert "Ce type de fichier n&#x27;est pas accepté (.pdf) : choisissez un fichier .csv, .xlsx." in bad_format


def test_indicator_create_and_edit_by_admin(client, admin_user, fiche, schema):
    client.force_login(admin_user)

    response = client.post(
        reverse("indicateurs:indicator_create", args=[fiche.pk]),
        {
            "label": "Principal partenaire",
            "kind": IndicatorKind.CHOICE,
            "level": "structure",
            "aggregation": Aggregation.NONE,
            "unit": "",
            "computed_source": "",
            "order": 3,
            "options_text": "Commune\nMétropole\n",
            "targets_text": "2024 : 10\n2025 : 12,5",
        },
    )

    assert response.status_code == 302
    indicator = Indicator.objects.get()
    assert indicator.options == ["Commune", "Métropole"]
    assert {t.year: t.value for t in indicator.targets.all()} == {2024: Decimal(10), 2025: Decimal("12.5")}

    page = client.get(reverse("indicateurs:indicator_edit", args=[indicator.pk])).content.decode()
    assert "2025 : 12,50" in page


def test_indicator_form_errors_in_french(client, admin_user, fiche):
    client.force_login(admin_user)

    response = client.post(
        reverse("indicateurs:indicator_create", args=[fiche.pk]),
        {
            "label": "Choix",
            "kind": IndicatorKind.CHOICE,
            "level": "structure",
            "aggregation": Aggregation.NONE,
            "order": 0,
            "options_text": "",
            "targets_text": "2030 : 4\nquarante",
        },
    )

    content = response.content.decode()
    assert "l&#x27;année 2030 est hors de la période du schéma (2022-2026)." in content
    assert not Indicator.objects.exists()


def test_import_columns_in_any_order_and_spelling_below_a_title(client, admin_user, campaign, indicators, structure_a):
    text = "# Valeurs relues par la Caf\nValeurs de la campagne\nValeur|Commentaire|Structure_ID|Indicateur ID\n"
    text += f"14|Relu|{structure_a.pk}|{indicators['count'].pk}\n"
    client.force_login(admin_user)

    response = client.post(reverse("indicateurs:import", args=[campaign.pk]), {"file": upload(text)}, follow=True)

    assert "Import terminé : 1 valeur enregistrée." in response.content.decode()
    value = IndicatorValue.objects.get()
    assert (value.number, value.comment) == (Decimal(14), "Relu")


def test_import_blank_cells_keep_stored_values_and_comments(client, admin_user, campaign, indicators, structure_a):
    IndicatorValue.objects.create(
        campaign=campaign, structure=structure_a, indicator=indicators["count"], number=Decimal(7), comment="Vérifié"
    )
    IndicatorValue.objects.create(campaign=campaign, structure=structure_a, indicator=indicators["amount"], number=Decimal(500))
    text = ";".join(HEADERS) + "\n"
    text += line(structure_a, indicators["count"], "", "Chiffre du rapport")
    text += line(structure_a, indicators["amount"], "")
    text += line(structure_a, indicators["percent"], "40")
    client.force_login(admin_user)

    client.post(reverse("indicateurs:import", args=[campaign.pk]), {"file": upload(text)})

    values = {v.indicator_id: (v.number, v.comment) for v in IndicatorValue.objects.all()}
    assert values == {
        indicators["count"].pk: (Decimal(7), "Chiffre du rapport"),
        indicators["amount"].pk: (Decimal(500), ""),
        indicators["percent"].pk: (Decimal(40), ""),
    }


def test_import_valid_rows_only_gives_the_refused_rows_back(client, admin_user, campaign, indicators, structure_a):
    text = ";".join(HEADERS) + "\n"
    text += line(structure_a, indicators["count"], "14")
    text += line(structure_a, indicators["percent"], "140")
    text += line(structure_a, indicators["amount"], "=1+1")
    client.force_login(admin_user)
    url = reverse("indicateurs:import", args=[campaign.pk])

    response = client.post(url, {"file": upload(text), "valid_only": "on"})

    assert "1 valeur enregistrée ; 2 lignes refusées." in response.content.decode()
    assert [(v.indicator_id, v.number) for v in IndicatorValue.objects.all()] == [(indicators["count"].pk, Decimal(14))]
    rejected = client.get(reverse("indicateurs:import_rejected", args=[campaign.pk]))
    lines = rejected.content.decode("utf-8-sig").splitlines()
    assert lines[0] == ";".join([*HEADERS, "motif"])
    assert [row.split(";")[6] for row in lines[1:]] == ["140", "'=1+1"]
    assert lines[1].endswith(";Ligne 3 : Un pourcentage ne peut pas dépasser 100.")


def test_import_without_valid_only_still_writes_nothing(client, admin_user, campaign, indicators, structure_a):
    text = (
        ";".join(HEADERS) + "\n" + line(structure_a, indicators["count"], "14") + line(structure_a, indicators["percent"], "140")
    )
    client.force_login(admin_user)

    response = client.post(reverse("indicateurs:import", args=[campaign.pk]), {"file": upload(text)})

    assert "Rien n'a été importé." in response.content.decode()
    assert not IndicatorValue.objects.exists()

"""Importing structures from CSV and XLSX: preview, French errors per row, all-or-nothing, updates."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from structures.communes import load_shipped_communes
from structures.enums import Gestion, StructureKind
from structures.imports import nice_name
from structures.models import Commune, Structure
from tests import factories

CAF_ONLY = {
    "admin": 200,
    "conseiller": 200,
    "conseiller_94": 200,
    "directeur_a": 403,
    "directeur_b": 403,
    "partenaire": 403,
    "anonyme": 302,
}
HEADER = "nom;type;gestion;siret;adresse;code_postal;commune;code_insee;qpv;adherent_federation;directeur;courriel;telephone"


@pytest.fixture
def communes(db):
    load_shipped_communes(departments=["69", "34"])
    codes = {"villeurbanne": "69266", "bron": "69029", "vaulx": "69256", "lunel_viel": "34146"}
    return {name: Commune.objects.get(insee_code=code) for name, code in codes.items()}


def csv_file(*lines, name="structures.csv", encoding="utf-8"):
    return SimpleUploadedFile(name, "\n".join([HEADER, *lines]).encode(encoding), content_type="text/csv")


def upload(client, file, **extra):
    return client.post(reverse("structures:structure_import"), {"file": file, **extra})


def test_structure_import_access_for_each_role(status_for):
    assert status_for(reverse("structures:structure_import")) == CAF_ONLY


def test_structure_import_template_access_for_each_role(status_for):
    assert status_for(reverse("structures:structure_import_template")) == CAF_ONLY


def test_structure_import_template_is_a_csv_with_the_columns(client, conseiller):
    client.force_login(conseiller)
    response = client.get(reverse("structures:structure_import_template"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.decode("utf-8-sig").splitlines()[0] == HEADER


def test_structure_import_preview_then_confirm_creates(client, conseiller, communes):
    client.force_login(conseiller)
    response = upload(
        client,
        csv_file(
            '"CENTRE SOCIAL DES BUERS";Centre social;Associatif;775 672 272 00015;17 rue Pierre-Loti;;69100Villeurbanne;'
            ";oui;oui;Nadia Benali;contact@buers.fr;04 78 00 00 00",
            "EVS Le Kiosque;EVS;Collectivité locale;;;;Vaulx-en-Velin;;non;non;;;",
            "Centre social de Bron;CS;Autres (dont délégation de gestion);;;;;69029;;;;;",
        ),
    )
    preview = response.context["preview"]
    assert preview.valid
    assert [(row.line, row.name, row.commune_label, row.action) for row in preview.rows] == [
        (2, "CENTRE SOCIAL DES BUERS", "Villeurbanne (69266)", "Création"),
        (3, "EVS Le Kiosque", "Vaulx-en-Velin (69256)", "Création"),
        (4, "Centre social de Bron", "Bron (69029)", "Création"),
    ]
    assert not Structure.objects.exists()
    response = client.post(reverse("structures:structure_import"), {"confirm": "1"})
    assert response.status_code == 302
    assert list(
        Structure.objects.order_by("name").values_list("name", "kind", "gestion", "siret", "postal_code", "commune__name", "qpv")
    ) == [
        (
            "CENTRE SOCIAL DES BUERS",
            StructureKind.CENTRE_SOCIAL,
            Gestion.ASSOCIATIVE,
            "77567227200015",
            "69100",
            "Villeurbanne",
            True,
        ),
        ("Centre social de Bron", StructureKind.CENTRE_SOCIAL, Gestion.AUTRE, "", "", "Bron", False),
        ("EVS Le Kiosque", StructureKind.EVS, Gestion.MUNICIPALE, "", "", "Vaulx-en-Velin", False),
    ]


def test_structure_import_format_names_when_asked(client, conseiller, communes):
    client.force_login(conseiller)
    response = upload(client, csv_file("CENTRE SOCIAL DES BUERS;CS;;;;;Villeurbanne;;;;;;"), format_names="on")
    assert [row.name for row in response.context["preview"].rows] == ["Centre social des Buers"]


def test_structure_import_errors_per_row(client, conseiller, communes):
    client.force_login(conseiller)
    response = upload(
        client,
        csv_file(
            "Centre social des Buers;Centre social;Associatif;123;;;Villeurbanne;;;;;;",
            ";Maison;Privée;;;;Atlantis;;peut-être;;;pas-un-courriel;",
            "Centre social de Lunel;Centre social;Associatif;;;;34400Lunel-Viel;;;;;;",
            "Centre social de Bron;Centre social;Associatif;;;;Bron;;;;;;",
        ),
    )
    preview = response.context["preview"]
    assert not preview.valid
    assert [(row.line, row.errors) for row in preview.rows] == [
        (2, ["SIRET invalide : « 123 » (14 chiffres attendus)."]),
        (
            3,
            [
                "Le nom est obligatoire.",
                "Type inconnu : « Maison » (Centre social ou EVS attendu).",
                "Gestion inconnue : « Privée » (Associatif, Collectivité locale, CCAS, Caf ou Autres attendu).",
                "Commune inconnue : « Atlantis ».",
                "QPV : « peut-être » n'est pas compris (oui ou non attendu).",
                "Courriel invalide : « pas-un-courriel ».",
            ],
        ),
        (4, ["« Lunel-Viel » (Lunel-Viel (34146)) n'est pas dans votre territoire (département 69)."]),
        (5, []),
    ]
    assert "3 lignes refusées" in response.content.decode()
    response = client.post(reverse("structures:structure_import"), {"confirm": "1"})
    assert response.status_code == 302
    assert not Structure.objects.exists()


def test_structure_import_blank_lines_keep_the_line_numbers_of_the_file(client, conseiller, communes):
    client.force_login(conseiller)
    response = upload(
        client,
        csv_file(
            "Centre social de Bron;Centre social;Associatif;;;;Bron;;;;;;",
            "",
            ";;;;;;;;;;;;",
            "Centre social des Buers;Centre social;Associatif;123;;;Villeurbanne;;;;;;",
        ),
    )
    assert [(row.line, row.errors) for row in response.context["preview"].rows] == [
        (2, []),
        (5, ["SIRET invalide : « 123 » (14 chiffres attendus)."]),
    ]


def test_structure_import_admin_accepts_postal_code_glued_to_the_town(client, admin_user, communes):
    client.force_login(admin_user)
    response = upload(client, csv_file("Centre social de Lunel;Centre social;Associatif;;;;34400Lunel-Viel;;;;;;"))
    (row,) = response.context["preview"].rows
    assert (row.errors, row.commune_label, row.values["postal_code"]) == ([], "Lunel-Viel (34146)", "34400")


def test_structure_import_updates_by_siret_then_by_name_and_commune(client, conseiller, communes):
    by_siret = factories.StructureFactory(name="Ancien nom", siret="77567227200015", commune=communes["villeurbanne"])
    by_name = factories.StructureFactory(name="Centre social de Bron", commune=communes["bron"], director_name="Ancien")
    client.force_login(conseiller)
    upload(
        client,
        csv_file(
            "Centre social des Buers;Centre social;Associatif;77567227200015;;;Villeurbanne;;;;;;",
            "CENTRE SOCIAL DE BRON;Centre social;Associatif;;;;Bron;;;;Nadia Benali;;",
        ),
    )
    client.post(reverse("structures:structure_import"), {"confirm": "1"})
    assert Structure.objects.count() == 2
    by_siret.refresh_from_db()
    by_name.refresh_from_db()
    assert (by_siret.name, by_siret.version) == ("Centre social des Buers", 2)
    # The same name in capitals keeps the stored spelling.
    assert (by_name.name, by_name.director_name, by_name.version) == ("Centre social de Bron", "Nadia Benali", 2)
    assert by_name.history.count() == 2


def test_structure_import_duplicate_rows_in_the_file_shown_and_skipped(client, conseiller, communes):
    client.force_login(conseiller)
    response = upload(
        client,
        csv_file(
            "CS A;Centre social;Associatif;77567227200015;;;Bron;;;;;;",
            "CS B;Centre social;Associatif;77567227200015;;;Bron;;;;;;",
            "cs a;Centre social;Associatif;;;;Bron;;;;;;",
            "CS Atlantis;Centre social;;;;;Atlantis;;;;;;",
            "CS Atlantis;Centre social;;;;;Atlantis;;;;;;",
        ),
    )
    rows = response.context["preview"].rows
    assert [(row.action, len(row.errors)) for row in rows] == [
        ("Création", 0),
        ("Ignorée (en double de la ligne 2)", 0),
        ("Ignorée (en double de la ligne 2)", 0),
        ("Refusée", 1),
        ("Refusée", 1),
    ]


def test_structure_import_skips_test_rows(client, conseiller, communes):
    client.force_login(conseiller)
    lines = (
        "Centre social TEST;Centre social;Associatif;;;;Bron;;;;;;",
        "Test import;EVS;;;;;Bron;;;;;;",
        "Centre social Testard;Centre social;;;;;Bron;;;;;;",
        "Essai;Maison;;;;;Atlantis;;;;;;",
    )
    response = upload(client, csv_file(*lines))
    assert [row.action for row in response.context["preview"].rows] == [
        "Ignorée (ligne de test)",
        "Ignorée (ligne de test)",
        "Création",
        "Ignorée (ligne de test)",
    ]
    assert response.context["preview"].refused == []


def test_structure_import_reads_xlsx_and_cp1252_csv(client, admin_user, communes):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Nom de la structure", "Type", "Mode de gestion", "Ville"])
    sheet.append(["EVS Entr'Actes", "Espace de vie sociale", "Associatif", "Vaulx-en-Velin"])
    data = io.BytesIO()
    workbook.save(data)
    client.force_login(admin_user)
    response = upload(client, SimpleUploadedFile("liste.xlsx", data.getvalue()))
    rows = response.context["preview"].rows
    assert [(row.name, row.action, row.values["gestion"]) for row in rows] == [("EVS Entr'Actes", "Création", "associative")]
    response = upload(client, csv_file("Centre social Émile Zola;CS;Associatif;;;;Villeurbanne;;;;;;", encoding="cp1252"))
    assert [row.name for row in response.context["preview"].rows] == ["Centre social Émile Zola"]


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (
            SimpleUploadedFile("liste.pdf", b"%PDF"),
            "Ce type de fichier n'est pas accepté (.pdf) : choisissez un fichier .csv, .xlsx.",
        ),
        (SimpleUploadedFile("liste.csv", b""), "Le fichier soumis est vide."),
        (SimpleUploadedFile("liste.csv", b"\n \n;\n"), "Le fichier est vide."),
        (SimpleUploadedFile("liste.csv", b"a;b\n1;2"), "Aucune ligne d'en-tête reconnue parmi les premières lignes"),
        (
            SimpleUploadedFile("liste.xlsx", b"pas un classeur"),
            "Le contenu du fichier ne correspond pas à son extension .xlsx : vérifiez qu'il n'a pas été renommé.",
        ),
        (
            SimpleUploadedFile("liste.xlsx", b"PK\x03\x04 pas un classeur"),
            "Le fichier XLSX ne peut pas être lu : est-ce bien un classeur Excel enregistré au format .xlsx ?",
        ),
    ],
)
def test_structure_import_unreadable_file_french_error(client, conseiller, file, message):
    client.force_login(conseiller)
    response = upload(client, file)
    assert response.status_code == 200
    assert message in response.content.decode().replace("&#x27;", "'")


def test_structure_import_confirm_without_preview(client, conseiller):
    client.force_login(conseiller)
    response = client.post(reverse("structures:structure_import"), {"confirm": "1"}, follow=True)
    assert "Aucun import en attente" in response.content.decode()


def test_nice_name_keeps_mixed_case():
    assert nice_name("Centre social de la Duchère") == "Centre social de la Duchère"
    assert nice_name("EVS LA COURTE-ÉCHELLE") == "EVS la Courte-Échelle"
    assert nice_name("MAISON DES HABITANTS DE PARILLY") == "Maison des habitants de Parilly"

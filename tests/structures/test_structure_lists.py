"""Real structure lists in: SENACS-like extracts of several départements and Caf spreadsheets, checked row by row
against the national communes shipped with the project (commune chosen, fields stored, fields left untouched)."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from structures.communes import load_shipped_communes
from structures.enums import Gestion, StructureKind
from structures.imports import check_rows, read_rows
from structures.models import Commune, Structure
from tests import factories

HERAULT_HEADER = (
    "Nom de la structure;Type de structure;Gestionnaire;N° SIRET;Adresse;Code postal;Commune;Code INSEE;QPV;"
    "Adhérent fédération;Directeur;Courriel;Téléphone;Année SENACS"
)
HERAULT_ROWS = [
    "# Extrait SENACS 2025 — Hérault",
    HERAULT_HEADER,
    "CENTRE SOCIAL CAF LA PAILLADE;Centre social;Caf;;10 place de Tipasa;34080;Montpellier;;oui;oui;;;;2025",
    "MALT;EVS;Associatif;;;;34400Lunel-Viel;;non;non;;;;2025",
    "EVS Le Crès Ensemble;Espace de vie sociale;Collectivité locale;;;34920;Le Crès;;;;;;;2025",
    "Maison pour tous Léo Lagrange;CS;;;;;Montpellier;34090;;;;;;2025",
    "Centre social de Sète;CS;Associatif;;;;Lunel;34301;;;;;;2025",
    "Test import SENACS;EVS;Associatif;;;;Sète;;;;;;;2025",
    "MALT;EVS;Associatif;;;;34400Lunel-Viel;;non;non;;;;2025",
    "EVS St-Jean Solidaire;EVS;Autres (dont délégation de gestion);;;;St Jean de Védas;;;;;;;2025",
    "Centre social des Pentes;CS;Associatif;;;69001;Lyon 1er;;;;;;;2025",
    "Centre social Atlantis;CS;Associatif;;;;Atlantis;;;;;;;2025",
]


def senacs_herault(encoding="cp1252"):
    return SimpleUploadedFile("senacs-34.csv", "\r\n".join(HERAULT_ROWS).encode(encoding), content_type="text/csv")


@pytest.fixture
def france(db):
    """The shipped communes of the départements these lists come from (not all 35,000, to stay fast)."""
    load_shipped_communes(departments=["34", "67", "31", "46", "971", "69", "11", "30", "93", "974"])


@pytest.fixture
def herault(db):
    schema = factories.SchemaFactory(department_code="34", department_name="Hérault")
    return factories.ConseillerFactory(email="conseiller34@exemple.fr", schemas=[schema])


def commune(code):
    return Commune.objects.get(insee_code=code)


def preview_of(upload, departments=None, **options):
    return check_rows(read_rows(upload), departments=departments, **options)


def test_senacs_herault_row_by_row_for_a_conseiller_of_the_herault(france):
    preview = preview_of(senacs_herault(), departments={"34"})

    assert [(row.line, row.name, row.commune_label, row.action) for row in preview.rows] == [
        (3, "CENTRE SOCIAL CAF LA PAILLADE", "Montpellier (34172)", "Création"),
        (4, "MALT", "Lunel-Viel (34146)", "Création"),
        (5, "EVS Le Crès Ensemble", "Le Crès (34090)", "Création"),
        (6, "Maison pour tous Léo Lagrange", "Montpellier (34172)", "Création"),
        (7, "Centre social de Sète", "Lunel", "Refusée"),
        (8, "Test import SENACS", "Sète (34301)", "Ignorée (ligne de test)"),
        (9, "MALT", "Lunel-Viel (34146)", "Ignorée (en double de la ligne 4)"),
        (10, "EVS St-Jean Solidaire", "Saint-Jean-de-Védas (34270)", "Création"),
        (11, "Centre social des Pentes", "Lyon 1er", "Refusée"),
        (12, "Centre social Atlantis", "Atlantis", "Refusée"),
    ]
    errors = {row.line: row.errors for row in preview.refused}
    assert errors == {
        7: ["Le code INSEE 34301 désigne Sète, mais la commune indiquée est « Lunel » : corrigez l'un ou l'autre."],
        11: [
            "« Lyon 1er » (Lyon 1er Arrondissement (69381)) n'est pas dans votre territoire (département 34).",
        ],
        12: ["Commune inconnue : « Atlantis »."],
    }
    assert preview.rows[3].notes == ["« 34090 » est lu comme le code postal de Montpellier."]
    assert preview.ignored_columns == [("Année SENACS", "colonne ignorée : nom de colonne inconnu")]
    values = {row.line: row.values for row in preview.to_write}
    assert values[3] == {
        "name": "CENTRE SOCIAL CAF LA PAILLADE",
        "kind": StructureKind.CENTRE_SOCIAL,
        "gestion": Gestion.CAF,
        "address": "10 place de Tipasa",
        "postal_code": "34080",
        "commune_id": commune("34172").pk,
        "qpv": True,
        "federation_member": True,
    }
    assert values[6]["gestion"] == Gestion.NON_RENSEIGNEE
    assert values[10]["gestion"] == Gestion.AUTRE


def test_senacs_herault_from_the_browser_valid_rows_in_refused_rows_back(client, france, herault):
    client.force_login(herault)
    url = reverse("structures:structure_import")

    response = client.post(url, {"file": senacs_herault()})

    page = response.content.decode()
    assert "3 lignes refusées" in page
    assert "Importer seulement les 5 lignes valides" in page
    assert "« Année SENACS » : colonne ignorée : nom de colonne inconnu" in page
    rejected = client.get(reverse("structures:structure_import_rejected"))
    assert rejected["Content-Type"] == "text/csv; charset=utf-8"
    lines = list(csv.reader(io.StringIO(rejected.content.decode("utf-8-sig")), delimiter=";"))
    assert lines[0] == [*HERAULT_HEADER.split(";"), "motif"]
    assert [(line[0], line[-1]) for line in lines[1:]] == [
        (
            "Centre social de Sète",
            "Ligne 7 : Le code INSEE 34301 désigne Sète, mais la commune indiquée est « Lunel » : corrigez l'un ou l'autre.",
        ),
        (
            "Centre social des Pentes",
            "Ligne 11 : « Lyon 1er » (Lyon 1er Arrondissement (69381)) n'est pas dans votre territoire (département 34).",
        ),
        ("Centre social Atlantis", "Ligne 12 : Commune inconnue : « Atlantis »."),
    ]

    # Confirming without saying « valid rows only » writes nothing.
    client.post(url, {"confirm": "1"})
    assert not Structure.objects.exists()
    response = client.post(url, {"confirm": "1", "valid_only": "1"}, follow=True)

    assert "5 structures créées, 0 mise à jour" in response.content.decode()
    assert list(Structure.objects.order_by("name").values_list("name", "commune__insee_code", "gestion", "kind")) == [
        ("CENTRE SOCIAL CAF LA PAILLADE", "34172", Gestion.CAF, StructureKind.CENTRE_SOCIAL),
        ("EVS Le Crès Ensemble", "34090", Gestion.MUNICIPALE, StructureKind.EVS),
        ("EVS St-Jean Solidaire", "34270", Gestion.AUTRE, StructureKind.EVS),
        ("MALT", "34146", Gestion.ASSOCIATIVE, StructureKind.EVS),
        ("Maison pour tous Léo Lagrange", "34172", Gestion.NON_RENSEIGNEE, StructureKind.CENTRE_SOCIAL),
    ]
    # The refused rows stay downloadable after the valid ones are in.
    assert client.get(reverse("structures:structure_import_rejected")).status_code == 200


def test_blank_cells_over_existing_structures_change_nothing(client, france, herault):
    lunel = commune("34145")
    stored = factories.StructureFactory(
        name="Centre social municipal de Lunel",
        commune=lunel,
        gestion=Gestion.MUNICIPALE,
        qpv=True,
        federation_member=True,
        director_name="Aline Martin",
        email="cs@lunel.fr",
        siret="21340145700019",
        postal_code="34400",
    )
    text = (
        "Nom;Type;Gestion;SIRET;Code postal;Commune;QPV;Adhérent fédération;Directeur;Courriel;Téléphone\n"
        "CENTRE SOCIAL MUNICIPAL DE LUNEL;;;;;Lunel;;;;;04 67 00 00 00\n"
    )
    client.force_login(herault)
    response = client.post(reverse("structures:structure_import"), {"file": SimpleUploadedFile("l.csv", text.encode())})

    (row,) = response.context["preview"].rows
    assert (row.action, [(c.label, c.before, c.after) for c in row.changes]) == (
        "Mise à jour",
        [("téléphone", "—", "04 67 00 00 00")],
    )
    assert "Téléphone : — → 04 67 00 00 00" in response.content.decode()
    client.post(reverse("structures:structure_import"), {"confirm": "1"})

    stored.refresh_from_db()
    assert (stored.name, stored.kind, stored.gestion, stored.qpv, stored.federation_member) == (
        "Centre social municipal de Lunel",
        StructureKind.CENTRE_SOCIAL,
        Gestion.MUNICIPALE,
        True,
        True,
    )
    assert (stored.director_name, stored.email, stored.siret, stored.postal_code, stored.phone) == (
        "Aline Martin",
        "cs@lunel.fr",
        "21340145700019",
        "34400",
        "04 67 00 00 00",
    )
    assert stored.version == 2
    assert [record.history_type for record in stored.history.order_by("history_date")] == ["+", "~"]
    assert stored.history.latest().history_user == herault


def test_changed_cells_show_before_and_after_and_unchanged_rows_write_nothing(france):
    stored = factories.StructureFactory(name="AGF Westhouse", commune=commune("67526"), gestion=Gestion.ASSOCIATIVE, qpv=False)
    text = "nom;commune;gestion;qpv\nAGF Westhouse;Westhouse;CCAS;oui\nAGF Westhouse;Westhouse;;\n"

    first, second = preview_of(SimpleUploadedFile("l.csv", text.encode())).rows

    assert [(c.label, c.before, c.after) for c in first.changes] == [
        ("gestion", "Associative", "Municipale / CCAS"),
        ("QPV", "non", "oui"),
    ]
    assert second.action == "Ignorée (en double de la ligne 2)"
    only_blank = preview_of(SimpleUploadedFile("l.csv", b"nom;commune;gestion\nAGF Westhouse;Westhouse;\n")).rows
    assert [(row.action, row.writes) for row in only_blank] == [("Inchangée", False)]
    assert stored.name == "AGF Westhouse"


def bas_rhin_workbook():
    """A Caf spreadsheet: a merged title, merged group headings, then the header on the third row."""
    workbook = Workbook()
    sheet = workbook.active
    sheet["A1"] = "Structures AVS du Bas-Rhin — liste 2025"
    sheet.merge_cells("A1:F1")
    sheet["A2"] = "Identité"
    sheet["D2"] = "Localisation"
    sheet.merge_cells("A2:C2")
    sheet.merge_cells("D2:F2")
    sheet.append(["Nom", "Type", "Mode de gestion (de la structure)", "CP", "Ville", "SIRET"])
    sheet.append(["AGF Westhouse", "EVS", "Associatif", 67230, "Westhouse", 77567227200015])
    sheet.append(["CSC du Neuhof", "Centre social", "Collectivité locale", "67100", "STRASBOURG", None])
    sheet.append(["Centre social Victor Schoelcher", "CS", None, None, "Strasbourg", "775 672 272 00023"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("bas-rhin.xlsx", buffer.getvalue())


def test_bas_rhin_excel_with_merged_header_rows(france):
    preview = preview_of(bas_rhin_workbook(), departments={"67"})

    assert [(row.line, row.name, row.commune_label, row.action, row.errors) for row in preview.rows] == [
        (4, "AGF Westhouse", "Westhouse (67526)", "Création", []),
        (5, "CSC du Neuhof", "Strasbourg (67482)", "Création", []),
        (6, "Centre social Victor Schoelcher", "Strasbourg (67482)", "Création", []),
    ]
    assert [(row.values.get("siret", ""), row.values.get("postal_code", "")) for row in preview.rows] == [
        ("77567227200015", "67230"),
        ("", "67100"),
        ("77567227200023", ""),
    ]
    assert [row.values["gestion"] for row in preview.rows] == [
        Gestion.ASSOCIATIVE,
        Gestion.MUNICIPALE,
        Gestion.NON_RENSEIGNEE,
    ]


@pytest.mark.parametrize(
    ("written", "postal_code", "insee_code", "expected"),
    [
        ("Isle-en-Dodon (L')", "", "", "31239"),
        ("L'Isle-en-Dodon", "31230", "", "31239"),
        ("ISLE EN DODON", "", "", "31239"),
        ("St-Gaudens", "", "", "31483"),
        ("Saint Gaudens", "31800", "", "31483"),
        ("Toulouse", "31300", "", "31555"),
        ("Figeac", "", "", "46102"),
        ("Cahors", "46000", "", "46042"),
        ("", "46100", "46102", "46102"),
        ("Le Moule", "", "", "97117"),
        ("Moule (Le)", "97160", "", "97117"),
        ("LE MOULE", "", "97117", "97117"),
        ("Lyon 9e", "", "", "69389"),
        ("Lyon 9e Arrondissement", "", "", "69389"),
        ("Lyon 9ème", "", "", "69389"),
        ("69009 Lyon", "", "", "69389"),
        ("Lyon", "69009", "", "69389"),
        ("Lyon 9e", "", "69009", "69389"),
        ("Lyon", "", "69123", "69123"),
        ("La Mulatière", "", "", "69142"),
        ("Mulatière", "", "", "69142"),
        ("L'Arbresle", "69210", "", "69010"),
        ("34400Lunel-Viel", "", "", "34146"),
        ("34400 Lunel-Viel", "", "", "34146"),
        ("Montpellier", "", "34090", "34172"),
        ("", "34400", "34145", "34145"),
        ("", "", "1053", None),
    ],
)
def test_commune_resolved_as_a_person_would(france, written, postal_code, insee_code, expected):
    text = f"nom;type;commune;code postal;code insee\nCS;CS;{written};{postal_code};{insee_code}\n"

    (row,) = preview_of(SimpleUploadedFile("l.csv", text.encode())).rows

    if expected is None:
        assert row.errors == ["Code INSEE inconnu : « 01053 »."]
    else:
        assert (row.errors, Commune.objects.get(pk=row.values["commune_id"]).insee_code) == ([], expected)


def test_ambiguous_commune_refused_with_candidates(france):
    text = "nom;type;commune\nCS de Saint-Denis;CS;Saint-Denis\nCS de Saint-Denis 93;CS;93200 Saint-Denis\n"

    first, second = preview_of(SimpleUploadedFile("l.csv", text.encode())).rows

    assert first.errors == [
        "Plusieurs communes s'appellent « Saint-Denis » : Saint-Denis (11339), Saint-Denis (30247), "
        "Saint-Denis (93066), Saint-Denis (97411). Indiquez le code INSEE."
    ]
    assert (second.errors, Commune.objects.get(pk=second.values["commune_id"]).insee_code) == ([], "93066")


def test_postal_code_of_another_departement_refused_with_both_shown(france):
    text = "nom;type;commune;cp\nCS;CS;Figeac;34000\n"

    (row,) = preview_of(SimpleUploadedFile("l.csv", text.encode())).rows

    assert row.errors == ["Le code postal 34000 ne correspond pas à « Figeac » (Figeac (46102)) : corrigez l'un ou l'autre."]


def test_columns_as_people_name_them_with_pipes_and_utf8_bom(france):
    text = (
        "\ufeffNom de la structure|Type de structure|Mode de gestion (de la structure)|Code postal|Ville|Code INSEE\n"
        "Centre social Lo Cirque|Centre social|Autres (dont délégation de gestion)|46000|Cahors|\n"
    )

    (row,) = preview_of(SimpleUploadedFile("lot.csv", text.encode())).rows

    assert (row.errors, row.values["gestion"], row.values["commune_id"]) == ([], Gestion.AUTRE, commune("46042").pk)


def test_merged_commune_not_offered_to_new_rows_but_structures_keep_it(france):
    old = factories.CommuneFactory(insee_code="46999", name="Vieux-Bourg", department_code="46", merged=True)

    (row,) = preview_of(SimpleUploadedFile("l.csv", b"nom;type;commune\nCS;CS;Vieux-Bourg\n")).rows

    assert row.errors == ["Commune inconnue : « Vieux-Bourg »."]
    assert str(old) == "Vieux-Bourg (46999, commune fusionnée)"


def test_import_page_says_when_the_communes_are_not_loaded(client, herault):
    client.force_login(herault)
    response = client.post(
        reverse("structures:structure_import"), {"file": SimpleUploadedFile("l.csv", b"nom;type;commune\nCS;CS;Lunel\n")}
    )
    assert "python manage.py import_communes --shipped" in response.content.decode()


def test_stale_preview_writes_nothing(client, france, herault):
    stored = factories.StructureFactory(name="MALT", commune=commune("34146"), director_name="")
    client.force_login(herault)
    url = reverse("structures:structure_import")
    text = "nom;type;commune;directeur\nMALT;;Lunel-Viel;Sam Roux\nEVS Nouveau;EVS;Lunel-Viel;\n"
    client.post(url, {"file": SimpleUploadedFile("l.csv", text.encode())})
    stored.director_name = "Quelqu'un d'autre"
    stored.version += 1
    stored.save()

    response = client.post(url, {"confirm": "1", "valid_only": "1"}, follow=True)

    assert "a été modifiée ou supprimée depuis l'aperçu" in response.content.decode().replace("&#x27;", "'")
    stored.refresh_from_db()
    assert (stored.director_name, Structure.objects.count()) == ("Quelqu'un d'autre", 1)


def test_structure_of_a_merged_commune_says_so_on_its_page(client, herault):
    old = factories.CommuneFactory(insee_code="34999", name="Vieux-Village", department_code="34", merged=True)
    structure = factories.StructureFactory(commune=old)
    client.force_login(herault)

    page = client.get(reverse("structures:structure_detail", args=[structure.pk])).content.decode()

    assert 'Vieux-Village (34999) <span class="badge text-bg-secondary">commune fusionnée</span>' in page


def test_insee_code_alone_checked_against_the_postal_code_and_flagged_when_it_is_one(france):
    text = "nom;type;commune;cp;code insee\nCS A;CS;;69009;69009\nCS B;CS;;;69009\nCS C;CS;;69480;69009\n"

    first, second, third = preview_of(SimpleUploadedFile("l.csv", text.encode())).rows

    assert first.errors == [
        "Le code INSEE 69009 désigne Anse (code postal 69480), mais le code postal 69009 est celui de "
        "Lyon (69123), Lyon 9e Arrondissement (69389) : corrigez l'un ou l'autre."
    ]
    assert (second.errors, second.commune_label, second.notes) == (
        [],
        "Anse (69009)",
        [
            "« 69009 » est lu comme le code INSEE de Anse ; c'est aussi le code postal de Lyon (69123), "
            "Lyon 9e Arrondissement (69389) : vérifiez la commune."
        ],
    )
    assert (third.errors, third.commune_label, third.notes) == ([], "Anse (69009)", second.notes)

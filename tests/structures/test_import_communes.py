import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from structures.communes import load_shipped_communes
from structures.models import Commune
from tests import factories

FRANCE_ROWS = 34920  # every commune, and the 45 municipal arrondissements of Paris, Marseille and Lyon
RHONE_ROWS = 275  # 266 communes and the 9 arrondissements of Lyon

SHIPPED_HEADER = (
    "code_insee,type,nom,code_departement,nom_departement,code_epci,nom_epci,type_epci,population,code_commune_parent"
)
SHIPPED_SAMPLE = f"""{SHIPPED_HEADER}
69123,COM,Lyon,69,Rhône,200046977,Métropole de Lyon,ME,516092,
69381,ARM,Lyon 1er Arrondissement,69,Rhône,200046977,Métropole de Lyon,ME,29352,69123
69001,COM,Affoux,69,Rhône,200040566,Communauté d'agglomération de l'Ouest Rhodanien,CA,369,
"""

COG_SAMPLE = """TYPECOM,COM,REG,DEP,CTCD,ARR,TNCC,NCC,NCCENR,LIBELLE,CAN,COMPARENT
COM,69123,84,69,69D,691,0,LYON,Lyon,Lyon,6999,
ARM,69381,,,,,0,LYON 1ER ARRONDISSEMENT,Lyon 1er Arrondissement,Lyon 1er Arrondissement,,69123
COM,69264,84,69,69D,692,0,VILLEFRANCHE SUR SAONE,Villefranche-sur-Saône,Villefranche-sur-Saône,6924,
COMD,69264,84,69,,,0,OUILLY,Ouilly,Ouilly,,69264
COMA,69999,84,69,,,0,ASSOCIEE,Associée,Associée,,69264
"""

EPCI_SAMPLE = """CODGEO;LIBGEO;EPCI;LIBEPCI;DEP;REG
69264;Villefranche-sur-Saône;200040590;CA Villefranche Beaujolais Saône;69;84
69123;Lyon;200046977;Métropole de Lyon;69;84
29083;Île-Molène;ZZZZZZZZZ;Sans objet;29;53
"""


def write(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def import_file(*args):
    from io import StringIO

    out = StringIO()
    call_command("import_communes", *[str(arg) for arg in args], stdout=out)
    return out.getvalue()


def test_import_communes_shipped_layout_creates_communes(db, tmp_path):
    output = import_file(write(tmp_path, "communes.csv", SHIPPED_SAMPLE))

    assert "3 communes créées, 0 mises à jour" in output
    arrondissement = Commune.objects.get(insee_code="69381")
    assert arrondissement.name == "Lyon 1er Arrondissement"
    assert arrondissement.parent_code == "69123"
    assert arrondissement.population == 29352
    affoux = Commune.objects.get(insee_code="69001")
    assert (affoux.department_code, affoux.department_name) == ("69", "Rhône")
    assert (affoux.epci_code, affoux.epci_kind) == ("200040566", "CA")


def test_import_communes_twice_updates_nothing(db, tmp_path):
    path = write(tmp_path, "communes.csv", SHIPPED_SAMPLE)
    import_file(path)

    output = import_file(path)

    assert "0 communes créées, 0 mises à jour, 3 inchangées" in output
    assert Commune.objects.count() == 3


def test_import_communes_updates_existing_by_insee_code(db, tmp_path):
    factories.CommuneFactory(insee_code="69001", name="Ancien nom", population=1)

    output = import_file(write(tmp_path, "communes.csv", SHIPPED_SAMPLE))

    assert "2 communes créées, 1 mises à jour" in output
    affoux = Commune.objects.get(insee_code="69001")
    assert (affoux.name, affoux.population) == ("Affoux", 369)


def test_import_communes_semicolon_cp1252(db, tmp_path):
    text = SHIPPED_SAMPLE.replace(",", ";").replace("d'agglomération de l'Ouest Rhodanien", "d'agglomération de l'Ouest")
    path = write(tmp_path, "communes.csv", text, encoding="cp1252")

    import_file(path)

    assert Commune.objects.get(insee_code="69123").department_name == "Rhône"


def test_import_communes_utf8_bom(db, tmp_path):
    path = write(tmp_path, "communes.csv", SHIPPED_SAMPLE, encoding="utf-8-sig")

    import_file(path)

    assert Commune.objects.count() == 3


def test_import_communes_cog_layout_keeps_communes_and_arrondissements(db, tmp_path):
    factories.CommuneFactory(insee_code="69001", name="Affoux", department_name="Rhône")

    output = import_file(write(tmp_path, "v_commune_2024.csv", COG_SAMPLE))

    assert "3 communes créées, 0 mises à jour" in output
    assert set(Commune.objects.values_list("insee_code", flat=True)) == {"69001", "69123", "69381", "69264"}
    arrondissement = Commune.objects.get(insee_code="69381")
    assert (arrondissement.department_code, arrondissement.parent_code) == ("69", "69123")
    # The COG does not name départements: the name comes from the communes already known.
    assert Commune.objects.get(insee_code="69264").department_name == "Rhône"


def test_import_communes_cog_does_not_erase_epci(db, tmp_path):
    factories.CommuneFactory(insee_code="69264", name="Villefranche", epci_code="200040590", epci_name="CAVBS")

    import_file(write(tmp_path, "v_commune_2024.csv", COG_SAMPLE))

    commune = Commune.objects.get(insee_code="69264")
    assert (commune.name, commune.epci_code, commune.department_name) == ("Villefranche-sur-Saône", "200040590", "Rhône")


def test_import_communes_epci_layout_sets_epci(db, tmp_path):
    factories.CommuneFactory(insee_code="69264", name="Villefranche-sur-Saône", epci_code="", population=36857)

    output = import_file(write(tmp_path, "composition_epci.csv", EPCI_SAMPLE))

    assert "2 communes créées, 1 mises à jour" in output
    commune = Commune.objects.get(insee_code="69264")
    assert (commune.epci_code, commune.epci_name, commune.epci_kind) == ("200040590", "CA Villefranche Beaujolais Saône", "CA")
    assert commune.population == 36857
    assert Commune.objects.get(insee_code="69123").epci_kind == "ME"
    molene = Commune.objects.get(insee_code="29083")
    assert (molene.epci_code, molene.department_code) == ("", "29")


def test_import_communes_epci_xlsx_with_title_rows(db, tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Composition_communale"
    sheet.append(["Composition communale des EPCI au 1er janvier 2024"])
    sheet.append([])
    sheet.append(["CODGEO", "LIBGEO", "EPCI", "LIBEPCI", "DEP", "REG"])
    sheet.append(["69264", "Villefranche-sur-Saône", 200040590, "CA Villefranche Beaujolais Saône", "69", 84])
    sheet.append([1001, "L'Abergement-Clémenciat", 200069193, "CC de la Dombes", "01", 84])
    path = tmp_path / "epci.xlsx"
    workbook.save(path)

    import_file(path)

    assert Commune.objects.get(insee_code="01001").epci_kind == "CC"
    assert Commune.objects.get(insee_code="69264").epci_code == "200040590"


def test_import_communes_with_population_file(db, tmp_path):
    communes = write(tmp_path, "communes.csv", SHIPPED_SAMPLE)
    populations = write(
        tmp_path, "pop.csv", "REG;DEP;COM;Commune;PMUN;PCAP;PTOT\n84;69;69001;Affoux;370;5;375\n84;69;99999;X;1;0;1\n"
    )

    output = import_file(communes, "--population", populations)

    assert Commune.objects.get(insee_code="69001").population == 370
    assert "1 populations ignorées : commune inconnue (99999)" in output


def test_import_communes_population_only_updates_existing(db, tmp_path):
    factories.CommuneFactory(insee_code="69001", name="Affoux", population=1)
    populations = write(tmp_path, "pop.csv", "code_insee;population\n69001;1 234\n")

    output = import_file("--population", populations)

    assert "0 communes créées, 1 mises à jour" in output
    assert Commune.objects.get(insee_code="69001").population == 1234


def test_import_communes_population_three_digit_codes(db, tmp_path):
    factories.CommuneFactory(insee_code="69001", name="Affoux", population=1)
    populations = write(tmp_path, "pop.csv", "DEP,COM,PMUN\n69,001,371\n")

    import_file("--population", populations)

    assert Commune.objects.get(insee_code="69001").population == 371


def test_import_communes_bad_code_names_line_and_writes_nothing(db, tmp_path):
    text = SHIPPED_SAMPLE + "6900X,COM,Bad,69,Rhône,,,,10,\n"

    with pytest.raises(CommandError, match=r"ligne 5 : code INSEE invalide : « 6900X »"):
        import_file(write(tmp_path, "communes.csv", text))

    assert Commune.objects.count() == 0


def test_import_communes_bad_population_names_line(db, tmp_path):
    text = SHIPPED_SAMPLE.replace(",369,", ",beaucoup,")

    with pytest.raises(CommandError, match=r"ligne 4 : population invalide : « beaucoup »"):
        import_file(write(tmp_path, "communes.csv", text))

    assert Commune.objects.count() == 0


def test_import_communes_missing_columns_is_reported(db, tmp_path):
    text = SHIPPED_SAMPLE + "69002,COM,Aigueperse\n"

    with pytest.raises(CommandError, match=r"ligne 5 : la ligne compte 3 colonnes au lieu de 10"):
        import_file(write(tmp_path, "communes.csv", text))


def test_import_communes_duplicate_code_is_reported(db, tmp_path):
    text = SHIPPED_SAMPLE + "69001,COM,Affoux,69,Rhône,,,,369,\n"

    with pytest.raises(CommandError, match=r"ligne 5 : le code INSEE 69001 apparaît deux fois \(déjà lu ligne 4\)"):
        import_file(write(tmp_path, "communes.csv", text))


def test_import_communes_unknown_header_is_reported(db, tmp_path):
    with pytest.raises(CommandError, match=r"ligne 1 : en-tête non reconnu"):
        import_file(write(tmp_path, "autre.csv", "a,b,c\n1,2,3\n"))


def test_import_communes_population_file_as_main_file_is_reported(db, tmp_path):
    with pytest.raises(CommandError, match=r"--population"):
        import_file(write(tmp_path, "pop.csv", "COM;PMUN\n69001;370\n"))


def test_import_communes_unreadable_encoding_is_reported(db, tmp_path):
    path = tmp_path / "communes.csv"
    path.write_bytes(SHIPPED_SAMPLE.encode() + b"69002,COM,A\x81b,69,,,,,1,\n")

    with pytest.raises(CommandError, match=r"ligne 5 : encodage non reconnu"):
        import_file(path)


def test_import_communes_needs_a_file(db):
    with pytest.raises(CommandError, match="Indiquez un fichier"):
        import_file()


def test_import_communes_missing_file(db, tmp_path):
    with pytest.raises(CommandError, match="fichier introuvable"):
        import_file(tmp_path / "absent.csv")


def test_load_shipped_communes_loads_france_with_articles_and_postal_codes(db):
    result = load_shipped_communes()

    assert (result.created, result.updated) == (FRANCE_ROWS, 0)
    assert Commune.objects.count() == FRANCE_ROWS
    assert Commune.objects.filter(parent_code__in=["75056", "13055", "69123"]).count() == 45
    assert len(set(Commune.objects.values_list("department_code", flat=True))) == 101
    names = dict(Commune.objects.filter(insee_code__in=["69142", "69010", "97117", "31239"]).values_list("insee_code", "name"))
    assert names == {"69142": "La Mulatière", "69010": "L'Arbresle", "97117": "Le Moule", "31239": "L'Isle-en-Dodon"}
    lyon_9 = Commune.objects.get(insee_code="69389")
    assert (lyon_9.name, lyon_9.postal_codes, lyon_9.parent_code) == ("Lyon 9e Arrondissement", "69009", "69123")
    assert Commune.objects.get(insee_code="34172").postal_codes == "34000 34070 34080 34090"
    assert not Commune.objects.filter(merged=True).exists()


def test_load_shipped_communes_twice_changes_nothing(db):
    load_shipped_communes(departments=["69"])

    result = load_shipped_communes(departments=["69"])

    assert (result.created, result.updated, result.unchanged) == (0, 0, RHONE_ROWS)


def test_import_communes_shipped_option_loads_one_department(db):
    output = import_file("--shipped", "--department", "69")

    assert f"{RHONE_ROWS} communes créées, 0 mises à jour" in output
    assert set(Commune.objects.values_list("department_code", flat=True)) == {"69"}


def test_national_file_keeps_a_merged_commune_and_its_structures(db):
    old = factories.CommuneFactory(insee_code="69999", name="Ancienne-Commune")
    structure = factories.StructureFactory(commune=old)

    result = load_shipped_communes()

    old.refresh_from_db()
    structure.refresh_from_db()
    assert (old.merged, structure.commune_id, result.merged) == (True, old.pk, 1)
    assert str(old) == "Ancienne-Commune (69999, commune fusionnée)"
    assert "1 communes absentes du fichier national gardées comme « commune fusionnée »" in result.summary()


def test_department_file_marks_no_commune_merged(db):
    factories.CommuneFactory(insee_code="69999", name="Ancienne-Commune")

    load_shipped_communes(departments=["69"])

    assert not Commune.objects.get(insee_code="69999").merged


def test_commune_listed_again_is_no_longer_merged(db, tmp_path):
    factories.CommuneFactory(insee_code="69123", name="Lyon", merged=True)

    import_file(write(tmp_path, "communes.csv", SHIPPED_SAMPLE))

    assert not Commune.objects.get(insee_code="69123").merged


def test_migration_gives_stored_communes_their_article_and_postal_codes(db):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("structures.migrations.0005_commune_postal_codes_merged_gestion_non_renseignee")
    factories.CommuneFactory(insee_code="69142", name="Mulatière", postal_codes="")
    factories.CommuneFactory(insee_code="69010", name="Arbresle", postal_codes="")
    factories.CommuneFactory(insee_code="69266", name="Villeurbanne-Renamed", postal_codes="")

    migration.complete_known_communes(apps, None)

    stored = {c.insee_code: (c.name, c.postal_codes) for c in Commune.objects.all()}
    assert stored == {
        "69142": ("La Mulatière", "69350"),
        "69010": ("L'Arbresle", "69210"),
        "69266": ("Villeurbanne-Renamed", "69100"),
    }


def test_shipped_geojson_covers_the_rhone_communes():
    import json

    from structures.communes import SHIPPED_COMMUNES_GEOJSON

    features = json.loads(SHIPPED_COMMUNES_GEOJSON.read_text(encoding="utf-8"))["features"]

    assert len(features) == 265
    assert {"code_insee", "nom", "population"} <= set(features[0]["properties"])


def test_load_shipped_communes_only_new_keeps_known_communes(db):
    factories.CommuneFactory(insee_code="69266", name="Villeurbanne", population=150000)

    result = load_shipped_communes(only_new=True, departments=["69"])

    assert (result.created, result.updated) == (RHONE_ROWS - 1, 0)
    assert Commune.objects.get(insee_code="69266").population == 150000

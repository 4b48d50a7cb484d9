"""Reading an uploaded CSV or XLSX table: encodings, separators, line numbers, typed XLSX cells, French errors."""

import datetime
import io
import tracemalloc

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook
from openpyxl.styles import Font

from core.tables import MAX_COLUMNS, MAX_LINES, Table, UnreadableTable, read_table


def csv_upload(text, *, encoding="utf-8", name="donnees.csv"):
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def xlsx_upload(*rows, name="donnees.xlsx"):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def unreadable(upload):
    with pytest.raises(UnreadableTable) as caught:
        read_table(upload)
    return str(caught.value)


def test_read_table_csv_utf8_with_bom():
    table = read_table(csv_upload("\ufeffnom;commune\nCentre social Émile Zola;Villeurbanne\n"))

    assert table == Table(header=["nom", "commune"], rows=[(2, ["Centre social Émile Zola", "Villeurbanne"])])


def test_read_table_csv_cp1252_from_excel():
    table = read_table(csv_upload("nom;commune\r\nMaison des habitants;Vénissieux\r\n", encoding="cp1252"))

    assert table.rows == [(2, ["Maison des habitants", "Vénissieux"])]


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_read_table_csv_delimiter_from_the_header(delimiter):
    text = delimiter.join(["nom", "commune", "qpv"]) + "\n" + delimiter.join(["CS Bron", "Bron", "oui"]) + "\n"

    table = read_table(csv_upload(text))

    assert table == Table(header=["nom", "commune", "qpv"], rows=[(2, ["CS Bron", "Bron", "oui"])])


def test_read_table_csv_semicolon_wins_over_commas_inside_quotes():
    table = read_table(csv_upload('"Nom, prénom";commune\n"Benali, Nadia";Lyon\n'))

    assert table == Table(header=["Nom, prénom", "commune"], rows=[(2, ["Benali, Nadia", "Lyon"])])


def test_read_table_csv_without_delimiter_reads_one_column():
    assert read_table(csv_upload("nom\nCS Bron\n")) == Table(header=["nom"], rows=[(2, ["CS Bron"])])


def test_read_table_header_cells_are_stripped():
    assert read_table(csv_upload(" nom ; commune\n")).header == ["nom", "commune"]


def test_read_table_blank_lines_are_counted_then_skipped():
    text = "\nnom;commune\nCS Bron;Bron\n\n ; \nCS Vaulx;Vaulx-en-Velin\n"

    table = read_table(csv_upload(text))

    assert table == Table(
        header=["nom", "commune"],
        rows=[(3, ["CS Bron", "Bron"]), (6, ["CS Vaulx", "Vaulx-en-Velin"])],
        header_line=2,
    )


def test_read_table_quoted_newline_is_one_line_as_in_a_spreadsheet():
    table = read_table(csv_upload('nom;adresse\nCS Bron;"1 rue\nbâtiment B"\nCS Vaulx;2 rue\n'))

    assert table.rows == [(2, ["CS Bron", "1 rue\nbâtiment B"]), (3, ["CS Vaulx", "2 rue"])]


def test_read_table_xlsx_keeps_dates_and_numbers_typed():
    upload = xlsx_upload(
        ["Fiche", "Avancement (%)", "Date", "Commentaire"],
        [None, None, None, None],
        ["PA 2.1.2", 50, datetime.date(2025, 6, 1), None],
        ["PA 2.1.3", 12.5, datetime.datetime(2025, 6, 2, 9, 30), "ok"],
    )

    table = read_table(upload)

    assert table == Table(
        header=["Fiche", "Avancement (%)", "Date", "Commentaire"],
        rows=[
            (3, ["PA 2.1.2", 50, datetime.datetime(2025, 6, 1), ""]),
            (4, ["PA 2.1.3", 12.5, datetime.datetime(2025, 6, 2, 9, 30), "ok"]),
        ],
    )


def test_read_table_xlsx_reads_the_first_worksheet():
    workbook = Workbook()
    workbook.active.append(["nom"])
    workbook.active.append(["CS Bron"])
    other = workbook.create_sheet("Notes")
    other.append(["autre"])
    workbook.active = 1
    buffer = io.BytesIO()
    workbook.save(buffer)

    table = read_table(SimpleUploadedFile("donnees.xlsx", buffer.getvalue()))

    assert table == Table(header=["nom"], rows=[(2, ["CS Bron"])])


def test_read_table_damaged_xlsx_french_error():
    assert unreadable(SimpleUploadedFile("donnees.xlsx", b"PK\x03\x04 pas un classeur")) == (
        "Le fichier XLSX ne peut pas être lu : est-ce bien un classeur Excel enregistré au format .xlsx ?"
    )


@pytest.mark.parametrize("content", [b"", b"\xef\xbb\xbf", b"\n\n ; \n"])
def test_read_table_empty_csv_french_error(content):
    assert unreadable(SimpleUploadedFile("donnees.csv", content)) == "Le fichier est vide."


def test_read_table_empty_xlsx_french_error():
    assert unreadable(xlsx_upload()) == "Le fichier est vide."


def test_read_table_undecodable_csv_french_error():
    # 0x81 is neither UTF-8 here nor defined in cp1252.
    assert unreadable(SimpleUploadedFile("donnees.csv", b"nom;commune\n\x81\x81;Lyon\n")) == (
        "Le fichier CSV ne peut pas être lu : enregistrez-le de nouveau au format « CSV UTF-8 »."
    )


def test_read_table_csv_unclosed_quote_french_error():
    content = b'nom;commune\n"' + b"a" * 200_000 + b"\n"

    assert unreadable(SimpleUploadedFile("donnees.csv", content)) == (
        "Le fichier CSV ne peut pas être lu : vérifiez qu'aucun guillemet n'est resté ouvert dans une cellule."
    )


def test_read_table_reads_from_the_start_of_the_upload():
    upload = csv_upload("nom\nCS Bron\n")
    upload.read(2)

    assert read_table(upload).header == ["nom"]


def test_read_table_csv_pipe_separator():
    table = read_table(csv_upload("nom|commune\nCS Bron|Bron\n"))
    assert table == Table(header=["nom", "commune"], rows=[(2, ["CS Bron", "Bron"])])


def test_read_table_csv_separator_from_the_lines_that_agree_not_a_comma_in_a_name():
    text = "Liste des structures, Hérault\nnom;commune\nCS La Paillade, Mosson;Montpellier\nEVS Lunel;Lunel\n"

    table = read_table(csv_upload(text), is_header=lambda cells: "nom" in cells)

    assert table == Table(
        header=["nom", "commune"],
        rows=[(3, ["CS La Paillade, Mosson", "Montpellier"]), (4, ["EVS Lunel", "Lunel"])],
        header_line=2,
    )


def test_read_table_comment_lines_are_counted_then_skipped():
    text = "# Extrait SENACS 2025\nnom;commune\n# à vérifier\nCS Bron;Bron\n"

    table = read_table(csv_upload(text))

    assert table == Table(header=["nom", "commune"], rows=[(4, ["CS Bron", "Bron"])], header_line=2)


def test_read_table_xlsx_header_below_merged_title_rows():
    workbook = Workbook()
    sheet = workbook.active
    sheet["A1"] = "Structures d'animation de la vie sociale — Lot"
    sheet.merge_cells("A1:C1")
    sheet["A2"] = "Identité"
    sheet["C2"] = "Localisation"
    sheet.merge_cells("A2:B2")
    sheet.append(["Nom", "Type", "Commune"])
    sheet.append(["Centre social de Figeac", "CS", "Figeac"])
    buffer = io.BytesIO()
    workbook.save(buffer)

    table = read_table(SimpleUploadedFile("lot.xlsx", buffer.getvalue()), is_header=lambda cells: "Nom" in cells)

    assert table == Table(
        header=["Nom", "Type", "Commune"], rows=[(4, ["Centre social de Figeac", "CS", "Figeac"])], header_line=3
    )


def test_read_table_without_an_accepted_header_takes_the_first_line():
    table = read_table(csv_upload("a;b\nc;d\n"), is_header=lambda cells: False)
    assert (table.header, table.header_line) == (["a", "b"], 1)


def far_cell_workbook(value):
    """A few kilobytes: a list of two lines and one cell at XFD1048576, the last cell of a sheet."""
    workbook = Workbook()
    workbook.active.append(["nom", "commune"])
    workbook.active.append(["CS Bron", "Bron"])
    if value is None:
        workbook.active["XFD1048576"].font = Font(bold=True)
    else:
        workbook.active["XFD1048576"] = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert len(buffer.getvalue()) < 6_000
    return SimpleUploadedFile("liste.xlsx", buffer.getvalue())


def test_read_table_xlsx_far_cell_with_a_value_refused_with_little_memory():
    upload = far_cell_workbook("x")
    tracemalloc.start()
    try:
        message = unreadable(upload)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()

    assert message == (
        "Le fichier est trop large : feuille « Sheet », ligne 1048576, une cellule est remplie dans la colonne XFD, "
        f"au-delà de la limite de {MAX_COLUMNS} colonnes. Effacez les cellules remplies à droite du tableau."
    )
    assert peak < 5_000_000


def test_read_table_xlsx_far_empty_styled_cell_reads_the_list_with_little_memory():
    upload = far_cell_workbook(None)
    tracemalloc.start()
    try:
        table = read_table(upload)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()

    assert table == Table(header=["nom", "commune"], rows=[(2, ["CS Bron", "Bron"])])
    assert peak < 5_000_000


def test_read_table_xlsx_content_below_the_line_limit_refused():
    workbook = Workbook()
    workbook.active.append(["nom"])
    workbook.active.cell(row=MAX_LINES + 1, column=1, value="oublié")
    buffer = io.BytesIO()
    workbook.save(buffer)

    assert unreadable(SimpleUploadedFile("liste.xlsx", buffer.getvalue())) == (
        f"Le fichier est trop grand : la feuille « Sheet » a du contenu à la ligne {MAX_LINES + 1}, au-delà de la limite "
        f"de {MAX_LINES} lignes. Découpez-le en plusieurs fichiers, ou effacez les cellules remplies sous le tableau."
    )


def test_read_table_csv_too_wide_refused():
    text = "nom;commune\nCS Bron;Bron" + ";" * MAX_COLUMNS + "x\n"

    assert unreadable(csv_upload(text)) == (
        "Le fichier est trop large : ligne 2, une cellule est remplie dans la colonne GT, "
        f"au-delà de la limite de {MAX_COLUMNS} colonnes. Effacez les cellules remplies à droite du tableau."
    )

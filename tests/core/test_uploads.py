"""The check of every import form: .csv or .xlsx, at most 5 Mo, content matching the extension, no NUL byte."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from core.uploads import IMPORT_MAX_BYTES, validate_import_file

NUL_MESSAGE = "Ce fichier .csv contient des caractères invalides (octet nul) : enregistrez-le de nouveau au format CSV."


def import_error(upload):
    with pytest.raises(ValidationError) as caught:
        validate_import_file(upload)
    return caught.value.messages


def test_validate_import_file_accepts_a_csv_and_rewinds_it():
    upload = SimpleUploadedFile("structures.csv", b"nom;commune\nCentre social;Lyon\n")

    assert validate_import_file(upload) is upload
    assert upload.read(3) == b"nom"


def test_validate_import_file_accepts_a_real_xlsx():
    buffer = io.BytesIO()
    Workbook().save(buffer)
    upload = SimpleUploadedFile("structures.xlsx", buffer.getvalue())

    assert validate_import_file(upload) is upload


def test_validate_import_file_refuses_a_nul_far_in_a_csv():
    content = b"nom;commune\n" + b"Centre social;Lyon\n" * 200 + b"Centre\x00;Lyon\n"
    assert content.index(b"\x00") > 2048

    assert import_error(SimpleUploadedFile("structures.csv", content)) == [NUL_MESSAGE]


def test_validate_import_file_refuses_a_nul_at_the_start_of_a_csv_with_the_same_message():
    assert import_error(SimpleUploadedFile("structures.csv", b"nom\x00;commune\n")) == [NUL_MESSAGE]


def test_validate_import_file_refuses_another_type():
    assert import_error(SimpleUploadedFile("liste.pdf", b"%PDF")) == [
        "Ce type de fichier n'est pas accepté (.pdf) : choisissez un fichier .csv, .xlsx."
    ]


def test_validate_import_file_refuses_a_renamed_xlsx():
    assert import_error(SimpleUploadedFile("liste.xlsx", b"nom;commune\n")) == [
        "Le contenu du fichier ne correspond pas à son extension .xlsx : vérifiez qu'il n'a pas été renommé."
    ]


def test_validate_import_file_refuses_more_than_5_mo():
    assert import_error(SimpleUploadedFile("gros.csv", b"a" * (IMPORT_MAX_BYTES + 1))) == [
        "Le fichier est trop volumineux (5,1 Mo) : la taille maximale est de 5 Mo."
    ]

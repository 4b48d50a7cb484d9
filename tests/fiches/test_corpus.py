"""The reading engine (fiches.reading) on a corpus of fiches written in our own words: tests/fiches/corpus/.

Each file is a family of what real copies hold (bullets of every kind, heading synonyms, a whole schéma with a
preamble, a two-level schéma, page furniture and wrapped lines, separate results and indicators, a table pasted
as text, unknown headings); tests/fiches/corpus/expected.py says, field by field, what must be read.
"""

import io
from pathlib import Path

import pytest

from fiches.reading import UnreadableDocument, read_document

from .corpus import expected
from .corpus.summary import summary

CORPUS = Path(__file__).parent / "corpus"
PERIOD = (2022, 2026)
EXACT = {
    "base.txt": expected.BASE,
    "schema_complet.txt": expected.SCHEMA_COMPLET,
    "deux_niveaux.txt": expected.DEUX_NIVEAUX,
    "indicateurs.txt": expected.INDICATEURS,
    "tableau.txt": expected.TABLEAU,
    "rubriques_inconnues.txt": expected.RUBRIQUES_INCONNUES,
    "variantes.txt": expected.VARIANTES,
    "variantes2.txt": expected.VARIANTES2,
}


def read(name: str, data: bytes | None = None, *, period=PERIOD):
    return read_document(name, (CORPUS / name).read_bytes() if data is None else data, period=period)


def base_text() -> str:
    return (CORPUS / "base.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", EXACT)
def test_corpus_file_reads_exactly(name):
    reading = read(name)
    assert [summary(item.fiche) for item in reading.fiches] == EXACT[name]
    assert not reading.blocking


@pytest.mark.parametrize("name", expected.DOUBTS)
def test_corpus_file_reports_each_doubt_with_its_line(name):
    assert [(doubt.line, doubt.reason) for doubt in read(name).all_doubts()] == expected.DOUBTS[name]


@pytest.mark.parametrize("name", ["puces.txt", "pdf_texte.txt"])
def test_bullets_page_furniture_and_wrapped_lines_read_like_the_plain_fiche(name):
    """Ø § o • ◦ * · – ➢ 1. 1) a) and Wingdings marks; running header, "Page 1 / 2", form feeds, "déci-/sions"."""
    assert [summary(item.fiche) for item in read(name).fiches] == expected.BASE


def test_heading_synonyms_read_like_the_usual_headings():
    """Diagnostic :, PUBLICS CIBLES : …, PILOTE(S), PARTENAIRESASSOCIÉS, MOYENS MOBILISÉS, Action n°1 :, Action nº 2 –,
    ÉCHÉANCIER with "de 2023 à 2025 ;" and "2024-2026.", RÉSULTATS ATTENDUS ET INDICATEURS."""
    (fiche,) = [summary(item.fiche) for item in read("rubriques_synonymes.txt").fiches]
    wanted = {**expected.BASE[0], "texts": {**expected.BASE[0]["texts"]}}
    wanted["texts"]["publics"] = "Centres sociaux et espaces de vie sociale du département"
    wanted["texts"]["schedule"] = "- Action 1 : de 2023 à 2025 ;\n- Action 2 : 2024-2026."
    assert fiche == wanted


@pytest.mark.parametrize(
    "encoding,data",
    [
        ("utf-8 with BOM", base_text().encode("utf-8-sig")),
        ("utf-16 with BOM", base_text().encode("utf-16")),
        ("utf-16 LE without BOM", base_text().encode("utf-16-le")),
        ("utf-16 BE without BOM", base_text().encode("utf-16-be")),
        ("windows-1252, CRLF", base_text().replace("\n", "\r\n").replace("➔", "").encode("cp1252")),
    ],
)
def test_text_files_read_in_any_usual_encoding(encoding, data):
    reading = read("base.txt", data)
    assert [summary(item.fiche) for item in reading.fiches] == expected.BASE, encoding


# Échéances -------------------------------------------------------------------------------------------------------

BASE_ECHEANCES = "- ➔ Action 1 : 2023 à 2025\n- ➔ Action 2 : 2024 à 2026"


@pytest.mark.parametrize(
    "echeances,years",
    [
        ("2023 à 2026", [(2023, 2026), (2023, 2026)]),
        ("- de 2023 à 2026.", [(2023, 2026), (2023, 2026)]),
        ("• 2022/2026 ;", [(2022, 2026), (2022, 2026)]),
        ("- 2024", [(2024, 2024), (2024, 2024)]),
        ("Actions 1 à 2 : 2023-2024", [(2023, 2024), (2023, 2024)]),
        ("Action 1 et 2 : 2025 à 2026", [(2025, 2026), (2025, 2026)]),
        ("Toutes les actions : 2022 - 2023", [(2022, 2023), (2022, 2023)]),
        ("- Action 2 : en continu\n- Action 1 : 2023", [(2023, 2023), (2022, 2026)]),
        ("Action 1\t2023\t2025\nAction 2\t2024\t2026", [(2023, 2025), (2024, 2026)]),
    ],
)
def test_every_shape_of_echeance(echeances, years):
    text = base_text().replace(BASE_ECHEANCES, echeances)
    (item,) = read("base.txt", text.encode()).fiches
    assert [(action.first_year, action.last_year) for action in item.fiche.actions] == years
    assert not item.blocking


def test_computed_and_schema_level_indicators_say_why():
    notes = {i.label: i.doubt for i in read("deux_niveaux.txt").fiches[0].fiche.indicators}
    assert notes == {
        "Taux de participation à l'observatoire SENACS": (
            "Calculé par l'application (part des structures ayant répondu à SENACS) : proposé à l'échelle du schéma."
        ),
        "Nombre de centres sociaux": "Calculé par l'application (nombre de centres sociaux) : proposé à l'échelle du schéma.",
        "Nombre d'EVS agréés": "Calculé par l'application (nombre d'espaces de vie sociale) : proposé à l'échelle du schéma.",
    }
    (fiche,) = [item.fiche for item in read("schema_complet.txt").fiches if item.fiche.code == "FA 1.1.2"]
    assert [i.doubt for i in fiche.indicators] == [
        "Un chiffre pour tout le schéma, saisi chaque année : proposé à l'échelle du schéma."
    ]


def test_an_echeance_in_brackets_after_the_action_is_read():
    text = base_text().replace("nouveaux membres.", "nouveaux membres (2023-2025).").replace(BASE_ECHEANCES, "- Action 2 : 2024")
    (item,) = read("base.txt", text.encode()).fiches
    assert [(a.number, a.first_year, a.last_year, a.text) for a in item.fiche.actions] == [
        (1, 2023, 2025, "Former les administrateurs bénévoles à l'accueil de nouveaux membres"),
        (2, 2024, 2024, "Organiser une assemblée des habitants dans chaque centre."),
    ]


def test_en_continu_takes_the_schema_period_and_is_flagged():
    (item,) = read("base.txt", base_text().replace(BASE_ECHEANCES, "- En continu").encode(), period=(2016, 2020)).fiches
    assert [(a.first_year, a.last_year) for a in item.fiche.actions] == [(2016, 2020), (2016, 2020)]
    assert [(d.line, d.reason, d.blocking) for d in item.doubts] == [
        (46, "« En continu » : la période du schéma (2016 à 2020) est retenue.", False)
    ]


def test_en_continu_without_a_period_is_refused():
    (item,) = read("base.txt", base_text().replace(BASE_ECHEANCES, "- En continu").encode(), period=None).fiches
    assert [(d.line, d.reason) for d in item.doubts if d.blocking] == [
        (46, "« En continu » : la période du schéma n'est pas connue, écrivez les années.")
    ]


# Several fiches, refusals ----------------------------------------------------------------------------------------


def test_several_fiches_in_one_file_are_all_read():
    text = base_text() + "\f" + (CORPUS / "rubriques_inconnues.txt").read_text(encoding="utf-8")
    reading = read("deux.txt", text.encode())
    assert [summary(item.fiche) for item in reading.fiches] == [*expected.BASE, *expected.RUBRIQUES_INCONNUES]


def test_a_fiche_written_twice_in_one_file_is_refused():
    reading = read("deux.txt", (base_text() + "\n\n" + base_text()).encode())
    assert blocking(reading) == [(61, "La fiche PA 1.1.1 figure deux fois dans ce fichier (lignes 5 et 61).")]


def blocking(reading):
    return [(doubt.line, doubt.reason) for doubt in reading.all_doubts() if doubt.blocking]


def test_a_fiche_without_actions_is_refused_naming_the_fiche():
    text = base_text()
    text = text[: text.index("ACTION 1")] + text[text.index("ÉCHÉANCES") :]
    assert blocking(read("base.txt", text.replace(BASE_ECHEANCES, "- 2023").encode())) == [
        (
            5,
            "La fiche PA 1.1.1 n'a aucune action : écrivez chaque action sous un intitulé « ACTION 1 », « ACTION 2 »… "
            "ou en liste numérotée sous « ACTIONS ».",
        )
    ]


def test_unnumbered_lines_under_actions_are_actions_numbered_in_order_and_flagged():
    text = base_text().replace("ACTION 1\n\n- ➔ Former", "ACTIONS\n\nFormer").replace("\nACTION 2\n\n- ➔ Organiser", "Organiser")
    (item,) = read("base.txt", text.encode()).fiches
    assert [(a.number, a.first_year, a.last_year, a.text) for a in item.fiche.actions] == expected.BASE[0]["actions"]
    assert [(d.line, d.reason) for d in item.doubts] == [
        (38, "Action sans numéro sous ACTIONS : numérotée 1 dans l'ordre de la liste."),
        (39, "Action sans numéro sous ACTIONS : numérotée 2 dans l'ordre de la liste."),
    ]


def test_an_action_without_echeance_is_refused_naming_the_fiche_and_the_action():
    text = base_text().replace("- ➔ Action 2 : 2024 à 2026", "")
    assert blocking(read("base.txt", text.encode())) == [
        (
            40,
            "L'action 2 de la fiche PA 1.1.1 n'a pas d'échéance : ajoutez sous ÉCHÉANCES une ligne « Action 2 : 2023 à 2026 ».",
        )
    ]


def test_a_second_fiche_without_its_fiche_line_is_named_as_such():
    second = (CORPUS / "rubriques_inconnues.txt").read_text(encoding="utf-8").split("DIAGNOSTIC", 1)[1]
    reading = read("deux.txt", (base_text() + "\nDIAGNOSTIC" + second).encode())
    assert blocking(reading) == [
        (
            56,
            "Une deuxième rubrique DIAGNOSTIC commence ici : une autre fiche semble suivre la fiche PA 1.1.1, sans sa "
            "ligne de fiche (par exemple « PA 2.1.2 - … »). Séparez les fiches ou ajoutez la ligne de la fiche.",
        )
    ]
    assert "déjà décrite" not in str(reading.all_doubts())


def test_an_unreadable_echeance_is_refused_alone():
    text = base_text().replace("Action 2 : 2024 à 2026", "Action 2 : à partir de 2024")
    assert blocking(read("base.txt", text.encode())) == [
        (
            47,
            "Échéance illisible : « Action 2 : à partir de 2024 ». Écrivez par exemple « Action 1 : 2023 à 2026 », "
            "« Actions 1 et 2 : 2022 à 2026 » ou « 2023 à 2026 ».",
        )
    ]


@pytest.mark.parametrize(
    "name,data,message",
    [
        ("vide.txt", b"  \r\n\n", "Le fichier est vide."),
        ("fiche.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 50, "Ce fichier est au format Word 97-2003 (.doc)"),
        ("fiche.xlsx", b"PK\x03\x04" + b"\x00" * 40, "Ce fichier Word ou OpenDocument est abîmé"),
        ("fiche.png", b"\x89PNG\r\n\x1a\n", "Type de fichier non pris en charge (.png)"),
        ("fiche.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "Ce fichier n'est pas un texte"),
        ("fiche.pdf", b"%PDF-1.4 tronqu\xc3\xa9", "Ce PDF est illisible"),
    ],
)
def test_unreadable_files_get_a_clear_message(name, data, message):
    with pytest.raises(UnreadableDocument) as info:
        read_document(name, data)
    assert info.value.message.startswith(message)


def test_a_scanned_pdf_without_text_is_refused():
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(UnreadableDocument) as info:
        read_document("scan.pdf", buffer.getvalue())
    assert info.value.message.startswith("PDF scanné sans texte : ses pages sont des images.")


def test_headings_run_into_their_text_by_a_transcript_read_like_the_plain_fiche():
    """ "DIAGNOSTIC Les conseils…", "PILOTAGE / COORDINATION - ➔ Caf…", "Fiche action PA 1.1.1 : …"."""
    lines = base_text().replace("PA 1.1.1 - ", "Fiche action PA 1.1.1 : ").split("\n")
    glued = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.isupper() and not line.startswith(("1", "PA", "ACTION")) and index + 2 < len(lines) and not lines[index + 1]:
            glued.append(f"{line} {lines[index + 2]}")
            index += 3
            continue
        glued.append(line)
        index += 1
    text = "\n".join(glued)
    assert "DIAGNOSTIC Les conseils" in text and "ÉCHÉANCES - ➔ Action 1" in text
    assert [summary(item.fiche) for item in read("transcription.txt", text.encode()).fiches] == expected.BASE


def test_a_running_header_is_removed_without_form_feeds():
    """Text copied from a PDF viewer: no form feed, but a page number ends each page, the header starts the next."""
    text = (CORPUS / "pdf_texte.txt").read_text(encoding="utf-8").replace("\f", "")
    assert [summary(item.fiche) for item in read("copie.txt", text.encode()).fiches] == expected.BASE


HEADER = (
    "1 - FAVORISER LA PARTICIPATION DES HABITANTS AUX PROJETS DES STRUCTURES\n\n"
    "1.1 - Donner aux habitants une place dans la gouvernance des centres\n\n"
    "PA 1.1.1 - OUVRIR LES INSTANCES DES CENTRES SOCIAUX AUX HABITANTS\n"
)


@pytest.mark.parametrize(
    "header",
    [
        HEADER.replace("1 - FAVORISER", "1. FAVORISER"),
        HEADER.replace("1 - FAVORISER", "Axe\t1 - FAVORISER")
        .replace("1.1 - Donner", "Orientation\t1.1 - Donner")
        .replace("PA 1.1.1 - OUVRIR", "Fiche\tPA 1.1.1\nIntitulé\tOUVRIR"),
        HEADER.replace("PA 1.1.1 - OUVRIR", "Fiche action PA 1.1.1 :\n\nIntitulé : OUVRIR"),
    ],
    ids=["numbered axis in capitals", "header in a table", "labelled title"],
)
def test_header_lines_written_otherwise_read_like_the_plain_fiche(header):
    text = header + base_text().split("HABITANTS\n", 1)[1]
    assert [summary(item.fiche) for item in read("entete.txt", text.encode()).fiches] == expected.BASE


def test_a_numbered_action_list_in_sentence_case_is_not_an_axis():
    text = base_text().replace("ACTION 1\n\n- ➔ Former", "ACTIONS\n\n1. Former")
    text = text.replace("\nACTION 2\n\n- ➔ Organiser", "2. Organiser")
    assert [summary(item.fiche) for item in read("liste.txt", text.encode()).fiches] == expected.BASE


def test_an_echeance_written_with_an_action_is_checked_like_the_others():
    text = base_text().replace("nouveaux membres.", "nouveaux membres.\nÉchéance : en continu").replace(BASE_ECHEANCES, "")
    text = text.replace("chaque centre.", "chaque centre.\nÉchéance : 2026 à 2024")
    reading = read("base.txt", text.encode(), period=None)
    assert blocking(reading) == [
        (39, "« en continu » : la période du schéma n'est pas connue, écrivez les années."),
        (44, "L'échéance « 2026 à 2024 » finit avant de commencer (2026 à 2024)."),
    ]


def test_a_heading_like_line_with_nothing_under_it_joins_no_section():
    text = base_text().replace("PUBLICS ET TERRITOIRES", "OBJECTIFS OPÉRATIONNELS\n\nPUBLICS ET TERRITOIRES")
    (item,) = read("base.txt", text.encode()).fiches
    assert summary(item.fiche) == expected.BASE[0]
    assert [(d.line, d.reason) for d in item.doubts] == [
        (17, "Ligne « OBJECTIFS OPÉRATIONNELS » sans texte sous elle avant la rubrique suivante : ignorée.")
    ]

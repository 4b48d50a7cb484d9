"""The twelve sample copies of ../shared/samples/fiches/ read exactly as ATTENDU.md records them.

ATTENDU.md is read here (tests/fiches/attendu.py): the expected titles, actions, indicators, results and
organisations, and what must appear nowhere (page furniture, running headers, bullet marks).
"""

import re

import pytest

from fiches.enums import FicheRole
from fiches.importer_text import key
from fiches.models import Fiche
from fiches.reading import read_document
from fiches.services import import_documents
from structures.models import Organisation

from .attendu import read_attendu

SAMPLES = [
    "v02a_word_texte_brut_cp1252_wingdings.txt",
    "v03a_pdf_pdftotext_brut.txt",
    "v06_transcription_publique_apostrophes_perdues.txt",
    "v09_fiche_action_n3_entete_etiquete.txt",
    "v13_echeances_toutes_les_actions.txt",
    "v15_actions_liste_numerotee.txt",
    "v18_resultats_a_b_c.txt",
    "v19_resultats_et_indicateurs_separes.txt",
    "v20_rubriques_inconnues.txt",
    "v23_deux_fiches_un_fichier.txt",
    "v25_fiche_word.docx",
    "v26_tableau_word_colle.txt",
]
PERIOD = (2022, 2026)
TEXT_FIELDS = ("diagnostic", "principles", "publics", "pilotage", "partners_text", "resources", "schedule")
# What must appear nowhere: page numbers, bullet marks left at the start of a line of text.
FURNITURE = re.compile(r"Page \d+ ?(?:/ ?\d+|:)")
LEFT_MARK = re.compile(r"^(?:- )?(?:[Ø§o➔•◦]\s|[a-f]\)\s|\d\.\s)", re.MULTILINE)


def straight(text: str) -> str:
    """Apostrophes made straight: ATTENDU.md writes ' where a copy may have ’ (the same letter to a reader)."""
    return text.replace("’", "'")


@pytest.fixture
def samples(shared_dir):
    folder = shared_dir / "samples" / "fiches"
    return folder, read_attendu((folder / "ATTENDU.md").read_text(encoding="utf-8"))


def test_attendu_describes_the_twelve_samples(samples):
    folder, expected = samples
    assert sorted(expected) == sorted(SAMPLES) == sorted(path.name for path in folder.iterdir() if path.name != "ATTENDU.md")


def every_text(fiche):
    yield from (getattr(fiche, name) for name in TEXT_FIELDS)
    yield from (action.text for action in fiche.actions)
    yield from (result.text for result in fiche.expected_results)
    yield from (indicator.label for indicator in fiche.indicators)
    yield from (text for _heading, text in fiche.other_sections)
    yield from (fiche.axis_title, fiche.orientation_title, fiche.title)


@pytest.mark.parametrize("name", SAMPLES)
def test_sample_reads_as_attendu_records_it(samples, name):
    folder, expected = samples
    reading = read_document(name, (folder / name).read_bytes(), period=PERIOD)
    assert not reading.blocking, [str(doubt) for doubt in reading.all_doubts() if doubt.blocking]
    assert [item.fiche.code for item in reading.fiches] == [fiche.code for fiche in expected[name].fiches]
    running = re.findall(r"en-tête courant « ([^»]+) »", expected[name].description)
    for item, wanted in zip(reading.fiches, expected[name].fiches, strict=True):
        fiche = item.fiche
        assert (fiche.axis_number, straight(fiche.axis_title)) == (wanted.axis[0], straight(wanted.axis[1]))
        orientation = (fiche.orientation_number, straight(fiche.orientation_title))
        assert orientation == (wanted.orientation[0], straight(wanted.orientation[1]))
        assert straight(fiche.title) == straight(wanted.title)
        actions = [(a.number, a.first_year, a.last_year, straight(a.text)) for a in fiche.actions]
        assert actions == [(n, first, last, straight(text)) for n, first, last, text in wanted.actions]
        assert len(actions) == wanted.counts["Actions"]
        assert [straight(i.label) for i in fiche.indicators] == [straight(label) for label, _kinds in wanted.indicators]
        for indicator, (_label, kinds) in zip(fiche.indicators, wanted.indicators, strict=True):
            assert (indicator.kind, indicator.comment_asked) in kinds, indicator.label
        assert len(fiche.indicators) == wanted.counts["Indicateurs"]
        assert [straight(r.text) for r in fiche.expected_results] == [straight(text) for text in wanted.results]
        assert len(fiche.expected_results) == wanted.counts["Résultats attendus"]
        named = sorted([*fiche.organisations, *fiche.categories], key=lambda organisation: organisation.line)
        for role, names in ((FicheRole.PILOT, wanted.pilots), (FicheRole.PARTNER, wanted.partners)):
            assert [straight(o.name) for o in named if o.role == role] == [straight(name) for name in names]
        assert [key(o.name) for o in fiche.organisations if o.role == FicheRole.FUNDER] == [key(n) for n in wanted.funders]
        for section, phrase in wanted.contains:
            assert straight(phrase) in straight(getattr(fiche, section))
        assert [key(heading) for heading, _text in fiche.other_sections] == [key(h) for h in wanted.other_sections]
        for text in every_text(fiche):
            assert not FURNITURE.search(text), text
            assert not LEFT_MARK.search(text), text
            assert not any(key(header) in key(text) for header in running), text


def test_samples_import_together_without_creating_categories(samples, schema):
    folder, _expected = samples
    names = [SAMPLES[0], SAMPLES[2], SAMPLES[3], SAMPLES[4]]
    readings = [read_document(name, (folder / name).read_bytes(), period=PERIOD) for name in names]
    results = import_documents(readings, schema=schema)
    assert [(fiche.code, created) for fiche, created in results] == [
        ("PA 2.2.1", True),
        ("PA 2.1.2", True),
        ("FA 3", True),
        ("PA 3.1.1", True),
    ]
    fiche = Fiche.objects.get(code="PA 2.1.2")
    assert [link.organisation.name for link in fiche.organisation_links.filter(role=FicheRole.FUNDER)] == [
        "Caf du Rhône",
        "Communes",
        "État — politique de la ville",
        "Métropole de Lyon",
        "MSA",
        "Carsat",
    ]
    assert not Organisation.objects.filter(name__icontains="espaces de vie sociale").exists()

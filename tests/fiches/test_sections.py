"""The text sections of a fiche are one list (fiches.enums.FicheSection): the model, the reader, the importer and
the re-import preview all know each of them, in the documents' order."""

import dataclasses

from fiches.enums import FicheSection
from fiches.import_diff import SECTION_LABELS
from fiches.importer import ParsedFiche
from fiches.models import Fiche
from fiches.reading.headings import SECTION_OF, SECTION_TITLES

DOCUMENT_ORDER = ["diagnostic", "principles", "publics", "pilotage", "partners_text", "resources", "schedule"]


def test_the_model_keeps_the_sections_in_the_documents_order():
    assert list(Fiche.SECTIONS) == DOCUMENT_ORDER
    assert (*DOCUMENT_ORDER, "other_sections") == Fiche.TEXT_FIELDS
    for name in Fiche.SECTIONS:
        assert Fiche._meta.get_field(name).get_internal_type() == "TextField"


def test_the_reader_recognises_and_names_every_section():
    for name in FicheSection.values:
        assert name in SECTION_TITLES
        assert name in SECTION_OF.values()


def test_the_importer_carries_every_section():
    fields = {field.name for field in dataclasses.fields(ParsedFiche)}
    assert set(FicheSection.values) <= fields


def test_the_reimport_preview_compares_every_section_with_its_french_label():
    assert [name for name, _label in SECTION_LABELS] == DOCUMENT_ORDER
    assert dict(SECTION_LABELS)["schedule"] == "Échéances (texte)"

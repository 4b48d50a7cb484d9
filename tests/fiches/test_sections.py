"""The text sections of a fiche are one list (fiches.enums.FicheSection): the model, the reader, the importer and
the re-import preview and the fiche's PDF all know each of them, in the documents' order."""

import dataclasses
from types import SimpleNamespace

from fiches.document import sections_before_actions
from fiches.enums import FicheRole, FicheSection
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


def test_the_document_heads_its_sections_like_the_seeds_and_lets_links_replace_typed_partners():
    fiche = Fiche(diagnostic="Constat", publics="Habitants", partners_text="Mairie", resources="Caf", pilotage="Cadre")
    partner = SimpleNamespace(role=FicheRole.PARTNER, organisation=SimpleNamespace(name="Métropole"), detail="")
    sections = sections_before_actions(fiche, [partner])
    assert [(s.name, s.title, s.text, s.listed) for s in sections] == [
        ("diagnostic", "DIAGNOSTIC", "Constat", False),
        ("publics", "PUBLICS ET TERRITOIRES", "Habitants", True),
        ("pilotage", "PILOTAGE / COORDINATION", "Cadre", False),
        ("partners_text", "PARTENAIRES IMPLIQUÉS", "", True),
        ("resources", "RESSOURCES ET FINANCEMENTS", "Caf", True),
    ]
    assert [s.links for s in sections] == [None, None, [], [partner], []]

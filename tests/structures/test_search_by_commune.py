"""A structure is found by its commune's name however the structure or the commune was written: the copy of the
commune's folded name the search reads is kept by the database (structures migration 0010)."""

import pytest
from django.core import serializers
from django.db import transaction

from core.search import search
from structures.communes import import_communes
from structures.models import Commune, Structure
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def venissieux():
    return factories.CommuneFactory(insee_code="69259", name="Vénissieux")


@pytest.fixture
def bron():
    return factories.CommuneFactory(insee_code="69029", name="Bron")


def found(text):
    return [structure.name for structure in Structure.objects.search(text).in_french_order()]


def test_structure_created_is_found_by_its_commune(venissieux):
    factories.StructureFactory(name="Centre social des Minguettes", commune=venissieux)

    assert found("VENISSIEUX") == ["Centre social des Minguettes"]


def test_structure_moved_by_save_is_found_by_its_new_commune(venissieux, bron):
    structure = factories.StructureFactory(name="Centre social des Minguettes", commune=venissieux)

    structure.commune = bron
    structure.save()
    structure.name = "Centre social du Terraillon"
    structure.save(update_fields=["name"])

    assert found("bron") == ["Centre social du Terraillon"]
    assert found("venissieux") == []


def test_structures_written_in_bulk_are_found_by_their_commune(venissieux, bron):
    Structure.objects.bulk_create([factories.StructureFactory.build(name="Espace des Genêts", commune=venissieux)])
    factories.StructureFactory(name="Centre social du Terraillon", commune=venissieux)

    Structure.objects.filter(name="Centre social du Terraillon").update(commune=bron)

    assert found("venissieux") == ["Espace des Genêts"]
    assert found("bron") == ["Centre social du Terraillon"]


def test_copy_written_by_hand_is_replaced_by_the_commune_name(venissieux):
    factories.StructureFactory(name="Centre social des Minguettes", commune=venissieux)

    Structure.objects.update(commune_folded_name="lyon")

    assert list(Structure.objects.values_list("commune_folded_name", flat=True)) == ["venissieux"]


def test_commune_renamed_by_save_or_update_passes_its_name_to_its_structures(venissieux, bron):
    factories.StructureFactory(name="Centre social des Minguettes", commune=venissieux)
    factories.StructureFactory(name="Centre social du Terraillon", commune=bron)

    venissieux.name = "Vénissieux-les-Minguettes"
    venissieux.save()
    Commune.objects.filter(pk=bron.pk).update(name="Bron-Parilly")

    assert found("minguettes venissieux les") == ["Centre social des Minguettes"]
    assert found("parilly") == ["Centre social du Terraillon"]


def test_commune_renamed_by_the_communes_import_passes_its_name_to_its_structures(venissieux):
    factories.StructureFactory(name="Centre social des Minguettes", commune=venissieux)

    import_communes([{"insee_code": "69259", "name": "Saint-Fons-Vénissieux", "department_code": "69"}])

    assert found("saint fons") == ["Centre social des Minguettes"]


def test_structure_deserialised_before_its_commune_takes_the_commune_name(venissieux):
    # A schéma's export is read back with its rows in any order, the foreign keys checked at commit.
    structure = factories.StructureFactory(name="Centre social des Minguettes", commune=venissieux)
    records = serializers.serialize("python", [structure]) + serializers.serialize("python", [venissieux])
    records[0]["fields"]["commune_folded_name"] = "lyon"
    Structure.objects.all().delete()
    Commune.objects.all().delete()

    with transaction.atomic():
        for record in serializers.deserialize("python", records):
            record.save()

    assert found("venissieux") == ["Centre social des Minguettes"]
    assert found("lyon") == []


@pytest.mark.parametrize("text", ["saint", "SAINT-étienne", "st", "lyon", "é", "lyon centre", "oe", "zzz", "e e"])
def test_search_finds_what_the_folded_names_of_structure_and_commune_hold(text):
    # The plain definition: each word in the structure's name or its commune's, both folded at each search.
    lyon = factories.CommuneFactory(insee_code="69385", name="Lyon 5e Arrondissement")
    saint_etienne = factories.CommuneFactory(insee_code="42218", name="Saint-Étienne", department_code="42")
    oeuilly = factories.CommuneFactory(insee_code="02566", name="Œuilly", department_code="02")
    for name, commune in [
        ("Centre social de Ménival", lyon),
        ("Centre social Saint-Just", lyon),
        ("Espace Lyonnais", saint_etienne),
        ("Centre social Beaubrun", saint_etienne),
        ("Maison des Œuvres", oeuilly),
        ("EVS Sainté", oeuilly),
        ("Centre Social", lyon),
        ("centre social", saint_etienne),
    ]:
        factories.StructureFactory(name=name, commune=commune)

    plain = search(Structure.objects.all(), ["name", "commune__name"], text).in_french_order()

    assert list(Structure.objects.search(text).in_french_order()) == list(plain)

"""python manage.py import_structures: the page's engine from the command line, on a make-run database."""

import io

import pytest
from django.core.management import CommandError, call_command

from structures.enums import Gestion
from structures.models import Commune, Structure
from tests.structures.test_structure_lists import HERAULT_ROWS


def run(*args):
    out = io.StringIO()
    call_command("import_structures", *[str(arg) for arg in args], stdout=out)
    return out.getvalue()


@pytest.fixture
def herault_file(tmp_path):
    path = tmp_path / "senacs-34.csv"
    path.write_bytes("\r\n".join(HERAULT_ROWS).encode("cp1252"))
    return path


@pytest.fixture
def demo(db):
    """A database as `make run` leaves it: migrated, then the demo loaded."""
    call_command("load_demo", stdout=io.StringIO())


def test_import_structures_refuses_the_file_when_rows_are_refused(demo, herault_file):
    before = Structure.objects.count()
    out = io.StringIO()

    with pytest.raises(CommandError) as caught:
        call_command("import_structures", str(herault_file), "--department", "34", stdout=out)

    assert str(caught.value) == (
        "3 lignes refusées : rien n'a été enregistré. Corrigez le fichier, "
        "ou relancez avec --valid-only pour importer les lignes valides."
    )
    printed = out.getvalue()
    assert "Ligne 7 — Centre social de Sète — Lunel — Refusée" in printed
    assert "    refusée : Le code INSEE 34301 désigne Sète, mais la commune indiquée est « Lunel »" in printed
    assert "Colonne « Année SENACS » : colonne ignorée : nom de colonne inconnu." in printed
    assert "5 créations, 0 mise à jour, 0 inchangée, 2 ignorées, 3 refusées." in printed
    assert Structure.objects.count() == before


def test_import_structures_valid_only_on_a_make_run_database(demo, herault_file):
    assert Commune.objects.count() == 34920
    assert Commune.objects.get(insee_code="69142").name == "La Mulatière"

    output = run(herault_file, "--department", "34", "--valid-only")

    assert "Import terminé : 5 structures créées, 0 mise à jour. 3 lignes refusées" in output
    stored = Structure.objects.filter(commune__department_code="34").order_by("name")
    assert list(stored.values_list("name", "commune__insee_code", "gestion")) == [
        ("CENTRE SOCIAL CAF LA PAILLADE", "34172", Gestion.CAF),
        ("EVS Le Crès Ensemble", "34090", Gestion.MUNICIPALE),
        ("EVS St-Jean Solidaire", "34270", Gestion.AUTRE),
        ("MALT", "34146", Gestion.ASSOCIATIVE),
        ("Maison pour tous Léo Lagrange", "34172", Gestion.NON_RENSEIGNEE),
    ]
    # Run again: every row is now known and unchanged; nothing is written twice.
    output = run(herault_file, "--department", "34", "--valid-only")
    assert "0 création, 0 mise à jour, 5 inchangées, 2 ignorées, 3 refusées." in output
    assert stored.count() == 5


def test_import_structures_dry_run_writes_nothing(db, tmp_path):
    from structures.communes import load_shipped_communes

    load_shipped_communes(departments=["46"])
    path = tmp_path / "lot.csv"
    path.write_text("Nom;Type;Ville\nCentre social de Figeac;CS;Figeac\n", encoding="utf-8")

    output = run(path, "--dry-run")

    assert "Ligne 2 — Centre social de Figeac — Figeac (46102) — Création" in output
    assert "Essai (--dry-run) : rien n'a été enregistré." in output
    assert not Structure.objects.exists()


def test_import_structures_unreadable_file_french_error(db, tmp_path):
    path = tmp_path / "liste.csv"
    path.write_text("a;b\n1;2\n", encoding="utf-8")

    with pytest.raises(CommandError, match="Aucune ligne d'en-tête reconnue"):
        run(path)
    with pytest.raises(CommandError, match="fichier illisible"):
        run(tmp_path / "absent.csv")

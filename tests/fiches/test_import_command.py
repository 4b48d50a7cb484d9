"""manage.py import_fiches --schema <id or slug> FILE…"""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from fiches.models import Action, Axis, Fiche
from structures.models import Organisation

pytestmark = pytest.mark.django_db

CREATED = [
    "PA 2.2.1 créée : 3 actions, 2 résultats attendus, 4 indicateurs",
    "PA 2.1.2 créée : 2 actions, 1 résultat attendu, 2 indicateurs",
    "PA 3.1.1 créée : 2 actions, 1 résultat attendu, 5 indicateurs",
]


@pytest.fixture
def seed_paths(seeds_dir):
    return [str(next(seeds_dir.glob(f"{prefix}_*.txt"))) for prefix in ("000", "001", "002")]


def run(*args):
    out = StringIO()
    call_command("import_fiches", *args, stdout=out)
    return out.getvalue().splitlines()


def test_command_imports_the_seeds_into_the_schema_given_by_slug(schema, seed_paths):
    assert run("--schema", "rhone-2022-2026", *seed_paths) == CREATED
    assert list(Fiche.objects.filter(schema=schema).values_list("code", flat=True)) == ["PA 2.1.2", "PA 2.2.1", "PA 3.1.1"]


def test_command_finds_the_schema_by_id_and_updates_on_a_second_run(schema, seed_paths):
    run("--schema", str(schema.pk), *seed_paths)
    assert run("--schema", str(schema.pk), *seed_paths) == [line.replace("créée", "mise à jour") for line in CREATED]
    assert Fiche.objects.count() == 3
    assert set(Fiche.objects.values_list("version", flat=True)) == {2}


def test_command_refuses_an_unknown_schema(schema, seed_paths):
    with pytest.raises(CommandError, match="^Schéma introuvable : « lozere-2030 ». Indiquez son identifiant"):
        run("--schema", "lozere-2030", *seed_paths)
    with pytest.raises(CommandError, match="^Schéma introuvable : « 999999 »"):
        run("--schema", "999999", *seed_paths)
    assert not Fiche.objects.exists()


def test_command_writes_nothing_when_one_file_is_broken(schema, seed_paths, tmp_path):
    broken = tmp_path / "fiche-cassee.txt"
    broken.write_text("1 - Un axe\n1.1 - Une orientation\n\nDIAGNOSTIC\nDu texte.\n", encoding="utf-8")
    with pytest.raises(CommandError) as info:
        run("--schema", schema.slug, *seed_paths, str(broken))
    assert str(info.value) == (
        f"{broken} — Ligne 1 : Aucune fiche trouvée : la ligne de la fiche (par exemple « PA 2.1.2 - Promouvoir les "
        "expérimentations … » ou « Fiche action n°3 ») manque.\nRien n'a été enregistré."
    )
    assert [model.objects.count() for model in (Fiche, Axis, Action, Organisation)] == [0, 0, 0, 0]


def test_command_reads_a_windows_1252_file(schema, tmp_path):
    path = tmp_path / "fiche.txt"
    text = (
        "1 - Se connaître\r\n1.1 - Partager\r\nPA 1.1.1 - Créer l’élan\r\n\r\nACTION 1\r\n• Se réunir.\r\n\r\nÉCHÉANCES\r\n2024"
    )
    path.write_bytes(text.encode("cp1252"))
    assert run("--schema", schema.slug, str(path)) == ["PA 1.1.1 créée : 1 action, 0 résultat attendu, 0 indicateur"]
    assert Fiche.objects.get().title == "Créer l’élan"


def test_command_names_a_missing_file(schema, tmp_path):
    with pytest.raises(CommandError, match="absente.txt — Lecture impossible"):
        run("--schema", schema.slug, str(tmp_path / "absente.txt"))


def test_command_dry_run_checks_without_writing(schema, seed_paths):
    assert run("--schema", schema.slug, "--dry-run", *seed_paths) == [
        *CREATED,
        "Vérification seulement : rien n'a été enregistré.",
    ]
    assert not Fiche.objects.exists()
    assert not Organisation.objects.exists()


CORPUS = Path(__file__).parent / "corpus"


def test_command_reads_a_word_file_and_prints_each_doubt_with_its_line(schema, tmp_path):
    from .test_documents import base_lines, word_document

    word = tmp_path / "fiche.docx"
    word.write_bytes(word_document(base_lines()))
    unknown = CORPUS / "rubriques_inconnues.txt"
    out, err = StringIO(), StringIO()
    call_command("import_fiches", "--schema", schema.slug, str(word), str(unknown), stdout=out, stderr=err)
    assert out.getvalue().splitlines() == [
        "PA 1.1.1 créée : 2 actions, 1 résultat attendu, 3 indicateurs",
        "PA 1.2.1 créée : 1 action, 0 résultat attendu, 1 indicateur",
    ]
    assert err.getvalue().splitlines() == [
        f"Attention : {unknown} — Ligne 10 : Rubrique inconnue « OBJECTIFS » : texte gardé à part (autres rubriques).",
        f"Attention : {unknown} — Ligne 16 : Rubrique inconnue « POINTS DE VIGILANCE : » : texte gardé à part (autres "
        "rubriques).",
        f"Attention : {unknown} — Ligne 19 : Rubrique « CALENDRIER » à côté de « ÉCHÉANCES » : texte gardé à part "
        "(autres rubriques).",
        f"Attention : {unknown} — Ligne 28 : Rubrique inconnue « Modalités de suivi : » : texte gardé à part (autres rubriques).",
    ]
    assert Fiche.objects.get(code="PA 1.2.1").other_sections == (
        "OBJECTIFS\n- Mieux faire connaître les conseils.\n\nPOINTS DE VIGILANCE\n- Ne pas se substituer aux élus."
        "\n\nCALENDRIER\n- Réunion de lancement au printemps\n\nModalités de suivi\n- Point annuel en comité technique."
    )


def test_command_refuses_every_blocking_doubt_and_writes_nothing(schema, seed_paths, tmp_path):
    broken = tmp_path / "sans-echeance.txt"
    text = (CORPUS / "base.txt").read_text(encoding="utf-8").replace("- ➔ Action 2 : 2024 à 2026", "")
    text = text.replace("- ➔ Former les administrateurs bénévoles à l'accueil de nouveaux membres.", "")
    broken.write_text(text, encoding="utf-8")
    with pytest.raises(CommandError) as info:
        run("--schema", schema.slug, *seed_paths, str(broken))
    assert str(info.value).splitlines() == [
        f"{broken} — Ligne 36 : L'action 1 n'a pas de texte.",
        f"{broken} — Ligne 40 : L'action 2 de la fiche PA 1.1.1 n'a pas d'échéance : ajoutez sous ÉCHÉANCES une ligne "
        "« Action 2 : 2023 à 2026 ».",
        "Rien n'a été enregistré.",
    ]
    assert [model.objects.count() for model in (Fiche, Axis, Action, Organisation)] == [0, 0, 0, 0]


def test_command_names_a_scanned_pdf(schema, tmp_path):
    scan = tmp_path / "scan.pdf"
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    with scan.open("wb") as handle:
        writer.write(handle)
    with pytest.raises(CommandError, match=rf"^{scan} — PDF scanné sans texte : ses pages sont des images\."):
        run("--schema", schema.slug, str(scan))
    assert not Fiche.objects.exists()

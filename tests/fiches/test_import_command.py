"""manage.py import_fiches --schema <id or slug> FILE…"""

from io import StringIO

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

"""The fiche importer: parsing (fiches.importer) and writing (fiches.services.import_fiche_texts).

The three Rhône seed files are read from ../shared/seeds/; small fiches for edge cases are written here.
"""

import dataclasses
import re

import pytest

from fiches.enums import ActionStatus, FicheRole
from fiches.importer import FicheFormatError, decode_fiche_bytes, parse_fiche
from fiches.models import Action, ActionUpdate, Axis, ExpectedResult, Fiche, FicheOrganisation, Orientation
from fiches.services import import_fiche_texts, import_fiche_texts_with_status
from indicateurs.enums import Aggregation, ComputedSource, IndicatorKind, IndicatorLevel
from indicateurs.models import Indicator, IndicatorValue
from structures.enums import OrganisationKind
from structures.models import Organisation
from tests import factories

SEED_PREFIXES = {"PA 2.2.1": "000", "PA 2.1.2": "001", "PA 3.1.1": "002"}

# A small fiche of our own: axis line 1, orientation line 2, fiche line 3, ACTION 1 line 5, ÉCHÉANCES line 8.
MINI = """\
1 - Mieux se connaître entre structures
1.1 - Partager les pratiques
PA 1.1.1 - Organiser des rencontres entre équipes

ACTION 1
- Réunir les équipes deux fois par an.

ÉCHÉANCES
- 2023 à 2026
"""


def seed_text(seeds_dir, code):
    return next(seeds_dir.glob(f"{SEED_PREFIXES[code]}_*.txt")).read_text(encoding="utf-8")


def seed_texts(seeds_dir):
    return [(f"{SEED_PREFIXES[code]}.txt", seed_text(seeds_dir, code)) for code in SEED_PREFIXES]


def without_lines(value):
    """A parsed fiche as plain data, without line numbers, apostrophes made straight: to compare two readings."""
    if isinstance(value, dict):
        return {name: without_lines(item) for name, item in value.items() if name not in ("line", "schedule_line")}
    if isinstance(value, list):
        return [without_lines(item) for item in value]
    return value.replace("’", "'") if isinstance(value, str) else value


def error_of(text):
    with pytest.raises(FicheFormatError) as info:
        parse_fiche(text)
    return info.value


@pytest.fixture
def imported(db, schema, seeds_dir):
    fiches = import_fiche_texts(seed_texts(seeds_dir), schema=schema)
    return {fiche.code: fiche for fiche in fiches}


# The seeds, imported ---------------------------------------------------------------------------------------------


def test_import_seeds_places_fiches_under_their_axes_and_orientations(imported, schema):
    placed = {
        code: (fiche.orientation.axis.schema, fiche.orientation.axis.number, fiche.orientation.number)
        for code, fiche in imported.items()
    }
    assert placed == {"PA 2.2.1": (schema, 2, "2.2"), "PA 2.1.2": (schema, 2, "2.1"), "PA 3.1.1": (schema, 3, "3.1")}
    assert Axis.objects.filter(schema=schema).count() == 2
    assert Orientation.objects.filter(axis__schema=schema).count() == 3
    assert Axis.objects.get(number=3).title == (
        "CONFORTER LE RÔLE D'ESPACE RESSOURCE ET DE TRANSFORMATION SOCIALE DES CENTRES SOCIAUX SUR LES TERRITOIRES"
    )
    assert Orientation.objects.get(number="3.1").title == (
        "Consolider l'expertise des structures dans la veille sur les évolutions sociales de leurs territoires"
    )
    assert imported["PA 2.1.2"].title == (
        "PROMOUVOIR LES EXPÉRIMENTATIONS FAVORISANT L'OUVERTURE À L'AUTRE ET LE BIEN VIVRE ENSEMBLE DANS LA DIVERSITÉ"
    )
    assert {fiche.version for fiche in imported.values()} == {1}


def test_import_seeds_reads_actions_and_their_echeances(imported):
    actions = {
        code: [(action.number, action.first_year, action.last_year) for action in fiche.actions.all()]
        for code, fiche in imported.items()
    }
    assert actions == {
        "PA 2.2.1": [(1, 2022, 2026), (2, 2022, 2026), (3, 2023, 2026)],
        "PA 2.1.2": [(1, 2023, 2026), (2, 2022, 2026)],
        "PA 3.1.1": [(1, 2023, 2026), (2, 2023, 2026)],
    }
    first = imported["PA 2.1.2"].actions.get(number=1)
    assert first.text.startswith("Soutenir les expériences innovantes")
    assert first.status == ActionStatus.A_VENIR


def test_import_seeds_action_text_has_no_bullet_marker(imported, seeds_dir):
    for code, fiche in imported.items():
        lines = seed_text(seeds_dir, code).splitlines()
        for action in fiche.actions.all():
            assert f"- ➔ {action.text}" in lines


def test_import_seeds_reads_indicators_in_order_with_their_kind(imported):
    indicators = {
        code: [(i.label, i.kind, i.aggregation, i.unit, i.comment_asked) for i in fiche.indicators.all()]
        for code, fiche in imported.items()
    }
    integer = (IndicatorKind.INTEGER, Aggregation.SUM, "", False)
    assert indicators == {
        "PA 2.2.1": [
            (
                "Nombre de structures AVS intégrées dans les coordinations territoriales de veille sociale "
                "lorsqu'elles sont existantes",
                *integer,
            ),
            (
                "Existence d'outils de présentation et de valorisation des structures AVS et de leur utilité sociale",
                IndicatorKind.BOOLEAN,
                Aggregation.COUNT_YES,
                "",
                False,
            ),
            ("Nombre de projets sociaux intégrant des critères d'évaluation d'utilité sociale", *integer),
            ("Nombre de conventions tripartites signées", *integer),
        ],
        "PA 2.1.2": [("Nombre de projets expérimentaux menés", *integer), ("Nombre d'actions essayées", *integer)],
        "PA 3.1.1": [
            (
                "Qu'est-ce que vous mettez en œuvre pour former les salariés au diagnostic de territoire",
                IndicatorKind.TEXT,
                Aggregation.NONE,
                "",
                False,
            ),
            ("Nombre de personnes touchées par ces actions/formations", *integer),
            ("Taux de participation à SENACS", IndicatorKind.PERCENTAGE, Aggregation.MEAN, "%", False),
            ("Utilisez-vous les données SENACS ? Si oui, comment ?", IndicatorKind.BOOLEAN, Aggregation.SHARE_YES, "", True),
            (
                "Le projet est-il bien intégré dans le partenariat local ? Le centre social participe-t-il aux "
                "instances de veille sociale sur le territoire ?",
                IndicatorKind.BOOLEAN,
                Aggregation.SHARE_YES,
                "",
                True,
            ),
        ],
    }
    # What the application already holds is computed at the schéma's level; the rest is asked of each structure.
    computed = {i.label: (i.level, i.computed_source) for i in Indicator.objects.exclude(level=IndicatorLevel.STRUCTURE)}
    assert computed == {
        "Nombre de conventions tripartites signées": (IndicatorLevel.SCHEMA, ComputedSource.TRIPARTITE_CONVENTIONS_SIGNED),
        "Taux de participation à SENACS": (IndicatorLevel.SCHEMA, ComputedSource.SENACS_SHARE),
    }
    assert not Indicator.objects.filter(level=IndicatorLevel.STRUCTURE).exclude(computed_source="").exists()
    assert list(imported["PA 3.1.1"].indicators.values_list("order", flat=True)) == [0, 1, 2, 3, 4]


def test_import_seeds_keeps_the_other_lines_as_expected_results(imported, seeds_dir):
    starts = {
        code: [result.text.split(" ", 3)[:3] for result in fiche.expected_results.all()] for code, fiche in imported.items()
    }
    assert starts == {
        "PA 2.2.1": [["Sensibilisation", "efficace", "des"], ["Reconnaissance", "par", "les"]],
        "PA 2.1.2": [["Emergence", "de", "nouveaux"]],
        "PA 3.1.1": [["Capacité", "à", "élaborer"]],
    }
    for code, fiche in imported.items():
        lines = seed_text(seeds_dir, code).splitlines()
        for result in fiche.expected_results.all():
            assert f"- {result.text}" in lines  # kept as written, final full stop included


def test_import_seeds_links_pilots_partners_and_funders(imported, seeds_dir):
    fiche = imported["PA 2.1.2"]
    links = {
        role: [(link.organisation.name, link.order) for link in fiche.organisation_links.filter(role=role)]
        for role in FicheRole.values
    }
    assert links == {
        FicheRole.PILOT: [("Caf du Rhône", 0), ("Fédération des centres sociaux du Rhône", 1)],
        FicheRole.PARTNER: [
            ("Fédération des centres sociaux du Rhône", 0),
            ("Auracs", 1),
            ("Réseau jeunesse de la PS jeunes", 2),
        ],
        FicheRole.FUNDER: [
            ("Caf du Rhône", 0),
            ("Communes", 1),
            ("État — politique de la ville", 2),
            ("Métropole de Lyon", 3),
            ("MSA", 4),
            ("Carsat", 5),
        ],
    }
    caf, federation = (link.detail for link in fiche.organisation_links.filter(role=FicheRole.PILOT))
    assert caf.startswith("dans le cadre du suivi des centres sociaux")
    assert caf.endswith("Politique de la ville.")
    assert federation.startswith("dans le cadre de l'accompagnement des structures")
    lines = seed_text(seeds_dir, "PA 2.1.2").splitlines()
    assert f"- ➔ Caf du Rhône {caf}" in lines
    assert f"- ➔ Fédération des centres sociaux du Rhône {federation}" in lines
    assert not fiche.organisation_links.exclude(role=FicheRole.PILOT).exclude(detail="").exists()


def test_import_seeds_creates_each_organisation_once_with_its_kind(imported):
    kinds = dict(Organisation.objects.values_list("name", "kind"))
    assert kinds == {
        "Caf du Rhône": OrganisationKind.CAF,
        "Fédération des centres sociaux du Rhône": OrganisationKind.FEDERATION,
        "Acteurs des recherches actions sur l'utilité sociale": OrganisationKind.AUTRE,
        "Club technique régional (CTR) AVS": OrganisationKind.RESEAU,
        "Auracs": OrganisationKind.RESEAU,
        "Réseau jeunesse de la PS jeunes": OrganisationKind.RESEAU,
        "Communes": OrganisationKind.COMMUNE,
        "État — politique de la ville": OrganisationKind.ETAT,
        "Métropole de Lyon": OrganisationKind.METROPOLE,
        "MSA": OrganisationKind.MSA,
        "Carsat": OrganisationKind.CARSAT,
    }
    assert Organisation.objects.get(name="Caf du Rhône").department_code == "69"
    # A category of structures named among the partners is no organisation of the directory.
    assert not Organisation.objects.filter(name__icontains="espaces de vie sociale").exists()
    assert [org.name for org in imported["PA 3.1.1"].pilots] == ["Caf du Rhône"]


def test_import_seeds_keeps_section_texts(imported):
    fiche = imported["PA 2.2.1"]
    assert fiche.schedule == "- Actions 1 et 2 : 2022 à 2026\n- Action 3 : 2023 à 2026"
    assert fiche.resources == "- Financements Caf, communes, politique de la ville, Métropole de Lyon, MSA, Carsat"
    assert fiche.publics.startswith("- Centres sociaux et espaces de vie sociale de la Métropole de Lyon")
    assert fiche.pilotage.startswith("- Caf du Rhône dans le cadre du suivi")
    assert fiche.partners_text.count("\n") == 3
    assert fiche.diagnostic.startswith("On observe un isolement croissant")
    # Paragraphs are separated by one blank line; the bulleted finalities stay together.
    assert fiche.principles.count("\n\n") == 3
    assert imported["PA 3.1.1"].schedule == "- 2023 à 2026"


# Matching the organisation directory -----------------------------------------------------------------------------


def test_import_matches_existing_organisations_whatever_the_case_accents_and_apostrophes(db, schema, seeds_dir):
    caf = factories.OrganisationFactory(name="CAF DU RHONE", kind=OrganisationKind.CAF)
    metropole = factories.OrganisationFactory(name="Metropole de Lyon", kind=OrganisationKind.METROPOLE)
    state = factories.OrganisationFactory(name="Etat - Politique de la ville", kind=OrganisationKind.ETAT)
    msa = factories.OrganisationFactory(name="Mutualité sociale agricole Ain-Rhône", short_name="MSA")
    before = Organisation.objects.count()
    (fiche,) = import_fiche_texts([("001.txt", seed_text(seeds_dir, "PA 2.1.2"))], schema=schema)
    assert fiche.pilots[0] == caf
    assert fiche.funders[:5] == [caf, Organisation.objects.get(name="Communes"), state, metropole, msa]
    # Communes, Carsat, Fédération, Auracs, Réseau jeunesse: five new ones, no second Caf, no "Centres sociaux…".
    assert Organisation.objects.count() == before + 5


def test_import_caf_alone_is_the_caf_of_the_schema_department(db):
    schema = factories.SchemaFactory(department_code="94", department_name="Val-de-Marne", first_year=2016, last_year=2020)
    text = MINI.replace("- 2023 à 2026", "- 2017 à 2020") + "\nRESSOURCES ET FINANCEMENTS\n- Financements Caf et MSA\n"
    (fiche,) = import_fiche_texts([("mini.txt", text)], schema=schema)
    caf = Organisation.objects.get(name="Caf du Val-de-Marne")
    assert (caf.kind, caf.department_code) == (OrganisationKind.CAF, "94")
    assert [org.name for org in fiche.funders] == ["Caf du Val-de-Marne", "MSA"]


def test_import_caf_alone_is_the_schema_pilot_when_it_is_a_caf(db, schema):
    schema.pilot = factories.OrganisationFactory(name="Caisse d'allocations familiales du Rhône", kind=OrganisationKind.CAF)
    schema.save()
    text = MINI + "\nRESSOURCES ET FINANCEMENTS\n- Financements : Caf\n"
    (fiche,) = import_fiche_texts([("mini.txt", text)], schema=schema)
    assert fiche.funders == [schema.pilot]


# Re-importing ----------------------------------------------------------------------------------------------------


def test_reimport_updates_fiches_without_duplicating_anything(imported, schema, seeds_dir):
    counts = [model.objects.count() for model in (Fiche, Axis, Orientation, Action, ExpectedResult, Indicator)]
    counts += [FicheOrganisation.objects.count(), Organisation.objects.count()]
    indicator = Indicator.objects.get(label="Nombre de conventions tripartites signées")
    indicator.level = IndicatorLevel.SCHEMA  # as an administrator may have set it since the first import
    indicator.save()
    value = factories.IndicatorValueFactory(indicator=indicator, campaign=factories.CampaignFactory(schema=schema), number=4)
    action = imported["PA 2.2.1"].actions.get(number=1)
    ActionUpdate.objects.create(action=action, status=ActionStatus.EN_COURS, progress=30)

    results = import_fiche_texts_with_status(seed_texts(seeds_dir), schema=schema)

    assert [(fiche.code, created, fiche.version) for fiche, created in results] == [
        ("PA 2.2.1", False, 2),
        ("PA 2.1.2", False, 2),
        ("PA 3.1.1", False, 2),
    ]
    after = [model.objects.count() for model in (Fiche, Axis, Orientation, Action, ExpectedResult, Indicator)]
    after += [FicheOrganisation.objects.count(), Organisation.objects.count()]
    assert after == counts
    value.refresh_from_db()
    assert (value.indicator_id, value.number) == (indicator.pk, 4)
    assert Indicator.objects.filter(pk=indicator.pk, order=3, level=IndicatorLevel.SCHEMA).exists()
    action.refresh_from_db()
    assert (action.version, action.updates.count()) == (1, 1)


def test_reimport_applies_changes_of_the_file(imported, schema, seeds_dir):
    text = seed_text(seeds_dir, "PA 2.2.1")
    text = text.replace("Action 3 : 2023 à 2026", "Action 3 : 2024 à 2025")
    text = text.replace("- ➔ Consolider les outils", "- ➔ Renforcer les outils")
    text = re.sub(r"\n- Reconnaissance par [^\n]*", "", text)
    text = text.replace("Nombre de conventions tripartites signées.", "Taux de conventions tripartites signées.")

    (fiche,) = import_fiche_texts([("000.txt", text)], schema=schema)

    assert [(a.number, a.first_year, a.last_year, a.version) for a in fiche.actions.all()] == [
        (1, 2022, 2026, 2),
        (2, 2022, 2026, 1),
        (3, 2024, 2025, 2),
    ]
    assert fiche.actions.get(number=1).text.startswith("Renforcer les outils")
    assert fiche.expected_results.count() == 1
    assert list(fiche.indicators.values_list("label", "kind"))[-1] == (
        "Taux de conventions tripartites signées",
        IndicatorKind.PERCENTAGE,
    )
    assert fiche.indicators.count() == 4


def test_reimport_deletes_an_action_gone_from_the_file_without_history(imported, schema, seeds_dir):
    text = seed_text(seeds_dir, "PA 2.2.1")
    text = (
        re.sub(r"ACTION 3\n\n[^\n]*\n", "", text)
        .replace("Action 3 : 2023", "Actions 1 et 2 : 2023")
        .replace("- ➔ Actions 1 et 2 : 2022 à 2026\n", "")
    )
    (fiche,) = import_fiche_texts([("000.txt", text)], schema=schema)
    assert [(a.number, a.first_year) for a in fiche.actions.all()] == [(1, 2023), (2, 2023)]


def test_reimport_refuses_to_drop_an_action_with_progress_history(imported, schema, seeds_dir):
    action = imported["PA 2.2.1"].actions.get(number=3)
    ActionUpdate.objects.create(action=action, status=ActionStatus.EN_COURS, progress=10)
    text = re.sub(r"ACTION 3\n\n[^\n]*\n", "", seed_text(seeds_dir, "PA 2.2.1")).replace("- ➔ Action 3 : 2023 à 2026\n", "")

    with pytest.raises(FicheFormatError) as info:
        import_fiche_texts([("000.txt", text)], schema=schema)

    assert str(info.value) == (
        "000.txt — L'action 3 de la fiche PA 2.2.1 a un historique d'avancement : elle ne peut pas disparaître de la "
        "fiche. Gardez-la dans le fichier, ou marquez-la « abandonnée » dans l'application."
    )
    assert Action.objects.filter(pk=action.pk).exists()
    assert Fiche.objects.get(code="PA 2.2.1").version == 1


def test_reimport_refuses_to_drop_an_indicator_with_values(imported, schema, seeds_dir):
    indicator = Indicator.objects.get(label="Nombre d'actions essayées")
    factories.IndicatorValueFactory(indicator=indicator, campaign=factories.CampaignFactory(schema=schema))
    text = seed_text(seeds_dir, "PA 2.1.2").replace("- Nombre d'actions essayées.", "- Nombre d'actions menées.")

    with pytest.raises(FicheFormatError, match="L'indicateur « Nombre d'actions essayées » de la fiche PA 2.1.2 a des"):
        import_fiche_texts([("001.txt", text)], schema=schema)

    assert IndicatorValue.objects.filter(indicator=indicator).count() == 1
    assert not Indicator.objects.filter(label="Nombre d'actions menées").exists()


def test_reimport_drops_an_indicator_without_values(imported, schema, seeds_dir):
    text = seed_text(seeds_dir, "PA 2.1.2").replace("- Nombre d'actions essayées.", "- Nombre d'actions menées.")
    kept = Indicator.objects.get(label="Nombre de projets expérimentaux menés")
    (fiche,) = import_fiche_texts([("001.txt", text)], schema=schema)
    assert list(fiche.indicators.values_list("pk", "label")) == [
        (kept.pk, kept.label),
        (Indicator.objects.get(label="Nombre d'actions menées").pk, "Nombre d'actions menées"),
    ]


# Tolerance -------------------------------------------------------------------------------------------------------


def roughen(text):
    """The same fiche as a word processor might save it."""
    text = text.replace("- ➔ ", "• ").replace("\n- ", "\n➔ ").replace("'", "’").replace(" : ", "\u00a0: ")
    for heading, rough_heading in [
        ("DIAGNOSTIC", "diagnostic"),
        ("ÉCHÉANCES", "ECHEANCES"),
        ("DÉFINITIONS ET PRINCIPES D’ACTION", "Définitions et principes d’action"),
        ("PILOTAGE / COORDINATION", "Pilotage\u202f/\u00a0coordination :"),
        (r"ACTION (\d)", "Action\u00a0\\1"),
    ]:
        text = re.sub(f"^{heading}$", rough_heading, text, flags=re.MULTILINE)
    text = text.replace("\n\n", "\n\n\n  \n")
    return text.replace("\n", "\r\n") + "\r\n"


@pytest.mark.parametrize("code", SEED_PREFIXES)
def test_parse_tolerates_what_word_processors_do(seeds_dir, code):
    text = seed_text(seeds_dir, code)
    rough = roughen(text)
    assert "’" in rough and "\r\n" in rough and "\u00a0" in rough and "•" in rough
    assert without_lines(dataclasses.asdict(parse_fiche(rough))) == without_lines(dataclasses.asdict(parse_fiche(text)))


def test_parse_accepts_a_missing_final_newline_and_a_byte_order_mark():
    assert parse_fiche("\ufeff" + MINI.rstrip("\n")).actions[0].last_year == 2026


def test_parse_keeps_an_unknown_heading_and_its_text_apart():
    text = MINI.replace("ACTION 1", "DIAGNOSTIC\nLes équipes se croisent peu.\n\nENJEUX LOCAUX\nMieux se connaître.\n\nACTION 1")
    fiche = parse_fiche(text)
    assert fiche.diagnostic == "Les équipes se croisent peu."
    assert fiche.other_sections == [("ENJEUX LOCAUX", "Mieux se connaître.")]
    assert fiche.actions[0].text == "Réunir les équipes deux fois par an."


def test_parse_reads_a_title_continued_on_the_next_line_and_an_inline_action():
    text = MINI.replace("entre équipes\n", "entre équipes\ndes centres sociaux\n").replace(
        "ACTION 1\n- Réunir", "Action 1 - Réunir"
    )
    fiche = parse_fiche(text)
    assert fiche.title == "Organiser des rencontres entre équipes des centres sociaux"
    assert fiche.actions[0].text == "Réunir les équipes deux fois par an."


# Échéances -------------------------------------------------------------------------------------------------------

THREE_ACTIONS = MINI.replace("ÉCHÉANCES", "ACTION 2\n- Publier un guide.\n\nACTION 3\n- Évaluer.\n\nÉCHÉANCES")


@pytest.mark.parametrize(
    "echeances,years",
    [
        ("- Actions 1, 2 et 3 : 2023-2026", [(2023, 2026)] * 3),
        ("- Action 1 : 2024\n- Actions 2 et 3 : 2022 à 2025", [(2024, 2024), (2022, 2025), (2022, 2025)]),
        ("- Actions 1 à 2 : 2022 – 2023\n- 2025 à 2026", [(2022, 2023), (2022, 2023), (2025, 2026)]),
        ("Action 3 : de 2024 à 2026.\n2023", [(2023, 2023), (2023, 2023), (2024, 2026)]),
        ("- Calendrier à préciser avec les partenaires\n- 2022 à 2026", [(2022, 2026)] * 3),
    ],
)
def test_parse_reads_every_shape_of_echeance(echeances, years):
    fiche = parse_fiche(THREE_ACTIONS.replace("- 2023 à 2026", echeances))
    assert [(action.first_year, action.last_year) for action in fiche.actions] == years


# Results and indicators ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line,expected",
    [
        ("Nombre total de bénévoles.", (IndicatorKind.INTEGER, Aggregation.SUM, "", False)),
        ("Part des familles accueillies", (IndicatorKind.PERCENTAGE, Aggregation.MEAN, "%", False)),
        ("Pourcentage d'habitants impliqués ;", (IndicatorKind.PERCENTAGE, Aggregation.MEAN, "%", False)),
        ("Montant des subventions versées", (IndicatorKind.AMOUNT, Aggregation.SUM, "€", False)),
        ("Existence d'un comité d'usagers", (IndicatorKind.BOOLEAN, Aggregation.COUNT_YES, "", False)),
        ("Combien de bénévoles ?", (IndicatorKind.INTEGER, Aggregation.SUM, "", False)),
        ("Comment les habitants sont-ils associés ?", (IndicatorKind.TEXT, Aggregation.NONE, "", False)),
        ("Quelles difficultés rencontrez-vous ?", (IndicatorKind.TEXT, Aggregation.NONE, "", False)),
        ("Les habitants sont-ils associés ?", (IndicatorKind.BOOLEAN, Aggregation.SHARE_YES, "", True)),
        ("Capacité des équipes à travailler ensemble.", None),
        ("Nombreux échanges entre structures.", None),
    ],
)
def test_parse_guesses_indicators_from_their_first_words(line, expected):
    fiche = parse_fiche(MINI + f"\nRÉSULTATS ATTENDUS + INDICATEURS D'ÉVALUATION\n- {line}\n")
    if expected is None:
        assert ([r.text for r in fiche.expected_results], fiche.indicators) == ([line], [])
    else:
        (indicator,) = fiche.indicators
        assert (indicator.kind, indicator.aggregation, indicator.unit, indicator.comment_asked) == expected
        assert indicator.label == line.rstrip(" .;")
        assert indicator.level == IndicatorLevel.STRUCTURE


def test_parse_splits_on_plus_only_when_every_part_is_an_indicator():
    fiche = parse_fiche(
        MINI + "\nRÉSULTATS ATTENDUS\n- Nombre de réunions + Taux de présence\n- Des liens plus forts + Nombre de réunions\n"
    )
    assert [i.label for i in fiche.indicators] == ["Nombre de réunions", "Taux de présence"]
    assert [r.text for r in fiche.expected_results] == ["Des liens plus forts + Nombre de réunions"]


# Errors ----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text,message",
    [
        ("", "Le fichier est vide."),
        (" \n\u00a0\r\n\n", "Le fichier est vide."),
        (MINI.split("\n", 1)[1], "Ligne 2 : La ligne de l'axe (par exemple « 2 - Confirmer la fonction … » ou « AXE 2 : … ») "),
        (MINI.replace("1.1 - Partager les pratiques\n", ""), "Ligne 2 : La ligne de l'orientation (par exemple « 2.1 - Acc"),
        (MINI.replace("PA 1.1.1 - Organiser des rencontres entre équipes\n", ""), "Ligne 1 : Aucune fiche trouvée : la ligne"),
        ("1 - Axe\n1.1 - Orientation\n", "Ligne 1 : Aucune fiche trouvée : la ligne de la fiche (par exemple « PA 2.1.2"),
        (MINI.replace("PA 1.1.1", "PA 3.1.1"), "Ligne 3 : La fiche PA 3.1.1 n'appartient pas à l'orientation 1.1."),
        (MINI.replace("1.1 - Partager", "2.1 - Partager"), "Ligne 2 : L'orientation 2.1 n'appartient pas à l'axe 1."),
        (MINI.replace("ÉCHÉANCES", "ACTION 1\n- Encore.\n\nÉCHÉANCES"), "Ligne 8 : L'action 1 est déjà décrite ligne 5."),
        (MINI.replace("ACTION 1\n- Réunir les équipes deux fois par an.", "ACTION 1"), "Ligne 5 : L'action 1 n'a pas de"),
        (MINI.replace("- 2023 à 2026", "- Action 2 : 2023 à 2026"), "Ligne 9 : L'échéance cite l'action 2, absente de la"),
        (MINI.replace("- 2023 à 2026", "- Action 1 : 2024\n- Action 1 : 2025"), "Ligne 10 : L'action 1 a déjà une"),
        (MINI.replace("- 2023 à 2026", "- 2023\n- 2024"), "Ligne 10 : Une échéance commune à toutes les actions"),
        (MINI.replace("- 2023 à 2026", "- Action 1 : dès 2023"), "Ligne 9 : Échéance illisible : « Action 1 : dès 2023 »"),
        (MINI.replace("- 2023 à 2026", "- 2026 à 2023"), "Ligne 9 : L'échéance « 2026 à 2023 » finit avant de commencer"),
        (MINI.replace("- 2023 à 2026", ""), "Ligne 5 : L'action 1 de la fiche PA 1.1.1 n'a pas d'échéance : ajoutez sous"),
        (MINI + "\nPILOTAGE\n- " + "Très long nom " * 20, "Ligne 12 : Nom d'organisation trop long"),
    ],
)
def test_parse_errors_name_the_line(text, message):
    assert str(error_of(text)).startswith(message)


def test_parse_error_carries_the_line_number():
    error = error_of(MINI.replace("- 2023 à 2026", "- Action 4 : 2023"))
    assert (error.line, error.message) == (9, "L'échéance cite l'action 4, absente de la fiche PA 1.1.1.")


def test_import_refuses_an_echeance_outside_the_schema_period(db, schema):
    with pytest.raises(FicheFormatError) as info:
        import_fiche_texts([("mini.txt", MINI.replace("2023 à 2026", "2021 à 2026"))], schema=schema)
    assert str(info.value) == (
        "mini.txt — Ligne 9 : L'échéance de l'action 1 (2021 à 2026) sort de la période du schéma (2022 à 2026)."
    )
    assert not Fiche.objects.exists()


def test_import_writes_nothing_when_a_later_file_is_broken(db, schema, seeds_dir):
    texts = [*seed_texts(seeds_dir), ("cassee.txt", MINI.replace("PA 1.1.1", "PA 1.2.1"))]
    with pytest.raises(FicheFormatError, match=r"^cassee\.txt — Ligne 3 : La fiche PA 1\.2\.1 n'appartient pas"):
        import_fiche_texts(texts, schema=schema)
    assert [model.objects.count() for model in (Fiche, Axis, Orientation, Action, Indicator, Organisation)] == [0] * 6


def test_import_refuses_the_same_fiche_twice_in_one_run(db, schema):
    with pytest.raises(FicheFormatError, match="^b.txt — Ligne 3 : La fiche PA 1.1.1 figure déjà dans le fichier a.txt"):
        import_fiche_texts([("a.txt", MINI), ("b.txt", MINI)], schema=schema)
    assert not Fiche.objects.exists()


# Decoding files --------------------------------------------------------------------------------------------------


def test_decode_reads_utf8_with_or_without_bom_utf16_and_cp1252():
    text = "PA 1.1.1 - Créer l’élan\r\n"
    assert decode_fiche_bytes(text.encode("utf-8")) == text
    assert decode_fiche_bytes(text.encode("utf-8-sig")) == text
    assert decode_fiche_bytes(text.encode("utf-16")) == text
    assert decode_fiche_bytes(text.encode("cp1252")) == text


def test_decode_refuses_binary_and_unknown_encodings():
    with pytest.raises(FicheFormatError, match="n'est pas un texte"):
        decode_fiche_bytes(b"PK\x03\x04\x00\x00")
    with pytest.raises(FicheFormatError) as info:
        decode_fiche_bytes("ligne une\nligne deux é\n".encode("latin-1") + b"\x81\n")
    assert str(info.value) == "Ligne 3 : Encodage des caractères non reconnu : enregistrez la fiche en texte UTF-8."


def test_parse_fiche_reads_one_fiche_and_names_a_second_one():
    second = MINI.replace("PA 1.1.1", "PA 1.1.2")
    error = error_of(MINI + "\n" + second)
    assert (error.line, error.message) == (13, "Une deuxième fiche (PA 1.1.2) commence ici : une fiche par texte.")

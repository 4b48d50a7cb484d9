"""Lossless export of a schéma: export, wipe the database, import, and every row is back as it was;
and a new département's schéma started from an exported one (import as a template)."""

import datetime
import json
from decimal import Decimal

import pytest
from django.apps import apps
from django.core import serializers
from django.core.management import CommandError, call_command
from django.utils import timezone

from comptes.models import User
from fiches.enums import ActionStatus, FicheRole
from fiches.models import Action, ActionUpdate, Fiche, Schema
from indicateurs.enums import IndicatorKind, IndicatorLevel
from indicateurs.models import Indicator, IndicatorValue
from portail import schema_exchange
from structures.models import Structure
from tests import factories


def build_dataset():
    """A schéma of the Rhône with a bit of everything, and a schéma of another département beside it."""
    admin = factories.AdminFactory(email="pilote@exemple.fr")
    caf = factories.OrganisationFactory(
        name="Caf du Rhône", short_name="Caf", commune=factories.CommuneFactory(insee_code="69123")
    )
    metropole = factories.OrganisationFactory(name="Métropole de Lyon")
    schema = factories.SchemaFactory(slug="rhone-2022-2026", pilot=caf, description="Présentation <i>échappée</i> « ok »")
    orientation = factories.OrientationFactory(axis__schema=schema, axis__number=2, number="2.1")
    fiche = factories.FicheFactory(
        orientation=orientation, code="PA 2.1.2", diagnostic="Diagnostic\nsur deux lignes", other_sections="BUDGET\n- 15 000 €"
    )
    factories.FicheOrganisationFactory(fiche=fiche, organisation=caf, role=FicheRole.PILOT, detail="dans le cadre du suivi")
    factories.FicheOrganisationFactory(fiche=fiche, organisation=metropole, role=FicheRole.FUNDER)
    factories.ExpectedResultFactory(fiche=fiche, text="Émergence de nouveaux projets")
    structures = factories.StructureFactory.create_batch(3, manager=metropole, siret="", qpv=True)
    conseiller = factories.ConseillerFactory(email="conseiller@exemple.fr", schemas=[schema], phone="04 78 00 00 00")
    directeur = factories.DirecteurFactory(email="directeur@exemple.fr", structures=structures[:2])
    factories.PartenaireFactory(email="partenaire@exemple.fr", organisation=metropole)
    fiche.followers.set([conseiller])
    action = factories.ActionFactory(fiche=fiche, number=1, first_year=2023, last_year=2026)
    factories.ActionFactory(fiche=fiche, number=2, first_year=2022, last_year=2024)
    update = ActionUpdate.objects.create(
        action=action,
        author=conseiller,
        status=ActionStatus.EN_COURS,
        progress=40,
        comment="Démarrée",
        date=datetime.date(2024, 5, 2),
    )
    Action.objects.filter(pk=action.pk).update(status=ActionStatus.EN_COURS, progress=40, last_update=update)
    indicator = factories.IndicatorFactory(fiche=fiche, kind=IndicatorKind.CHOICE, options=["Oui", "Non", "Ne sait pas"])
    schema_wide = factories.IndicatorFactory(fiche=fiche, kind=IndicatorKind.AMOUNT, level=IndicatorLevel.SCHEMA)
    indicator.targets.create(year=2025, value=Decimal("12.50"))
    campaign = factories.CampaignFactory(schema=schema, year=2025)
    IndicatorValue.objects.create(
        indicator=indicator, campaign=campaign, structure=structures[0], text="Oui", updated_by=directeur
    )
    IndicatorValue.objects.create(indicator=schema_wide, campaign=campaign, number=Decimal("1234567.89"), updated_by=conseiller)
    for structure in structures:
        factories.AgrementFactory(structure=structure)
        factories.FundingFactory(structure=structure, funder=caf, amount=Decimal("70000.55"))
        structure.senacs_responses.create(year=2024)
    convention = factories.ConventionFactory(title="CTG Lyon")
    convention.organisations.set([caf, metropole])
    convention.structures.set(structures[:1])
    _governance(schema, fiche=fiche, action=action, caf=caf, metropole=metropole, conseiller=conseiller)
    # Changes made by the administrateur, so that the history has an author.
    fiche.title = "Promouvoir les expérimentations"
    fiche._history_user = admin
    fiche.save()

    # Another département: not part of the export.
    other = factories.SchemaFactory(
        slug="val-de-marne-2016-2020", department_code="94", department_name="Val-de-Marne", first_year=2016, last_year=2020
    )
    factories.FicheFactory(orientation__axis__schema=other)
    factories.StructureFactory(commune=factories.CommuneFactory(insee_code="94028", department_code="94"))
    factories.ConseillerFactory(email="conseiller.94@exemple.fr", schemas=[other])
    return schema


def _governance(schema, *, fiche, action, caf, metropole, conseiller):
    """A comité de pilotage with a meeting, a followed-up and reminded decision, and a météo."""
    from gouvernance.enums import DecisionStatus, InstanceKind, ReminderKind, Weather
    from gouvernance.models import DecisionReminder, Instance, Meeting
    from gouvernance.services import record_decision_update, record_weather

    instance = Instance.objects.create(schema=schema, kind=InstanceKind.COPIL, name="Comité de pilotage")
    instance.members.set([caf, metropole])
    meeting = Meeting.objects.create(body=instance, date=datetime.date(2025, 3, 14), minutes="Compte rendu\nsigné")
    meeting.attendees.set([caf])
    decision = meeting.decisions.create(
        text="Lancer l'appel à projets", carrier=metropole, carrier_person=conseiller, due_date=datetime.date(2025, 9, 30)
    )
    decision.fiches.set([fiche])
    decision.actions.set([action])
    record_decision_update(decision=decision, author=conseiller, status=DecisionStatus.EN_COURS, date=datetime.date(2025, 4, 2))
    DecisionReminder.objects.create(
        decision=decision, kind=ReminderKind.LATE, due_date=decision.due_date, recipients="conseiller@exemple.fr"
    )
    record_weather(fiche=fiche, year=2025, weather=Weather.A_SURVEILLER, comment="Recrutement", author=conseiller)


def snapshot(counts_by_label, pks_by_label):
    """Every exported row, serialised field by field (many-to-many links included)."""
    return {
        label: serializers.serialize(
            "python", apps.get_model(label)._default_manager.filter(pk__in=pks_by_label[label]).order_by("pk")
        )
        for label in counts_by_label
    }


def exported_pks(data):
    pks = {}
    for record in data["records"]:
        pks.setdefault(record["model"], set()).add(record["pk"])
    return {label: pks.get(label, set()) for label in data["counts"]}


@pytest.mark.django_db(transaction=True)
def test_export_wipe_import_gives_back_every_row(tmp_path):
    schema = build_dataset()
    path = tmp_path / "rhone.json"
    call_command("export_schema", schema.slug, output=str(path), with_history=True)
    data = json.loads(path.read_text())
    pks = exported_pks(data)
    before = snapshot(data["counts"], pks)

    call_command("flush", interactive=False, verbosity=0)
    assert Schema.objects.count() == 0
    call_command("import_schema", str(path))

    after = snapshot(data["counts"], pks)
    for label in before:
        assert after[label] == before[label], label
    assert data["counts"]["fiches.schema"] == 1
    assert data["counts"]["structures.structure"] == 3
    assert data["counts"]["comptes.user"] == 4  # conseiller, director, partner, and the admin who changed the fiche
    assert data["counts"]["fiches.historicalfiche"] == 2
    governance = ("instance", "meeting", "decision", "decisionupdate", "decisionreminder", "ficheweather")
    assert [data["counts"][f"gouvernance.{name}"] for name in governance] == [1, 1, 1, 1, 1, 1]
    assert not Schema.objects.filter(department_code="94").exists()
    assert not User.objects.filter(email="conseiller.94@exemple.fr").exists()
    # Keys go on from the imported ones.
    assert factories.SchemaFactory().pk > schema.pk
    assert User.objects.get(email="conseiller@exemple.fr").check_password(factories.DEMO_PASSWORD)


def test_export_without_history_holds_no_history_row(db):
    schema = build_dataset()

    data = schema_exchange.export_schema(schema)

    assert not any(label.split(".")[1].startswith("historical") for label in data["counts"])
    assert data["counts"]["comptes.user"] == 3
    users = {r["fields"]["email"]: r["fields"] for r in data["records"] if r["model"] == "comptes.user"}
    assert users["conseiller@exemple.fr"]["schemas"] == [schema.pk]
    assert users["conseiller@exemple.fr"]["password"].startswith("md5$")


def test_import_refuses_a_database_that_holds_the_rows(db, tmp_path):
    schema = build_dataset()
    path = tmp_path / "rhone.json"
    call_command("export_schema", schema.slug, output=str(path))

    with pytest.raises(CommandError, match="l'import complet se fait dans une base vide"):
        call_command("import_schema", str(path))


def test_import_refuses_a_file_that_is_not_an_export(db, tmp_path):
    path = tmp_path / "autre.json"
    path.write_text('{"bonjour": 1}')
    broken = tmp_path / "casse.json"
    broken.write_text("{pas du json")

    with pytest.raises(CommandError, match="Ce fichier n'est pas un export de schéma AVS."):
        call_command("import_schema", str(path))
    with pytest.raises(CommandError, match="Ce fichier n'est pas un export JSON lisible"):
        call_command("import_schema", str(broken))
    with pytest.raises(CommandError, match="Impossible de lire"):
        call_command("import_schema", str(tmp_path / "absent.json"))


def test_export_of_an_unknown_schema_says_so(db):
    with pytest.raises(CommandError, match="Aucun schéma ne porte l'identifiant « inconnu »."):
        call_command("export_schema", "inconnu")


# --- As a template ------------------------------------------------------------------------------


def test_import_as_template_under_a_new_territory_and_period(db, tmp_path):
    schema = build_dataset()
    path = tmp_path / "rhone.json"
    call_command("export_schema", schema.slug, output=str(path))
    structures_before = Structure.objects.count()

    call_command(
        "import_schema",
        str(path),
        "--as-template",
        "--department-code",
        "94",
        "--department-name",
        "Val-de-Marne",
        "--first-year",
        "2027",
        "--last-year",
        "2031",
    )

    new = Schema.objects.get(slug="val-de-marne-2027-2031")
    assert (new.department_code, new.department_name, new.first_year, new.last_year) == ("94", "Val-de-Marne", 2027, 2031)
    assert new.pilot is None
    (fiche,) = Fiche.objects.filter(schema=new)
    assert (fiche.code, fiche.title, fiche.diagnostic, fiche.other_sections) == (
        "PA 2.1.2",
        "Promouvoir les expérimentations",
        "Diagnostic\nsur deux lignes",
        "BUDGET\n- 15 000 €",
    )
    assert [(a.number, a.first_year, a.last_year, a.status, a.progress) for a in fiche.actions.order_by("number")] == [
        (1, 2028, 2031, ActionStatus.A_VENIR, 0),
        (2, 2027, 2029, ActionStatus.A_VENIR, 0),
    ]
    assert [r.text for r in fiche.expected_results.all()] == ["Émergence de nouveaux projets"]
    indicators = Indicator.objects.filter(fiche=fiche).order_by("order", "pk")
    assert [(i.kind, i.options) for i in indicators] == [
        (IndicatorKind.CHOICE, ["Oui", "Non", "Ne sait pas"]),
        (IndicatorKind.AMOUNT, []),
    ]
    assert not IndicatorValue.objects.filter(indicator__fiche=fiche).exists()
    assert not ActionUpdate.objects.filter(action__fiche=fiche).exists()
    assert not fiche.organisation_links.exists()
    assert Structure.objects.count() == structures_before
    assert new.axes.get().orientations.get().number == "2.1"


def test_import_as_template_needs_territory_and_period(db, tmp_path):
    schema = build_dataset()
    path = tmp_path / "rhone.json"
    call_command("export_schema", schema.slug, output=str(path))

    with pytest.raises(CommandError, match="précisez aussi : --department-name, --first-year, --last-year"):
        call_command("import_schema", str(path), "--as-template", "--department-code", "94")


def test_import_as_template_twice_refuses_the_same_period(db, tmp_path):
    schema = build_dataset()
    path = tmp_path / "rhone.json"
    call_command("export_schema", schema.slug, output=str(path))
    args = [
        "--as-template",
        "--department-code",
        "38",
        "--department-name",
        "Isère",
        "--first-year",
        "2027",
        "--last-year",
        "2031",
    ]
    call_command("import_schema", str(path), *args)

    with pytest.raises(CommandError, match="Un schéma « Isère 2027-2031 » existe déjà"):
        call_command("import_schema", str(path), *args)
    assert Schema.objects.filter(department_code="38").count() == 1


def test_export_keeps_microseconds_and_decimals(db):
    schema = build_dataset()
    moment = timezone.now().replace(microsecond=123456)
    Structure.objects.update(created_at=moment)

    text = schema_exchange.dumps(schema_exchange.export_schema(schema))

    assert moment.isoformat() in text
    assert '"1234567.89"' in text

"""Build the demo: the Rhône schéma 2022-2026 with its fiches, structures, campaigns, governance and accounts.

`load_demo()` runs in one transaction and is deterministic (random.Random(DEMO_SEED)). It loads nothing when
the demo schéma exists already; `reset=True` deletes what an earlier run created, then loads again.
"""

import datetime
import random
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Q

from comptes.enums import Role
from comptes.models import User
from fiches.enums import ActionStatus, FicheRole, SchemaStatus
from fiches.importer import ParsedAction, ParsedExpectedResult, ParsedFiche, ParsedIndicator, ParsedOrganisation
from fiches.models import Action, ActionUpdate, Fiche, Schema
from fiches.services import import_fiche, import_fiche_texts, record_update
from indicateurs.models import Indicator, IndicatorTarget
from structures.communes import load_shipped_communes
from structures.enums import OrganisationKind
from structures.models import Commune, Convention, Organisation, Structure

from . import DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_SCHEMA_SLUG, DEMO_SEED, DEMO_TODAY, network
from . import indicators as demo_indicators
from .content import (
    CAF_NAME,
    DIRECTOR_STRUCTURE,
    EXTRA_AXIS,
    EXTRA_FICHES,
    INSTITUTIONS,
    METROPOLE_NAME,
    STRUCTURES,
    UPDATE_COMMENTS,
)
from .governance import create_governance

FICHES_DIR = Path(__file__).resolve().parent / "fiches"
PARIS = ZoneInfo("Europe/Paris")

# Where the actions of the imported fiches stand on DEMO_TODAY: (status, progress) by (fiche code, action number).
IMPORTED_ACTIONS_STATE = {
    ("PA 2.1.2", 1): (ActionStatus.EN_COURS, 65),
    ("PA 2.1.2", 2): (ActionStatus.EN_COURS, 75),
    ("PA 2.2.1", 1): (ActionStatus.REALISEE, 100),
    ("PA 2.2.1", 2): (ActionStatus.EN_COURS, 70),
    ("PA 2.2.1", 3): (ActionStatus.EN_COURS, 40),
    ("PA 3.1.1", 1): (ActionStatus.EN_COURS, 60),
    ("PA 3.1.1", 2): (ActionStatus.REALISEE, 100),
}


@dataclass
class DemoResult:
    loaded: bool
    counts: dict = field(default_factory=dict)


def demo_fiche_texts():
    """(file name, text) of the three fiches written in the format of the source documents."""
    return [(path.name, path.read_text(encoding="utf-8")) for path in sorted(FICHES_DIR.glob("*.txt"))]


def load_demo(*, reset=False):
    with transaction.atomic():
        if reset:
            delete_demo()
        elif Schema.objects.filter(slug=DEMO_SCHEMA_SLUG).exists():
            return DemoResult(loaded=False)
        else:
            delete_demo()  # leftovers of a demo whose schéma was deleted by hand
        return DemoResult(loaded=True, counts=_build(random.Random(DEMO_SEED)))


def delete_demo():
    """Delete the demo schéma and the structures, conventions and accounts that the demo created.

    Communes and organisations stay: other data may use them, and the next load finds them again.
    """
    Schema.objects.filter(slug=DEMO_SCHEMA_SLUG).delete()
    structures = Structure.objects.filter(name__in=[s.name for s in STRUCTURES], email__endswith="@example.org")
    Convention.objects.filter(
        Q(structures__in=structures) | Q(department_code="69", title__in=network.DEMO_CONVENTION_TITLES)
    ).distinct().delete()
    structures.delete()
    User.objects.filter(email__in=[account[0] for account in DEMO_ACCOUNTS]).delete()


def _build(rng):
    load_shipped_communes(only_new=True)
    communes = list(Commune.objects.in_department("69"))
    communes_by_code = {c.insee_code: c for c in communes}
    organisations = _create_institutions()
    town_halls = network.create_town_halls(communes_by_code)
    schema = Schema.objects.create(
        slug=DEMO_SCHEMA_SLUG,
        title="Schéma départemental d'animation de la vie sociale du Rhône",
        department_code="69",
        department_name="Rhône",
        first_year=2022,
        last_year=2026,
        pilot=organisations[CAF_NAME],
        status=SchemaStatus.EN_COURS,
        description=(
            "Schéma piloté par la Caf du Rhône avec la Métropole de Lyon, le Conseil départemental du Rhône, l'État, "
            "la MSA, la Carsat et la Fédération des centres sociaux du Rhône (données de démonstration)."
        ),
    )
    import_fiche_texts(demo_fiche_texts(), schema=schema)
    _create_extra_axis(schema)
    fiches = list(Fiche.objects.filter(schema=schema))

    structures = network.create_structures(rng, communes_by_code, organisations, town_halls)
    director_structure = next(s for s in structures if s.name == DIRECTOR_STRUCTURE)
    users = _create_accounts(schema, fiches, director_structure, organisations)
    agrements = network.create_agrements(rng, structures)
    fundings = network.create_fundings(rng, structures, organisations, town_halls)
    network.create_senacs_responses(rng, structures)
    conventions = network.create_conventions(structures, organisations, town_halls, users[Role.ADMIN])

    indicators = demo_indicators.schema_indicators(schema)
    demo_indicators.set_targets(indicators, fundings)
    campaigns = demo_indicators.create_campaigns(schema)
    values = demo_indicators.planned_values(
        rng,
        campaigns=campaigns,
        indicators=indicators,
        structures=structures,
        fundings=fundings,
        communes=communes,
        director_structure=director_structure,
    )
    demo_indicators.enter_values(values, users=users, director_structure=director_structure)
    demo_indicators.close_campaigns(campaigns, users[Role.ADMIN])
    updates = _create_action_updates(rng, schema, users[Role.CONSEILLER])
    governance = create_governance(schema, organisations, users[Role.CONSEILLER])
    return {
        "fiches": len(fiches),
        "actions": Action.objects.filter(fiche__schema=schema).count(),
        "mises à jour d'avancement": len(updates),
        "indicateurs": Indicator.objects.filter(fiche__schema=schema).count(),
        "cibles": IndicatorTarget.objects.filter(indicator__fiche__schema=schema).count(),
        "structures": len(structures),
        "agréments": len(agrements),
        "financements": len(fundings),
        "conventions": len(conventions),
        "campagnes": len(campaigns),
        "valeurs d'indicateurs": len(values),
        "structures dont un agrément prend fin dans les 12 mois": network.ending_soon_count(agrements),
        **governance,
    }


def _create_institutions():
    organisations = {}
    for name, short_name, kind, notes in INSTITUTIONS:
        department_code = "" if kind == OrganisationKind.COMMUNE else "69"
        organisations[name], _created = Organisation.objects.get_or_create(
            name=name, defaults={"short_name": short_name, "kind": kind, "department_code": department_code, "notes": notes}
        )
    return organisations


def _create_extra_axis(schema):
    """Axe 1, written in the demo's content rather than in the text format, saved by the fiche importer."""
    for item in EXTRA_FICHES:
        fiche, _created = import_fiche(_parsed_fiche(item), schema=schema)
        # The text format has no options for a choice indicator: an administrateur sets them in the application.
        for indicator in item.indicators:
            if indicator.options:
                fiche.indicators.filter(label=indicator.label).update(options=list(indicator.options))


def _parsed_fiche(item):
    axis_number, axis_title, orientation_number, orientation_title = EXTRA_AXIS
    roles = ((FicheRole.PILOT, item.pilots), (FicheRole.PARTNER, item.partners), (FicheRole.FUNDER, item.funders))
    return ParsedFiche(
        axis_number=axis_number,
        axis_title=axis_title,
        orientation_number=orientation_number,
        orientation_title=orientation_title,
        code=item.code,
        title=item.title,
        line=0,
        **{name: getattr(item, name) for name in Fiche.SECTIONS},
        actions=[
            ParsedAction(number=n, text=a.text, line=0, first_year=a.first_year, last_year=a.last_year)
            for n, a in enumerate(item.actions, start=1)
        ],
        expected_results=[ParsedExpectedResult(text=text, line=0) for text in item.results],
        indicators=[
            ParsedIndicator(
                label=i.label,
                kind=i.kind,
                aggregation=i.aggregation,
                line=0,
                unit=i.unit,
                level=i.level,
                source=i.computed_source,
            )
            for i in item.indicators
        ],
        organisations=[ParsedOrganisation(name=name, role=role, line=0) for role, names in roles for name in names],
    )


def _create_accounts(schema, fiches, director_structure, organisations):
    users = {}
    for email, role, first_name, last_name in DEMO_ACCOUNTS:
        extra = {"is_staff": True, "is_superuser": True} if role == Role.ADMIN else {}
        if role == Role.PARTENAIRE:
            extra["organisation"] = organisations[METROPOLE_NAME]
        users[role] = User.objects.create_user(
            email, DEMO_PASSWORD, role=role, first_name=first_name, last_name=last_name, **extra
        )
    users[Role.CONSEILLER].schemas.set([schema])
    users[Role.DIRECTEUR].structures.set([director_structure])
    for fiche in fiches:
        fiche.followers.add(users[Role.CONSEILLER])
    return users


# Progress history ---------------------------------------------------------------------------------


def _final_state(action):
    extra = {(f.code, n): (a.final_status, a.final_progress) for f in EXTRA_FICHES for n, a in enumerate(f.actions, start=1)}
    key = (action.fiche.code, action.number)
    return IMPORTED_ACTIONS_STATE.get(key) or extra[key]


def _update_dates(rng, action, count, status):
    """Dates of the updates: the latest within the last months (or the last year of a finished échéance)."""
    start = max(datetime.date(action.first_year, 1, 15), datetime.date(2022, 3, 1))
    end = DEMO_TODAY - datetime.timedelta(days=20)
    if status == ActionStatus.REALISEE and action.last_year < DEMO_TODAY.year:
        end = datetime.date(action.last_year, 12, 15)
    last = end - datetime.timedelta(days=rng.randint(0, 200))
    earlier = sorted(rng.sample(range((last - start).days), count - 1))
    return [start + datetime.timedelta(days=day) for day in earlier] + [last]


def _progress_steps(rng, dates, final_progress):
    """Progress at each date but the last, growing with the time spent, in steps of 5 %."""
    span = max((dates[-1] - dates[0]).days, 1)
    steps, previous = [], 0
    for day in dates[:-1]:
        share = (day - dates[0]).days / span
        progress = round((final_progress * (0.15 + 0.75 * share) + rng.uniform(-5, 5)) / 5) * 5
        progress = min(max(progress, previous + 5), max(final_progress - 5, 5))
        steps.append(progress)
        previous = progress
    return steps


def _create_action_updates(rng, schema, author):
    """2 to 5 updates per action, progressing towards where the action stands today, recorded by the fiches service
    (which makes the latest one the action's state)."""
    updates = []
    for action in Action.objects.filter(fiche__schema=schema).select_related("fiche").order_by("fiche__code", "number"):
        final_status, final_progress = _final_state(action)
        count = rng.randint(2, 5)
        dates = _update_dates(rng, action, count, final_status)
        states = [(ActionStatus.EN_COURS, progress) for progress in _progress_steps(rng, dates, final_progress)]
        if final_status == ActionStatus.REPORTEE and states:
            states[-1] = (ActionStatus.EN_COURS, final_progress)
        if states and rng.random() < 0.4:
            states[0] = (ActionStatus.A_VENIR, 0)
        states.append((final_status, final_progress))
        for day, (status, progress) in zip(dates, states, strict=True):
            comment = rng.choice(UPDATE_COMMENTS[status])
            update = record_update(action=action, author=author, status=status, progress=progress, comment=comment, date=day)
            # The history shows when each update was entered: on its day, not on the day the demo was loaded.
            update.created_at = datetime.datetime.combine(day, datetime.time(10, 30), tzinfo=PARIS)
            ActionUpdate.objects.filter(pk=update.pk).update(created_at=update.created_at)
            updates.append(update)
    return updates

"""Schémas, axes, orientations, fiches, actions and their progress history, at national scale."""

import datetime
from zoneinfo import ZoneInfo

from django.db.models import OuterRef, Subquery
from django.utils.text import slugify

from fiches.enums import ActionStatus, FicheRole, SchemaStatus
from fiches.models import Action, ActionUpdate, Axis, ExpectedResult, Fiche, FicheOrganisation, Orientation, Schema

from . import BATCH_SIZE, SCALE_SLUG_SUFFIX
from .content import ACTION_TEXTS, AXES, EXPECTED_RESULTS, FICHE_TOPICS, ORIENTATIONS, UPDATE_COMMENTS

PARIS = ZoneInfo("Europe/Paris")
ORIENTATIONS_PER_AXIS = 2
# Periods of the schémas: most run 2022-2026 like the demo, some started earlier or later.
SCHEMA_FIRST_YEARS = (2021, 2022, 2022, 2022, 2023, 2023)


def create_schemas(rng, departments, cafs, today):
    schemas = []
    for department in departments:
        first = rng.choice(SCHEMA_FIRST_YEARS)
        last = first + 4
        schemas.append(
            Schema(
                title=f"Schéma départemental d'animation de la vie sociale — {department.name}",
                slug=f"{slugify(department.name)}-{first}-{last}-{SCALE_SLUG_SUFFIX}"[:80],
                department_code=department.code,
                department_name=department.name,
                first_year=first,
                last_year=last,
                pilot=cafs[department.code],
                status=SchemaStatus.EN_COURS if last >= today.year else SchemaStatus.CLOS,
                description=f"Schéma piloté par la Caf avec ses partenaires ({department.name}, données générées).",
            )
        )
    return Schema.objects.bulk_create(schemas, batch_size=BATCH_SIZE)


def create_axes_and_orientations(schemas):
    axes = Axis.objects.bulk_create(
        [Axis(schema=schema, number=n, title=title) for schema in schemas for n, title in enumerate(AXES, start=1)],
        batch_size=BATCH_SIZE,
    )
    orientations = []
    for axis in axes:
        for o in range(1, ORIENTATIONS_PER_AXIS + 1):
            title = ORIENTATIONS[((axis.number - 1) * ORIENTATIONS_PER_AXIS + o - 1) % len(ORIENTATIONS)]
            orientations.append(Orientation(axis=axis, number=f"{axis.number}.{o}", title=title))
    return axes, Orientation.objects.bulk_create(orientations, batch_size=BATCH_SIZE)


def create_fiches(rng, schemas, orientations, per_schema):
    by_schema = {}
    for orientation in orientations:
        by_schema.setdefault(orientation.axis.schema_id, []).append(orientation)
    fiches = []
    for schema in schemas:
        slots = by_schema[schema.pk]
        for index in range(per_schema):
            orientation = slots[index % len(slots)]
            number = index // len(slots) + 1
            topic = FICHE_TOPICS[(index + schema.pk) % len(FICHE_TOPICS)]
            fiches.append(
                Fiche(
                    schema=schema,
                    orientation=orientation,
                    code=f"PA {orientation.number}.{number}",
                    title=topic,
                    diagnostic=f"Constat partagé en {schema.department_name} : {topic.lower()}, un enjeu inégal.",
                    principles="Agir avec les habitants, en lien avec les partenaires du schéma.",
                    publics="Habitants, familles et structures d'animation de la vie sociale du département.",
                    pilotage="Dans le cadre du comité technique du schéma.",
                    resources="Prestations de service de la Caf ; financements des partenaires.",
                    schedule=f"{schema.first_year} à {schema.last_year}",
                )
            )
    return Fiche.objects.bulk_create(fiches, batch_size=BATCH_SIZE)


def create_fiche_links(fiches, organisations_by_department, followers):
    """Pilot (Caf), partners (Conseil départemental, Fédération), funder (Caf); the conseiller follows each fiche."""
    links, follows, results = [], [], []
    through = Fiche.followers.through
    for fiche in fiches:
        orgs = organisations_by_department[fiche.schema.department_code]
        links.append(FicheOrganisation(fiche=fiche, organisation=orgs["caf"], role=FicheRole.PILOT, order=0))
        links.append(FicheOrganisation(fiche=fiche, organisation=orgs["departement"], role=FicheRole.PARTNER, order=0))
        links.append(FicheOrganisation(fiche=fiche, organisation=orgs["federation"], role=FicheRole.PARTNER, order=1))
        links.append(FicheOrganisation(fiche=fiche, organisation=orgs["caf"], role=FicheRole.FUNDER, order=0))
        follows.append(through(fiche_id=fiche.pk, user_id=followers[fiche.schema.department_code].pk))
        results.extend(ExpectedResult(fiche=fiche, text=text, order=o) for o, text in enumerate(EXPECTED_RESULTS))
    FicheOrganisation.objects.bulk_create(links, batch_size=BATCH_SIZE)
    through.objects.bulk_create(follows, batch_size=BATCH_SIZE)
    ExpectedResult.objects.bulk_create(results, batch_size=BATCH_SIZE)
    return len(links), len(follows), len(results)


def _final_state(rng, action, today):
    """Where the action stands today: late actions are neither réalisées nor abandonnées after their échéance."""
    roll = rng.random()
    if action.last_year < today.year:  # échéance over
        if roll < 0.6:
            return ActionStatus.REALISEE, 100
        if roll < 0.65:
            return ActionStatus.ABANDONNEE, rng.randrange(10, 60, 5)
        if roll < 0.85:
            return ActionStatus.EN_COURS, rng.randrange(40, 95, 5)  # late
        return ActionStatus.REPORTEE, rng.randrange(10, 60, 5)  # late
    if action.first_year > today.year:
        return (ActionStatus.A_VENIR, 0) if roll < 0.7 else (ActionStatus.EN_COURS, rng.randrange(5, 30, 5))
    if roll < 0.1:
        return ActionStatus.A_VENIR, 0
    if roll < 0.7:
        return ActionStatus.EN_COURS, rng.randrange(10, 95, 5)
    if roll < 0.9:
        return ActionStatus.REALISEE, 100
    return ActionStatus.REPORTEE, rng.randrange(5, 50, 5)


def create_actions(rng, fiches, per_fiche, today):
    actions = []
    for fiche in fiches:
        schema = fiche.schema
        for number in range(1, per_fiche + 1):
            first = rng.randint(schema.first_year, schema.last_year - 1)
            last = rng.randint(first, schema.last_year)
            action = Action(fiche=fiche, number=number, text=rng.choice(ACTION_TEXTS), first_year=first, last_year=last)
            # Where its history will lead; the action takes that state from its latest update (apply_latest_updates).
            action.planned_state = _final_state(rng, action, today)
            actions.append(action)
    return Action.objects.bulk_create(actions, batch_size=BATCH_SIZE)


def update_counts(rng, count, average):
    """How many updates each of ``count`` actions gets: at least one, ``round(count × average)`` in all."""
    total = max(round(count * average), count)
    low = max(1, int(average) - 2)
    high = max(low, round(2 * average - low))
    counts = [rng.randint(low, high) for _ in range(count)]
    difference = total - sum(counts)
    while difference:
        index = rng.randrange(count)
        if difference > 0:
            counts[index] += 1
            difference -= 1
        elif counts[index] > 1:
            counts[index] -= 1
            difference += 1
    return counts


def _dates(rng, action, count, today):
    start = datetime.date(action.first_year, 1, 15)
    end = today - datetime.timedelta(days=10)
    if action.planned_state[0] == ActionStatus.REALISEE and action.last_year < today.year:
        end = datetime.date(action.last_year, 12, 15)
    if action.first_year > today.year or start >= end:  # planned later: updates of the preparation
        start = end - datetime.timedelta(days=300)
    span = (end - start).days
    offsets = sorted(rng.randrange(span) for _ in range(count - 1)) + [span]
    return [start + datetime.timedelta(days=offset) for offset in offsets]


def create_updates(rng, actions, average, authors, today):
    """The history of each action, growing towards its planned state: its latest update."""
    updates = []
    for action, count in zip(actions, update_counts(rng, len(actions), average), strict=True):
        author = authors[action.fiche.schema.department_code]
        dates = _dates(rng, action, count, today)
        for position, day in enumerate(dates):
            final_status, final_progress = action.planned_state
            if position == count - 1:
                status, progress = final_status, final_progress
            else:
                share = (position + 1) / count
                progress = min(round(final_progress * share / 5) * 5, max(final_progress - 5, 0))
                status = ActionStatus.A_VENIR if position == 0 and progress == 0 else ActionStatus.EN_COURS
            updates.append(
                ActionUpdate(
                    action=action,
                    date=day,
                    author=author,
                    status=status,
                    progress=progress,
                    comment=rng.choice(UPDATE_COMMENTS[status]),
                    created_at=datetime.datetime.combine(day, datetime.time(9 + position % 8, 30), tzinfo=PARIS),
                )
            )
    ActionUpdate.objects.bulk_create(updates, batch_size=BATCH_SIZE)
    return updates


def apply_latest_updates(schemas):
    """Give every action the state of its latest update, as fiches.services.record_update does one update at a
    time: at national scale, 50,000 calls (each a transaction with a row lock) would take minutes, so the
    history is bulk-inserted first and this one UPDATE statement makes its latest entry each action's state
    (every action has at least one update: update_counts)."""
    latest = ActionUpdate.objects.filter(action=OuterRef("pk")).order_by("-date", "-created_at", "-pk")
    return Action.objects.filter(fiche__schema__in=schemas).update(
        last_update=Subquery(latest.values("pk")[:1]),
        status=Subquery(latest.values("status")[:1]),
        progress=Subquery(latest.values("progress")[:1]),
    )

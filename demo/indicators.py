"""The demo's indicators (settings and targets), campaigns and three years of values."""

import datetime
from collections import defaultdict
from decimal import Decimal

from comptes.enums import Role
from indicateurs import services
from indicateurs.enums import (
    NUMERIC_KINDS,
    CampaignStatus,
    IndicatorKind,
    IndicatorLevel,
    ValueStatus,
)
from indicateurs.models import Campaign, Indicator, IndicatorTarget, IndicatorValue
from structures.enums import FundingNature, OrganisationKind, StructureKind

from .content import PARTNERSHIP_COMMENTS, RETURN_COMMENTS, SENACS_COMMENTS, TEXT_ANSWERS

SCHEMA_YEARS = range(2022, 2027)
# (year, opens on, closes on, status)
CAMPAIGNS = (
    (2023, datetime.date(2024, 1, 15), datetime.date(2024, 3, 31), CampaignStatus.CLOSED),
    (2024, datetime.date(2025, 1, 15), datetime.date(2025, 3, 31), CampaignStatus.CLOSED),
    (2025, datetime.date(2026, 1, 15), datetime.date(2026, 12, 15), CampaignStatus.OPEN),
)
# How many structures end each campaign in each state (None: nothing entered). 40 structures.
CAMPAIGN_STATES = {
    2023: {ValueStatus.VALIDATED: 36, ValueStatus.SUBMITTED: 2},
    2024: {ValueStatus.VALIDATED: 38},
    2025: {ValueStatus.VALIDATED: 10, ValueStatus.SUBMITTED: 10, ValueStatus.DRAFT: 8, ValueStatus.RETURNED: 4},
}

TRIPARTITES_LABEL = "Nombre de conventions tripartites signées"
SENACS_LABEL = "Taux de participation à SENACS"
TOOLS_LABEL = "Existence d'outils de présentation et de valorisation des structures AVS et de leur utilité sociale"
VEILLE_LABEL = (
    "Nombre de structures AVS intégrées dans les coordinations territoriales de veille sociale lorsqu'elles sont existantes"
)
UTILITY_LABEL = "Nombre de projets sociaux intégrant des critères d'évaluation d'utilité sociale"
EXPERIMENTS_LABEL = "Nombre de projets expérimentaux menés"
TRIED_LABEL = "Nombre d'actions essayées"
TRAINED_LABEL = "Nombre de personnes touchées par ces actions/formations"
TRAINING_LABEL = "Qu'est-ce que vous mettez en œuvre pour former les salariés au diagnostic de territoire"
SENACS_USE_LABEL = "Utilisez-vous les données SENACS ? Si oui, comment ?"
PARTNERSHIP_LABEL = (
    "Le projet est-il bien intégré dans le partenariat local ? "
    "Le centre social participe-t-il aux instances de veille sociale sur le territoire ?"
)
NEW_COMMUNES_LABEL = "Nombre de communes nouvellement couvertes dans l'année"
COVERAGE_LABEL = "Part de la population du département résidant dans une commune dotée d'une structure AVS"
MEETINGS_LABEL = "Nombre de réunions des instances de pilotage du schéma"
BUDGET_LABEL = "Budget annuel de fonctionnement de la structure"
STAFF_LABEL = "Nombre de salariés en équivalent temps plein"
VOLUNTEERS_LABEL = "Nombre de bénévoles réguliers"
MAIN_FUNDER_LABEL = "Principal financeur de la structure après la Caf"

# Targets for 2022 to 2026; the budget's follow the fundings (see set_targets).
TARGETS = {
    TRIPARTITES_LABEL: (2, 3, 4, 4, 4),
    SENACS_LABEL: (80, 85, 88, 90, 95),
    VEILLE_LABEL: (18, 20, 23, 26, 30),
    UTILITY_LABEL: (8, 12, 16, 20, 25),
    EXPERIMENTS_LABEL: (40, 45, 50, 55, 60),
    TRIED_LABEL: (100, 110, 120, 130, 140),
    TRAINED_LABEL: (150, 180, 210, 240, 270),
    "Nombre de centres sociaux": (27, 28, 28, 29, 30),
    "Nombre d'espaces de vie sociale": (9, 10, 11, 12, 14),
    NEW_COMMUNES_LABEL: (1, 2, 2, 3, 3),
    COVERAGE_LABEL: (56, 57, 58, 59, 60),
    MEETINGS_LABEL: (3, 3, 3, 3, 3),
    STAFF_LABEL: (11, 11.5, 12, 12.5, 13),
    VOLUNTEERS_LABEL: (1200, 1300, 1400, 1500, 1600),
}

# Likelihood of a "oui" for the yes/no questions put to structures (2023; a little higher each year).
YES_RATES = {TOOLS_LABEL: 0.45, SENACS_USE_LABEL: 0.55, PARTNERSHIP_LABEL: 0.8}
# Integer answers (centre social range, EVS range).
INTEGER_RANGES = {
    VEILLE_LABEL: ((0, 1), (0, 1)),
    UTILITY_LABEL: ((0, 1), (0, 0)),
    EXPERIMENTS_LABEL: ((0, 3), (0, 1)),
    TRIED_LABEL: ((1, 6), (0, 3)),
    TRAINED_LABEL: ((2, 9), (0, 3)),
    VOLUNTEERS_LABEL: ((20, 70), (6, 25)),
}
MAIN_FUNDER_CHOICES = {
    OrganisationKind.COMMUNE: "Commune",
    OrganisationKind.METROPOLE: "Métropole de Lyon",
    OrganisationKind.DEPARTEMENT: "Conseil départemental",
    OrganisationKind.ETAT: "État — politique de la ville",
}


def label_key(label):
    return label.rstrip(" .;").casefold()


def schema_indicators(schema):
    """{label key: indicator} of the schéma, as the importer set them up (kind, level, computed source)."""
    return {label_key(i.label): i for i in Indicator.objects.filter(fiche__schema=schema)}


def _get(indicators, label):
    try:
        return indicators[label_key(label)]
    except KeyError:
        raise LookupError(f"Indicateur introuvable dans les fiches de démonstration : « {label} ».") from None


def set_targets(indicators, fundings):
    targets = []
    for label, values in TARGETS.items():
        indicator = _get(indicators, label)
        targets += [
            IndicatorTarget(indicator=indicator, year=y, value=Decimal(str(v))) for y, v in zip(SCHEMA_YEARS, values, strict=True)
        ]
    total_2023 = sum(f.amount for f in fundings if f.year == 2023) * Decimal("1.1")
    budget = _get(indicators, BUDGET_LABEL)
    for year in SCHEMA_YEARS:
        value = total_2023 * (1 + Decimal("0.02") * (year - 2023))
        targets.append(IndicatorTarget(indicator=budget, year=year, value=Decimal(int(value / 100_000) * 100_000)))
    IndicatorTarget.objects.bulk_create(targets)
    return targets


def create_campaigns(schema):
    """The campaigns, open while their values are entered (no service creates a campaign: the admin site does;
    opening one through the service would e-mail the directors). close_campaigns gives them their final status."""
    return [
        Campaign.objects.create(schema=schema, year=year, opens_on=opens_on, closes_on=closes_on, status=CampaignStatus.OPEN)
        for year, opens_on, closes_on, _status in CAMPAIGNS
    ]


def close_campaigns(campaigns, admin):
    final = {year: status for year, _opens, _closes, status in CAMPAIGNS}
    for campaign in campaigns:
        if final[campaign.year] == CampaignStatus.CLOSED:
            services.close_campaign(campaign=campaign, user=admin)
            campaign.status = CampaignStatus.CLOSED


def coverage_rate(structures, communes):
    """Share (%) of the département's population living in a commune (or arrondissement) with a structure."""
    total = sum(c.population or 0 for c in communes if not c.parent_code)
    covered = sum((s.commune.population or 0) for s in {s.commune_id: s for s in structures}.values())
    return round(100 * covered / total, 1) if total else 0


class ValueMaker:
    """The value a structure (or the conseiller, for schéma-wide indicators) enters for an indicator and a year."""

    def __init__(self, rng, fundings):
        self.rng = rng
        self.budgets = defaultdict(Decimal)
        self.funders = defaultdict(lambda: defaultdict(Decimal))
        for funding in fundings:
            self.budgets[funding.structure_id, funding.year] += funding.amount
            if funding.nature not in (FundingNature.PS_AGC, FundingNature.PS_ACF, FundingNature.PS_ANIMATION_LOCALE):
                self.funders[funding.structure_id, funding.year][funding.funder.kind] += funding.amount
        self.staff = {}

    def for_structure(self, indicator, structure, year):
        label = indicator.label.rstrip(" .;")
        rng = self.rng
        evs = structure.kind == StructureKind.EVS
        if indicator.kind == IndicatorKind.BOOLEAN:
            answer = rng.random() < YES_RATES.get(label, 0.6) + 0.07 * (year - 2023)
            comment = ""
            if indicator.comment_asked:
                yes_comments, no_comments = SENACS_COMMENTS if label == SENACS_USE_LABEL else PARTNERSHIP_COMMENTS
                comment = rng.choice(yes_comments if answer else no_comments)
            return {"boolean": answer, "comment": comment}
        if indicator.kind == IndicatorKind.TEXT:
            return {"text": rng.choice(TEXT_ANSWERS)}
        if indicator.kind == IndicatorKind.CHOICE:
            funders = self.funders[structure.id, year]
            main = max(funders, key=funders.get) if funders else None
            return {"text": MAIN_FUNDER_CHOICES.get(main, "Autre")}
        if indicator.kind == IndicatorKind.AMOUNT:
            budget = self.budgets[structure.id, year] * Decimal(str(round(rng.uniform(1.05, 1.15), 3)))
            return {"number": Decimal(int(budget / 100) * 100)}
        if indicator.kind == IndicatorKind.DECIMAL:
            base = self.staff.setdefault(structure.id, rng.uniform(0.6, 2.4) if evs else rng.uniform(8, 24))
            return {"number": Decimal(str(round(base + rng.uniform(-0.5, 0.5) * (0.2 if evs else 1), 1)))}
        if indicator.kind == IndicatorKind.PERCENTAGE:
            return {"number": Decimal(rng.randint(40, 100))}
        low, high = INTEGER_RANGES.get(label, ((0, 10), (0, 3)))[1 if evs else 0]
        return {"number": Decimal(rng.randint(low, high + (year - 2023)))}


def _schema_values(coverage):
    """(label, {year: fields}) of the schéma-wide indicators that a conseiller enters."""
    return {
        NEW_COMMUNES_LABEL: {2023: {"number": 2}, 2024: {"number": 1}, 2025: {"number": 2}},
        COVERAGE_LABEL: {
            2023: {"number": Decimal(str(round(coverage - 1.4, 1)))},
            2024: {"number": Decimal(str(round(coverage - 0.6, 1)))},
            2025: {"number": Decimal(str(coverage))},
        },
        MEETINGS_LABEL: {2023: {"number": 3}, 2024: {"number": 3}, 2025: {"number": 2}},
    }


# A conseiller saves the schéma-wide values, then validates them: they are never "transmises".
SCHEMA_2025_STATUSES = {
    NEW_COMMUNES_LABEL: ValueStatus.DRAFT,
    COVERAGE_LABEL: ValueStatus.DRAFT,
    MEETINGS_LABEL: ValueStatus.DRAFT,
}


def campaign_states(rng, structures, year, director_structure):
    """{structure: state} for a campaign; the director's structure is a draft in 2025."""
    states = [state for state, count in CAMPAIGN_STATES[year].items() for _ in range(count)]
    states += [None] * (len(structures) - len(states))
    rng.shuffle(states)
    by_structure = dict(zip(structures, states, strict=True))
    if year == 2025 and by_structure[director_structure] != ValueStatus.DRAFT:
        other = next(s for s, state in by_structure.items() if state == ValueStatus.DRAFT)
        by_structure[other], by_structure[director_structure] = by_structure[director_structure], ValueStatus.DRAFT
    return by_structure


def enter_values(values, *, users, director_structure):
    """Write the planned values through the indicateurs services, as people would: entered by the director (or by
    the administrateur for a structure without an account), checked by the conseiller."""
    conseiller, directeur = users[Role.CONSEILLER], users[Role.DIRECTEUR]
    entries = defaultdict(list)
    for value in values:
        entries[value.campaign, value.structure].append(value)
    for (campaign, structure), rows in entries.items():
        if structure is None:
            _enter_schema_values(campaign, rows, conseiller)
        else:
            # Only the director's structure has an account; the administrateur enters the others' values.
            author = directeur if structure == director_structure else users[Role.ADMIN]
            _enter_structure_values(campaign, structure, rows, author=author, conseiller=conseiller)


def _fields(value):
    return {"number": value.number, "boolean": value.boolean, "text": value.text, "comment": value.comment, "blank": False}


def _enter_structure_values(campaign, structure, rows, *, author, conseiller):
    """Entered as a draft, or submitted; then validated, or some values sent back with the conseiller's comment."""
    changes = {value.indicator: _fields(value) for value in rows}
    submit = rows[0].status != ValueStatus.DRAFT  # a structure's values are all drafts, or all submitted first
    stored = services.save_entry(campaign=campaign, structure=structure, user=author, changes=changes, submit=submit)
    if all(value.status == ValueStatus.VALIDATED for value in rows):
        services.validate_entry(campaign=campaign, structure=structure, user=conseiller)
    for value in rows:
        if value.status == ValueStatus.RETURNED:
            services.return_value(value=stored[value.indicator.pk], user=conseiller, comment=value.return_comment)


def _enter_schema_values(campaign, rows, conseiller):
    changes = {value.indicator: _fields(value) for value in rows if value.status != ValueStatus.VALIDATED}
    if changes:
        services.save_schema_values(campaign=campaign, user=conseiller, changes=changes)
    validated = {value.indicator: _fields(value) for value in rows if value.status == ValueStatus.VALIDATED}
    if validated:
        services.save_schema_values(campaign=campaign, user=conseiller, changes=validated, validate=True)


def planned_values(rng, *, campaigns, indicators, structures, fundings, communes, director_structure):
    """The unsaved values of every campaign, with the status each ends in."""
    maker = ValueMaker(rng, fundings)
    typed = sorted({i.pk: i for i in indicators.values() if not i.computed_source}.values(), key=lambda i: (i.fiche_id, i.order))
    per_structure = [i for i in typed if i.level == IndicatorLevel.STRUCTURE]
    schema_values = _schema_values(coverage_rate(structures, communes))
    values = []
    for campaign in campaigns:
        states = campaign_states(rng, structures, campaign.year, director_structure)
        for structure in structures:
            state = states[structure]
            if state is None:
                continue
            chosen = per_structure
            if state == ValueStatus.DRAFT:
                chosen = [i for i in per_structure if rng.random() < 0.7] or per_structure[:1]
            returned = set()
            if state == ValueStatus.RETURNED:
                numeric = [i for i in chosen if i.kind in NUMERIC_KINDS]
                returned = set(rng.sample(numeric, rng.randint(1, 2)))
            for indicator in chosen:
                fields = maker.for_structure(indicator, structure, campaign.year)
                status = state
                if state == ValueStatus.RETURNED:
                    status = ValueStatus.RETURNED if indicator in returned else ValueStatus.SUBMITTED
                values.append(
                    IndicatorValue(
                        indicator=indicator,
                        campaign=campaign,
                        structure=structure,
                        status=status,
                        return_comment=rng.choice(RETURN_COMMENTS[indicator.kind]) if status == ValueStatus.RETURNED else "",
                        **fields,
                    )
                )
        for label, by_year in schema_values.items():
            status = ValueStatus.VALIDATED if campaign.year < 2025 else SCHEMA_2025_STATUSES[label]
            values.append(
                IndicatorValue(
                    indicator=_get(indicators, label),
                    campaign=campaign,
                    structure=None,
                    status=status,
                    **by_year[campaign.year],
                )
            )
    return values

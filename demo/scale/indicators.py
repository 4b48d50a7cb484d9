"""Indicators and their targets, five annual campaigns per schéma and the values entered in them."""

import datetime
from decimal import Decimal

from indicateurs.enums import CampaignStatus, IndicatorKind, IndicatorLevel, ValueStatus
from indicateurs.models import Campaign, Indicator, IndicatorTarget, IndicatorValue

from . import BATCH_SIZE
from .content import FUNDER_CHOICES, INDICATORS, TEXT_ANSWERS

# Where each structure stands in the open campaign (share of structures), the rest has entered nothing.
OPEN_CAMPAIGN_STATES = (
    (ValueStatus.VALIDATED, 0.30),
    (ValueStatus.SUBMITTED, 0.25),
    (ValueStatus.DRAFT, 0.17),
    (ValueStatus.RETURNED, 0.08),
)
CLOSED_CAMPAIGN_ANSWER_RATE = 0.96
TARGET_BASES = {
    IndicatorKind.INTEGER: 40,
    IndicatorKind.DECIMAL: 30,
    IndicatorKind.AMOUNT: 5_000_000,
    IndicatorKind.PERCENTAGE: 55,
}


def create_indicators(schemas, fiches, per_schema):
    """``per_schema`` indicators per schéma, spread over its fiches (the templates repeat beyond 15)."""
    by_schema = {}
    for fiche in fiches:
        by_schema.setdefault(fiche.schema_id, []).append(fiche)
    rows = []
    for schema in schemas:
        schema_fiches = by_schema[schema.pk]
        for index in range(per_schema):
            label, kind, level, aggregation, unit = INDICATORS[index % len(INDICATORS)]
            if index >= len(INDICATORS):
                label = f"{label} ({index // len(INDICATORS) + 1})"
            fiche = schema_fiches[(index * len(schema_fiches)) // per_schema]
            rows.append(
                Indicator(
                    fiche=fiche,
                    label=label,
                    kind=kind,
                    level=level,
                    aggregation=aggregation,
                    unit=unit,
                    options=list(FUNDER_CHOICES) if kind == IndicatorKind.CHOICE else [],
                    order=index,
                )
            )
    return Indicator.objects.bulk_create(rows, batch_size=BATCH_SIZE)


def create_targets(indicators, schemas_by_pk):
    rows = []
    for indicator in indicators:
        base = TARGET_BASES.get(indicator.kind)
        if base is None:
            continue
        schema = schemas_by_pk[indicator.fiche.schema_id]
        for offset, year in enumerate(schema.years):
            value = min(base + 2 * offset, 100) if indicator.kind == IndicatorKind.PERCENTAGE else base * (1 + 0.05 * offset)
            rows.append(IndicatorTarget(indicator=indicator, year=year, value=Decimal(round(value, 2))))
    return IndicatorTarget.objects.bulk_create(rows, batch_size=BATCH_SIZE)


def campaign_years(count, today):
    """The ``count`` years up to last year: the campaign of year N is collected in N + 1."""
    return list(range(today.year - count, today.year))


def create_campaigns(schemas, count, today):
    rows = []
    for schema in schemas:
        for year in campaign_years(count, today):
            is_open = year == today.year - 1
            rows.append(
                Campaign(
                    schema=schema,
                    year=year,
                    opens_on=datetime.date(year + 1, 1, 15),
                    closes_on=datetime.date(year + 1, 12 if is_open else 3, 15 if is_open else 31),
                    status=CampaignStatus.OPEN if is_open else CampaignStatus.CLOSED,
                )
            )
    return Campaign.objects.bulk_create(rows, batch_size=BATCH_SIZE)


def _fill(rng, value, indicator, year, evs):
    kind = indicator.kind
    scale = 0.5 if evs else 1.0
    if kind == IndicatorKind.INTEGER:
        value.number = Decimal(int(rng.randint(0, 60) * scale) + (year % 5))
    elif kind == IndicatorKind.DECIMAL:
        value.number = Decimal(round(rng.uniform(1, 25) * scale, 1)).quantize(Decimal("0.01"))
    elif kind == IndicatorKind.AMOUNT:
        value.number = Decimal(round(rng.uniform(80_000, 900_000) * scale, -2)).quantize(Decimal("0.01"))
    elif kind == IndicatorKind.PERCENTAGE:
        value.number = Decimal(rng.randint(5, 95))
    elif kind == IndicatorKind.BOOLEAN:
        value.boolean = rng.random() < 0.55 + 0.03 * (year % 5)
    elif kind == IndicatorKind.CHOICE:
        value.text = rng.choice(FUNDER_CHOICES)
    else:
        value.text = rng.choice(TEXT_ANSWERS)
    return value


def _open_state(rng):
    roll = rng.random()
    for status, share in OPEN_CAMPAIGN_STATES:
        if roll < share:
            return status
        roll -= share
    return None


def create_values(rng, *, schemas, indicators, campaigns, structures, directors, conseillers):
    """Values of every campaign, one schéma at a time (written as it goes, to keep memory low); returns the count."""
    indicators_by_schema, campaigns_by_schema, structures_by_department = {}, {}, {}
    for indicator in indicators:
        indicators_by_schema.setdefault(indicator.fiche.schema_id, []).append(indicator)
    for campaign in campaigns:
        campaigns_by_schema.setdefault(campaign.schema_id, []).append(campaign)
    for structure in structures:
        structures_by_department.setdefault(structure.commune.department_code, []).append(structure)
    total = 0
    for schema in schemas:
        rows = []
        per_structure = [i for i in indicators_by_schema[schema.pk] if i.level == IndicatorLevel.STRUCTURE]
        schema_wide = [i for i in indicators_by_schema[schema.pk] if i.level == IndicatorLevel.SCHEMA]
        conseiller = conseillers[schema.department_code]
        for campaign in campaigns_by_schema[schema.pk]:
            is_open = campaign.status == CampaignStatus.OPEN
            for structure in structures_by_department.get(schema.department_code, []):
                if is_open:
                    status = _open_state(rng)
                else:
                    status = ValueStatus.VALIDATED if rng.random() < CLOSED_CAMPAIGN_ANSWER_RATE else None
                if status is None:
                    continue
                evs = structure.kind == "evs"
                for indicator in per_structure:
                    value = IndicatorValue(
                        indicator=indicator,
                        campaign=campaign,
                        structure=structure,
                        status=status,
                        updated_by=directors[structure.pk],
                        return_comment="Merci de vérifier le montant saisi." if status == ValueStatus.RETURNED else "",
                    )
                    rows.append(_fill(rng, value, indicator, campaign.year, evs))
            for indicator in schema_wide:
                value = IndicatorValue(
                    indicator=indicator,
                    campaign=campaign,
                    status=ValueStatus.DRAFT if is_open else ValueStatus.VALIDATED,
                    updated_by=conseiller,
                )
                rows.append(_fill(rng, value, indicator, campaign.year, False))
        IndicatorValue.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        total += len(rows)
    return total

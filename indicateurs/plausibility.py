"""Plausibility of numeric values, from the structure's own history (as DHIS2's outlier detection).

A value is questioned when it lies more than ``PLAUSIBILITY_TOLERANCE`` below the smallest, or above the largest,
of the structure's values of the ``PLAUSIBILITY_YEARS`` previous campaigns of the schéma. With one year of history
that is « more than 50 % away from last year »; with three, « well outside the range of the last three years ».
The rule gives bounds, so the entry page can ask the same question while the director types (the browser only
compares with the bounds computed here). It never refuses a value: the director confirms it.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings

from .enums import NUMERIC_KINDS
from .models import IndicatorValue


@dataclass(frozen=True)
class Bounds:
    """The plausible range of one indicator's value for one structure, and the history it comes from."""

    history: tuple  # ((year, IndicatorValue), ...) oldest first
    low: Decimal
    high: Decimal

    @property
    def last_year(self):
        return self.history[-1][0]

    @property
    def last_display(self):
        return self.history[-1][1].display

    def question(self):
        """The French question asked about a value outside the bounds."""
        if len(self.history) == 1:
            return f"Cette valeur est très différente de {self.last_year} ({self.last_display}) : confirmez-la."
        first, last = self.history[0][0], self.last_year
        return f"Cette valeur est très différente de {last} ({self.last_display}) et des années {first} à {last} : confirmez-la."

    def question_about(self, number):
        """The question when ``number`` lies outside the bounds, else None."""
        if number is None or self.low <= number <= self.high:
            return None
        return self.question()


def _bounds(history):
    numbers = [value.number for _, value in history]
    if max(numbers) == 0:
        return None  # nothing to compare with: a first non-zero value is not an outlier
    tolerance = Decimal(str(settings.PLAUSIBILITY_TOLERANCE))
    cents = Decimal("0.01")
    return Bounds(
        tuple(history), (min(numbers) * (1 - tolerance)).quantize(cents), (max(numbers) * (1 + tolerance)).quantize(cents)
    )


def bounds_for(campaign, structure_ids):
    """{(structure pk, indicator pk): Bounds} for the numeric values of the given structures' previous campaigns
    (one query)."""
    years = settings.PLAUSIBILITY_YEARS
    rows = (
        IndicatorValue.objects.filter(
            campaign__schema_id=campaign.schema_id,
            campaign__year__gte=campaign.year - years,
            campaign__year__lt=campaign.year,
            structure_id__in=list(structure_ids),
            indicator__kind__in=NUMERIC_KINDS,
            number__isnull=False,
        )
        .select_related("indicator", "campaign")
        .order_by("campaign__year")
    )
    histories = {}
    for value in rows:
        histories.setdefault((value.structure_id, value.indicator_id), []).append((value.campaign.year, value))
    result = {}
    for key, history in histories.items():
        bounds = _bounds(history)
        if bounds is not None:
            result[key] = bounds
    return result


def question_for(value, bounds):
    """The question about a stored value (None when plausible or not numeric)."""
    if value is None or bounds is None:
        return None
    return bounds.question_about(value.number)


def questioned(campaign, values):
    """{value pk: question} for the values (of ``campaign``) the plausibility rule questions (one query)."""
    values = [v for v in values if v.structure_id is not None and v.number is not None]
    if not values:
        return {}
    bounds = bounds_for(campaign, {v.structure_id for v in values})
    result = {}
    for value in values:
        question = question_for(value, bounds.get((value.structure_id, value.indicator_id)))
        if question:
            result[value.pk] = question
    return result


def count_questioned(campaign, values):
    return len(questioned(campaign, values))

"""Completeness of a campaign: where each structure stands, how each indicator is answered, the reporting rate.

The one rule of every page, dashboard and PDF that shows it (``campaign_completeness``): a campaign expects
one value of each per-structure indicator people enter (not computed) from each structure of the schéma's
département whose agrément was in force during the campaign's year (structures.figures.agreed_structures),
so that the completeness of 2024 still counts the structures of 2024 once some have closed or opened.
A value counts once transmitted (submitted or validated); the rate is their share of the expected values
(core.numbers.percent). Schéma-wide indicators are answered by the Caf, not by the structures: a
structure's entry never waits for them, so the completeness leaves them out.

Everything is computed from three queries (indicators, structures, values counted by structure, indicator and
status), whatever the size of the campaign.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils import timezone

from core.numbers import percent
from structures.figures import agreed_structures

from .enums import CampaignStatus, IndicatorLevel, ValueStatus
from .models import Indicator, IndicatorValue


class EntryState:
    NOT_STARTED = "not_started"
    DRAFT = "draft"
    SUBMITTED = "submitted"
    VALIDATED = "validated"
    RETURNED = "returned"
    LABELS = {
        NOT_STARTED: "Non commencée",
        DRAFT: "Brouillon",
        SUBMITTED: "Transmise",
        VALIDATED: "Validée",
        RETURNED: "Renvoyée pour correction",
    }
    ORDER = (NOT_STARTED, DRAFT, RETURNED, SUBMITTED, VALIDATED)
    NOT_SUBMITTED = (NOT_STARTED, DRAFT, RETURNED)


def state_of(counts, expected):
    """The state of one structure's entry from its {status: number of values} and the number of indicators."""
    total = sum(counts.values())
    if total == 0:
        return EntryState.NOT_STARTED
    if counts.get(ValueStatus.RETURNED):
        return EntryState.RETURNED
    done = counts.get(ValueStatus.SUBMITTED, 0) + counts.get(ValueStatus.VALIDATED, 0)
    if done < expected or counts.get(ValueStatus.DRAFT):
        return EntryState.DRAFT
    if counts.get(ValueStatus.VALIDATED, 0) >= expected:
        return EntryState.VALIDATED
    return EntryState.SUBMITTED


def _counts(campaign, indicator_ids):
    """{(structure_id, indicator_id, status): 1}-like rows: values counted by structure, indicator and status."""
    return (
        IndicatorValue.objects.filter(campaign=campaign, structure__isnull=False, indicator_id__in=indicator_ids)
        .values("structure_id", "indicator_id", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )


def entry_states(campaign):
    """{structure pk: EntryState} for every structure the campaign expects."""
    indicator_ids = list(Indicator.objects.for_schema(campaign.schema).per_structure().values_list("pk", flat=True))
    by_structure = defaultdict(Counter)
    for row in _counts(campaign, indicator_ids):
        by_structure[row["structure_id"]][row["status"]] += row["n"]
    return {pk: state_of(by_structure[pk], len(indicator_ids)) for pk in campaign.structures().values_list("pk", flat=True)}


@dataclass
class StructureRow:
    structure: object
    state: str
    counts: Counter
    expected: int
    reopened_until: object = None  # the last day of an entry reopened after the campaign closed

    @property
    def state_label(self):
        return EntryState.LABELS[self.state]

    @property
    def done(self):
        return self.counts.get(ValueStatus.SUBMITTED, 0) + self.counts.get(ValueStatus.VALIDATED, 0)

    @property
    def rate(self):
        return percent(self.done, self.expected)


@dataclass
class IndicatorRow:
    indicator: object
    counts: Counter
    expected: int

    @property
    def done(self):
        return self.counts.get(ValueStatus.SUBMITTED, 0) + self.counts.get(ValueStatus.VALIDATED, 0)

    transmitted = done

    @property
    def validated(self):
        return self.counts.get(ValueStatus.VALIDATED, 0)

    @property
    def rate(self):
        return percent(self.done, self.expected)


@dataclass
class Completeness:
    campaign: object
    structures: list
    indicators: list
    by_state: dict = field(default_factory=dict)

    @property
    def expected(self):
        return len(self.structures) * len(self.indicators)

    @property
    def done(self):
        return sum(row.done for row in self.structures)

    transmitted = done

    @property
    def validated(self):
        return sum(row.counts.get(ValueStatus.VALIDATED, 0) for row in self.structures)

    @property
    def rate(self):
        """Share (%) of the expected values that are transmitted (submitted or validated); None when the
        campaign expects none."""
        return percent(self.done, self.expected)

    @property
    def validated_rate(self):
        return percent(self.validated, self.expected)

    @property
    def reporting_rate(self):
        """Share (%) of the structures that submitted everything (submitted or validated)."""
        complete = self.by_state.get(EntryState.SUBMITTED, 0) + self.by_state.get(EntryState.VALIDATED, 0)
        return percent(complete, len(self.structures))

    @property
    def state_counts(self):
        return [(EntryState.LABELS[state], state, self.by_state.get(state, 0)) for state in EntryState.ORDER]

    @property
    def is_past_deadline(self):
        return timezone.localdate() > self.campaign.closes_on

    @property
    def late(self):
        """Structures that have not submitted everything (late once the closing date is past)."""
        return [row for row in self.structures if row.state in EntryState.NOT_SUBMITTED]


def expected_structures(campaign):
    """The structures ``campaign`` expects values from: those of the schéma's département with an agrément
    in force during the campaign's year."""
    return agreed_structures(department_code=campaign.schema.department_code, year=campaign.year)


def campaign_completeness(campaign, *, indicators=None):
    """The Completeness of ``campaign`` (the rule: this module's docstring). ``indicators``: the schéma's
    indicators when the caller has read them already (the per-structure typed ones are kept, in their order)."""
    if indicators is None:
        indicators = list(Indicator.objects.for_schema(campaign.schema).per_structure().in_fiche_order())
    else:
        indicators = [i for i in indicators if i.level == IndicatorLevel.STRUCTURE and not i.computed_source]
    structures = list(expected_structures(campaign).select_related("commune").order_by("name"))
    by_structure = defaultdict(Counter)
    by_indicator = defaultdict(Counter)
    for row in _counts(campaign, [i.pk for i in indicators]).filter(structure_id__in=[s.pk for s in structures]):
        by_structure[row["structure_id"]][row["status"]] += row["n"]
        by_indicator[row["indicator_id"]][row["status"]] += row["n"]
    expected = len(indicators)
    structure_rows = [StructureRow(s, state_of(by_structure[s.pk], expected), by_structure[s.pk], expected) for s in structures]
    return Completeness(
        campaign=campaign,
        structures=structure_rows,
        indicators=[IndicatorRow(i, by_indicator[i.pk], len(structures)) for i in indicators],
        by_state=Counter(row.state for row in structure_rows),
    )


def open_entries(structures):
    """[(campaign, StructureRow)]: the entry pages a director has to fill in (each open campaign of their
    structures' département, for each structure; each closed campaign reopened for one of them, until its date),
    with where each stands. Two queries per campaign, and one per reopened campaign."""
    from django.db.models import Q

    from .models import Campaign
    from .rules import reopenings_of

    by_department = defaultdict(list)
    for structure in structures:
        by_department[structure.commune.department_code].append(structure)
    if not by_department:
        return []
    entries = []
    today = timezone.localdate()
    campaigns = (
        Campaign.objects.filter(schema__department_code__in=by_department)
        .filter(Q(status=CampaignStatus.OPEN) | Q(status=CampaignStatus.CLOSED, reopened_structures__in=structures))
        .distinct()
        .select_related("schema")
    )
    for campaign in campaigns.order_by("-year", "schema__title"):
        expected = by_department[campaign.schema.department_code]
        reopenings = reopenings_of(campaign) if campaign.is_closed else {}
        if campaign.is_closed:
            expected = [s for s in expected if s.pk in reopenings and (reopenings[s.pk] or today) >= today]
            if not expected:
                continue
        indicator_ids = list(Indicator.objects.for_schema(campaign.schema).per_structure().values_list("pk", flat=True))
        counts = defaultdict(Counter)
        for row in _counts(campaign, indicator_ids).filter(structure_id__in=[s.pk for s in expected]):
            counts[row["structure_id"]][row["status"]] += row["n"]
        for structure in expected:
            state = state_of(counts[structure.pk], len(indicator_ids))
            row = StructureRow(structure, state, counts[structure.pk], len(indicator_ids), reopenings.get(structure.pk))
            entries.append((campaign, row))
    return entries

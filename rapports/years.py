"""The years of the dashboards and of the bilan: which one shows first, which ones are « provisoires »."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from indicateurs.enums import CampaignStatus
from indicateurs.models import Campaign


def default_year(schema, *, open_years=None):
    """The year a dashboard shows first: the last complete year (over, and its campaign closed when it has
    one), within the schéma's period; its first year when none is complete yet.

    ``open_years``: the years of the schéma's campaigns not closed, when the caller has read them (see
    open_campaign_years); else a schéma read with its ``campaigns`` prefetched (as the views do) costs no query."""
    this_year = timezone.localdate().year
    if open_years is None:
        open_years = {c.year for c in schema.campaigns.all() if c.status != CampaignStatus.CLOSED}
    for year in range(min(schema.last_year, this_year - 1), schema.first_year - 1, -1):
        if year not in open_years:
            return year
    return schema.first_year


def open_campaign_years(schemas):
    """{schéma pk: {year}}: the years of the campaigns not closed of ``schemas``, in one query (for
    default_year over a list, without reading every campaign)."""
    years = defaultdict(set)
    rows = Campaign.objects.filter(schema__in=schemas).exclude(status=CampaignStatus.CLOSED).order_by()
    for schema_id, year in rows.values_list("schema_id", "year"):
        years[schema_id].add(year)
    return years


@dataclass(frozen=True)
class YearState:
    """Whether the figures of a year are final: « provisoire » while the year is not over or its campaign
    not closed, with the completeness the campaign has reached so far."""

    year: int
    provisional: bool
    reason: str
    completeness_rate: Decimal | None = None


def year_state(schema, year, *, campaign=None, completeness=None):
    """The YearState of ``year`` for ``schema`` (``campaign``: the campaign of that year, if any;
    ``completeness``: its indicateurs.completeness.Completeness, if read)."""
    rate = completeness.rate if completeness else None
    if year >= timezone.localdate().year:
        return YearState(year, True, f"l'année {year} n'est pas terminée", rate)
    if campaign is not None and not campaign.is_closed:
        return YearState(year, True, f"la campagne de collecte {year} n'est pas close", rate)
    return YearState(year, False, "", rate)


def provisional_years(schema, campaigns):
    """The years among ``campaigns``' whose figures are « provisoires » (see year_state)."""
    return {c.year for c in campaigns if year_state(schema, c.year, campaign=c).provisional}


def parse_year(schema, raw):
    """The year asked in the address (``?annee=2024``) if it lies in the schéma's period, else None."""
    try:
        year = int(raw)
    except (TypeError, ValueError):
        return None
    return year if schema.first_year <= year <= schema.last_year else None

import hashlib
from collections import Counter

from django.core.cache import cache
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from comptes.rules import is_staff_caf
from core.access import check_perm
from core.pagination import paginate
from core.search import search
from core.secrecy import smallest_group
from core.urls import url_filler
from fiches.models import Schema
from fiches.progress import late_actions, schema_tree_as_of, status_rows, tree_actions
from indicateurs.completeness import campaign_completeness
from indicateurs.enums import IndicatorLevel

from .. import charts, indicator_figures, schema_figures, structure_figures, years
from ..changes import last_changed
from ..rules import structure_names_visible
from .common import get_schema_for_dashboard, page_context, year_of

# At most a day: the key already moves with the data and the date, this only lets old entries go.
DASHBOARD_CACHE_SECONDS = 24 * 3600
# Schémas per page of the landing: each is a card of four links, read a few at a time.
LANDING_PAGE_SIZE = 10


def dashboard(request):
    """The landing: the user's schémas, a page at a time (the person's own département first), each with its
    three dashboards and its annual report."""
    check_perm(request.user, "rapports.view_dashboard")
    query = request.GET.get("q", "").strip()
    # The schémas a person reads are those whose dashboards they may open (rapports.rules asks the same
    # scope schéma by schéma), so the list needs no rule per row.
    schemas = search(Schema.objects.for_user(request.user), ["title", "department_name", "department_code"], query)
    page, page_query = paginate(request, schemas.own_department_first(request.user), LANDING_PAGE_SIZE)
    rows = _landing_rows(list(page.object_list))
    return render(request, "rapports/dashboard.html", {"rows": rows, "page": page, "page_query": page_query, "query": query})


def _landing_rows(schemas):
    """A row per schéma: its default year and the addresses of its dashboards and of that year's bilan,
    each kind of address reversed once for the page (core.urls) and the years read in one query."""
    open_years = years.open_campaign_years(schemas)
    names = ("schema_dashboard", "indicators_dashboard", "structures_dashboard")
    dashboards = {name: url_filler(f"rapports:{name}") for name in names}
    report = url_filler("rapports:annual_report_pdf", 2)
    rows = []
    for schema in schemas:
        year = years.default_year(schema, open_years=open_years[schema.pk])
        urls = {name: fill(schema.pk) for name, fill in dashboards.items()} | {"report": report(schema.pk, year)}
        rows.append({"schema": schema, "year": year, "urls": urls})
    return rows


def schema_dashboard(request, pk):
    schema = get_schema_for_dashboard(request, pk)
    year = year_of(request, schema)
    axes = schema_tree_as_of(schema, year)
    actions = tree_actions(axes)
    fiches = [f for axis in axes for f in axis.fiches]
    context = page_context(schema, year, user=request.user) | {
        "axes": axes,
        "figures": schema_figures.key_figures(axes),
        "status_counts": status_rows(actions),
        "late_actions": late_actions(actions),
        "last_updates": schema_figures.last_updates(schema, year),
        "charts": [
            charts.progress_by_axis(axes),
            charts.actions_by_status(axes),
            charts.progress_by_fiche(fiches),
        ]
        if actions
        else [],
        "timeline": charts.timeline(schema, axes, year=year) if actions else None,
        "active_tab": "schema",
    }
    return render(request, "rapports/schema_dashboard.html", context)


def indicators_dashboard(request, pk):
    schema = get_schema_for_dashboard(request, pk)
    year = year_of(request, schema)
    # Partners read no figure made of fewer than AVS_MIN_GROUP_SIZE structures (core/secrecy.py).
    smallest = smallest_group(request.user)
    stamp = last_changed(schema)
    # The figures and their rendering cost most of the page and change only with the data: they are read from
    # the cache under a key that moves with any change (see _indicators_key).
    key = _indicators_key(schema, year, stamp, smallest=smallest, staff=is_staff_caf(request.user))
    figures = cache.get(key)
    if figures is None:
        figures = _indicator_figures(request.user, schema, year, smallest)
        cache.set(key, figures, DASHBOARD_CACHE_SECONDS)
    completeness = figures["completeness"]
    context = page_context(schema, year, user=request.user, completeness=completeness, stamp=stamp) | {
        "items": figures["items"],
        "completeness": completeness,
        "sections": mark_safe(figures["html"]),  # rendered by Django's escaping templates below
        "active_tab": "indicators",
    }
    return render(request, "rapports/indicators_dashboard.html", context)


def _indicators_key(schema, year, stamp, *, smallest, staff):
    """The cache key of the indicators' figures: what they are computed from. ``stamp`` (rapports.changes)
    moves with any value, indicator, structure or action saved; the campaigns' dates and status make the
    years « provisoires » and the completeness; today's date the years not over yet and the computed sources;
    ``smallest`` and ``staff`` what this reader may see (figures withheld, names of the structures)."""
    campaigns = sorted((c.pk, c.year, c.status, c.opens_on, c.closes_on) for c in schema.campaigns.all())
    parts = (schema.pk, year, stamp, campaigns, timezone.localdate(), smallest, staff)
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()
    return f"rapports:indicateurs:{schema.pk}:{year}:{digest}"


def _indicator_figures(user, schema, year, smallest):
    """The series, completeness, breakdowns and text answers of the page, and the HTML of its sections."""
    # Read once, shared by the series, the breakdowns and the completeness (a fixed number of queries).
    # The years shown end with the year asked: the figures of a year never show what came after it.
    campaigns = sorted((c for c in schema.campaigns.all() if c.year <= year), key=lambda c: c.year)
    series = indicator_figures.indicator_series(
        schema, years=[campaign.year for campaign in campaigns], provisional=years.provisional_years(schema, campaigns)
    )
    series = indicator_figures.withhold_small_years(series, smallest)
    indicators = [one.indicator for one in series]
    campaign = next((c for c in campaigns if c.year == year), None)
    completeness = campaign_completeness(campaign, indicators=indicators) if campaign is not None else None
    # The breakdowns count each group's structures among those the campaign expects (no campaign: no value).
    groups = (
        Counter((row.structure.kind, row.structure.commune.epci_name) for row in completeness.structures) if completeness else {}
    )
    by_kind, by_epci = indicator_figures.breakdowns(schema, year, indicators=indicators, groups=groups, smallest=smallest)
    texts = indicator_figures.text_answers(
        schema, year, indicators=indicators, names_visible=lambda indicator: structure_names_visible(user, indicator)
    )
    items = []
    for one in series:
        indicator = one.indicator
        per_structure = indicator.level == IndicatorLevel.STRUCTURE
        items.append(
            {
                "series": one,
                "chart": charts.indicator_chart(one),
                "texts": texts.get(indicator.pk, []),
                "by_kind": by_kind.get(indicator.pk, []) if per_structure else [],
                "by_epci": by_epci.get(indicator.pk, []) if per_structure else [],
            }
        )
    html = render_to_string("rapports/_indicators_sections.html", {"year": year, "completeness": completeness, "items": items})
    return {"items": items, "completeness": completeness, "html": html}


def structures_dashboard(request, pk):
    schema = get_schema_for_dashboard(request, pk)
    year = year_of(request, schema)
    smallest = smallest_group(request.user)
    figures = structure_figures.structure_figures(schema.department_code, year, smallest=smallest)
    budgets = structure_figures.budgets_by_year(schema.department_code, [y for y in schema.years if y <= year], smallest=smallest)
    context = page_context(schema, year, user=request.user) | {
        "figures": figures,
        "budgets": budgets,
        "ending": structure_figures.agrements_ending_soon(schema.department_code),
        "charts": [charts.structures_by_kind(figures), charts.budgets_chart(budgets)],
        "active_tab": "structures",
    }
    return render(request, "rapports/structures_dashboard.html", context)

"""The governance figures of a schéma for a year, computed here once and read by the reports."""

from django.db.models import Q
from django.utils import timezone

from fiches.models import Fiche

from .enums import CLOSED_DECISION_STATUSES, DecisionStatus
from .models import Decision, DecisionUpdate, FicheWeather, Instance, Meeting


def weather_year(schema, today=None):
    """The year whose météo a page shows by default: this year, kept inside the schéma's period."""
    year = (today or timezone.localdate()).year
    return min(max(year, schema.first_year), schema.last_year)


def fiche_weathers(schema, year, fiches=None):
    """Each fiche of the schéma with its latest météo for ``year`` (None when its pilot has set none).
    ``fiches``: the schéma's fiches when the page has loaded them already (spares a query)."""
    if fiches is None:
        fiches = Fiche.objects.filter(schema=schema)
    fiches = sorted(fiches, key=lambda fiche: fiche.code)
    current = FicheWeather.objects.current_for(fiches, year)
    return [{"fiche": fiche, "weather": current.get(fiche.pk)} for fiche in fiches]


def year_figures(schema, year, today=None):
    """What the bilan annuel shows of the governance for ``year``: the year's meetings, the decisions they
    took (and how many are réalisées and late on ``today``: statuses are current, not as they stood at the
    end of the year), and each fiche's météo of the year.

    The bilan is read by the members of the comité de pilotage: it shows every instance of the schéma."""
    today = today or timezone.localdate()
    meetings = list(
        Meeting.objects.filter(body__schema=schema, date__year=year)
        .select_related("body")
        .prefetch_related("attendees")
        .order_by("date", "pk")
    )
    decisions = list(
        Decision.objects.filter(meeting__body__schema=schema, meeting__date__year=year)
        .select_related("meeting__body", "carrier")
        .order_by("due_date", "pk")
    )
    late = [d for d in decisions if d.due_date < today and d.status not in CLOSED_DECISION_STATUSES]
    return {
        "year": year,
        "meetings": meetings,
        "decisions": decisions,
        "taken": len(decisions),
        "done": sum(1 for decision in decisions if decision.status == DecisionStatus.REALISEE),
        "late": len(late),
        "late_decisions": late,
        "weathers": fiche_weathers(schema, year),
        "as_of": today,
    }


def carried_decisions(schema, organisation, year, today=None):
    """The decisions ``organisation`` carries for its own report of ``year``: those of the schéma's instances
    taken during ``year``, and those taken earlier that were still open at its end (échéance or not).

    "Open at the end of the year" reads the current status (the history of statuses is not replayed): a
    decision closed since then is left out of earlier years. ``late`` is judged on ``today``, like the bilan."""
    today = today or timezone.localdate()
    decisions = list(
        Decision.objects.filter(meeting__body__schema=schema, carrier=organisation, meeting__date__year__lte=year)
        .filter(Q(meeting__date__year=year) | ~Q(status__in=CLOSED_DECISION_STATUSES))
        .select_related("meeting__body")
        .order_by("due_date", "pk")
    )
    for decision in decisions:
        decision.late = decision.due_date < today and decision.status not in CLOSED_DECISION_STATUSES
    return decisions


def change_sources(schema_ref):
    """What the governance adds to a report's "last changed" stamp (rapports.changes.last_changed): the
    querysets of the schéma ``schema_ref`` (an OuterRef or a pk) and the date field whose latest value counts.
    Instances, meetings and decisions keep a history; follow-ups and météos are append-only rows."""
    return {
        "instances": (Instance.history.filter(schema=schema_ref), "history_date"),
        "meetings": (Meeting.history.filter(body__schema=schema_ref), "history_date"),
        "decisions": (Decision.history.filter(meeting__body__schema=schema_ref), "history_date"),
        "decision_updates": (DecisionUpdate.objects.filter(decision__meeting__body__schema=schema_ref), "created_at"),
        "weathers": (FicheWeather.objects.filter(fiche__schema=schema_ref), "created_at"),
    }

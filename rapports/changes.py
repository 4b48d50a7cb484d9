"""When the data a dashboard or a report shows last changed: the stamp of the page headers and of the
cached PDFs' keys (rapports/caching.py)."""

from django.db.models import F, Func, OuterRef, Subquery

from fiches.models import Action, ActionUpdate, Fiche, Schema
from gouvernance import figures as governance
from indicateurs.models import Indicator, IndicatorValue
from structures.models import Agrement, Funding, Structure


def last_changed(schema):
    """The latest change to anything a dashboard or the report of ``schema`` shows, in one query.

    The max of the fiches' ``updated_at``, the action updates' ``created_at``, the history dates of the
    schéma, actions, indicators, agréments and fundings, and the ``updated_at`` of the indicator values
    and of the structures of the schéma's département.
    """
    department = schema.department_code
    sources = {
        "schema": _max_of(Schema.history.filter(id=OuterRef("pk")), "history_date"),
        "fiches": _max_of(Fiche.objects.filter(schema=OuterRef("pk")), "updated_at"),
        "updates": _max_of(ActionUpdate.objects.filter(action__fiche__schema=OuterRef("pk")), "created_at"),
        "actions": _max_of(Action.history.filter(fiche__schema=OuterRef("pk")), "history_date"),
        "indicators": _max_of(Indicator.history.filter(fiche__schema=OuterRef("pk")), "history_date"),
        "values": _max_of(IndicatorValue.objects.filter(campaign__schema=OuterRef("pk")), "updated_at"),
        "structures": _max_of(Structure.objects.filter(commune__department_code=department), "updated_at"),
        "agrements": _max_of(Agrement.history.filter(structure__commune__department_code=department), "history_date"),
        "fundings": _max_of(Funding.history.filter(structure__commune__department_code=department), "history_date"),
        **{name: _max_of(qs, field) for name, (qs, field) in governance.change_sources(OuterRef("pk")).items()},
    }
    row = (
        Schema.objects.filter(pk=schema.pk)
        .annotate(**{f"last_{k}": v for k, v in sources.items()})
        .values(*[f"last_{k}" for k in sources])
    )
    dates = [value for value in (row[0].values() if row else []) if value is not None]
    return max(dates) if dates else None


def _max_of(queryset, field_name):
    """A subquery: the latest ``field_name`` of ``queryset`` (MAX as a plain function, so no GROUP BY)."""
    return Subquery(queryset.order_by().annotate(m=Func(F(field_name), function="MAX")).values("m")[:1])

"""Small blocks that other apps' pages include: the decisions concerning a fiche or an action, the late
decisions of a schéma, the météo of its fiches. Each reads only what the person may see."""

from django import template
from django.db.models import Q
from django.utils.html import format_html

from ..enums import DecisionStatus, Weather
from ..figures import fiche_weathers, weather_year
from ..models import Decision, FicheWeather

register = template.Library()


@register.simple_tag
def decision_status(decision):
    label = DecisionStatus(decision.status).label
    badge = format_html('<span class="badge avs-decision-status avs-decision-status-{}">{}</span>', decision.status, label)
    if decision.is_late:
        badge = format_html('{} <span class="badge avs-late-badge">En retard</span>', badge)
    return badge


@register.simple_tag
def weather_badge(weather):
    """A météo as a labelled badge; ``weather`` is a FicheWeather, a Weather value or None."""
    value = getattr(weather, "weather", weather)
    if not value:
        return format_html('<span class="badge avs-weather avs-weather-none">{}</span>', "Météo non renseignée")
    return format_html('<span class="badge avs-weather avs-weather-{}">{}</span>', value, Weather(value).label)


def _visible(user):
    return Decision.objects.for_user(user).with_page_data()


@register.inclusion_tag("gouvernance/includes/decisions_concerning.html", takes_context=True)
def decisions_concerning(context, fiche=None, action=None):
    """The decisions the person may read that concern this fiche (directly or through one of its actions),
    or this action."""
    user = context["request"].user
    decisions = _visible(user)
    if action is not None:
        decisions = decisions.filter(actions=action)
    else:
        decisions = decisions.filter(Q(fiches=fiche) | Q(actions__fiche=fiche))
    return {"decisions": list(decisions.distinct().order_by("due_date", "pk"))}


@register.inclusion_tag("gouvernance/includes/fiche_governance.html", takes_context=True)
def fiche_governance(context, fiche):
    """The fiche page's block: its météo of the year (and who may set it) and the decisions concerning it."""
    user = context["request"].user
    year = weather_year(fiche.schema)
    data = decisions_concerning(context, fiche=fiche)
    data.update(
        fiche=fiche,
        year=year,
        weather=FicheWeather.objects.current_for([fiche], year).get(fiche.pk),
        can_set_weather=user.has_perm("gouvernance.set_weather", fiche),
    )
    return data


@register.inclusion_tag("gouvernance/includes/late_decisions.html", takes_context=True)
def late_decisions(context, schema):
    user = context["request"].user
    decisions = _visible(user).filter(meeting__body__schema=schema).late().order_by("due_date", "pk")
    return {
        "decisions": list(decisions),
        "schema": schema,
        "can_read_register": user.has_perm("gouvernance.view_register", schema),
    }


@register.inclusion_tag("gouvernance/includes/fiche_weathers.html", takes_context=True)
def schema_weathers(context, schema, year=None, fiches=None):
    """The météo of the schéma's fiches; ``fiches``: those the page has loaded already, if it has."""
    year = year or weather_year(schema)
    return {"rows": fiche_weathers(schema, year, fiches=fiches), "year": year, "schema": schema}

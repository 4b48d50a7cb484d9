"""Campaigns: the list, a campaign's page, its completeness, and the administrators' actions."""

from django.contrib import messages
from django.db.models import F
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from comptes.rules import is_directeur
from core import access
from core.access import check_perm
from core.french import plural
from core.pagination import paginate
from core.urls import url_filler
from fiches.models import Schema

from ..completeness import campaign_completeness
from ..enums import CampaignStatus
from ..forms import CampaignForm, ExtendCampaignForm, ReopenStructuresForm
from ..models import Campaign, IndicatorValue
from ..plausibility import count_questioned
from ..rules import Entry, reopened_until, reopenings_of
from ..services import Refused, close_campaign, extend_campaign, open_campaign, reopen_campaign, reopen_structures
from .common import get_campaign

CONFIRM = "confirme"
# What a row of the list shows (a schéma's description is not read).
STATUS_LABELS = dict(CampaignStatus.choices)
LISTED_FIELDS = ("pk", "year", "opens_on", "closes_on", "status")
SCOPE_STRUCTURES = "structures"


def campaign_list(request):
    check_perm(request.user, "indicateurs.view_campaign")
    campaigns = Campaign.objects.for_user(request.user).order_by("schema__department_code", "-year", "pk")
    page, page_query = paginate(request, campaigns.values(*LISTED_FIELDS, schema_title=F("schema__title")))
    detail = url_filler("indicateurs:campaign_detail")  # reversed once for the page (core.urls)
    # Each row's words written here, once, into a dict: a date filter or an include costs as much as the rest of
    # the row, and the template reads a dict's keys faster than a model's attributes.
    rows = [
        {
            "title": f"Campagne {campaign['year']}",
            "detail_url": detail(campaign["pk"]),
            "schema_title": campaign["schema_title"],
            "opens": f"{campaign['opens_on']:%d/%m/%Y}",
            "closes": f"{campaign['closes_on']:%d/%m/%Y}",
            "status": campaign["status"],
            "status_label": STATUS_LABELS.get(campaign["status"], campaign["status"]),
        }
        for campaign in page.object_list
    ]
    return render(request, "indicateurs/campaign_list.html", {"campaigns": rows, "page": page, "page_query": page_query})


def _caf_summary(campaign):
    """What the Caf sees of a campaign: completeness, values waiting for validation (and how many are questioned),
    and the log of reopenings, extensions and reminders."""
    waiting = list(IndicatorValue.objects.filter(campaign=campaign).to_validate().select_related("indicator"))
    events = list(campaign.events.select_related("structure", "by")[:100])
    return {
        "completeness": campaign_completeness(campaign),
        "to_validate": len(waiting),
        "structures_to_validate": len({v.structure_id for v in waiting}),
        "questioned": count_questioned(campaign, waiting),
        "events": events,
        "reminders": sum(1 for e in events if e.kind == "reminded"),
    }


def _detail_context(request, campaign, *, reopen_form=None, extend_form=None):
    user = request.user
    context = {
        "campaign": campaign,
        "validation_refusal": access.refusal(user, "indicateurs.validate_values", campaign),
        "my_entries": [],
    }
    if is_directeur(user):
        structures = user.structures.filter(commune__department_code=campaign.schema.department_code).select_related("commune")
        for structure in structures:
            context["my_entries"].append(
                {
                    "structure": structure,
                    "refusal": access.refusal(user, "indicateurs.enter_values", Entry(campaign, structure)),
                    "reopened_until": reopened_until(campaign, structure),
                }
            )
    if user.has_perm("indicateurs.view_structure_answers", campaign):
        context.update(_caf_summary(campaign))
    if user.has_perm("indicateurs.manage_campaign"):
        reopenings = reopenings_of(campaign) if campaign.is_closed else {}
        context.update(
            reopened=list(campaign.structures().filter(pk__in=list(reopenings)).order_by("name")),
            reopenings=reopenings,
            reopen_form=reopen_form or ReopenStructuresForm(campaign=campaign),
            extend_form=extend_form or ExtendCampaignForm(initial={"closes_on": campaign.closes_on}),
        )
    return context


def campaign_detail(request, pk):
    campaign = get_campaign(request.user, pk)
    return render(request, "indicateurs/campaign_detail.html", _detail_context(request, campaign))


def campaign_create(request):
    check_perm(request.user, "indicateurs.manage_campaign")
    form = CampaignForm(request.POST or None)
    form.fields["schema"].queryset = Schema.objects.order_by("department_code", "-first_year")
    if request.method == "POST" and form.is_valid():
        campaign = form.save()
        messages.success(request, f"La campagne {campaign.year} est créée. Ouvrez-la pour prévenir les structures.")
        return redirect("indicateurs:campaign_detail", campaign.pk)
    return render(request, "indicateurs/campaign_form.html", {"form": form})


def _admin_action(request, pk, action, success):
    check_perm(request.user, "indicateurs.manage_campaign")
    campaign = get_campaign(request.user, pk, "indicateurs.manage_campaign")
    try:
        result = action(campaign)
    except Refused as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success(result))
    return redirect("indicateurs:campaign_detail", campaign.pk)


def _emails(n):
    return f"{n} courriel{plural(n)} envoyé{plural(n)}"


@require_POST
def campaign_open(request, pk):
    base_url = request.build_absolute_uri("/")
    return _admin_action(
        request,
        pk,
        lambda c: open_campaign(campaign=c, user=request.user, base_url=base_url),
        lambda n: f"La campagne est ouverte. {_emails(n)} aux directions des structures.",
    )


def campaign_close(request, pk):
    """GET: what closing will leave behind, and the button that confirms it; POST with the confirmation: close."""
    check_perm(request.user, "indicateurs.manage_campaign")
    campaign = get_campaign(request.user, pk, "indicateurs.manage_campaign")
    if request.method == "POST":
        if CONFIRM not in request.POST:
            messages.error(request, "Confirmez la clôture sur cette page : la campagne n'est pas close.")
            return redirect("indicateurs:campaign_close", campaign.pk)
        return _admin_action(
            request, pk, lambda c: close_campaign(campaign=c, user=request.user), lambda _: "La campagne est close."
        )
    completeness = campaign_completeness(campaign)
    to_validate = IndicatorValue.objects.filter(campaign=campaign).to_validate().count()
    return render(
        request,
        "indicateurs/campaign_close.html",
        {"campaign": campaign, "completeness": completeness, "to_validate": to_validate},
    )


@require_POST
def campaign_reopen(request, pk):
    """Reopen the whole campaign, or (``portee=structures``) the entry of the structures ticked, until a date."""
    check_perm(request.user, "indicateurs.manage_campaign")
    if request.POST.get("portee") != SCOPE_STRUCTURES:
        return _admin_action(
            request, pk, lambda c: reopen_campaign(campaign=c, user=request.user), lambda _: "La campagne est rouverte."
        )
    campaign = get_campaign(request.user, pk, "indicateurs.manage_campaign")
    form = ReopenStructuresForm(request.POST, campaign=campaign)
    if form.is_valid():
        structures = list(form.cleaned_data["structures"])
        try:
            count, sent = reopen_structures(
                campaign=campaign,
                user=request.user,
                structures=structures,
                until=form.cleaned_data["until"],
                reason=form.cleaned_data["reason"],
                base_url=request.build_absolute_uri("/"),
            )
        except Refused as error:
            messages.error(request, str(error))
            return redirect("indicateurs:campaign_detail", campaign.pk)
        else:
            names = ", ".join(s.name for s in structures)
            messages.success(
                request,
                f"La saisie est rouverte pour {names} jusqu'au {form.cleaned_data['until']:%d/%m/%Y} "
                f"({count} valeur{plural(count)} repassée{plural(count)} en brouillon, {_emails(sent)}).",
            )
            return redirect("indicateurs:campaign_detail", campaign.pk)
    context = _detail_context(request, campaign, reopen_form=form)
    return render(request, "indicateurs/campaign_detail.html", context, status=422)


@require_POST
def campaign_extend(request, pk):
    check_perm(request.user, "indicateurs.manage_campaign")
    campaign = get_campaign(request.user, pk, "indicateurs.manage_campaign")
    form = ExtendCampaignForm(request.POST)
    if form.is_valid():
        try:
            sent = extend_campaign(
                campaign=campaign,
                user=request.user,
                closes_on=form.cleaned_data["closes_on"],
                reason=form.cleaned_data["reason"],
                base_url=request.build_absolute_uri("/"),
            )
        except Refused as error:
            form.add_error("closes_on", str(error))
        else:
            messages.success(
                request,
                f"La clôture est reportée au {form.cleaned_data['closes_on']:%d/%m/%Y} "
                f"({_emails(sent)} aux structures qui n'ont pas tout transmis).",
            )
            return redirect("indicateurs:campaign_detail", campaign.pk)
    campaign.refresh_from_db()
    context = _detail_context(request, campaign, extend_form=form)
    return render(request, "indicateurs/campaign_detail.html", context, status=422)


def completeness(request, pk):
    campaign = get_campaign(request.user, pk, "indicateurs.view_completeness")
    result = campaign_completeness(campaign)
    if request.user.has_perm("indicateurs.view_structure_answers", campaign):
        reminded = {}
        for event in campaign.events.reminders().select_related("by").order_by("at", "pk"):
            count, _ = reminded.get(event.structure_id, (0, None))
            reminded[event.structure_id] = (count + 1, event)
        for row in result.structures:
            row.reminders, row.last_reminder = reminded.get(row.structure.pk, (0, None))
    return render(
        request,
        "indicateurs/completeness.html",
        {
            "campaign": campaign,
            "completeness": result,
            "can_remind": request.user.has_perm("indicateurs.remind_structures", campaign),
        },
    )

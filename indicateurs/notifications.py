"""The e-mails of the campaign loop, and the scheduled sends (manage.py send_reminders).

Texts live in templates/indicateurs/email/. Scheduled sends go through ``core.mail.send_once`` under a key naming
what they are about (campaign, structure, recipient, step or day): running the command twice sends nothing twice.
"""

from collections import defaultdict

from django.conf import settings
from django.core.mail import get_connection
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from comptes.rules import conseillers, is_directeur
from core.mail import render_email, send_once
from structures.models import Structure

from .enums import CampaignEventKind


def site_url(base_url=None):
    return (base_url or settings.SITE_URL).rstrip("/")


def directors(structure):
    """The active directors of a structure (its ``directors`` prefetched or not)."""
    return [d for d in structure.directors.all() if is_directeur(d) and d.email]


def entry_link(campaign, structure, base_url=None):
    return site_url(base_url) + reverse("indicateurs:entry", args=[campaign.pk, structure.pk])


def entry_messages(campaign, structure, *, base_url=None, reminder=False, extended=False, reason=""):
    """The messages to each director of ``structure`` about the campaign (opening, reminder, or new closing date)."""
    context = {
        "campaign": campaign,
        "structure": structure,
        "reminder": reminder,
        "extended": extended,
        "reason": reason,
        "link": entry_link(campaign, structure, base_url),
    }
    return [render_email("indicateurs/email/entry", context, to=[d.email]) for d in directors(structure)]


def reminder_preview(campaign, structure, *, base_url=None):
    """(subject, body) of the reminder a structure's directors would receive."""
    message = render_email(
        "indicateurs/email/entry",
        {"campaign": campaign, "structure": structure, "reminder": True, "link": entry_link(campaign, structure, base_url)},
        to=[],
    )
    return message.subject, message.body


def reopened_messages(campaign, structure, *, until, reason, base_url=None):
    context = {
        "campaign": campaign,
        "structure": structure,
        "until": until,
        "reason": reason,
        "link": entry_link(campaign, structure, base_url),
    }
    return [render_email("indicateurs/email/reopened", context, to=[d.email]) for d in directors(structure)]


def returned_messages(value, *, base_url=None):
    context = {"value": value, "link": entry_link(value.campaign, value.structure, base_url)}
    return [render_email("indicateurs/email/returned", context, to=[d.email]) for d in directors(value.structure)]


def send(messages):
    if messages:
        get_connection().send_messages(messages)
    return len(messages)


# --- Scheduled sends -------------------------------------------------------------------------------


def reminder_step(campaign, today=None):
    """The step of the scheduled reminder the campaign is at (the smallest CAMPAIGN_REMINDER_DAYS not below the
    days left before closing), or None when no reminder is due."""
    days_left = (campaign.closes_on - (today or timezone.localdate())).days
    if days_left < 0:
        return None
    due = [days for days in settings.CAMPAIGN_REMINDER_DAYS if days_left <= days]
    return min(due) if due else None


def send_scheduled_reminders(campaign, *, today=None, base_url=None):
    """At each step before the closing date, remind once the directors of the structures that have not submitted
    everything; log each structure reminded. Return the number of e-mails sent."""
    from .completeness import EntryState, entry_states
    from .models import CampaignEvent

    step = reminder_step(campaign, today)
    if step is None or not campaign.is_open:
        return 0
    late = [pk for pk, state in entry_states(campaign).items() if state in EntryState.NOT_SUBMITTED]
    sent = 0
    for structure in campaign.structures().filter(pk__in=late).prefetch_related("directors").order_by("name"):
        count = 0
        for message in entry_messages(campaign, structure, base_url=base_url, reminder=True):
            key = f"campaign-reminder:{campaign.pk}:{structure.pk}:{message.to[0]}:J-{step}"
            count += send_once(key, message)
        if count:
            CampaignEvent.objects.create(
                campaign=campaign, structure=structure, kind=CampaignEventKind.REMINDED, emails=count, reason=f"J-{step}"
            )
        sent += count
    return sent


def send_validation_digests(*, today=None, base_url=None):
    """Once a day, tell each active conseiller which structures of their schémas wait for a validation."""
    from .models import Campaign, IndicatorValue

    today = today or timezone.localdate()
    waiting = (
        IndicatorValue.objects.to_validate()
        .exclude(campaign__status="draft")
        .values("campaign_id", "structure_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_campaign = defaultdict(dict)
    for row in waiting:
        by_campaign[row["campaign_id"]][row["structure_id"]] = row["n"]
    if not by_campaign:
        return 0

    campaigns = Campaign.objects.select_related("schema").in_bulk(list(by_campaign))
    structures = Structure.objects.in_bulk({pk for counts in by_campaign.values() for pk in counts})
    sent = 0
    for conseiller in conseillers().exclude(email="").prefetch_related("schemas"):
        schema_ids = {schema.pk for schema in conseiller.schemas.all()}
        items = []
        for campaign_id, counts in sorted(by_campaign.items(), key=lambda item: (-campaigns[item[0]].year, item[0])):
            campaign = campaigns[campaign_id]
            if campaign.schema_id not in schema_ids:
                continue
            rows = sorted(((structures[pk], n) for pk, n in counts.items()), key=lambda row: row[0].name)
            link = site_url(base_url) + reverse("indicateurs:validation", args=[campaign.pk])
            items.append({"campaign": campaign, "structures": rows, "link": link})
        if not items:
            continue
        total = sum(n for item in items for _, n in item["structures"])
        context = {"conseiller": conseiller, "campaigns": items, "total": total}
        message = render_email("indicateurs/email/digest", context, to=[conseiller.email])
        sent += send_once(f"validation-digest:{conseiller.pk}:{today:%Y-%m-%d}", message)
    return sent

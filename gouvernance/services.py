"""Writes of the governance that touch several rows: a decision and its follow-up, a fiche's météo."""

from django.db import transaction
from django.utils import timezone

from core.concurrency import UNCHECKED, bump_version, lock_version

from .models import Decision, DecisionUpdate, FicheWeather


def record_decision_update(*, decision, author, status, comment="", date=None, expected_version=UNCHECKED):
    """Append a follow-up to the decision and, if it is the newest by date, make its status the decision's
    — in one transaction. ``expected_version`` is the version the person read (a form's; None, a form
    posted without it, is stale): a concurrent change is refused with core.concurrency.StaleObjectError.
    Returns the new DecisionUpdate."""
    date = date or timezone.localdate()
    with transaction.atomic():
        current = lock_version(Decision, decision.pk, expected_version=expected_version)
        latest = current.updates.order_by("-date", "-created_at").first()
        update = DecisionUpdate.objects.create(decision=current, author=author, status=status, comment=comment, date=date)
        if latest is None or (update.date, update.created_at) >= (latest.date, latest.created_at):
            current.status = status
            bump_version(current)
            current.save()
        decision.status, decision.version = current.status, current.version
    return update


def record_weather(*, fiche, year, weather, comment, author, date=None):
    """A new météo of the fiche for the year; the former ones stay in its history."""
    return FicheWeather.objects.create(
        fiche=fiche, year=year, weather=weather, comment=comment, author=author, date=date or timezone.localdate()
    )

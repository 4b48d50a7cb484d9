"""Reminders to a decision's carrier: a month before its échéance, and once it is late.

Each reminder is recorded (DecisionReminder, unique per decision, kind and échéance) in the same
transaction as its sending, so that running the scheduled command again never sends it twice; a
decision whose échéance moves gets reminded of the new date."""

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from comptes.models import User

from .enums import CLOSED_DECISION_STATUSES, ReminderKind
from .models import Decision, DecisionReminder

NOTICE = datetime.timedelta(days=30)


def recipients_of(decision):
    """Who carries the decision: its person if any, otherwise the organisation's active accounts, or its address."""
    person = decision.carrier_person
    if person is not None and person.is_active and person.email:
        return [person.email]
    emails = sorted(
        User.objects.filter(organisation=decision.carrier, is_active=True).exclude(email="").values_list("email", flat=True)
    )
    if not emails and decision.carrier.email:
        emails = [decision.carrier.email]
    return emails


def _message(decision, kind):
    meeting = decision.meeting
    when = f"le {decision.due_date:%d/%m/%Y}"
    intro = (
        f"L'échéance de cette décision tombe {when}."
        if kind == ReminderKind.BEFORE_DUE
        else f"L'échéance de cette décision est dépassée depuis {when} ; elle figure parmi les décisions en retard."
    )
    return "\n".join(
        [
            "Bonjour,",
            "",
            f"Décision de « {meeting.body.name} » du {meeting.date:%d/%m/%Y}, portée par {decision.carrier} :",
            "",
            decision.text,
            "",
            intro,
            f"Statut actuel : {decision.get_status_display()}.",
            "",
            "— AVS Schéma",
        ]
    )


def due_reminders(today):
    """The (decision, kind) pairs to send on ``today``, not yet sent."""
    open_decisions = (
        Decision.objects.exclude(status__in=CLOSED_DECISION_STATUSES)
        .select_related("meeting__body", "carrier", "carrier_person")
        .order_by("due_date", "pk")
    )
    pairs = []
    for decision in open_decisions.filter(due_date__lte=today + NOTICE):
        kind = ReminderKind.LATE if decision.due_date < today else ReminderKind.BEFORE_DUE
        pairs.append((decision, kind))
    sent = set(DecisionReminder.objects.filter(decision__in=[d for d, _ in pairs]).values_list("decision_id", "kind", "due_date"))
    return [(d, kind) for d, kind in pairs if (d.pk, kind, d.due_date) not in sent]


def send_decision_reminders(today=None):
    """Send the reminders due on ``today``; returns (sent, without_recipient)."""
    today = today or timezone.localdate()
    sent, orphans = 0, []
    for decision, kind in due_reminders(today):
        recipients = recipients_of(decision)
        if not recipients:
            orphans.append(decision)
            continue
        subject = (
            f"Décision à échéance le {decision.due_date:%d/%m/%Y}"
            if kind == ReminderKind.BEFORE_DUE
            else f"Décision en retard (échéance du {decision.due_date:%d/%m/%Y})"
        )
        try:
            with transaction.atomic():
                DecisionReminder.objects.create(
                    decision=decision, kind=kind, due_date=decision.due_date, recipients=", ".join(recipients)
                )
                send_mail(
                    subject=subject,
                    message=_message(decision, kind),
                    from_email=settings.DEFAULT_FROM_EMAIL,
                    recipient_list=recipients,
                )
        except IntegrityError:
            continue  # another run recorded it meanwhile: it was sent there
        sent += 1
    return sent, orphans

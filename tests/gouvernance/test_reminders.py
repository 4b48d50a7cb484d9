import datetime
import io

from django.core import mail
from django.core.management import call_command

from gouvernance.enums import DecisionStatus, ReminderKind
from gouvernance.models import DecisionReminder
from gouvernance.reminders import send_decision_reminders
from gouvernance.services import record_decision_update


def test_late_and_coming_decisions_are_reminded_once(gov):
    gov.on_time.due_date = datetime.date(2025, 10, 20)
    gov.on_time.save()
    today = datetime.date(2025, 10, 1)

    sent, orphans = send_decision_reminders(today)

    assert (sent, orphans) == (2, [])
    by_subject = {message.subject: message.to for message in mail.outbox}
    assert by_subject == {
        "Décision en retard (échéance du 30/09/2025)": [gov.users["conseiller"].email],
        "Décision à échéance le 20/10/2025": [gov.users["partenaire"].email],
    }
    assert "Lancer l'appel à projets expérimentaux DEC-LATE" in mail.outbox[0].body
    assert send_decision_reminders(today) == (0, [])
    assert send_decision_reminders(today + datetime.timedelta(days=5)) == (0, [])
    assert len(mail.outbox) == 2
    assert set(DecisionReminder.objects.values_list("decision_id", "kind")) == {
        (gov.late.pk, ReminderKind.LATE),
        (gov.on_time.pk, ReminderKind.BEFORE_DUE),
    }


def test_the_coming_decision_is_reminded_again_when_it_becomes_late(gov):
    gov.on_time.due_date = datetime.date(2025, 10, 20)
    gov.on_time.save()
    send_decision_reminders(datetime.date(2025, 10, 1))
    mail.outbox.clear()

    assert send_decision_reminders(datetime.date(2025, 10, 21)) == (1, [])
    assert mail.outbox[0].subject == "Décision en retard (échéance du 20/10/2025)"


def test_done_or_far_decisions_are_not_reminded(gov):
    record_decision_update(decision=gov.late, author=gov.users["conseiller"], status=DecisionStatus.REALISEE)
    assert send_decision_reminders(datetime.date(2025, 8, 1)) == (0, [])
    assert mail.outbox == []


def test_decision_without_recipient_is_reported_not_recorded(gov):
    gov.late.carrier_person = None
    gov.late.save()
    gov.on_time.delete()
    out = io.StringIO()

    call_command("send_decision_reminders", stdout=out)

    assert mail.outbox == []
    assert not DecisionReminder.objects.exists()
    assert f"Aucun destinataire pour la décision n° {gov.late.pk} (Caf du Rhône)" in out.getvalue()

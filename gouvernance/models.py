"""Governance of a schéma: its instances (comités), their meetings, the decisions taken there and
their follow-up, and the "météo" of each fiche, year by year."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from fiches.models import Action, Fiche, Schema
from structures.models import Organisation

from .enums import CLOSED_DECISION_STATUSES, DecisionStatus, InstanceKind, ReminderKind, Weather


class InstanceQuerySet(models.QuerySet):
    def for_user(self, user):
        """Instances the user reads (gouvernance.scopes, which the rules read too)."""
        from .scopes import readable_instances

        scope = readable_instances(user).q
        # Through the pks: a partner's scope joins the members, which would repeat rows.
        return self if scope is None else self.filter(pk__in=Instance.objects.filter(scope).values("pk"))


class Instance(models.Model):
    schema = models.ForeignKey(Schema, verbose_name="schéma", on_delete=models.CASCADE, related_name="instances")
    kind = models.CharField("type d'instance", max_length=20, choices=InstanceKind.choices)
    name = models.CharField("nom", max_length=200)
    members = models.ManyToManyField(Organisation, verbose_name="organisations membres", related_name="instances", blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = InstanceQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[members])

    class Meta:
        verbose_name = "instance"
        ordering = ["schema", "kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["schema", "name"],
                name="instance_name_unique_in_schema",
                violation_error_message="Ce schéma a déjà une instance de ce nom.",
            )
        ]

    def __str__(self):
        return self.name


class MeetingQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(body__in=Instance.objects.for_user(user))

    def in_year(self, year):
        return self.filter(date__year=year)


class Meeting(models.Model):
    # Named "body" because django-simple-history's records keep "instance" for the object they describe.
    body = models.ForeignKey(Instance, verbose_name="instance", on_delete=models.CASCADE, related_name="meetings")
    date = models.DateField("date")
    place = models.CharField("lieu", max_length=200, blank=True)
    agenda = models.TextField("ordre du jour", blank=True)
    minutes = models.TextField("compte rendu", blank=True)
    attendees = models.ManyToManyField(
        Organisation, verbose_name="organisations présentes", related_name="attended_meetings", blank=True
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = MeetingQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[attendees])

    class Meta:
        verbose_name = "réunion"
        ordering = ["-date", "body"]

    def __str__(self):
        return f"{self.body} du {self.date:%d/%m/%Y}"


class DecisionQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(meeting__body__in=Instance.objects.for_user(user))

    def late(self, on=None):
        """Decisions whose échéance is past and that are neither réalisées nor abandonnées."""
        on = on or timezone.localdate()
        return self.filter(due_date__lt=on).exclude(status__in=CLOSED_DECISION_STATUSES)

    def with_page_data(self):
        return self.select_related("meeting__body__schema", "carrier", "carrier_person")


class Decision(models.Model):
    meeting = models.ForeignKey(Meeting, verbose_name="réunion", on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField("décision")
    fiches = models.ManyToManyField(Fiche, verbose_name="fiches-actions concernées", related_name="decisions", blank=True)
    actions = models.ManyToManyField(Action, verbose_name="actions concernées", related_name="decisions", blank=True)
    carrier = models.ForeignKey(
        Organisation, verbose_name="organisation qui la porte", on_delete=models.PROTECT, related_name="carried_decisions"
    )
    carrier_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="personne qui la porte",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="carried_decisions",
    )
    due_date = models.DateField("échéance")
    # Current state, copied from the latest DecisionUpdate by gouvernance.services.record_decision_update.
    status = models.CharField("statut", max_length=20, choices=DecisionStatus.choices, default=DecisionStatus.A_ENGAGER)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField("enregistrée le", default=timezone.now, editable=False)

    objects = DecisionQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[fiches, actions])

    class Meta:
        verbose_name = "décision"
        ordering = ["due_date", "pk"]

    def __str__(self):
        return self.text if len(self.text) <= 80 else self.text[:79] + "…"

    @property
    def schema(self):
        return self.meeting.body.schema

    @property
    def is_late(self):
        return self.due_date < timezone.localdate() and self.status not in CLOSED_DECISION_STATUSES


class DecisionUpdate(models.Model):
    """One entry of a decision's follow-up. Append-only: never edited, never deleted."""

    decision = models.ForeignKey(Decision, verbose_name="décision", on_delete=models.CASCADE, related_name="updates")
    date = models.DateField("date", default=timezone.localdate)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="auteur", null=True, on_delete=models.SET_NULL, related_name="decision_updates"
    )
    status = models.CharField("statut", max_length=20, choices=DecisionStatus.choices)
    comment = models.TextField("commentaire", blank=True)
    created_at = models.DateTimeField("enregistrée le", default=timezone.now, editable=False)

    class Meta:
        verbose_name = "suivi de décision"
        verbose_name_plural = "suivis de décision"
        ordering = ["decision", "-date", "-created_at"]

    def __str__(self):
        return f"{self.decision} — {self.get_status_display()} ({self.date:%d/%m/%Y})"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("Le suivi d'une décision ne se réécrit pas : enregistrez un nouveau suivi.")
        super().save(*args, **kwargs)


class FicheWeatherQuerySet(models.QuerySet):
    def current_for(self, fiches, year):
        """The latest météo of each fiche for ``year``, by fiche pk (one query)."""
        latest = {}
        rows = self.filter(fiche__in=fiches, year=year).select_related("author").order_by("fiche_id", "-date", "-created_at")
        for weather in rows:
            latest.setdefault(weather.fiche_id, weather)
        return latest


class FicheWeather(models.Model):
    """A fiche's météo for a year, as its pilot sees it on a date. Append-only: the history is kept."""

    fiche = models.ForeignKey(Fiche, verbose_name="fiche-action", on_delete=models.CASCADE, related_name="weathers")
    year = models.PositiveSmallIntegerField("année")
    weather = models.CharField("météo", max_length=20, choices=Weather.choices)
    comment = models.TextField("commentaire", blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="auteur", null=True, on_delete=models.SET_NULL, related_name="fiche_weathers"
    )
    date = models.DateField("date", default=timezone.localdate)
    created_at = models.DateTimeField("enregistrée le", default=timezone.now, editable=False)

    objects = FicheWeatherQuerySet.as_manager()

    class Meta:
        verbose_name = "météo de fiche"
        verbose_name_plural = "météos de fiche"
        ordering = ["fiche", "-year", "-date", "-created_at"]

    def __str__(self):
        return f"{self.fiche.code} {self.year} : {self.get_weather_display()}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("L'historique de la météo ne se réécrit pas : enregistrez une nouvelle météo.")
        super().save(*args, **kwargs)


class DecisionReminder(models.Model):
    """A reminder e-mail sent about a decision: kept so that the scheduled command never sends it twice."""

    decision = models.ForeignKey(Decision, verbose_name="décision", on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField("rappel", max_length=20, choices=ReminderKind.choices)
    due_date = models.DateField("échéance rappelée")
    recipients = models.TextField("destinataires")
    sent_at = models.DateTimeField("envoyé le", default=timezone.now)

    class Meta:
        verbose_name = "rappel de décision"
        verbose_name_plural = "rappels de décision"
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "kind", "due_date"],
                name="decision_reminder_once",
                violation_error_message="Ce rappel a déjà été envoyé.",
            )
        ]

    def __str__(self):
        return f"{self.decision} — {self.get_kind_display()}"

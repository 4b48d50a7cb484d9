from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from fiches.models import Fiche, Schema
from structures.models import Structure

from .enums import (
    Aggregation,
    CampaignEventKind,
    CampaignStatus,
    ComputedSource,
    Confirmation,
    IndicatorKind,
    IndicatorLevel,
    ValueStatus,
)


class IndicatorQuerySet(models.QuerySet):
    def for_schema(self, schema):
        return self.filter(fiche__schema=schema)

    def typed(self):
        """Indicators whose values people enter (not computed from the data)."""
        return self.filter(computed_source="")

    def per_structure(self):
        return self.typed().filter(level=IndicatorLevel.STRUCTURE)

    def schema_wide(self):
        return self.typed().filter(level=IndicatorLevel.SCHEMA)

    def in_fiche_order(self):
        """With their fiche, orientation and axe, in the order of the schéma."""
        return self.select_related("fiche__orientation__axis").order_by(
            "fiche__orientation__axis__number", "fiche__orientation__number", "fiche__code", "order", "pk"
        )


class Indicator(models.Model):
    fiche = models.ForeignKey(Fiche, verbose_name="fiche-action", on_delete=models.CASCADE, related_name="indicators")
    label = models.TextField("libellé")
    kind = models.CharField("nature de la valeur", max_length=20, choices=IndicatorKind.choices, default=IndicatorKind.INTEGER)
    level = models.CharField(
        "niveau de collecte", max_length=20, choices=IndicatorLevel.choices, default=IndicatorLevel.STRUCTURE
    )
    aggregation = models.CharField("agrégation", max_length=20, choices=Aggregation.choices, default=Aggregation.SUM)
    unit = models.CharField("unité", max_length=50, blank=True)
    options = models.JSONField(
        "options proposées", default=list, blank=True, help_text="Pour un indicateur à choix : la liste des réponses."
    )
    comment_asked = models.BooleanField("commentaire demandé avec la valeur", default=False)
    names_shown_to_partners = models.BooleanField(
        "noms des structures montrés aux partenaires",
        default=False,
        help_text="Pour un indicateur à réponse libre : les partenaires lisent chaque réponse avec le nom de la structure "
        "qui l'a donnée. Sinon, les réponses leur sont montrées sans nom.",
    )
    computed_source = models.CharField("calculé à partir de", max_length=40, choices=ComputedSource.choices, blank=True)
    order = models.PositiveSmallIntegerField("ordre", default=0)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = IndicatorQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "indicateur"
        ordering = ["fiche", "order"]

    def __str__(self):
        return self.label[:100]

    @property
    def is_computed(self):
        return bool(self.computed_source)


class IndicatorTarget(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    year = models.PositiveSmallIntegerField("année")
    value = models.DecimalField("cible", max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = "cible"
        ordering = ["indicator", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year"],
                name="target_one_per_year",
                violation_error_message="Une cible existe déjà pour cette année.",
            )
        ]

    def __str__(self):
        return f"{self.year} : {self.value}"


class CampaignQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=CampaignStatus.OPEN)

    def for_user(self, user):
        """Campaigns of the schémas the user reads (a director: the schémas of their structures' département)."""
        return self.filter(schema__in=Schema.objects.for_user(user))


class Campaign(models.Model):
    schema = models.ForeignKey(Schema, verbose_name="schéma", on_delete=models.CASCADE, related_name="campaigns")
    year = models.PositiveSmallIntegerField("année")
    opens_on = models.DateField("ouverture")
    closes_on = models.DateField("clôture")
    status = models.CharField("statut", max_length=10, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT)
    reopened_structures = models.ManyToManyField(
        Structure,
        verbose_name="structures rouvertes",
        blank=True,
        related_name="+",
        help_text="Structures dont la saisie a été rouverte par un administrateur alors que la campagne est close.",
    )

    objects = CampaignQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "campagne"
        ordering = ["schema", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["schema", "year"],
                name="campaign_one_per_year",
                violation_error_message="Ce schéma a déjà une campagne pour cette année.",
            ),
            models.CheckConstraint(
                condition=Q(opens_on__lte=F("closes_on")),
                name="campaign_dates_ordered",
                violation_error_message="La date d'ouverture doit précéder la date de clôture.",
            ),
        ]

    def __str__(self):
        return f"Campagne {self.year} — {self.schema.title}"

    @property
    def is_open(self):
        return self.status == CampaignStatus.OPEN

    @property
    def is_closed(self):
        return self.status == CampaignStatus.CLOSED

    def structures(self):
        """The structures expected to answer: those of the schéma's département."""
        return Structure.objects.in_department(self.schema.department_code)

    def status_since(self):
        """When the campaign took its current status (closed, say), read from its history; None without one."""
        records = list(self.history.order_by("-history_date", "-history_id").values_list("status", "history_date"))
        since = None
        for status, date in records:
            if status != self.status:
                break
            since = date
        return since


class IndicatorValueQuerySet(models.QuerySet):
    def for_structure_entry(self, campaign, structure):
        return self.filter(campaign=campaign, structure=structure)

    def schema_wide(self):
        return self.filter(structure__isnull=True)

    def to_validate(self):
        """Structures' values submitted and waiting for the Caf's validation."""
        return self.filter(structure__isnull=False, status=ValueStatus.SUBMITTED)


class IndicatorValue(models.Model):
    """A value entered for an indicator, a campaign and (for per-structure indicators) a structure."""

    indicator = models.ForeignKey(Indicator, verbose_name="indicateur", on_delete=models.CASCADE, related_name="values")
    campaign = models.ForeignKey(Campaign, verbose_name="campagne", on_delete=models.CASCADE, related_name="values")
    structure = models.ForeignKey(
        Structure, verbose_name="structure", null=True, blank=True, on_delete=models.CASCADE, related_name="indicator_values"
    )
    number = models.DecimalField("valeur numérique", max_digits=14, decimal_places=2, null=True, blank=True)
    boolean = models.BooleanField("oui / non", null=True, blank=True)
    text = models.TextField("texte ou choix", blank=True)
    comment = models.TextField("commentaire", blank=True)
    status = models.CharField("statut", max_length=10, choices=ValueStatus.choices, default=ValueStatus.DRAFT)
    return_comment = models.TextField("motif du renvoi", blank=True)
    confirmation = models.CharField(
        "confirmation de la structure", max_length=10, choices=Confirmation.choices, default=Confirmation.NONE, blank=True
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="saisie par", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField("modifiée le", auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = IndicatorValueQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "valeur d'indicateur"
        verbose_name_plural = "valeurs d'indicateurs"
        ordering = ["campaign", "structure", "indicator"]
        indexes = [models.Index(fields=["campaign", "structure"])]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "structure", "campaign"],
                condition=Q(structure__isnull=False),
                name="value_one_per_structure",
                violation_error_message="Une valeur existe déjà pour cet indicateur, cette structure et cette campagne.",
            ),
            models.UniqueConstraint(
                fields=["indicator", "campaign"],
                condition=Q(structure__isnull=True),
                name="value_one_per_schema",
                violation_error_message="Une valeur existe déjà pour cet indicateur et cette campagne.",
            ),
            models.CheckConstraint(
                condition=Q(number__isnull=True) | Q(number__gte=0),
                name="value_number_not_negative",
                violation_error_message="Une valeur d'indicateur ne peut pas être négative.",
            ),
        ]

    def __str__(self):
        return f"{self.indicator} — {self.structure or 'schéma'} ({self.campaign.year})"

    @property
    def is_empty(self):
        return self.number is None and self.boolean is None and not self.text

    @property
    def display(self):
        kind = self.indicator.kind
        if kind == IndicatorKind.BOOLEAN:
            return {True: "Oui", False: "Non"}.get(self.boolean, "")
        if kind in (IndicatorKind.TEXT, IndicatorKind.CHOICE):
            return self.text
        if self.number is None:
            return ""
        from django.utils.formats import number_format

        places = 0 if kind == IndicatorKind.INTEGER else 2
        suffix = {IndicatorKind.PERCENTAGE: " %", IndicatorKind.AMOUNT: " €"}.get(kind, "")
        return f"{number_format(self.number, places, use_l10n=True, force_grouping=True)}{suffix}"


class CampaignEventQuerySet(models.QuerySet):
    def reminders(self):
        return self.filter(kind=CampaignEventKind.REMINDED)


class CampaignEvent(models.Model):
    """What was done to a campaign, for a structure or for all: reopenings, extensions, reminders (who, when, why)."""

    campaign = models.ForeignKey(Campaign, verbose_name="campagne", on_delete=models.CASCADE, related_name="events")
    structure = models.ForeignKey(
        Structure, verbose_name="structure", null=True, blank=True, on_delete=models.CASCADE, related_name="campaign_events"
    )
    kind = models.CharField("nature", max_length=10, choices=CampaignEventKind.choices)
    reason = models.TextField("motif", blank=True)
    until = models.DateField("jusqu'au", null=True, blank=True, help_text="Fin de la saisie rouverte, ou nouvelle clôture.")
    previous_date = models.DateField("date précédente", null=True, blank=True)
    emails = models.PositiveSmallIntegerField("courriels envoyés", default=0)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Vide pour un envoi programmé.",
    )
    at = models.DateTimeField("le", auto_now_add=True)

    objects = CampaignEventQuerySet.as_manager()

    class Meta:
        verbose_name = "événement de campagne"
        verbose_name_plural = "événements de campagne"
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["campaign", "kind"])]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.structure or self.campaign}"

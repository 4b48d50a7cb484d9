from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Count, F, OuterRef, Prefetch, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone
from django.utils.text import slugify
from simple_history.models import HistoricalRecords

from core.search import folded_column
from structures.models import Organisation

from .enums import CLOSED_STATUSES, STATUS_PROGRESS_RULE, ActionStatus, FicheRole, FicheSection, SchemaStatus


def status_progress_constraints(prefix):
    """fiches.enums' status/progress rule as database constraints (an action's state and each update)."""
    realisee, complete = Q(status=ActionStatus.REALISEE), Q(progress=100)
    message = f"Statut et avancement contradictoires : {STATUS_PROGRESS_RULE}"
    return [
        models.CheckConstraint(
            condition=(realisee & complete) | (~realisee & ~complete),
            name=f"{prefix}_realisee_is_100",
            violation_error_message=message,
        ),
        models.CheckConstraint(
            condition=~Q(status=ActionStatus.A_VENIR) | Q(progress=0),
            name=f"{prefix}_a_venir_is_0",
            violation_error_message=message,
        ),
    ]


class SchemaQuerySet(models.QuerySet):
    def for_user(self, user):
        """Schémas the user may read (fiches.scopes, which the rules read too)."""
        from .scopes import readable_schemas

        return readable_schemas(user).filter(self)

    def reads_every_schema(self, user):
        """True when the user reads every schéma (administrateurs, partners): their lists need no filter."""
        from .scopes import readable_schemas

        return readable_schemas(user).q is None

    def ids_for_user(self, user):
        """The pks of ``for_user(user)``, read once: filtering big tables on a plain list of ids lets
        PostgreSQL plan with the indexes, where a subquery on schémas makes it scan. Kept on the
        user object for the rest of the request (like comptes.rules does for its predicates)."""
        if not hasattr(user, "_visible_schema_ids"):
            user._visible_schema_ids = list(self.for_user(user).order_by().values_list("pk", flat=True))
        return user._visible_schema_ids

    def tree_counts(self):
        """{schéma pk: {"axis_count", "fiche_count", "action_count", "late_action_count"}} for these schémas
        (ActionQuerySet.late_condition for the late ones), in one grouped query down the tree: where a
        grouped query per table paid a round trip and a plan each. A fiche's schéma is its axis's (Fiche.save)."""
        actions = "axes__orientations__fiches__actions"
        rows = (
            self.order_by()
            .values("pk")
            .annotate(
                axis_count=Count("axes", distinct=True),
                fiche_count=Count("axes__orientations__fiches", distinct=True),
                # An action appears once down the tree: no DISTINCT needed.
                action_count=Count(actions),
                late_action_count=Count(actions, filter=Action.objects.late_condition(prefix=f"{actions}__")),
            )
        )
        return {row.pop("pk"): row for row in rows}

    def own_department_first(self, user):
        """In the usual order, the schémas of the département of the person's organisation first (a partner's
        Caf or conseil départemental): that département is read by a subquery of the same query."""
        ordering = [*self.model._meta.ordering, "pk"]
        if not user.organisation_id:
            return self.order_by(*ordering)
        department = Organisation.objects.filter(pk=user.organisation_id).values(
            code=Coalesce(NullIf("department_code", Value("")), "commune__department_code")
        )[:1]
        own = Case(When(department_code=Subquery(department), then=Value(0)), default=Value(1))
        return self.alias(own_department=own).order_by("own_department", *ordering)


class Schema(models.Model):
    title = models.CharField("intitulé", max_length=255)
    slug = models.SlugField("identifiant", max_length=80, unique=True)
    department_code = models.CharField("code département", max_length=3, db_index=True)
    department_name = models.CharField("département", max_length=100)
    first_year = models.PositiveSmallIntegerField("première année")
    last_year = models.PositiveSmallIntegerField("dernière année")
    pilot = models.ForeignKey(
        Organisation,
        verbose_name="organisation pilote",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="piloted_schemas",
    )
    status = models.CharField("statut", max_length=20, choices=SchemaStatus.choices, default=SchemaStatus.PREPARATION)
    description = models.TextField("présentation", blank=True)
    # Guards the schéma's own fields and the list of its axes and orientations (their edit pages in the
    # application carry it): core.concurrency.
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = SchemaQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "schéma"
        ordering = ["-first_year", "department_code"]
        # In that order, the first page of schémas is read from the index with its pilots joined row by row,
        # rather than every organisation of the country joined to every schéma before sorting.
        indexes = [models.Index(fields=["-first_year", "department_code"], name="schema_order")]
        constraints = [
            models.CheckConstraint(
                condition=Q(first_year__lte=F("last_year")),
                name="schema_period_ordered",
                violation_error_message="La première année du schéma doit précéder ou égaler la dernière.",
            ),
            models.CheckConstraint(
                condition=Q(first_year__gte=1990, last_year__lte=2100),
                name="schema_period_plausible",
                violation_error_message="La période du schéma doit être comprise entre 1990 et 2100.",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.first_year}-{self.last_year})"

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(f"{self.department_name}-{self.first_year}-{self.last_year}")[:80]
        super().save(*args, **kwargs)

    @property
    def years(self):
        return range(self.first_year, self.last_year + 1)


class Axis(models.Model):
    schema = models.ForeignKey(Schema, verbose_name="schéma", on_delete=models.CASCADE, related_name="axes")
    number = models.PositiveSmallIntegerField("numéro")
    title = models.CharField("intitulé", max_length=500)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "axe"
        ordering = ["schema", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["schema", "number"],
                name="axis_number_unique",
                violation_error_message="Ce schéma a déjà un axe de ce numéro.",
            )
        ]

    def __str__(self):
        return f"{self.number} - {self.title}"


class Orientation(models.Model):
    axis = models.ForeignKey(Axis, verbose_name="axe", on_delete=models.CASCADE, related_name="orientations")
    number = models.CharField("numéro", max_length=10, help_text="Par exemple 2.1")
    title = models.CharField("intitulé", max_length=500)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "orientation"
        ordering = ["axis", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["axis", "number"],
                name="orientation_number_unique",
                violation_error_message="Cet axe a déjà une orientation de ce numéro.",
            )
        ]

    def __str__(self):
        return f"{self.number} - {self.title}"


class FicheQuerySet(models.QuerySet):
    def concerning(self, organisation):
        """The fiches that concern ``organisation``: it pilots (or co-pilots) them, funds them or takes part in
        them as a partenaire impliqué, every role a fiche gives an organisation."""
        return self.filter(
            organisation_links__organisation=organisation,
            organisation_links__role__in=[FicheRole.PILOT, FicheRole.PARTNER, FicheRole.FUNDER],
        ).distinct()

    def for_user(self, user):
        return self.filter(schema__in=Schema.objects.for_user(user))

    def with_page_data(self):
        """What a fiche's page and the schéma tree read: organisations and actions, loaded in bulk."""
        return self.select_related("orientation__axis__schema").prefetch_related(
            models.Prefetch("organisation_links", queryset=FicheOrganisation.objects.select_related("organisation")),
            models.Prefetch("actions", queryset=Action.objects.with_current_state()),
        )


class Fiche(models.Model):
    # The text sections of a fiche (enums.FicheSection, which the reader also reads), in the documents'
    # order; the headings the format does not know last.
    SECTIONS = tuple(FicheSection.values)
    TEXT_FIELDS = (*SECTIONS, "other_sections")

    # The schéma is stored beside the orientation so that the database can hold
    # the rule "a code is unique within a schéma"; save() keeps the two in step.
    schema = models.ForeignKey(Schema, verbose_name="schéma", on_delete=models.CASCADE, related_name="fiches", editable=False)
    orientation = models.ForeignKey(Orientation, verbose_name="orientation", on_delete=models.CASCADE, related_name="fiches")
    code = models.CharField("code", max_length=20, help_text="Par exemple PA 2.1.2")
    title = models.CharField("intitulé", max_length=500)
    diagnostic = models.TextField("diagnostic", blank=True)
    principles = models.TextField("définitions et principes d'action", blank=True)
    publics = models.TextField("publics et territoires", blank=True)
    pilotage = models.TextField(
        "pilotage / coordination", blank=True, help_text="Le cadre du pilotage ; les pilotes sont des organisations liées."
    )
    partners_text = models.TextField("partenaires impliqués (texte)", blank=True)
    resources = models.TextField("ressources et financements", blank=True)
    schedule = models.TextField("échéances (texte)", blank=True)
    other_sections = models.TextField(
        "autres rubriques",
        blank=True,
        help_text="Rubriques du document d'origine que le format des fiches ne connaît pas, gardées telles quelles.",
    )
    organisations = models.ManyToManyField(Organisation, through="FicheOrganisation", related_name="fiches", blank=True)
    followers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name="conseillers qui suivent la fiche", blank=True, related_name="followed_fiches"
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)
    # Code and title folded (core.search), for the header search.
    search_text = folded_column("code", "title")

    objects = FicheQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["search_text"])

    class Meta:
        verbose_name = "fiche-action"
        verbose_name_plural = "fiches-actions"
        ordering = ["schema", "code"]
        # The country-wide list of actions is sorted by fiche code: read in this order, a page needs a
        # hundred fiches rather than a sort of every action.
        indexes = [models.Index(fields=["code"], name="fiche_code_order")]
        constraints = [
            models.UniqueConstraint(
                fields=["schema", "code"],
                name="fiche_code_unique_in_schema",
                violation_error_message="Ce code de fiche existe déjà dans le schéma.",
            )
        ]

    def __str__(self):
        return f"{self.code} - {self.title}"

    def save(self, *args, **kwargs):
        self.schema_id = self.orientation.axis.schema_id
        super().save(*args, **kwargs)

    def organisations_with_role(self, role):
        return [link.organisation for link in self.organisation_links.all() if link.role == role]

    @property
    def pilots(self):
        return self.organisations_with_role(FicheRole.PILOT)

    @property
    def partners(self):
        return self.organisations_with_role(FicheRole.PARTNER)

    @property
    def funders(self):
        return self.organisations_with_role(FicheRole.FUNDER)


class FicheOrganisation(models.Model):
    """An organisation's role in a fiche: pilot, partner or funder, with the frame of that role."""

    fiche = models.ForeignKey(Fiche, on_delete=models.CASCADE, related_name="organisation_links")
    organisation = models.ForeignKey(
        Organisation, verbose_name="organisation", on_delete=models.PROTECT, related_name="fiche_links"
    )
    role = models.CharField("rôle", max_length=10, choices=FicheRole.choices)
    detail = models.TextField("cadre", blank=True, help_text="Par exemple : dans le cadre du suivi des centres sociaux…")
    order = models.PositiveSmallIntegerField("ordre", default=0)

    class Meta:
        verbose_name = "organisation de la fiche"
        verbose_name_plural = "organisations de la fiche"
        ordering = ["fiche", "role", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["fiche", "organisation", "role"],
                name="fiche_organisation_role_unique",
                violation_error_message="Cette organisation a déjà ce rôle dans la fiche.",
            )
        ]

    def __str__(self):
        return f"{self.organisation} ({self.get_role_display()})"


class ActionQuerySet(models.QuerySet):
    def late_condition(self, year=None, *, prefix=""):
        """The late-action rule, as a condition for a filter or a count: the échéance ended before ``year``
        (this year by default) and the action is neither réalisée nor abandonnée. ``Action.is_late`` is the
        same rule for an action already read. ``prefix``: the path to the actions from the model filtered
        (``"fiches__actions__"``)."""
        year = year or timezone.localdate().year
        return Q(**{f"{prefix}last_year__lt": year}) & ~Q(**{f"{prefix}status__in": CLOSED_STATUSES})

    def late(self, year=None):
        """Actions late in ``year`` (this year by default): see late_condition."""
        return self.filter(self.late_condition(year))

    def for_user(self, user):
        # Who reads every schéma reads every action: no join on the fiches to count or sort them.
        if Schema.objects.reads_every_schema(user):
            return self.all()
        return self.filter(fiche__schema_id__in=Schema.objects.ids_for_user(user))

    def with_current_state(self):
        """Actions with their fiche and their latest update (and its author) loaded in the same query."""
        return self.select_related("fiche__orientation__axis__schema", "last_update__author")

    def as_of(self, year):
        """Actions to be read as they stood at the end of ``year``: each one's latest update dated in ``year``
        or before comes with it (one more query), and ``Action.state_at_end_of(year)`` applies it.

        The history is append-only, so the state of a past year never changes afterwards."""
        latest = (
            ActionUpdate.objects.filter(action=OuterRef("action"), date__year__lte=year)
            .order_by("-date", "-created_at", "-pk")
            .values("pk")[:1]
        )
        updates = ActionUpdate.objects.filter(pk=Subquery(latest)).select_related("author")
        return self.prefetch_related(Prefetch("updates", queryset=updates, to_attr="updates_as_of"))


class Action(models.Model):
    fiche = models.ForeignKey(Fiche, verbose_name="fiche-action", on_delete=models.CASCADE, related_name="actions")
    number = models.PositiveSmallIntegerField("numéro")
    text = models.TextField("intitulé")
    first_year = models.PositiveSmallIntegerField("échéance : première année")
    last_year = models.PositiveSmallIntegerField("échéance : dernière année")
    # Current state, copied from the latest ActionUpdate by fiches.services.record_update
    # so that lists can filter and sort on it without reading the history.
    status = models.CharField("statut", max_length=20, choices=ActionStatus.choices, default=ActionStatus.A_VENIR)
    progress = models.PositiveSmallIntegerField("avancement (%)", default=0)
    last_update = models.ForeignKey(
        "ActionUpdate",
        verbose_name="dernière mise à jour",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    # The text folded (core.search), for the header search and the list's.
    search_text = folded_column("text")

    objects = ActionQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["search_text"])

    class Meta:
        verbose_name = "action"
        ordering = ["fiche", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["fiche", "number"],
                name="action_number_unique",
                violation_error_message="La fiche a déjà une action de ce numéro.",
            ),
            models.CheckConstraint(
                condition=Q(first_year__lte=F("last_year")),
                name="action_echeance_ordered",
                violation_error_message="La première année de l'échéance doit précéder ou égaler la dernière.",
            ),
            models.CheckConstraint(
                condition=Q(progress__lte=100),
                name="action_progress_max_100",
                violation_error_message="L'avancement est un pourcentage entre 0 et 100.",
            ),
            *status_progress_constraints("action"),
        ]

    def __str__(self):
        return f"{self.fiche.code} — Action {self.number}"

    def save(self, *args, **kwargs):
        if getattr(self, "state_year", None) is not None:
            raise ValueError("Cette action est lue telle qu'elle était en fin d'année : elle ne s'enregistre pas.")
        super().save(*args, **kwargs)

    def clean(self):
        schema = self.fiche.schema if self.fiche_id else None
        if not (schema and self.first_year and self.last_year):
            return
        if self.first_year < schema.first_year or self.last_year > schema.last_year:
            raise ValidationError(
                f"L'échéance ({self.first_year} à {self.last_year}) doit rester dans la période du schéma "
                f"({schema.first_year} à {schema.last_year})."
            )

    def state_at_end_of(self, year):
        """This action turned into its state at the end of ``year`` (read with ``Action.objects.as_of(year)``):
        status, progress and last update of its latest update dated in ``year`` or before (à venir, 0 % before
        the first), lateness judged in ``year``. Such an instance is a read-only view: saving it is refused."""
        updates = self.updates_as_of
        update = updates[0] if updates else None
        self.last_update = update
        self.status = update.status if update else ActionStatus.A_VENIR
        self.progress = update.progress if update else 0
        self.state_year = year
        return self

    @property
    def is_late(self):
        """ActionQuerySet.late_condition for this action, judged in the year it is read for (this year by default)."""
        year = getattr(self, "state_year", None) or timezone.localdate().year
        return self.last_year < year and self.status not in CLOSED_STATUSES

    @property
    def comment_of_year(self):
        """The last update's comment when it was written in the year the action is read for (else "")."""
        update = self.last_update
        year = getattr(self, "state_year", None)
        if update is None or (year is not None and update.date.year != year):
            return ""
        return update.comment

    @property
    def echeance(self):
        if self.first_year == self.last_year:
            return str(self.first_year)
        return f"{self.first_year} à {self.last_year}"


class ActionUpdate(models.Model):
    """One entry of an action's progress history. Append-only: never edited, never deleted."""

    action = models.ForeignKey(Action, verbose_name="action", on_delete=models.CASCADE, related_name="updates")
    date = models.DateField("date", default=timezone.localdate)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="auteur", null=True, on_delete=models.SET_NULL, related_name="action_updates"
    )
    status = models.CharField("statut", max_length=20, choices=ActionStatus.choices)
    progress = models.PositiveSmallIntegerField("avancement (%)")
    comment = models.TextField("commentaire", blank=True)
    created_at = models.DateTimeField("enregistrée le", default=timezone.now, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "mise à jour d'avancement"
        verbose_name_plural = "mises à jour d'avancement"
        ordering = ["action", "-date", "-created_at"]
        get_latest_by = ["date", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__lte=100),
                name="action_update_progress_max_100",
                violation_error_message="L'avancement est un pourcentage entre 0 et 100.",
            ),
            *status_progress_constraints("action_update"),
        ]

    def __str__(self):
        return f"{self.action} — {self.get_status_display()} {self.progress} % ({self.date:%d/%m/%Y})"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("L'historique d'avancement ne se réécrit pas : enregistrez une nouvelle mise à jour.")
        super().save(*args, **kwargs)


class ExpectedResult(models.Model):
    fiche = models.ForeignKey(Fiche, verbose_name="fiche-action", on_delete=models.CASCADE, related_name="expected_results")
    text = models.TextField("résultat attendu")
    order = models.PositiveSmallIntegerField("ordre", default=0)

    class Meta:
        verbose_name = "résultat attendu"
        verbose_name_plural = "résultats attendus"
        ordering = ["fiche", "order"]

    def __str__(self):
        return self.text[:80]

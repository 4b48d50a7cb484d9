import datetime

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core.search import Folded, contains, folded_column, search

from .enums import (
    AgrementKind,
    AgrementStatus,
    ConventionKind,
    FundingNature,
    Gestion,
    OrganisationKind,
    StructureKind,
)

# An agrément lasts at most four years; 1,461 days is four years with a leap day.
# The exact calendar rule (end before the fourth anniversary) is checked in clean().
AGREMENT_MAX_DAYS = 4 * 365 + 1


def add_years(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


class CommuneQuerySet(models.QuerySet):
    def in_department(self, code):
        return self.filter(department_code=code)


class Commune(models.Model):
    insee_code = models.CharField("code INSEE", max_length=5, unique=True)
    name = models.CharField("nom", max_length=150)
    department_code = models.CharField("code département", max_length=3, db_index=True)
    department_name = models.CharField("département", max_length=100, blank=True)
    epci_code = models.CharField("code EPCI (SIREN)", max_length=9, blank=True, db_index=True)
    epci_name = models.CharField("EPCI", max_length=200, blank=True)
    epci_kind = models.CharField("nature de l'EPCI", max_length=4, blank=True)
    population = models.PositiveIntegerField("population municipale", null=True, blank=True)
    parent_code = models.CharField("commune parente", max_length=5, blank=True, help_text="Pour les arrondissements municipaux.")
    postal_codes = models.CharField("codes postaux", max_length=200, blank=True, help_text="Séparés par des espaces.")
    # A commune absent from a later national file has merged into another: it stays, so that the
    # structures attached to it keep their commune, and says so.
    merged = models.BooleanField("commune fusionnée", default=False)
    # The name folded (core.search), copied on the commune's structures for the searches by commune.
    folded_name = folded_column("name")

    objects = CommuneQuerySet.as_manager()

    class Meta:
        verbose_name = "commune"
        ordering = ["name"]

    def __str__(self):
        if self.merged:
            return f"{self.name} ({self.insee_code}, commune fusionnée)"
        return f"{self.name} ({self.insee_code})"


class Organisation(models.Model):
    name = models.CharField("nom", max_length=200, unique=True)
    short_name = models.CharField("sigle", max_length=50, blank=True)
    kind = models.CharField("nature", max_length=20, choices=OrganisationKind.choices, default=OrganisationKind.AUTRE)
    department_code = models.CharField("code département", max_length=3, blank=True)
    commune = models.ForeignKey(Commune, verbose_name="commune", null=True, blank=True, on_delete=models.SET_NULL)
    email = models.EmailField("courriel", blank=True)
    website = models.URLField("site web", blank=True)
    notes = models.TextField("notes", blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    # Name and sigle folded (core.search), for the header search.
    search_text = folded_column("name", "short_name")

    history = HistoricalRecords(excluded_fields=["search_text"])

    class Meta:
        verbose_name = "organisation"
        ordering = ["name"]
        # Lists and choices in French alphabetical order read their rows straight from this index.
        indexes = [models.Index(Folded("name"), F("id"), name="organisation_french_order")]

    def __str__(self):
        return self.name


class StructureQuerySet(models.QuerySet):
    def in_territory_of(self, organisation, *, department_code):
        """The structures of ``organisation``'s territory within the département: its commune's when it has
        one (a commune, a CCAS), else the whole département when it is the département's own body (its code
        set: Conseil départemental, Métropole, MSA, Carsat…), else none."""
        if organisation.commune_id:
            return self.filter(commune_id=organisation.commune_id, commune__department_code=department_code)
        if organisation.department_code == department_code:
            return self.in_department(department_code)
        return self.none()

    def in_department(self, code):
        return self.filter(commune__department_code=code)

    def for_user(self, user):
        """Structures whose full file the user may read (structures.scopes, which the rules read too)."""
        from .scopes import readable_structures

        return readable_structures(user).filter(self)

    def listed_for(self, user):
        """Structures whose public identity is listed for the user (structures.scopes)."""
        from .scopes import listed_structures

        return listed_structures(user).filter(self)

    def search(self, text):
        """Structures whose name or commune contains the words typed, accents and case forgiven."""
        return search(self, [], text, matches=[contains("folded_name"), contains("commune_folded_name")])

    def in_french_order(self):
        """By name as a French reader sorts: « États-Unis » among the E, before « Pentes »."""
        return self.order_by("folded_name", "pk")

    def with_agrement_end(self):
        """Annotate ``agrement_end``: the latest end of the structure's granted (or since expired) main
        agrément (AGC for a centre social, animation locale for an EVS; ACF follows AGC). An agrément
        still in instruction does not count until it is granted."""
        return self.annotate(
            agrement_end=models.Max(
                "agrements__end_date",
                filter=Q(
                    agrements__status__in=[AgrementStatus.ACCORDE, AgrementStatus.EXPIRE],
                    agrements__kind__in=[AgrementKind.AGC, AgrementKind.ANIMATION_LOCALE],
                ),
            )
        )

    def agrement_ending_within(self, months=12, on=None):
        on = on or timezone.localdate()
        return self.with_agrement_end().filter(agrement_end__gte=on, agrement_end__lte=months_later(on, months))

    def agrement_expired(self, on=None):
        on = on or timezone.localdate()
        return self.with_agrement_end().filter(agrement_end__lt=on)

    def agrement_missing(self):
        return self.with_agrement_end().filter(agrement_end__isnull=True)

    def agrement_valid(self, months=12, on=None):
        on = on or timezone.localdate()
        return self.with_agrement_end().filter(agrement_end__gt=months_later(on, months))


def months_later(day, months):
    return day + datetime.timedelta(days=round(months * 30.44))


class Structure(models.Model):
    name = models.CharField("nom", max_length=200)
    kind = models.CharField("type", max_length=20, choices=StructureKind.choices)
    gestion = models.CharField("gestion", max_length=20, choices=Gestion.choices, default=Gestion.ASSOCIATIVE)
    manager = models.ForeignKey(
        Organisation,
        verbose_name="organisme gestionnaire",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="managed_structures",
    )
    siret = models.CharField("SIRET", max_length=14, blank=True)
    address = models.CharField("adresse", max_length=255, blank=True)
    postal_code = models.CharField("code postal", max_length=5, blank=True)
    commune = models.ForeignKey(Commune, verbose_name="commune", on_delete=models.PROTECT, related_name="structures")
    qpv = models.BooleanField("en QPV ou au service d'un QPV", default=False)
    qpv_name = models.CharField("quartier prioritaire", max_length=200, blank=True)
    federation_member = models.BooleanField("adhérent à la Fédération des centres sociaux", default=False)
    director_name = models.CharField("directeur ou directrice", max_length=150, blank=True)
    email = models.EmailField("courriel", blank=True)
    phone = models.CharField("téléphone", max_length=30, blank=True)
    website = models.URLField("site web", blank=True)
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    # The name folded (core.search), for the searches and the French order.
    folded_name = folded_column("name")
    # The commune's folded_name, copied so that a search by commune reads the structures alone rather than
    # every commune of France. Kept by database triggers (migration 0010) on every write, bulk ones and
    # imports too: whatever is written here is replaced by the commune's.
    commune_folded_name = models.TextField(default="", editable=False)

    objects = StructureQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["folded_name", "commune_folded_name"])

    class Meta:
        verbose_name = "structure"
        ordering = ["name"]
        # The list of structures (in_french_order) reads its page straight from this index.
        indexes = [models.Index(fields=["folded_name", "id"], name="structure_french_order")]
        constraints = [
            models.UniqueConstraint(
                fields=["siret"],
                condition=~Q(siret=""),
                name="structure_siret_unique",
                violation_error_message="Une structure porte déjà ce numéro SIRET.",
            ),
            models.CheckConstraint(
                condition=Q(siret="") | Q(siret__regex=r"^[0-9]{14}$"),
                name="structure_siret_14_digits",
                violation_error_message="Le SIRET doit compter exactement 14 chiffres.",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def department_code(self):
        return self.commune.department_code

    def agrement_flag(self, on=None):
        """ "missing", "expired", "ending" (within 12 months) or "valid", from ``agrement_end``
        (annotated by ``with_agrement_end``)."""
        end = getattr(self, "agrement_end", None)
        on = on or timezone.localdate()
        if end is None:
            return "missing"
        if end < on:
            return "expired"
        if end <= months_later(on, 12):
            return "ending"
        return "valid"


class SenacsResponse(models.Model):
    """A structure answered the national observatory SENACS for a year."""

    structure = models.ForeignKey(Structure, on_delete=models.CASCADE, related_name="senacs_responses")
    year = models.PositiveSmallIntegerField("année")

    class Meta:
        verbose_name = "réponse SENACS"
        verbose_name_plural = "réponses SENACS"
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["structure", "year"],
                name="senacs_one_per_year",
                violation_error_message="La réponse SENACS de cette année est déjà enregistrée.",
            )
        ]

    def __str__(self):
        return f"{self.structure} — SENACS {self.year}"


class AgrementQuerySet(models.QuerySet):
    def current(self, on=None):
        on = on or timezone.localdate()
        return self.filter(status=AgrementStatus.ACCORDE, start_date__lte=on, end_date__gte=on)

    def in_force_in(self, year):
        """Agréments granted (accordés, or accordés since expired) in force at some point of ``year``."""
        return self.filter(
            status__in=[AgrementStatus.ACCORDE, AgrementStatus.EXPIRE],
            start_date__lte=datetime.date(year, 12, 31),
            end_date__gte=datetime.date(year, 1, 1),
        )

    def ending_within(self, months=12, on=None):
        on = on or timezone.localdate()
        limit = on + datetime.timedelta(days=round(months * 30.44))
        return self.filter(status=AgrementStatus.ACCORDE, end_date__gte=on, end_date__lte=limit)

    def expired(self, on=None):
        on = on or timezone.localdate()
        return self.filter(Q(status=AgrementStatus.EXPIRE) | Q(status=AgrementStatus.ACCORDE, end_date__lt=on))


class Agrement(models.Model):
    structure = models.ForeignKey(Structure, verbose_name="structure", on_delete=models.CASCADE, related_name="agrements")
    kind = models.CharField("nature", max_length=20, choices=AgrementKind.choices)
    start_date = models.DateField("début")
    end_date = models.DateField("fin")
    decision_date = models.DateField("date de décision", null=True, blank=True)
    status = models.CharField("statut", max_length=20, choices=AgrementStatus.choices, default=AgrementStatus.INSTRUCTION)
    comment = models.TextField("commentaire", blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = AgrementQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "agrément"
        ordering = ["structure", "kind", "-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gt=F("start_date")),
                name="agrement_end_after_start",
                violation_error_message="La fin de l'agrément doit suivre son début.",
            ),
            models.CheckConstraint(
                condition=Q(end_date__lte=F("start_date") + datetime.timedelta(days=AGREMENT_MAX_DAYS)),
                name="agrement_at_most_four_years",
                violation_error_message="Un agrément dure au plus 4 ans.",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.structure} ({self.start_date:%d/%m/%Y} au {self.end_date:%d/%m/%Y})"

    def clean(self):
        from django.core.exceptions import ValidationError

        errors = {}
        if self.start_date and self.end_date and self.end_date >= add_years(self.start_date, 4):
            errors["end_date"] = "Un agrément dure au plus 4 ans : la fin doit précéder le quatrième anniversaire du début."
        # A decision (granted, refused, or granted and since expired) is a fact: it has happened. Only an
        # agrément still in instruction may carry a planned date, that of the coming commission.
        decided = self.status in (AgrementStatus.ACCORDE, AgrementStatus.REFUSE, AgrementStatus.EXPIRE)
        if decided and self.decision_date and self.decision_date > timezone.localdate():
            errors["decision_date"] = (
                f"Un agrément « {self.get_status_display()} » a été décidé : sa date de décision "
                f"({self.decision_date:%d/%m/%Y}) ne peut pas être dans le futur."
            )
        if errors:
            raise ValidationError(errors)


FUNDING_DUPLICATE = (
    "Ce financement est déjà enregistré pour cette structure : même financeur, même année, même nature "
    "et même montant. Corrigez la ligne existante plutôt que d'en ajouter une seconde."
)


class Funding(models.Model):
    structure = models.ForeignKey(Structure, verbose_name="structure", on_delete=models.CASCADE, related_name="fundings")
    funder = models.ForeignKey(Organisation, verbose_name="financeur", on_delete=models.PROTECT, related_name="fundings")
    year = models.PositiveSmallIntegerField("année")
    nature = models.CharField("nature", max_length=30, choices=FundingNature.choices)
    amount = models.DecimalField("montant (€)", max_digits=12, decimal_places=2)
    comment = models.CharField("commentaire", max_length=255, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "financement"
        ordering = ["-year", "structure", "funder"]
        indexes = [models.Index(fields=["year", "structure"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="funding_amount_positive",
                violation_error_message="Le montant d'un financement ne peut pas être négatif.",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=1990, year__lte=2100),
                name="funding_year_plausible",
                violation_error_message="L'année doit être comprise entre 1990 et 2100.",
            ),
            # Two identical lines would count the money twice in every total: two equal payments of one
            # funder are one line of their sum, or lines of different natures.
            models.UniqueConstraint(
                fields=["structure", "funder", "year", "nature", "amount"],
                name="funding_not_duplicated",
                violation_error_message=FUNDING_DUPLICATE,
            ),
        ]

    def __str__(self):
        return f"{self.funder} → {self.structure} ({self.year})"


class ConventionQuerySet(models.QuerySet):
    def signed_in(self, year):
        return self.filter(signed_on__year=year)

    def for_user(self, user):
        """Conventions the user may read (structures.scopes)."""
        from .scopes import readable_conventions

        return readable_conventions(user).filter(self)


class Convention(models.Model):
    kind = models.CharField("nature", max_length=20, choices=ConventionKind.choices)
    title = models.CharField("intitulé", max_length=255)
    department_code = models.CharField("code département", max_length=3, db_index=True)
    signed_on = models.DateField("signée le", null=True, blank=True)
    start_date = models.DateField("début", null=True, blank=True)
    end_date = models.DateField("fin", null=True, blank=True)
    organisations = models.ManyToManyField(
        Organisation, verbose_name="organisations signataires", blank=True, related_name="conventions"
    )
    structures = models.ManyToManyField(Structure, verbose_name="structures signataires", blank=True, related_name="conventions")
    comment = models.TextField("commentaire", blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ConventionQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[organisations, structures])

    class Meta:
        verbose_name = "convention"
        ordering = ["-signed_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_date__isnull=True) | Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="convention_end_after_start",
                violation_error_message="La fin de la convention doit suivre son début.",
            )
        ]

    def __str__(self):
        return self.title

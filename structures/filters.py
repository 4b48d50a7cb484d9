"""List filters (django-filter) for the structures pages."""

import django_filters
from django import forms
from django.db.models import Q

from core.search import Folded, fold

from .enums import ConventionKind, Gestion, StructureKind
from .models import Commune, Convention, Structure

AGREMENT_STATUS_CHOICES = [
    ("valid", "En cours (plus de 12 mois)"),
    ("ending", "Se termine dans les 12 mois"),
    ("expired", "Expiré"),
    ("missing", "Aucun agrément accordé"),
]
YES_NO = [("oui", "Oui"), ("non", "Non")]
# Past this many communes in the person's scope, commune and EPCI are typed rather than chosen.
CHOICES_LIMIT = 400


class StructureFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Rechercher", method="filter_search")
    kind = django_filters.ChoiceFilter(label="Type", choices=StructureKind.choices, empty_label="Tous les types")
    gestion = django_filters.ChoiceFilter(label="Gestion", choices=Gestion.choices, empty_label="Toutes")
    commune = django_filters.ModelChoiceFilter(label="Commune", queryset=Commune.objects.none(), empty_label="Toutes")
    epci = django_filters.ChoiceFilter(label="EPCI", choices=[], method="filter_epci", empty_label="Tous")
    qpv = django_filters.ChoiceFilter(label="QPV", choices=YES_NO, method="filter_boolean", empty_label="Indifférent")
    federation_member = django_filters.ChoiceFilter(
        label="Adhérent Fédération", choices=YES_NO, method="filter_boolean", empty_label="Indifférent"
    )
    agrement = django_filters.ChoiceFilter(
        label="Agrément", choices=AGREMENT_STATUS_CHOICES, method="filter_agrement", empty_label="Tous"
    )
    ending_within = django_filters.NumberFilter(
        label="Agrément finissant dans (mois)",
        method="filter_ending_within",
        widget=forms.NumberInput(attrs={"min": 1, "max": 60}),
    )

    class Meta:
        model = Structure
        fields = []

    def __init__(self, *args, structures=None, **kwargs):
        super().__init__(*args, **kwargs)
        if structures is None:
            structures = Structure.objects.all()
        # A national scope holds thousands of communes and an EPCI list as long: past a département's
        # size, the two lists become text fields (name or code) instead of rendering every option. The
        # communes' ids are read from the structures alone, and no further than the limit, so that a
        # country-wide list does not join and sort the country's communes only to find it has too many.
        commune_ids = list(structures.order_by().values_list("commune", flat=True).distinct()[: CHOICES_LIMIT + 1])
        if len(commune_ids) > CHOICES_LIMIT:
            typed = {
                "commune": django_filters.CharFilter(label="Commune (nom ou code INSEE)", method="filter_commune_text"),
                "epci": django_filters.CharFilter(label="EPCI (nom ou code SIREN)", method="filter_epci_text"),
            }
            for name, typed_filter in typed.items():
                typed_filter.field_name, typed_filter.parent = name, self
                self.filters[name] = typed_filter
            return
        # French alphabetical order: « Écully » beside « Ecully », not after « Villeurbanne ».
        communes = Commune.objects.filter(pk__in=commune_ids).order_by(Folded("name"), "pk")
        self.filters["commune"].queryset = communes
        epcis = {(code, name) for code, name in communes.exclude(epci_code="").values_list("epci_code", "epci_name")}
        self.filters["epci"].extra["choices"] = sorted(epcis, key=lambda item: fold(item[1]))

    def filter_commune_text(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(commune__insee_code=value) | Q(commune__name__iexact=value))

    def filter_epci_text(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(commune__epci_code=value) | Q(commune__epci_name__icontains=value))

    def filter_search(self, queryset, name, value):
        return queryset.search(value)

    def filter_epci(self, queryset, name, value):
        return queryset.filter(commune__epci_code=value)

    def filter_boolean(self, queryset, name, value):
        return queryset.filter(**{name: value == "oui"})

    def filter_agrement(self, queryset, name, value):
        return {
            "valid": queryset.agrement_valid,
            "ending": queryset.agrement_ending_within,
            "expired": queryset.agrement_expired,
            "missing": queryset.agrement_missing,
        }[value]()

    def filter_ending_within(self, queryset, name, value):
        months = max(1, min(120, int(value)))
        return queryset.agrement_ending_within(months)


class ConventionFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label="Nature", choices=ConventionKind.choices, empty_label="Toutes")
    year = django_filters.NumberFilter(
        label="Année de signature",
        field_name="signed_on",
        lookup_expr="year",
        widget=forms.NumberInput(attrs={"min": 1990}),
        # A year the date lookup can build (10**30 or 2024.5 made it fail with a 500).
        min_value=1,
        max_value=9999,
        decimal_places=0,
    )

    class Meta:
        model = Convention
        fields = []

"""The filters of the action list (django-filter)."""

import django_filters

from core.search import Folded, search
from core.widgets import QuickSelect
from structures.models import Organisation

from .enums import ActionStatus, FicheRole
from .models import Action, Axis, Fiche, Orientation, Schema

# Up to this many schémas in scope, the axis/orientation/fiche/pilot lists cover them all.
FEW_SCHEMAS = 3
SCHEMA_BOUND_FILTERS = ("axis", "orientation", "fiche", "pilot")


def _selected_schema(data, schema_ids):
    """The schéma chosen in the query string, if it is one of the person's, else None."""
    try:
        pk = int((data or {}).get("schema") or "")
    except (TypeError, ValueError):
        return None
    return pk if pk in schema_ids else None


class ActionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Recherche", method="filter_text")
    schema = django_filters.ModelChoiceFilter(
        label="Schéma", field_name="fiche__schema", queryset=Schema.objects.none(), widget=QuickSelect
    )
    axis = django_filters.ModelChoiceFilter(
        label="Axe", field_name="fiche__orientation__axis", queryset=Axis.objects.none(), widget=QuickSelect
    )
    orientation = django_filters.ModelChoiceFilter(
        label="Orientation", field_name="fiche__orientation", queryset=Orientation.objects.none(), widget=QuickSelect
    )
    fiche = django_filters.ModelChoiceFilter(label="Fiche-action", queryset=Fiche.objects.none(), widget=QuickSelect)
    status = django_filters.ChoiceFilter(label="Statut", choices=ActionStatus.choices, empty_label="Tous")
    pilot = django_filters.ModelChoiceFilter(
        label="Organisation pilote", queryset=Organisation.objects.none(), method="filter_pilot", widget=QuickSelect
    )
    year = django_filters.NumberFilter(label="Échéance (année)", method="filter_year")
    late = django_filters.ChoiceFilter(
        label="En retard",
        choices=[("oui", "En retard"), ("non", "Dans les temps")],
        empty_label="Toutes",
        method="filter_late",
    )
    order = django_filters.OrderingFilter(
        label="Trier par",
        empty_label="Fiche puis numéro",
        fields=(
            ("fiche__code", "fiche"),
            ("number", "number"),
            ("status", "status"),
            ("progress", "progress"),
            ("last_year", "echeance"),
            ("last_update__date", "updated"),
        ),
        field_labels={
            "fiche__code": "Fiche",
            "number": "Numéro",
            "status": "Statut",
            "progress": "Avancement",
            "last_year": "Échéance",
            "last_update__date": "Dernière mise à jour",
        },
    )

    class Meta:
        model = Action
        fields = []

    def __init__(self, data=None, *args, user, **kwargs):
        super().__init__(data, *args, **kwargs)
        schema_ids = Schema.objects.ids_for_user(user)
        self.filters["schema"].queryset = Schema.objects.filter(pk__in=schema_ids)
        for name, empty in (
            ("schema", "Tous"),
            ("axis", "Tous"),
            ("orientation", "Toutes"),
            ("fiche", "Toutes"),
            ("pilot", "Toutes"),
        ):
            self.filters[name].extra["empty_label"] = empty
        # The axis, orientation, fiche and pilot lists cover the chosen schéma, or the person's few
        # schémas; with every schéma of the country open and none chosen, they would list thousands of
        # options: the form then offers the schéma alone and asks to choose one first.
        selected = _selected_schema(data, schema_ids)
        scope = [selected] if selected is not None else schema_ids
        self.needs_schema = len(scope) > FEW_SCHEMAS
        if self.needs_schema:
            for name in SCHEMA_BOUND_FILTERS:
                del self.filters[name]
            return
        self.filters["axis"].queryset = Axis.objects.filter(schema_id__in=scope).select_related("schema")
        self.filters["orientation"].queryset = Orientation.objects.filter(axis__schema_id__in=scope)
        self.filters["fiche"].queryset = Fiche.objects.filter(schema_id__in=scope)
        pilots = Organisation.objects.filter(fiche_links__role=FicheRole.PILOT, fiche_links__fiche__schema_id__in=scope)
        self.filters["pilot"].queryset = Organisation.objects.filter(pk__in=pilots.values("pk")).order_by(Folded("name"), "pk")

    def filter_text(self, queryset, name, value):
        # Accents and case forgiven: « developpement » finds « Développement ».
        return search(queryset, ["text", "fiche__code", "fiche__title"], value)

    def filter_pilot(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(
            fiche__in=Fiche.objects.filter(organisation_links__role=FicheRole.PILOT, organisation_links__organisation=value)
        )

    def filter_year(self, queryset, name, value):
        """Actions whose échéance includes the year."""
        if value is None:
            return queryset
        return queryset.filter(first_year__lte=value, last_year__gte=value)

    def filter_late(self, queryset, name, value):
        if not value:
            return queryset
        late = queryset.late()
        return late if value == "oui" else queryset.exclude(pk__in=late.values("pk"))

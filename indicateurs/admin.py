from django.contrib import admin

from comptes.admin_access import HistoryAdmin, Inline, ModelAdmin
from fiches.admin import FicheAdmin
from fiches.models import Fiche

from .models import Campaign, CampaignEvent, Indicator, IndicatorTarget, IndicatorValue


class IndicatorInline(Inline):
    model = Indicator
    fields = ("order", "label", "kind", "level", "aggregation", "unit", "computed_source")
    show_change_link = True


# The fiche's indicators belong in the fiche's admin page, but fiches/ may not import indicateurs/
# (STYLE.md: dependencies go one way). So this app, which may read fiches, extends the fiche admin:
# it subclasses fiches.admin.FicheAdmin with one more inline and registers the subclass in its place.
# Public admin API only (unregister/register), and FicheAdmin itself stays whole for its own tests.
class FicheWithIndicatorsAdmin(FicheAdmin):
    inlines = [*FicheAdmin.inlines, IndicatorInline]


admin.site.unregister(Fiche)
admin.site.register(Fiche, FicheWithIndicatorsAdmin)


class IndicatorTargetInline(Inline):
    model = IndicatorTarget
    fields = ("year", "value")


@admin.register(Indicator)
class IndicatorAdmin(HistoryAdmin):
    list_display = ("__str__", "fiche", "kind", "level", "aggregation", "unit", "is_computed")
    list_filter = ("kind", "level", "fiche__schema")
    search_fields = ("label", "fiche__code", "fiche__title")
    autocomplete_fields = ("fiche",)
    list_select_related = ("fiche",)
    inlines = [IndicatorTargetInline]

    @admin.display(description="calculé", boolean=True)
    def is_computed(self, obj):
        return obj.is_computed


@admin.register(IndicatorTarget)
class IndicatorTargetAdmin(ModelAdmin):
    list_display = ("indicator", "year", "value")
    list_filter = ("year",)
    search_fields = ("indicator__label",)
    autocomplete_fields = ("indicator",)
    list_select_related = ("indicator",)


@admin.register(Campaign)
class CampaignAdmin(HistoryAdmin):
    list_display = ("__str__", "schema", "year", "opens_on", "closes_on", "status")
    list_filter = ("status", "year", "schema")
    search_fields = ("schema__title",)
    autocomplete_fields = ("schema",)
    list_select_related = ("schema",)


@admin.register(IndicatorValue)
class IndicatorValueAdmin(HistoryAdmin):
    list_display = ("indicator", "structure", "campaign", "display", "status", "updated_by", "updated_at")
    list_filter = ("status", "campaign")
    search_fields = ("indicator__label", "structure__name")
    autocomplete_fields = ("indicator", "campaign", "structure")
    list_select_related = ("indicator", "structure", "campaign__schema", "updated_by")
    readonly_fields = ("updated_by", "updated_at")

    @admin.display(description="valeur")
    def display(self, obj):
        return obj.display

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(CampaignEvent)
class CampaignEventAdmin(ModelAdmin):
    """The campaign's log (reopenings, extensions, reminders) is written by the application and only read here."""

    list_display = ("at", "campaign", "structure", "kind", "until", "emails", "by")
    list_filter = ("kind", "campaign")
    search_fields = ("structure__name", "reason")
    list_select_related = ("campaign__schema", "structure", "by")

    def has_add_permission(self, request, *args, **kwargs):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

from django.contrib import admin

from comptes.admin_access import HistoryAdmin, Inline, ModelAdmin

from .models import Agrement, Commune, Convention, Funding, Organisation, SenacsResponse, Structure


@admin.register(Commune)
class CommuneAdmin(ModelAdmin):
    list_display = ("name", "insee_code", "department_code", "epci_name", "population", "postal_codes", "merged")
    list_filter = ("merged", "department_code")
    search_fields = ("name", "insee_code", "epci_name", "postal_codes")
    ordering = ("name",)


@admin.register(Organisation)
class OrganisationAdmin(ModelAdmin):
    list_display = ("name", "short_name", "kind", "department_code", "commune")
    list_filter = ("kind", "department_code")
    search_fields = ("name", "short_name")
    autocomplete_fields = ("commune",)
    list_select_related = ("commune",)


class AgrementInline(Inline):
    model = Agrement
    fields = ("kind", "start_date", "end_date", "decision_date", "status", "comment")


class FundingInline(Inline):
    model = Funding
    fields = ("year", "funder", "nature", "amount", "comment")
    autocomplete_fields = ("funder",)
    ordering = ("-year", "funder__name")


class SenacsResponseInline(Inline):
    model = SenacsResponse
    fields = ("year",)
    verbose_name_plural = "réponses à SENACS"


@admin.register(Structure)
class StructureAdmin(HistoryAdmin):
    list_display = ("name", "kind", "gestion", "commune", "qpv", "federation_member")
    list_filter = ("kind", "gestion", "qpv", "federation_member", "commune__department_code")
    search_fields = ("name", "siret", "commune__name", "commune__insee_code", "director_name")
    autocomplete_fields = ("commune", "manager")
    list_select_related = ("commune",)
    fieldsets = (
        (None, {"fields": ("name", "kind", "gestion", "manager", "siret")}),
        ("Adresse et territoire", {"fields": ("address", "postal_code", "commune", "qpv", "qpv_name")}),
        ("Direction et contacts", {"fields": ("director_name", "email", "phone", "website")}),
        ("Réseau", {"fields": ("federation_member",)}),
    )
    inlines = [AgrementInline, FundingInline, SenacsResponseInline]


@admin.register(SenacsResponse)
class SenacsResponseAdmin(ModelAdmin):
    list_display = ("structure", "year")
    list_filter = ("year",)
    search_fields = ("structure__name",)
    autocomplete_fields = ("structure",)
    list_select_related = ("structure",)


@admin.register(Agrement)
class AgrementAdmin(HistoryAdmin):
    list_display = ("structure", "kind", "start_date", "end_date", "status")
    list_filter = ("kind", "status", "structure__commune__department_code")
    search_fields = ("structure__name",)
    autocomplete_fields = ("structure",)
    list_select_related = ("structure",)
    date_hierarchy = "end_date"


@admin.register(Funding)
class FundingAdmin(HistoryAdmin):
    list_display = ("structure", "funder", "year", "nature", "amount")
    list_filter = ("year", "nature", "funder")
    search_fields = ("structure__name", "funder__name")
    autocomplete_fields = ("structure", "funder")
    list_select_related = ("structure", "funder")


@admin.register(Convention)
class ConventionAdmin(HistoryAdmin):
    list_display = ("title", "kind", "department_code", "signed_on", "start_date", "end_date")
    list_filter = ("kind", "department_code")
    search_fields = ("title",)
    autocomplete_fields = ("organisations", "structures")
    date_hierarchy = "signed_on"

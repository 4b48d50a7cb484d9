from django import forms
from django.contrib import admin
from django.db.models import F
from simple_history.admin import SimpleHistoryAdmin

from comptes.admin_access import AdminRolePermissionsMixin
from core.concurrency import VersionedAdminMixin

from .models import Action, ActionUpdate, Axis, ExpectedResult, Fiche, FicheOrganisation, Orientation, Schema


class WideTitleMixin:
    """Axes, orientations and fiches have long titles (a sentence of the schéma): give them room."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "title":
            kwargs["widget"] = forms.Textarea(attrs={"rows": 2, "cols": 90})
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class Inline(WideTitleMixin, AdminRolePermissionsMixin, admin.TabularInline):
    extra = 0


class ModelAdmin(WideTitleMixin, VersionedAdminMixin, AdminRolePermissionsMixin, admin.ModelAdmin):
    pass


class HistoryAdmin(WideTitleMixin, VersionedAdminMixin, AdminRolePermissionsMixin, SimpleHistoryAdmin):
    pass


# --- Schéma → axes → orientations → fiches -------------------------------------------------------


class SchemaTreeAdminMixin:
    """The application edits axes and orientations on their schéma's pages, guarded by the schéma's version
    (fiches/services_schema.py): a save or a deletion here bumps it too, so that such a page opened before is
    refused as stale instead of overwriting what the administrateur wrote."""

    schema_path = None  # the lookup from the object to its schéma: "schema", "axis__schema"

    def _bump_schemas(self, queryset):
        ids = list(queryset.values_list(self.schema_path, flat=True))
        Schema.objects.filter(pk__in=ids).update(version=F("version") + 1)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        self._bump_schemas(type(obj).objects.filter(pk=obj.pk))

    def delete_model(self, request, obj):
        self._bump_schemas(type(obj).objects.filter(pk=obj.pk))
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        self._bump_schemas(queryset)
        super().delete_queryset(request, queryset)


class AxisInline(Inline):
    model = Axis
    fields = ("number", "title")
    show_change_link = True


@admin.register(Schema)
class SchemaAdmin(HistoryAdmin):
    list_display = ("title", "department_name", "department_code", "first_year", "last_year", "status", "pilot")
    list_filter = ("status", "department_code")
    search_fields = ("title", "department_name", "department_code", "slug")
    autocomplete_fields = ("pilot",)
    prepopulated_fields = {"slug": ("department_name", "first_year", "last_year")}
    list_select_related = ("pilot",)
    inlines = [AxisInline]


class OrientationInline(Inline):
    model = Orientation
    fields = ("number", "title")
    show_change_link = True


@admin.register(Axis)
class AxisAdmin(SchemaTreeAdminMixin, ModelAdmin):
    schema_path = "schema"
    list_display = ("__str__", "schema")
    list_filter = ("schema",)
    search_fields = ("title", "schema__title")
    list_select_related = ("schema",)
    inlines = [OrientationInline]


class FicheInline(Inline):
    model = Fiche
    fields = ("code", "title")
    show_change_link = True


@admin.register(Orientation)
class OrientationAdmin(SchemaTreeAdminMixin, ModelAdmin):
    schema_path = "axis__schema"
    list_display = ("__str__", "axis", "schema")
    list_filter = ("axis__schema",)
    search_fields = ("number", "title", "axis__title")
    list_select_related = ("axis__schema",)
    inlines = [FicheInline]

    @admin.display(description="schéma", ordering="axis__schema")
    def schema(self, obj):
        return obj.axis.schema


# --- Fiche and what it holds ---------------------------------------------------------------------


class ActionInline(Inline):
    model = Action
    fields = ("number", "text", "first_year", "last_year", "status", "progress")
    readonly_fields = ("status", "progress")
    show_change_link = True


class ExpectedResultInline(Inline):
    model = ExpectedResult
    fields = ("order", "text")


class FicheOrganisationInline(Inline):
    model = FicheOrganisation
    fields = ("organisation", "role", "detail", "order")
    autocomplete_fields = ("organisation",)


@admin.register(Fiche)
class FicheAdmin(HistoryAdmin):
    list_display = ("code", "title", "orientation", "schema", "updated_at")
    list_filter = ("schema", "orientation__axis")
    search_fields = ("code", "title")
    list_select_related = ("schema", "orientation")
    autocomplete_fields = ("orientation",)
    filter_horizontal = ("followers",)
    readonly_fields = ("schema", "updated_at")
    fieldsets = (
        (None, {"fields": ("orientation", "schema", "code", "title", "updated_at")}),
        (
            "Contenu de la fiche",
            {"fields": Fiche.TEXT_FIELDS},
        ),
        ("Suivi", {"fields": ("followers",)}),
    )
    # indicateurs/admin.py adds the IndicatorInline (fiches may not import indicateurs).
    inlines = [FicheOrganisationInline, ActionInline, ExpectedResultInline]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "followers":
            from comptes.enums import Role

            kwargs["queryset"] = db_field.related_model.objects.filter(role=Role.CONSEILLER)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(FicheOrganisation)
class FicheOrganisationAdmin(ModelAdmin):
    list_display = ("fiche", "organisation", "role")
    list_filter = ("role", "fiche__schema")
    search_fields = ("fiche__code", "fiche__title", "organisation__name")
    autocomplete_fields = ("fiche", "organisation")
    list_select_related = ("fiche", "organisation")


@admin.register(ExpectedResult)
class ExpectedResultAdmin(ModelAdmin):
    list_display = ("__str__", "fiche")
    list_filter = ("fiche__schema",)
    search_fields = ("text", "fiche__code")
    autocomplete_fields = ("fiche",)
    list_select_related = ("fiche",)


# --- Actions and their progress history ----------------------------------------------------------


class ReadOnlyHistoryMixin:
    """The progress history is append-only: it is read here and written by the progress page
    (fiches.services), which also copies the latest entry onto the action. The admin never writes it."""

    def has_add_permission(self, request, *args, **kwargs):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ActionUpdateInline(ReadOnlyHistoryMixin, Inline):
    model = ActionUpdate
    fields = ("date", "status", "progress", "comment", "author", "created_at")
    readonly_fields = fields
    ordering = ("-date", "-created_at")


@admin.register(Action)
class ActionAdmin(HistoryAdmin):
    list_display = ("__str__", "text_start", "first_year", "last_year", "status", "progress", "is_late")
    list_filter = ("status", "fiche__schema", "last_year")
    search_fields = ("text", "fiche__code", "fiche__title")
    autocomplete_fields = ("fiche",)
    list_select_related = ("fiche",)
    readonly_fields = ("status", "progress")
    fields = ("fiche", "number", "text", "first_year", "last_year", "status", "progress")
    inlines = [ActionUpdateInline]

    @admin.display(description="intitulé")
    def text_start(self, obj):
        return obj.text[:80]

    @admin.display(description="en retard", boolean=True)
    def is_late(self, obj):
        return obj.is_late


@admin.register(ActionUpdate)
class ActionUpdateAdmin(ReadOnlyHistoryMixin, ModelAdmin):
    list_display = ("action", "date", "status", "progress", "author")
    list_filter = ("status", "action__fiche__schema")
    search_fields = ("action__text", "action__fiche__code", "comment")
    list_select_related = ("action__fiche", "author")
    date_hierarchy = "date"

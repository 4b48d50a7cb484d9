from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from comptes.admin_access import AdminRolePermissionsMixin

from .models import Decision, DecisionReminder, DecisionUpdate, FicheWeather, Instance, Meeting


class HistoryAdmin(AdminRolePermissionsMixin, SimpleHistoryAdmin):
    pass


class AppendOnlyAdmin(AdminRolePermissionsMixin, admin.ModelAdmin):
    """Follow-ups and météos are never rewritten: the admin reads them only."""

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request, *args, **kwargs):
        return False


@admin.register(Instance)
class InstanceAdmin(HistoryAdmin):
    list_display = ["name", "kind", "schema"]
    list_filter = ["kind", "schema"]
    filter_horizontal = ["members"]


@admin.register(Meeting)
class MeetingAdmin(HistoryAdmin):
    list_display = ["body", "date", "place"]
    list_filter = ["body__schema"]
    filter_horizontal = ["attendees"]


@admin.register(Decision)
class DecisionAdmin(HistoryAdmin):
    list_display = ["__str__", "meeting", "carrier", "due_date", "status"]
    list_filter = ["status", "meeting__body__schema"]
    readonly_fields = ["status"]


admin.site.register(DecisionUpdate, AppendOnlyAdmin)
admin.site.register(FicheWeather, AppendOnlyAdmin)
admin.site.register(DecisionReminder, AppendOnlyAdmin)

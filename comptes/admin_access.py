"""The Django admin is the administrateurs' tool: a mixin for every ModelAdmin and inline of the project, and
the base classes built on it (a stale save is refused, the history of the objects that keep one is one click
away)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from core.concurrency import VersionedAdminMixin

from .rules import is_admin


class AdminRolePermissionsMixin:
    """For ModelAdmin and inline classes: the Django admin is the administrateurs' tool.

    An active administrateur (or superuser) may do everything there; nobody else anything, whatever
    the model-level answers of the rules (a conseiller may change *some* structures, which the admin,
    which does not ask per object, could not enforce). Django's ``is_staff`` still gates the site.
    """

    def _admin_allowed(self, request):
        return is_admin(request.user)

    def has_module_permission(self, request):
        return self._admin_allowed(request)

    def has_view_permission(self, request, obj=None):
        return self._admin_allowed(request)

    def has_add_permission(self, request, *args, **kwargs):
        return self._admin_allowed(request)

    def has_change_permission(self, request, obj=None):
        return self._admin_allowed(request)

    def has_delete_permission(self, request, obj=None):
        return self._admin_allowed(request)


class Inline(AdminRolePermissionsMixin, admin.TabularInline):
    extra = 0


class ModelAdmin(VersionedAdminMixin, AdminRolePermissionsMixin, admin.ModelAdmin):
    pass


class HistoryAdmin(VersionedAdminMixin, AdminRolePermissionsMixin, SimpleHistoryAdmin):
    pass

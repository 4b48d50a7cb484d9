"""The base classes of the apps' admin pages: only administrateurs reach them (AdminRolePermissionsMixin), a
stale save is refused (VersionedAdminMixin), and the history of the objects that keep one is one click away."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from core.access import AdminRolePermissionsMixin
from core.concurrency import VersionedAdminMixin


class Inline(AdminRolePermissionsMixin, admin.TabularInline):
    extra = 0


class ModelAdmin(VersionedAdminMixin, AdminRolePermissionsMixin, admin.ModelAdmin):
    pass


class HistoryAdmin(VersionedAdminMixin, AdminRolePermissionsMixin, SimpleHistoryAdmin):
    pass

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from simple_history.admin import SimpleHistoryAdmin

from core.concurrency import VersionedAdminMixin

from . import services
from .admin_access import AdminRolePermissionsMixin
from .enums import Role
from .forms import InvitationForm, UserAdminChangeForm, UserAdminCreationForm
from .models import Invitation, User

# The admin site is shared by every app; its titles are set once, here.
admin.site.site_header = "Administration AVS Schéma"
admin.site.site_title = "Administration AVS Schéma"
admin.site.index_title = "Paramétrage des schémas, des structures et des comptes"

# Access rests on roles (comptes/rules.py), not on Django's groups and per-user permissions:
# the admin offers neither, so that nobody grants a right the rules would not see.
admin.site.unregister(Group)


@admin.register(User)
class UserAdmin(VersionedAdminMixin, AdminRolePermissionsMixin, SimpleHistoryAdmin, DjangoUserAdmin):
    form = UserAdminChangeForm
    add_form = UserAdminCreationForm
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Identité", {"fields": ("first_name", "last_name", "phone")}),
        (
            "Rôle et périmètre",
            {
                "fields": ("role", "organisation", "schemas", "structures"),
                "description": (
                    "Un conseiller Caf voit les schémas qui lui sont confiés et les structures de leurs départements ; "
                    "un directeur ou une directrice, sa ou ses structures ; un partenaire, son organisation."
                ),
            },
        ),
        ("Statut du compte", {"fields": ("is_active", "is_superuser", "is_staff", "last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "first_name", "last_name", "role", "usable_password", "password1", "password2"),
            },
        ),
    )
    readonly_fields = ("is_staff", "last_login", "date_joined")
    list_display = ("email", "first_name", "last_name", "role", "organisation", "is_active", "last_login")
    list_filter = ("role", "is_active", "is_superuser", "schemas")
    search_fields = ("email", "first_name", "last_name", "organisation__name")
    ordering = ("last_name", "first_name", "email")
    autocomplete_fields = ("organisation",)
    filter_horizontal = ("schemas", "structures")
    list_select_related = ("organisation",)

    def save_model(self, request, obj, form, change):
        # Django's gate to this admin site follows the role: administrateurs (and superusers) only.
        obj.is_staff = obj.role == Role.ADMIN or obj.is_superuser
        super().save_model(request, obj, form, change)


@admin.register(Invitation)
class InvitationAdmin(AdminRolePermissionsMixin, admin.ModelAdmin):
    """Invitations can also be sent from here: saving a new one e-mails its link (as comptes:invitation_create)."""

    form = InvitationForm
    list_display = ("email", "role", "created_at", "expires_at", "used_at", "invited_by")
    list_filter = ("role",)
    search_fields = ("email", "first_name", "last_name")
    readonly_fields = ("invited_by", "created_at", "expires_at", "used_at", "user")
    filter_horizontal = ("schemas", "structures")
    list_select_related = ("invited_by",)

    def save_model(self, request, obj, form, change):
        if not change:
            request._invitation_token = services.prepare_invitation(obj, invited_by=request.user)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        token = getattr(request, "_invitation_token", None)
        if token:
            services.send_invitation(invitation=form.instance, token=token, request=request)

import re

from django import forms
from django.contrib.auth import forms as auth_forms

from core.concurrency import VersionedFormMixin
from core.search import french_order

from .enums import Role
from .models import Invitation, User


class EmailAuthenticationForm(auth_forms.AuthenticationForm):
    """The login form: people log in with their e-mail address (User.USERNAME_FIELD)."""

    username = forms.EmailField(
        label="Adresse électronique",
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    password = forms.CharField(
        label="Mot de passe",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    error_messages = {
        "invalid_login": "Adresse électronique ou mot de passe incorrect.",
        "inactive": "Ce compte est désactivé. Adressez-vous à l'administrateur du schéma.",
    }


class _LowercaseEmailMixin:
    """E-mail addresses are stored in lower case (User.save): check uniqueness the same way."""

    def clean_email(self):
        email = self.cleaned_data["email"].lower()
        others = User.objects.filter(email__iexact=email)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError("Un compte utilise déjà cette adresse électronique.")
        return email


class UserAdminCreationForm(_LowercaseEmailMixin, auth_forms.AdminUserCreationForm):
    """The admin's "add user" form for the e-mail login user (no username)."""

    class Meta:
        model = User
        fields = ("email", "first_name", "last_name", "role")


class UserAdminChangeForm(_LowercaseEmailMixin, auth_forms.UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


class RoleScopeMixin:
    """The scope that goes with the role: schémas for a conseiller, structures for a director, an
    organisation for a partner. Shared by the invitation and the change of an account's role."""

    SCOPE_WIDGETS = {"schemas": forms.CheckboxSelectMultiple, "structures": forms.SelectMultiple(attrs={"size": 8})}
    SCOPE_HELP = {
        "organisation": "Pour un partenaire : l'organisation qu'il représente.",
        "schemas": "Pour un conseiller Caf : les schémas qui lui sont confiés.",
        "structures": "Pour un directeur ou une directrice : sa ou ses structures (Ctrl ou Cmd pour en choisir plusieurs).",
    }

    def order_scope_choices(self):
        self.fields["structures"].queryset = french_order(self.fields["structures"].queryset.select_related("commune"), "name")
        self.fields["organisation"].queryset = french_order(self.fields["organisation"].queryset, "name")

    def clean_scope(self, cleaned):
        role = cleaned.get("role")
        if role == Role.CONSEILLER and not cleaned.get("schemas"):
            self.add_error("schemas", "Choisissez au moins un schéma pour un conseiller Caf.")
        if role == Role.DIRECTEUR and not cleaned.get("structures"):
            self.add_error("structures", "Choisissez au moins une structure pour un directeur ou une directrice.")
        if role == Role.PARTENAIRE and not cleaned.get("organisation"):
            self.add_error("organisation", "Choisissez l'organisation que représente ce partenaire.")
        return cleaned


class InvitationForm(RoleScopeMixin, forms.ModelForm):
    """An administrateur invites a person: e-mail, name, role, and the scope that goes with the role."""

    class Meta:
        model = Invitation
        fields = ("email", "first_name", "last_name", "role", "organisation", "schemas", "structures")
        widgets = RoleScopeMixin.SCOPE_WIDGETS
        help_texts = RoleScopeMixin.SCOPE_HELP

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_scope_choices()

    def clean_email(self):
        email = self.cleaned_data["email"].lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError("Un compte utilise déjà cette adresse électronique.")
        return email

    def clean(self):
        return self.clean_scope(super().clean())


class UserRoleForm(VersionedFormMixin, RoleScopeMixin, forms.ModelForm):
    """An administrateur changes a person's role and scope. Lowering an administrateur asks for a
    confirmation (``confirmed``); nobody removes their own administrateur role (``editor``)."""

    needs_confirmation = False  # set by clean() when the change waits for the confirmation

    class Meta:
        model = User
        fields = ("role", "organisation", "schemas", "structures")
        widgets = RoleScopeMixin.SCOPE_WIDGETS
        help_texts = RoleScopeMixin.SCOPE_HELP

    def __init__(self, *args, editor, confirmed=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.editor, self.confirmed = editor, confirmed
        self.was_admin = self.instance.is_admin
        self.order_scope_choices()

    def clean(self):
        cleaned = self.clean_scope(super().clean())
        role = cleaned.get("role")
        if role and role != Role.ADMIN and self.was_admin:
            if self.instance.pk == self.editor.pk:
                self.add_error(
                    "role",
                    "Vous ne pouvez pas retirer votre propre rôle d'administrateur : demandez-le à un autre administrateur.",
                )
            elif not self.confirmed and not self.errors:
                self.needs_confirmation = True
                raise forms.ValidationError(
                    f"{self.instance} est administrateur : confirmez que cette personne perd ce rôle et ses droits.",
                    code="confirm",
                )
        return cleaned


class AcceptInvitationForm(auth_forms.SetPasswordForm):
    """The invited person chooses a password, checked by Django's validators against their future account."""

    def __init__(self, invitation, *args, **kwargs):
        future_user = User(
            email=invitation.email, first_name=invitation.first_name, last_name=invitation.last_name, role=invitation.role
        )
        super().__init__(future_user, *args, **kwargs)

    def save(self, commit=True):  # pragma: no cover - the account is created by comptes.services
        raise NotImplementedError("Use comptes.services.accept_invitation.")


class ProfileForm(forms.ModelForm):
    """What a person changes about themselves: name and phone (not their e-mail, role or scope)."""

    class Meta:
        model = User
        fields = ("first_name", "last_name", "phone")

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if phone and not re.fullmatch(r"[0-9+ .()\-]{6,30}", phone):
            raise forms.ValidationError("Saisissez un numéro de téléphone (chiffres, espaces, points, +).")
        return phone

from django import forms
from django.contrib.auth import forms as auth_forms

from .models import User


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

from collections import defaultdict

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db.models import F, OuterRef, Prefetch, Subquery
from django.shortcuts import redirect, render
from django.template.backends.utils import csrf_input
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST

from core.access import check_perm, get_object_for_user
from core.concurrency import StaleObjectError
from core.pagination import paginate
from core.search import Folded, search
from core.urls import url_filler
from structures.models import Structure

from . import lockout, services
from .enums import Role
from .forms import AcceptInvitationForm, EmailAuthenticationForm, InvitationForm, ProfileForm, UserRoleForm
from .models import Invitation, User

MANAGE_USERS = "comptes.manage_users"
ROLE_LABELS = dict(Role.choices)
# What a row of the list shows: the rest of an account (its password hash…) is not read.
LISTED_FIELDS = ("first_name", "last_name", "email", "role", "is_active", "last_login")
# Accounts a page: a person is found by the search box rather than by paging, and each row carries its forms
# (at 50, the page of the whole country's accounts took half as long again as the demo's four).
USERS_PER_PAGE = 25


def scope_lines(organisation, schemas, structures):
    """What a person (an account or an invitation) may see, a line each: the name of its organisation (or
    None), its schémas as (title, département) pairs, its structures' names."""
    lines = [organisation] if organisation else []
    return lines + [f"{title} ({code})" for title, code in schemas] + structures


def _schemas_of(people):
    """{account's key: its schémas as (title, département) pairs, by département then first year}."""
    links = User.schemas.through.objects.filter(user__in=people).order_by("schema__department_code", "schema__first_year")
    schemas = defaultdict(list)
    for user_id, title, code in links.values_list("user_id", "schema__title", "schema__department_code"):
        schemas[user_id].append((title, code))
    return schemas


def _structures_of(people):
    """{account's key: its structures' names, in alphabetical order}. Each name is looked up by the structure's
    key: joined to the structures instead, PostgreSQL reads the whole country's table for a page's few."""
    name = Structure.objects.filter(pk=OuterRef("structure_id")).order_by().values("name")
    links = User.structures.through.objects.filter(user__in=people).annotate(name=Subquery(name)).order_by("name")
    names = defaultdict(list)
    for user_id, structure_name in links.values_list("user_id", "name"):
        names[user_id].append(structure_name)
    return names


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    form_class = EmailAuthenticationForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    """Log out (POST only, as in Django 5) and say so on the login page."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.success(request, "Vous êtes déconnecté·e. À bientôt.")
        return response


# --- Invitations ---------------------------------------------------------------------------------


def invitation_list(request):
    check_perm(request.user, MANAGE_USERS)
    invitations = list(
        Invitation.objects.select_related("invited_by", "organisation").prefetch_related(
            Prefetch("schemas", to_attr="schema_list"),
            Prefetch("structures", queryset=Structure.objects.order_by("name"), to_attr="structure_list"),
        )
    )
    for invitation in invitations:
        invitation.scope = scope_lines(
            invitation.organisation.name if invitation.organisation_id else None,
            [(schema.title, schema.department_code) for schema in invitation.schema_list],
            [structure.name for structure in invitation.structure_list],
        )
    return render(request, "comptes/invitation_list.html", {"invitations": invitations})


def invitation_create(request):
    check_perm(request.user, MANAGE_USERS)
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        invitation, token = services.create_invitation(
            email=data["email"],
            role=data["role"],
            invited_by=request.user,
            first_name=data["first_name"],
            last_name=data["last_name"],
            organisation=data["organisation"],
            schemas=data["schemas"],
            structures=data["structures"],
        )
        services.send_invitation(invitation=invitation, token=token, request=request)
        messages.success(
            request,
            f"L'invitation a été envoyée à {invitation.email}. Le lien est valable {settings.INVITATION_VALID_DAYS} jours.",
        )
        return redirect("comptes:invitation_list")
    return render(request, "comptes/invitation_form.html", {"form": form})


@login_not_required
def invitation_accept(request, token):
    invitation = services.find_invitation(token)
    if invitation is None or invitation.is_used or invitation.is_expired:
        return render(request, "comptes/invitation_invalid.html", {"invitation": invitation}, status=404)
    form = AcceptInvitationForm(invitation, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.accept_invitation(invitation=invitation, password=form.cleaned_data["new_password1"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            login(request, user, backend="comptes.backends.LoginBackend")
            messages.success(request, "Votre compte est ouvert. Bienvenue !")
            return redirect("home")
    return render(request, "comptes/invitation_accept.html", {"form": form, "invitation": invitation})


# --- Users ---------------------------------------------------------------------------------------


def user_list(request):
    check_perm(request.user, MANAGE_USERS)
    query = request.GET.get("q", "").strip()
    users = search(User.objects.all(), ["first_name", "last_name", "email", "organisation__name"], query)
    users = (
        users.only(*LISTED_FIELDS)
        .annotate(organisation_name=F("organisation__name"))
        .order_by(Folded("last_name"), Folded("first_name"), "email")
    )
    page, page_query = paginate(request, users, USERS_PER_PAGE)
    people = list(page.object_list)
    schemas, structures = _schemas_of(people), _structures_of(people)
    locked = lockout.locked_out_emails(person.email for person in people)
    # A row's addresses, each kind reversed once for the page (core.urls).
    fill = {name: url_filler(f"comptes:user_{name}") for name in ("edit", "unlock", "deactivate", "reactivate")}
    fill["history"] = url_filler("history", names=("pk",), app_label="comptes", model_name="user")
    local = timezone.get_current_timezone()
    # Each row's words computed here, once: the template's loop only places them (a filter, a method call or
    # an include in a cell costs as much as the rest of the row).
    rows = []
    for person in people:
        row = {
            "name": str(person),
            "email": person.email,
            "role": ROLE_LABELS.get(person.role, person.role),
            "scope": scope_lines(person.organisation_name, schemas[person.pk], structures[person.pk]),
            "is_active": person.is_active,
            "is_locked": person.email in locked,
            "last_login": f"{person.last_login.astimezone(local):%d/%m/%Y}" if person.last_login else "jamais",
            "edit_url": fill["edit"](person.pk),
            "history_url": fill["history"](person.pk),
            # The forms the row shows: « Débloquer », and « Réactiver » or « Désactiver » (not one's own account).
            "unlock_url": fill["unlock"](person.pk) if person.email in locked else None,
            "reactivate_url": None if person.is_active else fill["reactivate"](person.pk),
            "deactivate_url": fill["deactivate"](person.pk) if person.is_active and person.pk != request.user.pk else None,
        }
        rows.append((person, row))
    # One hidden CSRF field for the page's forms (any masking of the token is valid): the tag once, not per form.
    context = {"rows": rows, "query": query, "page": page, "page_query": page_query, "csrf_input": csrf_input(request)}
    return render(request, "comptes/user_list.html", context)


def user_edit(request, pk):
    """An administrateur changes a person's role and scope in one form."""
    person = get_object_for_user(request.user, User, pk, MANAGE_USERS)
    data = request.POST if request.method == "POST" else None
    form = UserRoleForm(data, instance=person, editor=request.user, confirmed=data is not None and data.get("confirm") == "1")
    if data is not None and form.is_valid():
        cleaned = form.cleaned_data
        try:
            services.set_role_and_scope(
                user=person,
                role=cleaned["role"],
                organisation=cleaned["organisation"],
                schemas=cleaned["schemas"],
                structures=cleaned["structures"],
                expected_version=cleaned["version"],
            )
        except StaleObjectError as error:
            form.add_stale_error(error)
        else:
            messages.success(request, f"Le rôle et le périmètre de {person} sont enregistrés.")
            return redirect("comptes:user_list")
    status = 200 if data is None or form.needs_confirmation else 422
    return render(request, "comptes/user_form.html", {"form": form, "person": person}, status=status)


@require_POST
def user_deactivate(request, pk):
    """The list's « Désactiver » asks first (a confirmation page); the confirmation's own POST deactivates."""
    user = get_object_for_user(request.user, User, pk, MANAGE_USERS)
    if user == request.user:
        messages.error(request, "Vous ne pouvez pas désactiver votre propre compte.")
    elif not user.is_active:
        messages.info(request, f"Le compte de {user} est déjà désactivé.")
    elif request.POST.get("confirm") != "1":
        return render(request, "comptes/user_deactivate_confirm.html", {"person": user})
    else:
        services.set_active(user=user, active=False)
        messages.success(
            request, f"Le compte de {user} est désactivé : cette personne ne peut plus se connecter et ses sessions sont fermées."
        )
    return redirect("comptes:user_list")


@require_POST
def user_reactivate(request, pk):
    user = get_object_for_user(request.user, User, pk, MANAGE_USERS)
    services.set_active(user=user, active=True)
    messages.success(request, f"Le compte de {user} est réactivé.")
    return redirect("comptes:user_list")


@require_POST
def user_unlock(request, pk):
    user = get_object_for_user(request.user, User, pk, MANAGE_USERS)
    lockout.unlock(user.email)
    messages.success(request, f"Les tentatives de connexion échouées de {user} sont effacées : le compte est débloqué.")
    return redirect("comptes:user_list")


# --- Profile and password ------------------------------------------------------------------------


def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Votre profil est enregistré.")
        return redirect("comptes:profile")
    return render(request, "comptes/profile.html", {"form": form})


class PasswordChangeView(auth_views.PasswordChangeView):
    success_url = reverse_lazy("comptes:password_change_done")


class PasswordResetView(auth_views.PasswordResetView):
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    success_url = reverse_lazy("comptes:password_reset_done")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    success_url = reverse_lazy("comptes:password_reset_complete")

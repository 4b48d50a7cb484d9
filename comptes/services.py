"""Writes on accounts: invitations, their acceptance, deactivation."""

import datetime
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from core.concurrency import UNCHECKED, bump_version, lock_version

from .enums import Role
from .models import Invitation, User


def prepare_invitation(invitation, *, invited_by):
    """Give a new (unsaved) invitation its token hash, author and expiry; return the token."""
    token = secrets.token_urlsafe(32)
    invitation.token_hash = Invitation.hash_token(token)
    invitation.invited_by = invited_by
    invitation.created_at = timezone.now()
    invitation.expires_at = invitation.created_at + datetime.timedelta(days=settings.INVITATION_VALID_DAYS)
    return token


def create_invitation(*, email, role, invited_by, first_name="", last_name="", organisation=None, schemas=(), structures=()):
    """Record an invitation and return it with its token (the only copy: it goes in the e-mail).

    Only the scope that fits the role is kept: schémas for a conseiller, structures for a director,
    an organisation for a partner.
    """
    invitation = Invitation(
        email=email,
        first_name=first_name,
        last_name=last_name,
        role=role,
        organisation=organisation if role == Role.PARTENAIRE else None,
    )
    token = prepare_invitation(invitation, invited_by=invited_by)
    with transaction.atomic():
        invitation.save()
        if role == Role.CONSEILLER:
            invitation.schemas.set(schemas)
        if role == Role.DIRECTEUR:
            invitation.structures.set(structures)
    return invitation, token


def send_invitation(*, invitation, token, request):
    """E-mail the invitation link (absolute URL, built from the request)."""
    url = request.build_absolute_uri(reverse("comptes:invitation_accept", kwargs={"token": token}))
    context = {"invitation": invitation, "url": url, "valid_days": settings.INVITATION_VALID_DAYS}
    send_mail(
        subject="Votre compte sur AVS Schéma",
        message=render_to_string("comptes/emails/invitation.txt", context),
        from_email=None,
        recipient_list=[invitation.email],
    )


def find_invitation(token):
    """The invitation of this token, whatever its state, or None."""
    if not token:
        return None
    return Invitation.objects.filter(token_hash=Invitation.hash_token(token)).first()


def accept_invitation(*, invitation, password):
    """Create the invited account with its role and scope, and mark the invitation used. Once only."""
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.is_used:
            raise ValidationError("Cette invitation a déjà été utilisée.")
        if invitation.is_expired:
            raise ValidationError("Cette invitation a expiré. Demandez-en une nouvelle à l'administrateur du schéma.")
        if User.objects.filter(email__iexact=invitation.email).exists():
            raise ValidationError("Un compte utilise déjà cette adresse électronique.")
        user = User.objects.create_user(
            email=invitation.email,
            password=password,
            first_name=invitation.first_name,
            last_name=invitation.last_name,
            role=invitation.role,
            organisation=invitation.organisation,
            is_staff=invitation.role == Role.ADMIN,
        )
        user.schemas.set(invitation.schemas.all())
        user.structures.set(invitation.structures.all())
        invitation.used_at = timezone.now()
        invitation.user = user
        invitation.save(update_fields=["used_at", "user"])
    return user


def set_active(*, user, active):
    """Deactivate (or reactivate) an account. A deactivated person can no longer log in; their
    sessions end (User.save raises the session epoch) and do not come back with a reactivation; what
    they did stays in the history."""
    with transaction.atomic():
        user.is_active = active
        user.save(update_fields=["is_active"])
    return user


def set_role_and_scope(*, user, role, organisation=None, schemas=(), structures=(), expected_version=UNCHECKED):
    """Give an account its role and the scope that fits it, all at once (the history records the change).

    As at the invitation, only the scope that goes with the role is kept; an administrateur gets the Django
    admin (is_staff), and an account that stops being one loses it, superuser rights included.
    ``expected_version``: the version the administrateur read; StaleObjectError when someone saved since."""
    with transaction.atomic():
        user = lock_version(User, user.pk, expected_version=expected_version)
        user.role = role
        user.organisation = organisation if role == Role.PARTENAIRE else None
        user.is_staff = role == Role.ADMIN
        if role != Role.ADMIN:
            user.is_superuser = False
        bump_version(user)
        user.save(update_fields=["role", "organisation", "is_staff", "is_superuser", "version"])
        user.schemas.set(schemas if role == Role.CONSEILLER else [])
        user.structures.set(structures if role == Role.DIRECTEUR else [])
    return user

import hashlib

from django.contrib.auth.models import AbstractUser, BaseUserManager, _user_has_perm
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.crypto import salted_hmac
from simple_history.models import HistoricalRecords

from core.search import Folded, folded_column

from .enums import Role


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("L'adresse électronique est obligatoire.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.update(is_staff=True, is_superuser=True, role=Role.ADMIN)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class User(AbstractUser):
    """A person who logs in with their e-mail address, with one role and its scope.

    Scope by role: a conseiller's schémas (and the fiches they follow, on Fiche.followers);
    a director's structures; a partner's organisation. Administrators see everything.
    """

    username = None
    email = models.EmailField("adresse électronique", unique=True)
    role = models.CharField("rôle", max_length=20, choices=Role.choices, default=Role.PARTENAIRE)
    phone = models.CharField("téléphone", max_length=30, blank=True)
    organisation = models.ForeignKey(
        "structures.Organisation",
        verbose_name="organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
        help_text="Pour un partenaire : l'organisation qu'il représente.",
    )
    schemas = models.ManyToManyField(
        "fiches.Schema",
        verbose_name="schémas suivis",
        blank=True,
        related_name="conseillers",
        help_text="Pour un conseiller Caf : les schémas (et donc les territoires) qui lui sont confiés.",
    )
    structures = models.ManyToManyField(
        "structures.Structure",
        verbose_name="structures dirigées",
        blank=True,
        related_name="directors",
        help_text="Pour un directeur ou une directrice : sa ou ses structures.",
    )

    # Part of the session hash: raised each time the account is deactivated, so that every session opened
    # before (whatever the session backend) ends, and stays ended once the account is reactivated.
    session_epoch = models.PositiveIntegerField("génération des sessions", default=0, editable=False)
    # The role and scope form refuses a save made over someone else's (core.concurrency).
    version = models.PositiveIntegerField(default=1, editable=False)
    # Names and address folded (core.search), for the header search.
    search_text = folded_column("first_name", "last_name", "email")

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()
    # The scope (schémas, structures) is part of what the history keeps; the password hash never is.
    history = HistoricalRecords(
        excluded_fields=["password", "last_login", "session_epoch", "search_text"], m2m_fields=[schemas, structures]
    )

    class Meta:
        verbose_name = "utilisateur"
        ordering = ["last_name", "first_name", "email"]
        # The list of accounts reads its page straight from this index, in French alphabetical order.
        indexes = [models.Index(Folded("last_name"), Folded("first_name"), F("email"), name="user_french_order")]
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=Role.values),
                name="user_role_known",
                violation_error_message="Rôle inconnu.",
            )
        ]

    def __str__(self):
        return self.get_full_name() or self.email

    @classmethod
    def from_db(cls, db, field_names, values):
        user = super().from_db(db, field_names, values)
        user._stored_is_active = user.__dict__.get("is_active")
        return user

    def save(self, *args, **kwargs):
        self.email = self.email.lower()
        # A deactivation, from whichever path (service, admin, shell), ends the account's sessions.
        if getattr(self, "_stored_is_active", False) and not self.is_active:
            self.session_epoch += 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "session_epoch"}
        super().save(*args, **kwargs)
        self._stored_is_active = self.is_active

    def _get_session_auth_hash(self, secret=None):
        """Django's hash of the password, with the session epoch once it is raised (an account never
        deactivated keeps Django's hash: its sessions survive the upgrade that brought the epoch)."""
        password_hash = super()._get_session_auth_hash(secret=secret)
        if not self.session_epoch:
            return password_hash
        value = f"{password_hash}:{self.session_epoch}"
        return salted_hmac("comptes.User.session_epoch", value, secret=secret, algorithm="sha256").hexdigest()

    def has_perm(self, perm, obj=None):
        """The rules answer for everyone, superusers included: a superuser is an administrateur
        (``is_admin``), whom some rules refuse too (values of another département's structure, reminders
        of a closed campaign), not someone Django's shortcut lets through every rule."""
        return _user_has_perm(self, perm, obj)

    @property
    def is_admin(self):
        return self.is_active and (self.role == Role.ADMIN or self.is_superuser)

    @property
    def is_conseiller(self):
        return self.is_active and self.role == Role.CONSEILLER

    @property
    def is_directeur(self):
        return self.is_active and self.role == Role.DIRECTEUR

    @property
    def is_partenaire(self):
        return self.is_active and self.role == Role.PARTENAIRE

    def department_codes(self):
        """The départements of the user's scope (cached for the request)."""
        if not hasattr(self, "_department_codes"):
            if self.role == Role.CONSEILLER:
                codes = self.schemas.values_list("department_code", flat=True)
            elif self.role == Role.DIRECTEUR:
                codes = self.structures.values_list("commune__department_code", flat=True)
            else:
                codes = []
            self._department_codes = sorted(set(codes))
        return self._department_codes


class InvitationQuerySet(models.QuerySet):
    def pending(self, now=None):
        """Invitations that can still be accepted: not used, not expired."""
        now = now or timezone.now()
        return self.filter(used_at__isnull=True, expires_at__gt=now)


class Invitation(models.Model):
    """An administrateur's invitation to open an account, with the role and scope the account gets.

    Only a hash of the token is stored: the link in the e-mail is the only copy of the token. The
    account is created when the invitation is accepted (comptes.services.accept_invitation), once.
    """

    email = models.EmailField("adresse électronique")
    first_name = models.CharField("prénom", max_length=150, blank=True)
    last_name = models.CharField("nom", max_length=150, blank=True)
    role = models.CharField("rôle", max_length=20, choices=Role.choices)
    organisation = models.ForeignKey(
        "structures.Organisation", verbose_name="organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    schemas = models.ManyToManyField("fiches.Schema", verbose_name="schémas suivis", blank=True, related_name="+")
    structures = models.ManyToManyField("structures.Structure", verbose_name="structures dirigées", blank=True, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        User, verbose_name="invité par", null=True, on_delete=models.SET_NULL, related_name="invitations_sent", editable=False
    )
    created_at = models.DateTimeField("envoyée le", default=timezone.now, editable=False)
    expires_at = models.DateTimeField("valable jusqu'au", editable=False)
    used_at = models.DateTimeField("acceptée le", null=True, blank=True, editable=False)
    user = models.ForeignKey(
        User, verbose_name="compte créé", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = "invitation"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=Role.values),
                name="invitation_role_known",
                violation_error_message="Rôle inconnu.",
            )
        ]

    def __str__(self):
        return f"Invitation de {self.email} ({self.get_role_display()})"

    def save(self, *args, **kwargs):
        self.email = self.email.lower()
        super().save(*args, **kwargs)

    @staticmethod
    def hash_token(token):
        return hashlib.sha256(token.encode()).hexdigest()

    @property
    def is_used(self):
        return self.used_at is not None

    @property
    def is_expired(self):
        return not self.is_used and self.expires_at <= timezone.now()

    @property
    def status_label(self):
        if self.is_used:
            return "Acceptée"
        if self.is_expired:
            return "Expirée"
        return "En attente"

"""Brute-force protection (django-axes): how a login attempt is named, and the administrator's unlock."""

from axes.models import AccessAttempt
from axes.utils import reset


def username_from_request(request, credentials=None):
    """The e-mail address an attempt was made for, in lower case (logins ignore case, so must lockouts).

    The login form posts ``username``; ``client.login(email=…)`` and the backends pass ``email``.
    """
    credentials = credentials or {}
    username = credentials.get("username") or credentials.get("email")
    if username is None and request is not None:
        username = getattr(request, "POST", {}).get("username")
    return (username or "").strip().lower() or None


def locked_out_emails(emails):
    """Those of ``emails`` that have at least one recorded failed attempt (locked or on the way): the attempts
    table also holds every address tried by whoever guesses, so it is read for the listed ones only."""
    return set(AccessAttempt.objects.filter(username__in=list(emails)).values_list("username", flat=True))


def unlock(email):
    """Forget the failed attempts made for this e-mail address, from every IP address."""
    return reset(username=email.lower())

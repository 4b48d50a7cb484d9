"""The one place where views check access to an object, and where permissions meet their reasons.

Each app declares its permissions in its own ``rules.py`` with ``permission(name, predicate, reason=…)``:
the predicate (a django-rules predicate) and the French sentence a refusal shows sit side by side. A view
asks once, ``get_object_for_user(request.user, Structure, pk, "structures.view_structure")``, and gets the
object, a 404 when it does not exist, or a 403 carrying that sentence, which the 403 page shows.

This module names no permission and imports no domain app: it only keeps the register.
"""

from collections.abc import Callable

import rules
from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404

DEFAULT_REASON = "Votre rôle ne vous donne pas accès à cette page."

# {permission: its French reason, a sentence or a function (user, obj) -> sentence}, filled by the apps' rules.py.
_reasons = {}


def permission(name, predicate, *, reason):
    """Register permission ``name`` (django-rules) and the reason shown when it is refused.

    ``reason`` is a sentence, or a function ``(user, obj)`` returning one when the sentence depends on who
    asks or what about (None from it: DEFAULT_REASON)."""
    if not reason:
        raise ValueError(f"The permission {name} needs a French reason.")
    rules.add_perm(name, predicate)
    _reasons[name] = reason
    return predicate


def registered_reasons():
    """{permission: reason} of every permission declared with ``permission``."""
    return dict(_reasons)


def refusal(user, perm, obj=None):
    """None when ``user`` has ``perm`` (on ``obj``), else the French reason of the refusal."""
    if user.has_perm(perm, obj):
        return None
    reason = _reasons.get(perm, DEFAULT_REASON)
    if callable(reason):
        reason = reason(user, obj)
    return reason or DEFAULT_REASON


def check_perm(user, perm, obj=None, *, reason=None):
    """Raise PermissionDenied (rendered as the French 403 page) unless ``user`` has ``perm`` (on ``obj``).

    ``reason`` replaces the permission's own sentence where the page says more (an object's history)."""
    refused = refusal(user, perm, obj)
    if refused is not None:
        raise PermissionDenied(reason or refused)


def get_object_for_user(user, queryset_or_model, pk, perm, *, reason=None):
    """Return the object ``pk`` of ``queryset_or_model`` if ``user`` has ``perm`` on it.

    Raises Http404 when no such object exists, PermissionDenied with the permission's French reason
    (or ``reason``) when the rules refuse it. Pass a queryset to choose what is loaded with the object
    (``select_related``…): the rules then read it without more queries.
    """
    if isinstance(queryset_or_model, QuerySet):
        queryset = queryset_or_model
    elif isinstance(queryset_or_model, type) and issubclass(queryset_or_model, Model):
        queryset = queryset_or_model._default_manager.all()
    else:
        raise TypeError(f"A model or a queryset is expected, not {queryset_or_model!r}.")
    try:
        obj = queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as error:
        raise Http404(f"Aucun objet « {queryset.model._meta.verbose_name} » ne correspond à cette adresse.") from error
    check_perm(user, perm, obj, reason=reason)
    return obj


class Scope:
    """Which objects of one kind a user reaches, asked two ways with one answer.

    ``scope.filter(queryset)`` narrows a queryset (the lists); ``obj in scope`` answers for one object
    already loaded (the rules, object by object). The apps build their scopes (``<app>/scopes.py``) from
    a Q and the matching test on an object, written side by side so that they cannot drift apart.
    """

    def __init__(self, q: Q | None, contains: Callable[[object], bool]):
        self._q = q
        self._contains = contains

    @classmethod
    def everything(cls):
        return cls(None, lambda obj: True)

    @classmethod
    def nothing(cls):
        return cls(Q(pk__in=[]), lambda obj: False)

    def filter(self, queryset):
        return queryset if self._q is None else queryset.filter(self._q)

    @property
    def q(self):
        """The scope as a Q (None: everything)."""
        return self._q

    def __contains__(self, obj):
        return obj is not None and self._contains(obj)

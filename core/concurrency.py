"""No lost update: the one mechanism every edit form of the project uses.

A model that may be edited by two people at once carries a ``version`` integer field (and, to show
what changed, django-simple-history's ``history``). The edit form adds :class:`VersionedFormMixin`,
which carries the version the person read in a hidden field. The write (a service, inside
``transaction.atomic``) calls :func:`lock_version`: it locks the row, compares the versions and either
returns the locked row (the caller then saves with :func:`bump_version`) or raises
:class:`StaleObjectError`, whose French message lists what changed meanwhile (before → after, read
from the history). The view then calls ``form.add_stale_error(error)``: the person's input stays in
the form, the changes are shown, and the hidden version moves on, so that saving again on purpose
replaces the newer data.

::

    with transaction.atomic():
        fiche = lock_version(Fiche, pk, expected_version=form.cleaned_data["version"])
        ...
        bump_version(fiche)
        fiche.save()
"""

from dataclasses import dataclass

from django import forms
from django.core.exceptions import FieldDoesNotExist


@dataclass(frozen=True)
class Change:
    field: str  # verbose name, for people
    before: str
    after: str


class StaleObjectError(Exception):
    """Someone saved the object after the person read it: their save is refused."""

    def __init__(self, current, changes):
        self.current = current
        self.changes = list(changes)
        super().__init__(self.message)

    @property
    def message(self):
        return (
            f"Quelqu'un d'autre a enregistré une modification de « {self.current} » depuis que vous avez ouvert "
            "ce formulaire : votre enregistrement a été refusé pour ne pas effacer ses changements."
        )


def _display(instance, field_name, value):
    try:
        field = instance._meta.get_field(field_name)
    except FieldDoesNotExist:
        return str(value)
    if isinstance(value, list | tuple):  # a many-to-many field: the rows of its through table
        if field.many_to_many:
            key = field.m2m_reverse_field_name()
            pks = [row.get(key) for row in value if isinstance(row, dict)]
            related = field.related_model._default_manager.filter(pk__in=pks)
            return ", ".join(sorted(str(obj) for obj in related)) or "(vide)"
        return ", ".join(str(item) for item in value) or "(vide)"
    if value in (None, ""):
        return "(vide)"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation:
        related = field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related else str(value)
    return str(value)


def changes_since(current, seen_version):
    """The fields of ``current`` that changed since its version ``seen_version``, from its history.

    Returns an empty list when the model keeps no history or the old state is not in it."""
    history = getattr(current, "history", None)
    if history is None:
        return []
    records = list(history.filter(version__gte=seen_version).order_by("history_date", "history_id"))
    # A version may have several records (a save, then its many-to-many changes): the last is what was read.
    seen = next((record for record in reversed(records) if record.version == seen_version), None)
    if seen is None or not records or records[-1] is seen:
        return []
    delta = records[-1].diff_against(seen, excluded_fields=["version", "updated_at"])
    changes = []
    for change in delta.changes:
        try:
            label = current._meta.get_field(change.field).verbose_name
        except FieldDoesNotExist:
            label = change.field
        changes.append(
            Change(
                field=str(label),
                before=_display(current, change.field, change.old),
                after=_display(current, change.field, change.new),
            )
        )
    return changes


class _Unchecked:
    def __repr__(self):
        return "UNCHECKED"


# ``expected_version`` of a write that reads the row itself under the lock (an import, a command):
# there is no earlier read to compare with. A form's missing version is None, which is refused.
UNCHECKED = _Unchecked()


def lock_version(model_or_queryset, pk, *, expected_version):
    """Inside a transaction: lock the row ``pk`` and return it if its version is ``expected_version``;
    raise StaleObjectError (with the changes made since) otherwise.

    A missing version (None: a form posted without its hidden field) is stale: the person's read
    cannot be shown to be current, so it must not overwrite. Only UNCHECKED skips the comparison."""
    queryset = getattr(model_or_queryset, "_default_manager", model_or_queryset)
    return check_version(queryset.select_for_update(of=("self",)).get(pk=pk), expected_version=expected_version)


def check_version(current, *, expected_version):
    """``current`` if it is at ``expected_version``, as lock_version says, for a row the caller has already
    locked with others (a structure's values, locked in one query rather than one query each)."""
    if expected_version is UNCHECKED:
        return current
    if expected_version is None:
        raise StaleObjectError(current, [])
    if current.version != expected_version:
        raise StaleObjectError(current, changes_since(current, expected_version))
    return current


def check_current(model, pk, *, expected_version):
    """Raise StaleObjectError if the row ``pk`` is no longer at ``expected_version``, without locking it: for a
    form found invalid, whose errors may only come from what someone changed since it was read."""
    current = model._default_manager.get(pk=pk)
    if expected_version is not UNCHECKED and current.version != expected_version:
        raise StaleObjectError(current, changes_since(current, expected_version) if expected_version else [])


def bump_version(instance):
    """Mark the instance as one version newer (the caller saves it)."""
    instance.version = (instance.version or 0) + 1
    return instance


class VersionedFormMixin(forms.Form):
    """Adds the hidden ``version`` field: the version of the object the person is editing."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if instance is not None and instance.pk and "version" not in self.initial:
            self.initial["version"] = instance.version

    def add_stale_error(self, error, *, field="version"):
        """Show the refusal and what changed; keep the input; let a new save go through on purpose.

        ``field``: the hidden field that carries the version (a form over several objects has one each)."""
        lines = [error.message]
        for change in error.changes:
            lines.append(f"{change.field} : « {change.before} » → « {change.after} »")
        if error.changes:
            lines.append("Vérifiez ces changements puis enregistrez à nouveau si vous maintenez votre saisie.")
        else:
            lines.append("Rechargez la page pour voir la version actuelle, ou enregistrez à nouveau pour la remplacer.")
        self.stale_changes = error.changes
        if self.is_bound:
            data = self.data.copy()
            data[self.add_prefix(field)] = error.current.version
            self.data = data
        for line in lines:
            self.add_error(None, line)


def _is_versioned(instance):
    return any(field.name == "version" for field in instance._meta.concrete_fields)


class VersionedAdminMixin:
    """For ModelAdmin classes: a save in the Django admin, of the object or of one of its inline rows,
    bumps the version of each versioned row it changes, so that an edit form of the application opened
    before is refused as stale instead of overwriting what the administrateur wrote."""

    def save_model(self, request, obj, form, change):
        if change and _is_versioned(obj):
            bump_version(obj)
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        for row in formset.forms:
            instance = row.instance
            if instance.pk and _is_versioned(instance) and row.has_changed():
                bump_version(instance)
        super().save_formset(request, form, formset, change)


def save_versioned_form(form):
    """Save a VersionedFormMixin ModelForm (and its many-to-many fields) in one transaction, refusing a
    stale save with StaleObjectError. A new object (no pk yet) is simply created."""
    from django.db import transaction

    with transaction.atomic():
        instance = form.instance
        if instance.pk:
            lock_version(type(instance), instance.pk, expected_version=form.cleaned_data.get("version"))
            bump_version(instance)
        instance = form.save()
    return instance

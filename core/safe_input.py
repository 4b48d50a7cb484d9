"""Project-wide guards against hostile form input that Django itself lets through to the database.

Dates: every form date (``forms.DateField``, ``forms.DateTimeField``) must lie between DATE_MIN and
DATE_MAX, else the field gets a French error. Django accepts any year from 1 to 9999, and arithmetic
on such dates (an agrément's fourth anniversary of 31/12/9999) overflowed into a 500; no date of a
schéma, an agrément, a convention or a campaign is plausible outside that range.

A choice of related objects (``ModelChoiceField``, ``ModelMultipleChoiceField``) posted with a number
too large for the database's integer column (« 10**30 ») reached the query: SQLite raised
``OverflowError`` and PostgreSQL refused the query, both a 500. :func:`install` (called once from
``CoreConfig.ready``) makes such a value an ordinary "invalid choice" error of the form, in French
like Django's own messages.
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db import connection, models

DATE_MIN = datetime.date(1900, 1, 1)
DATE_MAX = datetime.date(2100, 12, 31)
DATE_OUT_OF_RANGE = "La date doit être comprise entre le 01/01/1900 et le 31/12/2100."

_INTEGER_FIELDS = (models.IntegerField, models.AutoField)


def _out_of_range(queryset, key, value):
    """True when ``value`` is an integer the column of ``key`` cannot hold."""
    field = queryset.model._meta.pk if key == "pk" else queryset.model._meta.get_field(key)
    if not isinstance(field, _INTEGER_FIELDS):
        return False
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return False
    low, high = connection.ops.integer_field_range(field.get_internal_type())
    return (low is not None and number < low) or (high is not None and number > high)


def _guard_multiple(check_values):
    def _check_values(self, value):
        key = self.to_field_name or "pk"
        if isinstance(value, list | tuple | set | frozenset):
            for pk in value:
                if isinstance(pk, str | int) and _out_of_range(self.queryset, key, pk):
                    raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice", params={"value": pk})
        return check_values(self, value)

    return _check_values


def _guard_single(to_python):
    def _to_python(self, value):
        key = self.to_field_name or "pk"
        if isinstance(value, str | int) and value not in self.empty_values and _out_of_range(self.queryset, key, value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value})
        return to_python(self, value)

    return _to_python


def check_date_range(value):
    """Refuse (ValidationError, French) a date or datetime outside DATE_MIN..DATE_MAX; None passes."""
    if value is None:
        return value
    day = value.date() if isinstance(value, datetime.datetime) else value
    if not DATE_MIN <= day <= DATE_MAX:
        raise ValidationError(DATE_OUT_OF_RANGE, code="date_out_of_range")
    return value


def _guard_dates(to_python):
    def _to_python(self, value):
        return check_date_range(to_python(self, value))

    return _to_python


def install():
    if getattr(forms.ModelChoiceField, "_avs_guarded", False):
        return
    forms.DateField.to_python = _guard_dates(forms.DateField.to_python)
    forms.DateTimeField.to_python = _guard_dates(forms.DateTimeField.to_python)
    forms.ModelMultipleChoiceField._check_values = _guard_multiple(forms.ModelMultipleChoiceField._check_values)
    forms.ModelChoiceField.to_python = _guard_single(forms.ModelChoiceField.to_python)
    forms.ModelChoiceField._avs_guarded = True

"""core.widgets: the quick Select writes the HTML of Django's own."""

import re

import pytest
from django import forms

from core.widgets import QuickSelect

CHOICES = [("", "---------"), ("69", "Rhône (69)"), ("2A", "Corse-du-Sud & <2A>"), ("Outre-mer", [("971", "Guadeloupe")])]


def _without_layout(html):
    return re.sub(r">\s+<", "><", html.strip())


@pytest.mark.parametrize("value", [None, "69", "971"])
def test_quick_select_writes_what_django_writes(value):
    attrs = {"class": "form-select", "id": "id_department_code", "required": True, "aria-invalid": "false"}

    quick = QuickSelect(choices=CHOICES).render("department_code", value, attrs)
    django = forms.Select(choices=CHOICES).render("department_code", value, attrs)

    assert _without_layout(quick) == _without_layout(django)
    assert "&lt;2A&gt;" in quick

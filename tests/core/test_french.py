"""French counting: 0 and 1 are singular, the plural starts at 2, in templates and in the pages that count."""

import re

import pytest
from django.template import Context, Template
from django.urls import reverse

from core.french import elide, plural
from tests import factories


@pytest.mark.parametrize(
    ("count", "suffixes", "expected"),
    [(0, "s", ""), (1, "s", ""), (1.5, "s", ""), (2, "s", "s"), (-3, "s", "s"), ("12", "s", "s")]
    + [([1], "s", ""), ([1, 2], "s", "s"), (None, "s", ""), (1, "l,ux", "l"), (2, "l,ux", "ux"), (2, "a,ont", "ont")],
)
def test_plural_counts_in_french(count, suffixes, expected):
    assert plural(count, suffixes) == expected


def test_plural_filter_writes_zero_in_the_singular():
    template = Template(
        '{% load french %}{% for n in counts %}{{ n }} centre{{ n|plural }} socia{{ n|plural:"l,ux" }}|{% endfor %}'
    )
    assert template.render(Context({"counts": [0, 1, 2]})) == "0 centre social|1 centre social|2 centres sociaux|"


def _status(client, url):
    return re.search(r'role="status">([^<]*)<', client.get(url).content.decode()).group(1).strip()


@pytest.mark.parametrize(("count", "text"), [(0, "0 structure"), (1, "1 structure"), (2, "2 structures")])
def test_structure_list_counts_in_french(client, admin_user, count, text):
    factories.StructureFactory.create_batch(count)
    client.force_login(admin_user)
    assert _status(client, reverse("structures:structure_list")) == text


@pytest.mark.parametrize(("count", "text"), [(0, "0 action"), (1, "1 action"), (2, "2 actions")])
def test_action_list_counts_in_french(client, admin_user, count, text):
    factories.ActionFactory.create_batch(count)
    client.force_login(admin_user)
    assert _status(client, reverse("fiches:action_list")) == text


@pytest.mark.parametrize(
    ("following", "expected"),
    [("administrateur", "qu'"), ("Émile Pérez", "qu'"), ("État", "qu'"), ("partenaire", "que "), ("", "que ")],
)
def test_elide_before_a_vowel(following, expected):
    assert elide("que", following) == expected


def test_home_page_elides_que_before_the_role(client, admin_user, partenaire):
    client.force_login(admin_user)
    assert "en tant qu&#x27;<strong>administrateur</strong>" in client.get(reverse("home")).content.decode()
    client.force_login(partenaire)
    assert "en tant que <strong>partenaire</strong>" in client.get(reverse("home")).content.decode()

"""How the load test posts a form like a browser (bench/loadtest/forms.py): FastHttpUser's client encodes only a dict,
so the pairs of a form are encoded here, and the CSRF token is read from its cookie jar."""

from http.cookiejar import Cookie, CookieJar
from urllib.parse import parse_qsl

from bench.loadtest.forms import csrf_token, encode, find_form

PAGE = """
<form method="get" action="/schemas/actions/"><input name="q" value="retard"></form>
<form method="post" action="/schemas/actions/7/avancement/">
  <input type="hidden" name="csrfmiddlewaretoken" value="masked-token">
  <input type="checkbox" name="partners" value="3" checked>
  <input type="checkbox" name="partners" value="5" checked>
  <input type="checkbox" name="partners" value="8">
  <input type="number" name="progress" value="40" disabled>
  <textarea name="comment">Déjà & bien avancé</textarea>
</form>
"""


def cookie(name, value):
    return Cookie(0, name, value, None, False, "127.0.0.1", False, False, "/", True, False, None, False, None, None, {})


def test_the_csrf_token_is_read_from_the_cookie_jar_of_the_client():
    jar = CookieJar()
    jar.set_cookie(cookie("sessionid", "abc"))
    jar.set_cookie(cookie("csrftoken", "token-from-django"))

    assert csrf_token(jar) == "token-from-django"


def test_there_is_no_csrf_token_before_django_set_one():
    assert csrf_token(CookieJar()) == ""


def test_a_form_is_posted_with_every_checked_box_and_without_its_disabled_fields():
    form = find_form(PAGE, "/schemas/actions/7/avancement/")

    body = encode(form.data({"comment": "Point d'étape"}))

    assert isinstance(body, bytes)
    assert parse_qsl(body.decode()) == [
        ("csrfmiddlewaretoken", "masked-token"),
        ("partners", "3"),
        ("partners", "5"),
        ("comment", "Point d'étape"),
    ]


def test_a_draft_fills_the_empty_number_fields_even_drawn_as_text_inputs():
    page = """<form method="post">
      <input type="text" name="valeur-1" inputmode="numeric">
      <input type="text" name="valeur-2" inputmode="decimal" value="3,5">
      <input type="number" name="valeur-3">
      <input type="text" name="name">
    </form>"""

    data = find_form(page).data(fill_numbers="12")

    assert data == [("valeur-1", "12"), ("valeur-2", "3,5"), ("valeur-3", "12"), ("name", "")]


def test_only_the_chosen_form_is_read_with_its_selected_option_and_quoted_values():
    page = """<form method=post action='/autre/'><input name="ailleurs" value="non"></form>
    <FORM METHOD="POST" ACTION="/schemas/actions/9/avancement/?retour=fiche">
      <select name="status"><option value="">---</option><option value="en_cours" selected>En cours</option></select>
      <select name="year"><option value="2025">2025</option><option value="2026">2026</option></select>
      <input type=hidden name=token value=abc>
      <input name="title" value="L&#x27;été &amp; après">
      <textarea name="comment">
Un <input name="piège"> écrit dans le texte</textarea>
      <input type="submit" name="save" value="Enregistrer">
    </FORM>
    <form method="post" action="/schemas/actions/9/avancement/"><input name="second" value="1"></form>"""

    form = find_form(page, "/schemas/actions/9/avancement/")

    assert form.data() == [
        ("status", "en_cours"),
        ("year", "2025"),
        ("token", "abc"),
        ("title", "L'été & après"),
        ("comment", 'Un <input name="piège"> écrit dans le texte'),
    ]
    assert find_form(page, "/introuvable/") is None

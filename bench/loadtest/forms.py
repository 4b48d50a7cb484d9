"""Read the HTML forms of a page as a browser would submit them (disabled fields left out)."""

from html.parser import HTMLParser
from urllib.parse import urlencode

# geventhttpclient (Locust's FastHttpUser) encodes only a dict payload as a form: the pairs of a form, where a name
# can repeat (several checked boxes), are encoded here and sent as bytes with this content type.
FORM_CONTENT_TYPE = "application/x-www-form-urlencoded; charset=utf-8"


class Form:
    def __init__(self, action, method):
        self.action = action
        self.method = method
        self.fields = []  # (name, value, type)

    def data(self, overrides=None, fill_numbers=None):
        """The pairs a browser would post; empty number inputs (type or inputmode) get ``fill_numbers`` when given."""
        overrides = overrides or {}
        pairs = []
        for name, value, kind in self.fields:
            if name in overrides:
                continue
            if kind == "number" and not value and fill_numbers is not None:
                value = fill_numbers
            pairs.append((name, value))
        pairs.extend(overrides.items())
        return pairs


class FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []
        self.form = None
        self.select = None  # (name, first option value, selected value)
        self.option_value = None
        self.textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.form = Form(attrs.get("action", ""), (attrs.get("method") or "get").lower())
            self.forms.append(self.form)
            return
        if self.form is None or "disabled" in attrs:
            return
        if tag == "input":
            kind = (attrs.get("type") or "text").lower()
            if kind == "text" and (attrs.get("inputmode") or "").lower() in ("numeric", "decimal"):
                # Number fields drawn as text inputs (French decimal commas) are numbers to fill all the same.
                kind = "number"
            name = attrs.get("name")
            if not name or kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.form.fields.append((name, attrs.get("value", "on" if kind == "checkbox" else ""), kind))
        elif tag == "select" and attrs.get("name"):
            self.select = [attrs["name"], None, None]
        elif tag == "option" and self.select is not None:
            value = attrs.get("value", "")
            if self.select[1] is None:
                self.select[1] = value
            if "selected" in attrs:
                self.select[2] = value
        elif tag == "textarea" and attrs.get("name"):
            self.textarea = [attrs["name"], ""]

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "select" and self.select is not None:
            name, first, selected = self.select
            if self.form is not None:
                self.form.fields.append((name, selected if selected is not None else (first or ""), "select"))
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            if self.form is not None:
                self.form.fields.append((self.textarea[0], self.textarea[1].lstrip("\n"), "textarea"))
            self.textarea = None


def parse_forms(html):
    parser = FormParser()
    parser.feed(html)
    return parser.forms


def find_form(html, action=None, method="post", page=None):
    """The first form posting to ``action`` (any POST form when None), or None.

    A form without an action attribute posts to its own page (``page``).
    """
    for form in parse_forms(html):
        target = form.action.split("?")[0] or page
        if form.method == method and (action is None or target == action):
            return form
    return None


def encode(pairs):
    """The body a browser posts for ``pairs`` (Form.data), names repeated as often as they appear."""
    return urlencode(pairs).encode()


def csrf_token(cookiejar, name="csrftoken"):
    """The CSRF token Django set in the cookie jar (an http.cookiejar.CookieJar), or "" before any."""
    return next((cookie.value for cookie in cookiejar if cookie.name == name), "")

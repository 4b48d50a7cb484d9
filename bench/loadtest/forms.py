"""Read the HTML forms of a page as a browser would submit them (disabled fields left out)."""

import re
from html import unescape
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


# The tags a form's fields are made of, read with regular expressions rather than Python's HTMLParser: Locust
# shares the cores with the server, and HTMLParser over a whole page (20-40 kB) costs several milliseconds.
TAG = re.compile(r"<(/?)(form|input|select|option|textarea)\b([^>]*)>", re.IGNORECASE)
ATTRIBUTE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?""")


def _attributes(text):
    attrs = {}
    for match in ATTRIBUTE.finditer(text):
        value = next((group for group in match.groups()[1:] if group is not None), "")
        attrs.setdefault(match.group(1).lower(), unescape(value))
    return attrs


def parse_forms(html, start=0, first_only=False):
    """The forms of ``html`` from ``start`` (only the first one when ``first_only``), with their fields."""
    forms = []
    form = select = textarea = None  # select: [name, first option value, selected value]; textarea: [name, start]
    for tag in TAG.finditer(html, start):
        closing, name = tag.group(1), tag.group(2).lower()
        if textarea is not None:
            if closing and name == "textarea":
                if form is not None:
                    form.fields.append((textarea[0], unescape(html[textarea[1] : tag.start()]).lstrip("\n"), "textarea"))
                textarea = None
            continue
        if closing:
            if name == "form":
                form = None
                if first_only and forms:
                    break
            elif name == "select" and select is not None:
                if form is not None:
                    form.fields.append((select[0], select[2] if select[2] is not None else (select[1] or ""), "select"))
                select = None
            continue
        attrs = _attributes(tag.group(3))
        if name == "form":
            form = Form(attrs.get("action", ""), (attrs.get("method") or "get").lower())
            forms.append(form)
        elif form is None or "disabled" in attrs:
            continue
        elif name == "input":
            kind = (attrs.get("type") or "text").lower()
            if kind == "text" and (attrs.get("inputmode") or "").lower() in ("numeric", "decimal"):
                # Number fields drawn as text inputs (French decimal commas) are numbers to fill all the same.
                kind = "number"
            field = attrs.get("name")
            if not field or kind in ("submit", "button", "file", "image", "reset"):
                continue
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                continue
            form.fields.append((field, attrs.get("value", "on" if kind == "checkbox" else ""), kind))
        elif name == "select" and attrs.get("name"):
            select = [attrs["name"], None, None]
        elif name == "option" and select is not None:
            value = attrs.get("value", "")
            if select[1] is None:
                select[1] = value
            if "selected" in attrs:
                select[2] = value
        elif name == "textarea" and attrs.get("name"):
            textarea = [attrs["name"], tag.end()]
    return forms


FORM_TAG = re.compile(r"<form\b([^>]*)>", re.IGNORECASE)


def find_form(html, action=None, method="post", page=None):
    """The first form posting to ``action`` (any POST form when None), or None.

    A form without an action attribute posts to its own page (``page``). Only that form's fields are read.
    """
    for tag in FORM_TAG.finditer(html):
        attrs = _attributes(tag.group(1))
        target = attrs.get("action", "").split("?")[0] or page
        if (attrs.get("method") or "get").lower() == method and (action is None or target == action):
            return parse_forms(html, tag.start(), first_only=True)[0]
    return None


def encode(pairs):
    """The body a browser posts for ``pairs`` (Form.data), names repeated as often as they appear."""
    return urlencode(pairs).encode()


def csrf_token(cookiejar, name="csrftoken"):
    """The CSRF token Django set in the cookie jar (an http.cookiejar.CookieJar), or "" before any."""
    return next((cookie.value for cookie in cookiejar if cookie.name == name), "")

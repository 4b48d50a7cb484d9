"""What a browser would post for the first form of a page: every named field with its shown value."""

from html.parser import HTMLParser

SKIPPED_NAMES = {"csrfmiddlewaretoken"}


class _FormParser(HTMLParser):
    def __init__(self, action=None):
        super().__init__(convert_charrefs=True)
        self.action = action
        self.forms = []  # [(action, method, {name: [values]}, {name: kind})]
        self._current = None
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._current = (attrs.get("action") or "", (attrs.get("method") or "get").lower(), {}, {})
            self.forms.append(self._current)
            return
        if self._current is None:
            return
        data, kinds = self._current[2], self._current[3]
        name = attrs.get("name")
        if tag == "input" and name and name not in SKIPPED_NAMES:
            kind = (attrs.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "reset"):
                return
            kinds.setdefault(name, kind)
            data.setdefault(name, [])
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    data[name].append(attrs.get("value") or "on")
            elif kind != "file":
                data[name].append(attrs.get("value") or "")
        elif tag == "select" and name:
            self._select = name
            kinds.setdefault(name, "select-multiple" if "multiple" in attrs else "select")
            data.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in attrs:
            data[self._select].append(attrs.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = name
            kinds.setdefault(name, "textarea")
            data[name] = [""]

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea and self._current is not None:
            self._current[2][self._textarea][0] += data


def form_fields(html, *, action_contains=None):
    """(data, kinds) of the first POST form of ``html`` (whose action contains ``action_contains``)."""
    parser = _FormParser()
    parser.feed(html)
    for action, method, data, kinds in parser.forms:
        if method != "post" or (action_contains and action_contains not in action):
            continue
        if action_contains is None and not kinds:
            continue
        if action_contains is None and set(kinds) <= {"next"}:
            continue
        return {name: values[0] if len(values) == 1 else values for name, values in data.items()}, kinds
    raise AssertionError(f"No POST form found (action containing {action_contains!r}).")

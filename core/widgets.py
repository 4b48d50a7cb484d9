"""Form widgets that render long lists quickly."""

from django import forms
from django.utils.html import format_html
from django.utils.safestring import mark_safe


def _attributes(attrs):
    """Django's widgets/attrs.html in Python: in order, a True value as a bare name, a False one left out."""
    return mark_safe(
        "".join(
            format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value)
            for name, value in attrs.items()
            if value is not False
        )
    )


class QuickSelect(forms.Select):
    """A Select that writes its options in Python, the HTML Django's templates write: rendered through a
    template (and its attributes' template) per option, the hundred départements of France took longer than
    the rest of their page."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        groups = []
        for group_name, options, _index in widget["optgroups"]:
            rendered = "".join(
                format_html('<option value="{}"{}>{}</option>', option["value"], _attributes(option["attrs"]), option["label"])
                for option in options
            )
            groups.append(
                format_html('<optgroup label="{}">{}</optgroup>', group_name, mark_safe(rendered)) if group_name else rendered
            )
        return format_html(
            '<select name="{}"{}>{}</select>', widget["name"], _attributes(widget["attrs"]), mark_safe("".join(groups))
        )

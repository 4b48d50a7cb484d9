"""Form widgets shared by the apps."""

from django import forms


class LongSelect(forms.Select):
    """A select that writes its options in its own template: Django's renders a template (and one more for
    its attributes) per option, which a list of a hundred schémas or communes pays on every page. The
    options carry no attribute but ``selected``, as Django's do unless a widget adds some."""

    template_name = "core/widgets/select.html"

"""PDF output: an HTML template rendered by WeasyPrint.

``render_pdf("rapports/pdf/bilan.html", context, request=request)`` returns the PDF's bytes. WeasyPrint is
imported inside the function: it is slow to import and most requests never need it. Static files
(the stylesheet, the logo) are read from the disk through ``base_url``; the fonts are the system's
(DejaVu and Liberation, installed with the application), never fetched from the network; charts come
as ``data:`` URIs. Templates link nothing outside ``static/``.
"""

from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string


def _static_base_url():
    """A file:// base so that ``{% static %}``-free relative links (``css/pdf.css``) resolve on disk."""
    return Path(settings.BASE_DIR, "static").as_uri() + "/"


def render_pdf(template_name, context, *, request=None):
    from weasyprint import HTML

    html = render_to_string(template_name, context, request=request)
    return HTML(string=html, base_url=_static_base_url()).write_pdf()

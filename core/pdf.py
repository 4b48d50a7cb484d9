"""PDF output: an HTML template rendered by WeasyPrint.

``render_pdf("rapports/pdf/bilan.html", context, request=request)`` returns the PDF's bytes. WeasyPrint is
imported inside the functions: it is slow to import and most requests never need it. Static files
(the stylesheet, the logo) are read from the disk through ``base_url``; the fonts are the system's
(DejaVu and Liberation, installed with the application), never fetched from the network; charts come
as ``data:`` URIs.

The renderer fetches nothing else: a text typed by a user ends up in these templates, and WeasyPrint's own
fetcher would follow any ``http://`` (a server of the Caf's network) or ``file://`` (``/etc/passwd``) link.
:func:`static_only_fetcher` serves the files under the static directories and ``data:`` URLs, and refuses
everything else (WeasyPrint then leaves the resource out and renders the rest).
"""

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.template.loader import render_to_string


class RefusedURL(ValueError):
    """A resource the PDF renderer may not fetch."""


def static_roots():
    """The folders whose files a PDF may use: the project's static directories and the collected files."""
    roots = [Path(folder) for folder in settings.STATICFILES_DIRS]
    if settings.STATIC_ROOT:
        roots.append(Path(settings.STATIC_ROOT))
    return [root.resolve() for root in roots]


def _static_base_url():
    """A file:// base so that ``{% static %}``-free relative links (``css/pdf.css``) resolve on disk."""
    return Path(settings.BASE_DIR, "static").as_uri() + "/"


def static_path(url):
    """The file of a ``file://`` URL under one of the static roots, or RefusedURL (symbolic links and
    ``..`` are resolved first, so that they cannot lead out)."""
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        raise RefusedURL(f"Ressource refusée dans un PDF : {url}")
    path = Path(unquote(parts.path)).resolve()
    if not path.is_file() or not any(path.is_relative_to(root) for root in static_roots()):
        raise RefusedURL(f"Ressource refusée dans un PDF (hors des fichiers statiques) : {url}")
    return path


def static_only_fetcher():
    """A WeasyPrint URL fetcher limited to the static files and ``data:`` URLs."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if urlsplit(url).scheme == "data":
                return super().fetch(url, headers)
            path = static_path(url)
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": content_type})

    return StaticOnlyFetcher()


def html_to_pdf(html):
    from weasyprint import HTML

    return HTML(string=html, base_url=_static_base_url(), url_fetcher=static_only_fetcher()).write_pdf()


def render_pdf(template_name, context, *, request=None):
    return html_to_pdf(render_to_string(template_name, context, request=request))

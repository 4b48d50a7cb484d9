"""The report cache: a PDF is rendered once, then served from the cache until the data changes.

The key holds the schéma, the year and the "last changed" stamp (``reports.last_changed``: the latest
date among the fiches, the action updates, the history of actions, indicators, agréments and fundings,
the indicator values and the structures). Any change moves the stamp, so the next download renders a
new PDF under a new key; the old entry is never read again and expires (``REPORT_CACHE_SECONDS``).
Only the stamp (one query) is computed on a cached download, never the report. The render itself and
the storing of the PDF are rapports/rendering.py's for the bilan, in the background worker when there is
one; a partner's own report, smaller, is rendered in the request through :func:`cached_pdf`.
"""

from django.core.cache import cache

REPORT_CACHE_SECONDS = 7 * 24 * 3600


def cached_pdf(key, render):
    """The PDF stored under ``key``, or ``render()``'s bytes, stored for the next time."""
    pdf = cache.get(key)
    if pdf is None:
        pdf = render()
        cache.set(key, pdf, REPORT_CACHE_SECONDS)
    return pdf


def report_key(kind, schema, year, stamp):
    return f"rapports:{kind}:{schema.pk}:{year}:{stamp.isoformat() if stamp else 'vide'}"

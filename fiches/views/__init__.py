"""Views of the fiches app, one module per kind of page."""

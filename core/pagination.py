"""Long lists shown a page at a time: the page the request asks for, and the links to the others that keep
the list's filters (every query parameter but ``page``)."""

from django.core.paginator import Paginator

PAGE_SIZE = 50


def paginate(request, items, per_page=PAGE_SIZE):
    """(page, query): the page of ``items`` named by ``?page=`` (the first when it is not a number, the last
    past the end) and the request's other parameters, url-encoded, for the links to the other pages."""
    page = Paginator(items, per_page).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()

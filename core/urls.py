"""The addresses of many objects of one kind, for long lists: Django's reverse() costs about as much as
rendering a row, so a list of a few links per row reverses each kind of address once and fills it in."""

from django.urls import reverse

# Integers no primary key or year reaches, put in the address in place of each argument and then replaced.
_PLACEHOLDERS = ("987654321987", "987654321988", "987654321989")


def url_filler(url_name, arg_count=1, *, names=None, **fixed):
    """A function of ``arg_count`` integer arguments giving ``reverse(url_name, args=[...])``, with
    ``reverse`` called once (the URL's arguments must be integers). With ``names``, the integer arguments are
    keyword ones of those names, beside the ``fixed`` keyword arguments every address shares."""
    placeholders = _PLACEHOLDERS[: len(names) if names else arg_count]
    numbers = [int(p) for p in placeholders]
    if names:
        pattern = reverse(url_name, kwargs={**fixed, **dict(zip(names, numbers, strict=True))})
    else:
        pattern = reverse(url_name, args=numbers)

    def fill(*args):
        url = pattern
        for placeholder, arg in zip(placeholders, args, strict=True):
            url = url.replace(placeholder, str(int(arg)))
        return url

    return fill

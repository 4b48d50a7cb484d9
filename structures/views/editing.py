"""The edit page every object of the structures app shares: a stale save refused with the input kept, a saved
one announced and sent back to the object's page."""

from django.contrib import messages
from django.shortcuts import redirect, render

from core.concurrency import StaleObjectError, save_versioned_form


def edit_page(request, form, *, saved, success_url, context):
    """Save ``form`` if it is valid and still current, then redirect to ``success_url`` with the message ``saved``;
    else show it again (structures/form.html with ``context``), with the errors or the stale save's changes."""
    if form.is_valid():
        try:
            save_versioned_form(form)
        except StaleObjectError as error:
            form.add_stale_error(error)
        else:
            messages.success(request, saved)
            return redirect(success_url)
    return render(request, "structures/form.html", {"form": form, **context})

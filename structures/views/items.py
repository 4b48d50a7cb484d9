"""What hangs on a structure (its agréments and fundings) is corrected and deleted the same way: by the
Caf in charge of the structure, a stale save refused, a deletion confirmed first and kept in the history."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from core.access import check_perm

from .editing import edit_page


def structure_item(user, model, pk):
    """The agrément or funding ``pk``, if ``user`` may change its structure (else 403, or 404)."""
    item = get_object_or_404(model.objects.select_related("structure__commune"), pk=pk)
    check_perm(user, "structures.change_structure", item.structure)
    return item


def edit_item(request, item, form_class, *, title, saved):
    structure = item.structure
    form = form_class(request.POST or None, instance=item, structure=structure)
    context = {
        "title": f"{title} — {structure}",
        "structure": structure,
        "history_url": reverse("history", args=[item._meta.app_label, item._meta.model_name, item.pk]),
    }
    return edit_page(
        request, form, saved=saved, success_url=reverse("structures:structure_detail", args=[structure.pk]), context=context
    )


def delete_item(request, item, *, title, what, deleted):
    structure = item.structure
    if request.method == "POST":
        item.delete()
        messages.success(request, deleted)
        return redirect("structures:structure_detail", pk=structure.pk)
    context = {"object": item, "structure": structure, "title": title, "what": what}
    return render(request, "structures/confirm_delete.html", context)

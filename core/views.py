from django.shortcuts import render


def permission_denied(request, exception=None):
    """handler403: the French 403 page, with the reason the rules gave (see core.access)."""
    reason = str(exception) if exception is not None else ""
    return render(request, "403.html", {"reason": reason}, status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)

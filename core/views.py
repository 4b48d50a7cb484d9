from django.shortcuts import render


def home(request):
    from fiches.models import Schema

    schemas = Schema.objects.for_user(request.user).select_related("pilot")
    return render(request, "core/home.html", {"schemas": schemas})


def permission_denied(request, exception=None):
    return render(request, "403.html", {"reason": str(exception) if exception else ""}, status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)

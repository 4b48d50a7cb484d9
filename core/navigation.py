from django.urls import reverse


def menu_for(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    items = [("Accueil", reverse("home"))]
    if user.is_admin or user.is_staff:
        items.append(("Administration", reverse("admin:index")))
    return items

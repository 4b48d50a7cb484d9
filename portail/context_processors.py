from .navigation import menu_for


def navigation(request):
    """The navigation entries the current user may reach (see portail.navigation)."""
    return {"nav_items": menu_for(request)}

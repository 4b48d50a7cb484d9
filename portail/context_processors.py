def navigation(request):
    """The navigation entries the current user may reach (see portail.navigation)."""
    from .navigation import menu_for

    return {"nav_items": menu_for(request)}

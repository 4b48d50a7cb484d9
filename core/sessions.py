"""Sessions that end after inactivity without a database write on every request."""

import time

from django.conf import settings

REFRESHED_KEY = "_refreshed_at"


class SessionActivityMiddleware:
    """Pushes the session's expiry back at most once every SESSION_REFRESH_INTERVAL seconds.

    SESSION_SAVE_EVERY_REQUEST would do it on each request, at the cost of an UPDATE (and its savepoint)
    on every page. Here a session ends between SESSION_COOKIE_AGE - SESSION_REFRESH_INTERVAL and
    SESSION_COOKIE_AGE after the person's last request. Placed after SessionMiddleware, so that the
    session is saved (and its cookie renewed) by SessionMiddleware on the way out."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # Only a session that exists and holds something (a logged-in person): no session for visitors.
        if session is None or session.session_key is None or session.is_empty():
            return response
        now = int(time.time())
        last = session.get(REFRESHED_KEY)
        if not isinstance(last, int) or now - last >= settings.SESSION_REFRESH_INTERVAL:
            session[REFRESHED_KEY] = now
        return response

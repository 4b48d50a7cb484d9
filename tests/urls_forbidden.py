"""The project's URLs plus pages that refuse access, to test the 403 page (tests/test_shell.py)."""

from django.core.exceptions import PermissionDenied
from django.urls import path

from avs_schema import urls as project_urls

handler403 = project_urls.handler403
handler404 = project_urls.handler404


def forbidden_with_reason(request):
    raise PermissionDenied("Cette structure ne fait pas partie de votre périmètre.")


def forbidden_without_reason(request):
    raise PermissionDenied


urlpatterns = [
    path("interdit/", forbidden_with_reason, name="forbidden_with_reason"),
    path("interdit-sans-motif/", forbidden_without_reason, name="forbidden_without_reason"),
    *project_urls.urlpatterns,
]

"""The project's URLs plus the benchmark's baseline page; selected only by the benchmark (override_settings)."""

from django.urls import include, path

from .views import baseline

urlpatterns = [
    path("__bench__/base/", baseline, name="bench_baseline"),
    path("", include("avs_schema.urls")),
]

handler403 = "core.views.permission_denied"
handler404 = "core.views.page_not_found"

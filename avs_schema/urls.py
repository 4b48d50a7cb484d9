from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("comptes/", include("comptes.urls")),
    path("schemas/", include("fiches.urls")),
    path("structures/", include("structures.urls")),
    path("indicateurs/", include("indicateurs.urls")),
    path("rapports/", include("rapports.urls")),
    path("gouvernance/", include("gouvernance.urls")),
    path("", include("portail.urls")),
]

handler403 = "core.views.permission_denied"
handler404 = "core.views.page_not_found"

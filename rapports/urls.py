from django.urls import path

from . import views

app_name = "rapports"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("schemas/<int:pk>/avancement/", views.schema_dashboard, name="schema_dashboard"),
    path("schemas/<int:pk>/indicateurs/", views.indicators_dashboard, name="indicators_dashboard"),
    path("schemas/<int:pk>/structures/", views.structures_dashboard, name="structures_dashboard"),
    path("schemas/<int:pk>/bilan-<int:year>.pdf", views.annual_report_pdf, name="annual_report_pdf"),
    path(
        "schemas/<int:pk>/bilan-<int:year>-organisation-<int:organisation_pk>.pdf",
        views.partner_report_pdf,
        name="partner_report_pdf",
    ),
    path("fiches/<int:pk>.pdf", views.fiche_pdf, name="fiche_pdf"),
    path("structures/<int:pk>.pdf", views.structure_pdf, name="structure_pdf"),
]

from django.urls import path

from . import views

app_name = "indicateurs"

urlpatterns = [
    path("", views.indicator_list, name="indicator_list"),
    path("<int:pk>/modifier/", views.indicator_edit, name="indicator_edit"),
    path("fiches/<int:fiche_pk>/ajouter/", views.indicator_create, name="indicator_create"),
    path("schemas/<int:schema_pk>/resultats/", views.results, name="results"),
    path("campagnes/", views.campaign_list, name="campaign_list"),
    path("campagnes/nouvelle/", views.campaign_create, name="campaign_create"),
    path("campagnes/<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("campagnes/<int:pk>/ouvrir/", views.campaign_open, name="campaign_open"),
    path("campagnes/<int:pk>/clore/", views.campaign_close, name="campaign_close"),
    path("campagnes/<int:pk>/rouvrir/", views.campaign_reopen, name="campaign_reopen"),
    path("campagnes/<int:pk>/prolonger/", views.campaign_extend, name="campaign_extend"),
    path("campagnes/<int:pk>/completude/", views.completeness, name="completeness"),
    path("campagnes/<int:pk>/relancer/", views.campaign_remind, name="campaign_remind"),
    path("campagnes/<int:campaign_pk>/structures/<int:structure_pk>/", views.entry, name="entry"),
    path("campagnes/<int:campaign_pk>/schema/", views.schema_values, name="schema_values"),
    path("campagnes/<int:campaign_pk>/validation/", views.validation, name="validation"),
    path(
        "campagnes/<int:campaign_pk>/validation/<int:structure_pk>/",
        views.validation_structure,
        name="validation_structure",
    ),
    path("valeurs/<int:value_pk>/renvoyer/", views.return_value_view, name="return_value"),
    path("valeurs/<int:value_pk>/valider/", views.validate_value_view, name="validate_value"),
    path("campagnes/<int:pk>/export.<str:fmt>", views.export_values, name="export"),
    path("campagnes/<int:pk>/import/", views.import_values, name="import"),
    path("campagnes/<int:pk>/import/lignes-refusees.csv", views.import_rejected, name="import_rejected"),
]

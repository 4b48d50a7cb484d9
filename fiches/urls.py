from django.urls import path

from .views import action, exports, fiche, imports, schema, setup

app_name = "fiches"

urlpatterns = [
    path("", schema.schema_list, name="schema_list"),
    path("nouveau/", setup.schema_create, name="schema_create"),
    path("<int:pk>/", schema.schema_detail, name="schema_detail"),
    path("<int:pk>/modifier/", setup.schema_edit, name="schema_edit"),
    path("<int:pk>/axes/", setup.schema_axes, name="schema_axes"),
    path("axes/<int:pk>/orientations/", setup.axis_orientations, name="axis_orientations"),
    path("<int:schema_pk>/fiches/nouvelle/", fiche.fiche_create, name="fiche_create"),
    path("<int:pk>/fiches/import/", imports.fiche_import, name="fiche_import"),
    path("<int:pk>/fiches/import/apercu/", imports.fiche_import_preview, name="fiche_import_preview"),
    path("<int:pk>/actions/export.<str:fmt>", exports.action_export, name="action_export"),
    path("<int:pk>/actions/import/", exports.action_import, name="action_import"),
    path("<int:pk>/actions/import/lignes-refusees.csv", exports.action_import_rejected, name="action_import_rejected"),
    path("fiches/<int:pk>/", fiche.fiche_detail, name="fiche_detail"),
    path("fiches/<int:pk>/modifier/", fiche.fiche_edit, name="fiche_edit"),
    path("actions/", action.action_list, name="action_list"),
    path("actions/<int:pk>/", action.action_detail, name="action_detail"),
    path("actions/<int:pk>/avancement/", action.action_update, name="action_update"),
]

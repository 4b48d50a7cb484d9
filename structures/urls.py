from django.urls import path

from . import views

app_name = "structures"

urlpatterns = [
    path("", views.structure_list, name="structure_list"),
    path("nouvelle/", views.structure_create, name="structure_create"),
    path("importer/", views.structure_import, name="structure_import"),
    path("importer/modele.csv", views.structure_import_template, name="structure_import_template"),
    path("importer/lignes-refusees.csv", views.structure_import_rejected, name="structure_import_rejected"),
    path("<int:pk>/", views.structure_detail, name="structure_detail"),
    path("<int:pk>/modifier/", views.structure_edit, name="structure_edit"),
    path("<int:pk>/coordonnees/", views.structure_contact_edit, name="structure_contact_edit"),
    path("<int:pk>/agrements/nouveau/", views.agrement_create, name="agrement_create"),
    path("agrements/<int:pk>/modifier/", views.agrement_edit, name="agrement_edit"),
    path("agrements/<int:pk>/supprimer/", views.agrement_delete, name="agrement_delete"),
    path("agrements/<int:pk>/renouveler/", views.agrement_renew, name="agrement_renew"),
    path("agrements/echeances/", views.agrements_ending, name="agrements_ending"),
    path("<int:pk>/financements/nouveau/", views.funding_create, name="funding_create"),
    path("financements/<int:pk>/modifier/", views.funding_edit, name="funding_edit"),
    path("financements/<int:pk>/supprimer/", views.funding_delete, name="funding_delete"),
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("organisations/nouvelle/", views.organisation_create, name="organisation_create"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("organisations/<int:pk>/modifier/", views.organisation_edit, name="organisation_edit"),
    path("conventions/", views.convention_list, name="convention_list"),
    path("conventions/nouvelle/", views.convention_create, name="convention_create"),
    path("conventions/<int:pk>/modifier/", views.convention_edit, name="convention_edit"),
    path("en-bref/", views.avs_en_bref, name="avs_en_bref"),
    path("couverture/", views.coverage, name="coverage"),
]
